"""The GitHub Pages workflow, read as data (it cannot run here): right triggers, right command, right folder,
least privilege. That command builds what tests/test_editions.py checks."""

import re

import pytest
import yaml

from conftest import REPO
from fc_to_conv.sphinxext import citation as sphinx_citation
from fc_to_conv.sphinxext import site as sphinx_site
from test_prerequisites import SPECIFIER, prerequisites

WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"
OFFICIAL_ACTIONS = {"actions/checkout", "actions/setup-python", "actions/configure-pages",
                    "actions/upload-pages-artifact", "actions/deploy-pages"}


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text())


def readme_command(target):
    """The `make <target>` line of README.md, without its comment (README shows each make target once)."""
    readme = (REPO / "README.md").read_text()
    commands = [line.split("#", 1)[0].strip() for line in readme.splitlines()
                if re.fullmatch(rf"make {target}\b.*", line.strip())]
    assert len(commands) == 1, f"README should show one `make {target}` line, found {commands}"
    return commands[0]


def readme_build_command():
    """The `make book` line of README.md's quick start, without its comment."""
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in quick_start.splitlines()
                if line.strip().startswith("make book")]
    assert len(commands) == 1, "README's quick start should show one `make book` line"
    return commands[0]


def make_recipe(target):
    """The commands of a Makefile target, ``$(BIN)``/``$(VENV)`` as written, echo lines left out."""
    lines = (REPO / "Makefile").read_text().split(f"\n{target}:", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    return [line.strip() for line in lines if line.startswith("\t") and not line.strip().startswith("@echo")]


def steps(workflow):
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def action(step):
    """``owner/name`` of the action a step uses, None for a ``run`` step."""
    return step["uses"].split("@")[0] if "uses" in step else None


def the_step(workflow, name):
    found = [step for step in steps(workflow) if action(step) == name]
    assert len(found) == 1, f"expected one step using {name}, found {len(found)}"
    return found[0]


def test_it_deploys_on_push_to_main_on_a_new_release_tag_and_by_hand(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"]
    [pattern] = triggers["push"]["tags"]
    as_regex = re.escape(pattern).replace(r"\*", ".+")  # GitHub's glob: * is any run of characters but /
    assert re.fullmatch(as_regex, "v0.2.0") and re.fullmatch(as_regex, "v10.0.11")
    assert not re.fullmatch(as_regex, "0.2.0") and not re.fullmatch(as_regex, "draft")
    assert "workflow_dispatch" in triggers


def test_it_checks_out_main_with_every_tag(workflow):
    """Whether a tag or main was pushed, the build starts from main and sees every release's tag."""
    checkout = the_step(workflow, "actions/checkout")["with"]
    assert checkout["ref"] == "main" and checkout["fetch-depth"] == 0


def apt_packages(text):
    """The packages of the one ``apt-get install`` line in ``text`` that installs TeX Live."""
    [line] = [line for line in text.splitlines() if "apt-get install" in line and "latexmk" in line]
    return {word for word in line.split("apt-get install", 1)[1].split() if not word.startswith(("-", ">"))}


def test_the_build_runs_make_editions_which_runs_tools_editions(workflow):
    runs = [step["run"].strip() for step in steps(workflow) if "run" in step and "apt-get" not in step["run"]]
    assert runs == ["make editions"] == [readme_command("editions")]
    assert make_recipe("editions") == ["$(BIN)/python tools/editions.py --output _build/editions"]
    assert readme_build_command() == "make book"


def test_the_pdf_needs_the_same_debian_packages_everywhere(workflow):
    [install] = [step["run"] for step in steps(workflow) if "apt-get" in step.get("run", "")]
    readme = apt_packages((REPO / "README.md").read_text())
    assert apt_packages(install) == apt_packages((REPO / ".ci" / "run").read_text()) == readme
    assert {"texlive-latex-recommended", "latexmk", "librsvg2-bin", "poppler-utils"} <= readme


def test_a_supported_python_with_a_pip_cache_keyed_on_requirements(workflow):
    setup = the_step(workflow, "actions/setup-python")["with"]
    version = setup["python-version"]
    assert isinstance(version, str)  # an unquoted 3.10 would read as 3.1
    assert prerequisites.allows(SPECIFIER, tuple(map(int, version.split("."))) + (99,))
    assert setup["cache"] == "pip" and setup["cache-dependency-path"] == "requirements.txt"


def test_the_build_is_given_the_repository_the_pages_address_and_the_doi(workflow):
    pages = the_step(workflow, "actions/configure-pages")
    given = {
        sphinx_site.REPOSITORY_VARIABLE: "${{ github.server_url }}/${{ github.repository }}",
        sphinx_site.SITE_VARIABLE: "${{ steps.%s.outputs.base_url }}" % pages["id"],
        sphinx_citation.DOI_VARIABLE: "${{ vars.BOOK_DOI }}",  # a repository variable: blank until set
    }
    build_steps = workflow["jobs"]["build"]["steps"]
    [build] = [step for step in build_steps if step.get("run", "").strip() == "make editions"]
    assert build["env"] == given
    assert build_steps.index(pages) < build_steps.index(build)


def test_it_uploads_the_built_site(workflow):
    assert the_step(workflow, "actions/upload-pages-artifact")["with"]["path"] == "_build/editions"


def test_build_and_deploy_are_separate_jobs_in_order(workflow):
    jobs = workflow["jobs"]
    deploy = [name for name, job in jobs.items() if any(action(s) == "actions/deploy-pages" for s in job["steps"])]
    assert deploy == ["deploy"]
    assert jobs["deploy"]["needs"] in ("build", ["build"])
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for job in jobs.values():
        assert job["runs-on"].startswith("ubuntu-")


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    others = [name for name, job in workflow["jobs"].items() if name != "deploy" and "permissions" in job]
    assert others == [], f"jobs {others} widen the top-level permissions"


def test_only_official_actions_pinned_to_a_major_version(workflow):
    used = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert {use.split("@")[0] for use in used} == OFFICIAL_ACTIONS
    for use in used:
        assert re.fullmatch(r"actions/[\w-]+@v\d+", use), use


def test_one_deployment_at_a_time(workflow):
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
