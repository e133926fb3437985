"""Print it: ``make pdf``'s PDF has the site's chapters, in its outline and its table of contents, and the
same text whenever it is built; it holds every figure, every registered claim's value in its chapter,
the version and commit, the bibliography, and no object representation; a site given the PDF links it
from every page.
"""

import os
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

import fc_to_conv
from conftest import BUILD_FLAGS, JUPYTER_BOOK, REPO, book_glue, build, reuse_execution
from fc_to_conv import claims
from fc_to_conv.sphinxext.citation import source_commit
from fc_to_conv.sphinxext.editions import PDF_NAME
from fc_to_conv.sphinxext.ledger import FAIL, PASS

slow = pytest.mark.slow


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
