"""Run it yourself: each chapter's downloadable ``.ipynb``, served from a built site on 127.0.0.1
and run top to bottom in a fresh virtual environment that has Jupyter but not the package, installs
``fc_to_conv`` from the wheel the build publishes and glues the values the built book shows; each
chapter has a Binder launch button once the repository is known, and none while it is not.
"""

import functools
import http.server
import shutil
import subprocess
import threading
import urllib.request

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, QuietHandler, book_glue, build, fresh_venv, pins, reuse_execution
from fc_to_conv.sphinxext import downloads as sphinx_downloads
from fc_to_conv.sphinxext import site
from fc_to_conv.sphinxext.citation import Edition, load_citation
from test_reproducible import NOT_SOURCES
from test_site import NOTEBOOKS

slow = pytest.mark.slow
#: The repository address the served copy is built with (a placeholder would hide the launch button).
REPOSITORY = "https://github.com/example-org/fc-to-conv"


def texts(cells):
    """Each code cell's outputs as their types and plain text, glued outputs left out."""
    return [[(output["output_type"], output.get("text") or output.get("data", {}).get("text/plain"))
             for output in cell.get("outputs", []) if "scrapbook" not in output.get("metadata", {})]
            for cell in cells if cell["cell_type"] == "code"]


def plain(glue):
    """Glue key -> the plain text of its value, and which MIME types it has."""
    return {key: (data["text/plain"], sorted(data)) for key, data in glue.items()}


@pytest.fixture(scope="module")
def served_site(tmp_path_factory, built_book):
    """The book's sources copied, built with a known repository and the server's address, and served
    in its edition's folder as the deploy workflow publishes it; (build folder, the edition's address).
    The chapters' outputs come from the real build's execution cache: the addresses are read by no cell,
    and the test that uses this site executes the downloaded notebooks itself."""
    served = tmp_path_factory.mktemp("served")
    source = served / "src"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES, symlinks=True)
    reuse_execution(built_book, source)
    html = source / "_build" / "html"
    html.mkdir(parents=True)
    folder = Edition.of(source, load_citation(source)).folder  # main/ for an unreleased state
    (served / "site").mkdir()
    (served / "site" / folder).symlink_to(html)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served / "site")))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = build(source, source, env={site.REPOSITORY_VARIABLE: REPOSITORY, site.SITE_VARIABLE: url})
    assert result.returncode == 0, f"the book failed to build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield source / "_build", f"{url}{folder}/"
    server.shutdown()


@pytest.mark.parametrize("url, shown", [(REPOSITORY, True), ("", False)])
def test_launch_buttons_only_for_a_known_repository(monkeypatch, url, shown):
    class Config:
        html_theme_options = {"launch_buttons": {"binderhub_url": "https://mybinder.org"}}
    monkeypatch.setenv(site.REPOSITORY_VARIABLE, url)
    monkeypatch.delenv(site.SITE_VARIABLE, raising=False)
    site.configure(None, Config)
    assert bool(Config.html_theme_options["launch_buttons"]) is shown


@slow
def test_each_chapter_has_a_binder_button_to_its_source(served_site):
    build_folder, _ = served_site
    html = build_folder / "html"
    for name in NOTEBOOKS:
        soup = BeautifulSoup((html / "book" / f"{name}.html").read_text(), "html.parser")
        links = [a["href"] for a in soup.select("a[href^='https://mybinder.org/']")]
        owner_repo = REPOSITORY.removeprefix("https://github.com/")
        assert links == [f"https://mybinder.org/v2/gh/{owner_repo}/main?urlpath=lab/tree/book/{name}.md"]
        assert (REPO / "book" / f"{name}.md").is_file()


@slow
def test_downloaded_notebooks_run_in_a_fresh_jupyter_and_glue_what_the_book_shows(served_site, tmp_path):
    build_folder, url = served_site
    jupyter = pins(REPO / "requirements.txt")
    python = fresh_venv(tmp_path / "venv", f"nbclient=={jupyter['nbclient']}", f"ipykernel=={jupyter['ipykernel']}")
    assert subprocess.run([str(python), "-c", "import fc_to_conv"], capture_output=True).returncode != 0
    runner = ("import sys, nbformat, nbclient\n"
              "notebook = nbformat.read(sys.argv[1], as_version=4)\n"
              "nbclient.NotebookClient(notebook, timeout=900, resources={'metadata': {'path': sys.argv[3]}}).execute()\n"
              "nbformat.write(notebook, sys.argv[2])\n")
    for name in NOTEBOOKS:
        folder = tmp_path / name  # not in the site: the install cell must fetch the wheel from the server
        folder.mkdir()
        downloaded, executed = folder / f"{name}.ipynb", folder / "executed.ipynb"
        with urllib.request.urlopen(f"{url}_sources/book/{name}.ipynb", timeout=60) as response:
            downloaded.write_bytes(response.read())
        first = nbformat.read(downloaded, as_version=4).cells[0].source
        assert "%pip install" in first and f"{url}_static/" in first
        result = subprocess.run([str(python), "-c", runner, str(downloaded), str(executed), str(folder)],
                                capture_output=True, text=True, timeout=1800)
        assert result.returncode == 0, f"{name}: {result.stderr[-3000:]}"
        shown = plain(book_glue(build_folder, name))
        ran = nbformat.read(executed, as_version=4)
        assert shown and plain(sphinx_downloads.glued(ran)) == shown, name
        # the outputs it was downloaded with are those it computes (their text; glue left out)
        assert texts(nbformat.read(downloaded, as_version=4).cells[1:]) == texts(ran.cells[1:]), name
