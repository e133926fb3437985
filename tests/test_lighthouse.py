"""Lighthouse CI's configuration and workflow, read as data (Lighthouse itself runs in its workflow
and with `make lighthouse`): every page of the book measured, the targets asserted, the same command."""

import json
import re

import yaml

from conftest import REPO
from test_site_weight import BUDGET

RC = json.loads((REPO / "lighthouserc.json").read_text())["ci"]
WORKFLOW = yaml.safe_load((REPO / ".github" / "workflows" / "lighthouse.yml").read_text())
#: The lowest scores allowed (mobile preset), by category (issue 28).
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95}


def toc_pages():
    """Every page _toc.yml puts in the book, as its address in the built site."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [f"/{toc['root']}.html"] + [f"/{entry['file']}.html" for entry in toc["chapters"]]


def test_every_page_of_the_book_and_the_search_page_are_measured_three_times_from_the_built_site():
    collect = RC["collect"]
    assert collect["staticDistDir"] == "_build/html"  # LHCI's server compresses text, as GitHub Pages does
    assert sorted(collect["url"]) == sorted(toc_pages() + ["/search.html"])
    assert collect["numberOfRuns"] >= 3
    assert sorted(collect["settings"]["onlyCategories"]) == sorted(TARGETS)


def test_the_scores_the_budget_and_a_clean_console_are_asserted_as_errors():
    assertions = RC["assert"]["assertions"]
    for category, score in TARGETS.items():
        level, options = assertions[f"categories:{category}"]
        assert level == "error" and options["minScore"] >= score and options["aggregationMethod"] == "median-run"
    assert assertions["errors-in-console"] == ["error", {"maxLength": 0}]
    level, options = assertions["resource-summary:total:size"]
    assert level == "error" and options["maxNumericValue"] <= BUDGET  # the budget test_site_weight checks


def test_the_workflow_runs_make_lighthouse_whose_lhci_version_is_pinned():
    assert {"push", "pull_request"} <= set(WORKFLOW[True])  # YAML 1.1 reads the key `on` as true
    assert WORKFLOW[True]["push"]["branches"] == ["main"]
    (job,) = WORKFLOW["jobs"].values()
    runs = [step.get("run") for step in job["steps"]]
    assert "make lighthouse" in runs
    assert any(step.get("uses", "").startswith("actions/setup-node@") for step in job["steps"])
    makefile = (REPO / "Makefile").read_text()
    recipe = makefile.split("\nlighthouse: book\n", 1)[1].split("\n\n", 1)[0]
    (lhci,) = re.findall(r"^LHCI := (.*)$", makefile, re.M)
    assert re.fullmatch(r"npx --yes @lhci/cli@\d+\.\d+\.\d+", lhci)
    assert "$(LHCI) autorun" in recipe
    assert WORKFLOW["permissions"] == {"contents": "read"}
