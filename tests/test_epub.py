"""The EPUB: ``make epub``'s EPUB (the same sources through Sphinx's EPUB builder) holds every chapter,
figure, claim and formula, and epubcheck finds nothing wrong with it.
"""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BUILD_FLAGS, JUPYTER_BOOK, REPO, reuse_execution
from fc_to_conv import claims
from test_pdf import book_figures
from test_site import NOTEBOOKS

slow = pytest.mark.slow


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
