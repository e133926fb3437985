"""Run it yourself and take it along: downloaded notebooks, Binder, the PDF edition.

- Each chapter's downloadable ``.ipynb`` starts with a cell that installs ``fc_to_conv`` from
  the wheel the build publishes; served from a built site on 127.0.0.1 and run top to bottom
  in a fresh virtual environment that has Jupyter but not the package, every notebook
  finds the glued values the built book shows.
- ``binder/`` installs, the way repo2docker does it from the repository's root, into a fresh
  virtual environment that then executes every chapter; each chapter has a launch button
  once the repository is known, and none while it is not.
- ``make pdf``'s PDF has the site's chapters, in its outline and its table of contents, and the
  same text whenever it is built; it holds every figure, every registered claim's value in its
  chapter, the version and commit, the bibliography, and no object representation.
- ``make epub``'s EPUB holds every chapter, figure, claim and formula, and epubcheck finds
  nothing wrong with it.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

import fc_to_conv
from conftest import BUILD_FLAGS, JUPYTER_BOOK, REPO, build, reuse_execution
from fc_to_conv import claims
from fc_to_conv.sphinxext import downloads as sphinx_downloads
from fc_to_conv.sphinxext import site
from fc_to_conv.sphinxext.citation import Edition, load_citation, source_commit
from fc_to_conv.sphinxext.editions import PDF_NAME
from fc_to_conv.sphinxext.ledger import FAIL, PASS
from test_reproducible import NOT_SOURCES
from test_site import NOTEBOOKS

slow = pytest.mark.slow
#: The repository address the served copy is built with (a placeholder would hide the launch button).
REPOSITORY = "https://github.com/example-org/fc-to-conv"


def pins(path):
    """The ``name==version`` pins of a requirements file, by lower-case name."""
    found = {}
    for line in Path(path).read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s#]+)", line.strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def texts(cells):
    """Each code cell's outputs as their types and plain text, glued outputs left out."""
    return [[(output["output_type"], output.get("text") or output.get("data", {}).get("text/plain"))
             for output in cell.get("outputs", []) if "scrapbook" not in output.get("metadata", {})]
            for cell in cells if cell["cell_type"] == "code"]


def book_glue(build_folder, name):
    """What the book's build glued for chapter ``name`` (myst-nb keeps it beside the executed notebook)."""
    path = build_folder / "jupyter_execute" / "book" / f"{name}.glue.json"
    return {key: output["data"] for key, output in json.loads(path.read_text()).items()}


def plain(glue):
    """Glue key -> the plain text of its value, and which MIME types it has."""
    return {key: (data["text/plain"], sorted(data)) for key, data in glue.items()}


def fresh_venv(folder, *requirements):
    """A new virtual environment in ``folder`` with ``requirements`` installed; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    python = folder / "bin" / "python"
    if requirements:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements],
                       check=True, capture_output=True, timeout=1800)
    return python


# The wheel, the install cell, Binder's pins (no build needed)

def test_wheel_holds_the_package_and_its_metadata(tmp_path):
    wheel = sphinx_downloads.build_wheel(REPO / "code", tmp_path)
    package = REPO / "code" / "fc_to_conv"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"fc_to_conv-{fc_to_conv.__version__}.dist-info/METADATA").decode()
        record = archive.read(f"fc_to_conv-{fc_to_conv.__version__}.dist-info/RECORD").decode()
        assert archive.read("fc_to_conv/claims.py") == (package / "claims.py").read_bytes()
    sources = {f"fc_to_conv/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    plugins = {name for name in sources if name.startswith("fc_to_conv/sphinxext/")}
    assert plugins and sources - plugins == {name for name in names if name.startswith("fc_to_conv/")}
    assert not any("__pycache__" in name for name in names)
    assert f"Version: {fc_to_conv.__version__}" in metadata and 'Requires-Dist: myst-nb; extra == "chapters"' in metadata
    assert "License: MIT" in metadata.splitlines()
    assert 'extra == "book"' not in metadata and "jupyter-book" not in metadata
    assert {line.split(",")[0] for line in record.splitlines()} == names


def test_wheel_is_the_same_bytes_every_time(tmp_path):
    first = sphinx_downloads.build_wheel(REPO / "code", tmp_path / "one").read_bytes()
    assert sphinx_downloads.build_wheel(REPO / "code", tmp_path / "two").read_bytes() == first


@slow  # makes a virtual environment
def test_wheel_installs_with_pip_and_imports(tmp_path):
    python = fresh_venv(tmp_path / "venv")
    wheel = sphinx_downloads.build_wheel(REPO / "code", tmp_path)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    script = ("import importlib.metadata as m, fc_to_conv\n"
              "print(fc_to_conv.__version__, m.version('fc-to-conv'), fc_to_conv.__file__.startswith(sys.prefix))")
    result = subprocess.run([str(python), "-c", "import sys\n" + script], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.stdout.split() == [fc_to_conv.__version__, fc_to_conv.__version__, "True"], result.stderr


def test_install_cell_uses_the_local_wheel_then_the_site():
    cell = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "book/grouping", "https://example.org/b/")
    assert 'pathlib.Path("../../_static/w.whl")' in cell
    assert 'else "https://example.org/b/_static/w.whl"' in cell
    assert '%pip install --quiet "fc-to-conv[chapters] @ {url}"' in cell
    offline = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "index", "")
    assert 'pathlib.Path("../_static/w.whl")' in offline and "https:" not in offline
    assert "raise ModuleNotFoundError" in offline and "raise" not in cell  # nowhere to fetch it from: says so
    for source in (cell, offline):  # and says, when neither is reachable, how to install it from a clone
        assert '%pip install "./code[chapters]"' in source
    known = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "index", "",
                                            "git+https://github.com/o/r#subdirectory=code")
    assert '#     %pip install "fc-to-conv[chapters] @ git+https://github.com/o/r#subdirectory=code"' in known


def test_the_install_cell_takes_the_repository_at_the_release_tag():
    class App:
        config = type("Config", (), {"html_theme_options": {"repository_url": "https://github.com/o/r/"}})
        fc_to_conv_edition = Edition("1.2.3", "abc")
    assert sphinx_downloads.repository_source(App) == "git+https://github.com/o/r@v1.2.3#subdirectory=code"
    App.fc_to_conv_edition = Edition(None, "abc")
    assert sphinx_downloads.repository_source(App) == "git+https://github.com/o/r#subdirectory=code"
    App.config.html_theme_options = {"repository_url": ""}
    assert sphinx_downloads.repository_source(App) == ""


# A copy of the book built with a known repository and served on 127.0.0.1

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args):
        pass


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


# Binder's environment, made as repo2docker makes it

@slow
def test_binder_environment_executes_every_chapter(tmp_path):
    venv = tmp_path / "binder"
    fresh_venv(venv)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
                   check=True, capture_output=True, timeout=1800, cwd=REPO)  # from the root, as repo2docker does
    size = sum(path.stat().st_size for path in venv.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"Binder environment: {size / 1e6:.0f} MB installed")
    home = tmp_path / "home"
    subprocess.run(["bash", str(REPO / "binder" / "postBuild")], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(home), "PATH": f"{venv / 'bin'}:/usr/bin:/bin"})
    assert "Jupytext Notebook" in "".join(path.read_text() for path in home.rglob("*.json*"))
    runner = ("import sys, jupytext, nbclient\n"
              "for path in sys.argv[1:]:\n"
              "    nbclient.NotebookClient(jupytext.read(path), timeout=900,\n"
              "                            resources={'metadata': {'path': 'book'}}).execute()\n")
    result = subprocess.run([str(venv / "bin" / "python"), "-c", runner, *(f"book/{name}.md" for name in NOTEBOOKS)],
                            capture_output=True, text=True, timeout=3600, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]


# The PDF

def pdf_latex_build(output, env=None):
    """``make pdf``'s build of the repository into ``output``: the PDF's path.

    LaTeX's overfull-box warnings echo text in its fonts' own encoding (``\\TS1`` writes × as
    byte 0xd6), so its output is read as UTF-8 with such bytes replaced, not refused.
    """
    result = subprocess.run([JUPYTER_BOOK, "build", str(REPO), "--builder", "pdflatex", "--path-output", str(output),
                             *BUILD_FLAGS], capture_output=True, text=True, encoding="utf-8", errors="replace",
                            timeout=1800, env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"the PDF failed to build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return output / "_build" / "latex" / PDF_NAME


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory, built_book):
    """``make pdf``'s build of the repository into a fresh folder: (PDF path, build folder). The chapters'
    outputs come from the real build's execution cache (the builder is read by no cell)."""
    for tool in ("latexmk", "rsvg-convert", "pdftotext", "pdftohtml"):
        assert shutil.which(tool), f"{tool} is missing: install the Debian packages README lists for the PDF"
    output = tmp_path_factory.mktemp("pdf")
    reuse_execution(built_book, output)
    return pdf_latex_build(output), output / "_build"


def pdf_to_text(pdf, first=None, last=None):
    """The text of ``pdf`` (pages ``first`` to ``last``, counted from 1, when given), pages separated by form feeds."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pdf_text(pdf_build):
    return pdf_to_text(pdf_build[0])


def outline(pdf):
    """The PDF's outline (its bookmarks), as poppler's ``pdftohtml -xml`` reads it: [(title, first page, [children])]."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    [tree] = ElementTree.fromstring(xml).findall("outline")
    entries = []
    for child in tree:
        if child.tag == "item":
            entries.append((child.text, int(child.get("page")), []))
        else:
            entries[-1][2].extend((item.text, int(item.get("page")), []) for item in child.findall("item"))
    return entries


def page_title(page):
    """A page's title (its first ``# `` heading) and what its front matter says it is in the PDF (``pdf:``)."""
    text = (REPO / f"{page}.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else {}
    return re.search(r"^# (.+)$", text, flags=re.M)[1], (front or {}).get("pdf")


def chapter_text(pdf, title):
    """The PDF text of the chapter with this title (as the outline names it, without its number): its pages."""
    entries = outline(pdf)
    [k] = [k for k, (name, _, _) in enumerate(entries) if re.sub(r"^([0-9]+|[A-Z]) ", "", name) == title]
    last = entries[k + 1][1] - 1 if k + 1 < len(entries) else None
    return pdf_to_text(pdf, entries[k][1], last)


@slow
def test_pdf_outline_and_contents_are_the_sites_chapters(pdf_build, pdf_text):
    """The root page first, unnumbered, its sections in it; then the chapters of _toc.yml in order, numbered
    from 1, the pages that ask for it unnumbered, the appendices lettered; nothing else (no index)."""
    pdf, _ = pdf_build
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    pages = [toc["root"], *(entry["file"] for entry in toc["chapters"])]
    expected, chapter, appendix = [], 0, 0
    for k, page in enumerate(pages):
        title, kind = page_title(page)
        if k == 0 or kind == "unnumbered":
            expected.append(title)
        elif kind == "appendix":
            expected.append(f"{'ABCDEFGHIJ'[appendix]} {title}")
            appendix += 1
        else:
            chapter += 1
            expected.append(f"{chapter} {title}")
    found = outline(pdf)
    assert [title for title, _, _ in found] == expected
    assert appendix > 0 and chapter == len(pages) - 1 - appendix - sum(page_title(p)[1] == "unnumbered" for p in pages)
    introduction = (REPO / f"{toc['root']}.md").read_text()
    assert [title for title, _, _ in found[0][2]] == re.findall(r"^## (.+)$", introduction, flags=re.M)
    convolution = next(title for title, _, _ in found if title.endswith(" Convolution"))
    assert convolution == f"{[entry['file'] for entry in toc['chapters']].index('book/convolution') + 1} Convolution"
    contents = pdf_to_text(pdf, 2, found[0][1] - 1)  # the pages between the title page and the first chapter
    assert all(re.sub(r"^([0-9]+|[A-Z]) ", "", title) in contents for title in expected) and "Bibliography" not in contents and "Index" not in contents


@slow
def test_pdf_of_one_commit_has_one_text_whatever_the_date(pdf_build, tmp_path):
    """A second build, at another date, gives the same text (with the first one's execution cache: the execution
    report says when the chapters ran, by design)."""
    pdf, build_folder = pdf_build
    shutil.copytree(build_folder, tmp_path / "_build")
    again = pdf_latex_build(tmp_path, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 1 January 2026 (the copyright year stays)
    assert pdf_to_text(again) == pdf_to_text(pdf)


def book_figures(build_folder):
    """How many figures the chapters paste: each paste of a glue key whose value, in that chapter, has an image.

    Keys are a chapter's own: two chapters may glue the same key (``trace-widget``), one with an image and one without.
    """
    images = {(path.stem, key) for path in (REPO / "book").glob("*.md") if "kernelspec:" in path.read_text()
              for key, data in book_glue(build_folder, path.stem).items() if any(m.startswith("image/") for m in data)}
    pastes = [(path.stem, key) for path in (REPO / "book").glob("*.md")
              for key in re.findall(r"^```\{glue(?::figure)?\} (\S+)", path.read_text(), flags=re.M)]
    return sum(paste in images for paste in pastes)


@slow
def test_pdf_embeds_every_figure_of_the_book(pdf_build):
    pdf, build_folder = pdf_build
    embedded = re.findall(rb"/PTEX\.FileName \(", pdf.read_bytes())  # one per included figure (pdfTeX)
    assert len(embedded) == book_figures(build_folder) > 0


@slow
def test_pdf_states_every_claim_in_its_chapter(pdf_build):
    pdf, _ = pdf_build
    for claim in claims.CLAIMS:
        title, _ = page_title(claim.chapter)
        assert claim.computed() in chapter_text(pdf, title), f"{claim.id} not in {title}"


@slow
def test_pdf_title_page_captions_marks_and_bibliography(pdf_build, pdf_text):
    pdf, _ = pdf_build
    title_page = pdf_text.split("\f")[0]
    assert f"Version {fc_to_conv.__version__}, source commit {source_commit(REPO)}" in title_page
    assert "article Figure 1)" in pdf_text and not re.search(r"Figure \d+: ", pdf_text)
    ledger = chapter_text(pdf, "Claims ledger")
    assert ledger.count(PASS) == len(claims.CLAIMS) and FAIL not in ledger
    assert all(claim.computed() in ledger and f"{claim.computed_by}" in ledger for claim in claims.CLAIMS)  # none cut
    assert "[Gad, 2018]" in pdf_text  # the citations, and the bibliography in the references chapter:
    assert "Ahmed Gad. Derivation of convolutional neural network" in chapter_text(pdf, "References")
    for junk in ("<IPython.core.display", "<Figure size", "Interactive figure (", "\ufffd"):
        assert junk not in pdf_text


@slow
def test_site_links_the_pdf_from_every_page_when_given_one(pdf_build, built_book, tmp_path):
    pdf, _ = pdf_build
    reuse_execution(built_book, tmp_path)
    result = build(REPO, tmp_path, env={"BOOK_PDF": str(pdf)})
    assert result.returncode == 0, result.stdout[-3000:]
    html = tmp_path / "_build" / "html"
    assert (html / PDF_NAME).read_bytes() == pdf.read_bytes()
    for page in html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        if soup.select_one(".bd-footer-content"):
            [link] = soup.select(".pdf-edition a")
            assert (page.parent / link["href"]).resolve() == (html / PDF_NAME).resolve(), page


# The EPUB (the stretch goal: the same sources through Sphinx's EPUB builder)

@pytest.fixture(scope="module")
def epub_build(tmp_path_factory, built_book):
    """``make epub``'s build of the repository into a fresh folder: (EPUB path, build folder). The chapters'
    outputs come from the real build's execution cache (the builder is read by no cell)."""
    assert shutil.which("dvisvgm"), "dvisvgm is missing: install the Debian packages README lists for the PDF"
    output = tmp_path_factory.mktemp("epub")
    reuse_execution(built_book, output)
    result = subprocess.run([JUPYTER_BOOK, "build", str(REPO), "--builder", "custom", "--custom-builder", "epub",
                             "--path-output", str(output), *BUILD_FLAGS], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"the EPUB failed to build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return output / "_build" / "epub" / "fc-to-conv.epub", output / "_build"


@slow
def test_epub_is_valid_epub_3(epub_build):
    """Debian's epubcheck (its command is a link to the jar) finds no fatal error, error or warning."""
    command = shutil.which("epubcheck")
    assert command and shutil.which("java"), "epubcheck is missing: install the Debian packages README lists for the PDF"
    epub, _ = epub_build
    result = subprocess.run(["java", "-jar", str(Path(command).resolve()), str(epub)], capture_output=True, text=True,
                            timeout=600)
    report = result.stdout + result.stderr
    assert re.search(r"Messages: 0 fatals / 0 errors / 0 warnings", report) and result.returncode == 0, report[-4000:]


@slow
def test_epub_holds_every_chapter_figure_claim_and_formula_as_images(epub_build):
    path, build_folder = epub_build
    with zipfile.ZipFile(path) as epub:
        assert epub.namelist()[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
        pages = {name: epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")}
        files = set(epub.namelist())
    chapters = {name.removeprefix("book/").removesuffix(".xhtml"): BeautifulSoup(text, "html.parser")
                for name, text in pages.items() if name.startswith("book/")}
    assert set(chapters) >= set(NOTEBOOKS)
    figures = [Path(img["src"]).name for soup in chapters.values() for img in soup.select("img")
               if not img["src"].startswith("data:")]  # formulas are embedded SVG
    assert len(figures) == book_figures(build_folder)
    assert {f"_images/{name}" for name in figures} <= files
    for claim in claims.CLAIMS:
        assert claim.computed() in chapters[claim.chapter.removeprefix("book/")].get_text(), claim.id
    text = "".join(soup.get_text() for soup in chapters.values())
    assert "\\(" not in text and all(soup.select("img[src^='data:image/svg']") for name, soup in chapters.items()
                                     if "$" in (REPO / "book" / f"{name}.md").read_text())
    for junk in ("<IPython.core.display", "<Figure size", "Interactive figure (", "\ufffd"):
        assert junk not in text
