"""The real book, built once: every claim glued in its chapter, every figure drawn with alt text."""

import re

import pytest
from bs4 import BeautifulSoup

from fc_to_conv import claims

pytestmark = pytest.mark.slow

CHAPTERS = ["introduction", "fully_connected", "parameter_count", "grouping", "locality", "convolution",
            "general_case", "real_networks", "equivariance", "learning", "references"]
ARTICLE_FIGURES = set(range(1, 13))


def page(html_dir, name):
    return BeautifulSoup((html_dir / "book" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def pasted_values(soup):
    """Texts that myst-nb's glue pasted into the page's prose."""
    return [span.get_text() for span in soup.select("span.pasted-text")]


def test_every_chapter_is_built(built_book):
    for name in CHAPTERS:
        assert (built_book / "book" / f"{name}.html").is_file(), name


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_claim_is_glued_in_its_chapter(built_book, claim):
    chapter = claim.chapter.split("/")[-1]
    assert claim.article in pasted_values(page(built_book, chapter)), (
        f"{claim.id} ({claim.article}) is not pasted by glue in {chapter}"
    )


def figures(html_dir):
    """(article figure number or None, figure element) for every figure in the book."""
    found = []
    for name in CHAPTERS:
        for figure in page(html_dir, name).select("figure"):
            number = re.search(r"article Figure (\d+)", figure.get_text())
            found.append((int(number.group(1)) if number else None, figure, name))
    return found


def test_all_twelve_article_figures_are_drawn(built_book):
    numbers = [number for number, _, _ in figures(built_book) if number]
    assert sorted(numbers) == sorted(ARTICLE_FIGURES)


def test_every_figure_has_alt_text_and_an_svg_that_exists(built_book):
    for number, figure, chapter in figures(built_book):
        image = figure.find("img")
        assert image is not None, f"figure {number} in {chapter} has no image"
        assert len(image.get("alt", "")) > 40, f"figure {number} in {chapter} has no real alt text"
        source = (built_book / "book" / image["src"]).resolve()
        assert source.suffix == ".svg" and source.stat().st_size > 1000, source


def test_convolution_gap_is_glued_and_tiny(built_book):
    values = pasted_values(page(built_book, "convolution"))
    gaps = [float(v) for v in values if re.fullmatch(r"\d\.\de[-+]\d+", v)]
    assert gaps and max(gaps) < 1e-12


def test_no_cell_printed_an_error_or_a_warning(built_book):
    for name in CHAPTERS:
        soup = page(built_book, name)
        assert not soup.select(".stderr, .traceback, .output.error"), name
        assert "Traceback" not in soup.get_text(), name


#: A script, stylesheet, icon, image or font loaded from another host (links to pages are fine).
REMOTE = re.compile(r"""(?:<script[^>]*\ssrc|<link[^>]*rel="(?:stylesheet|preload|icon)"[^>]*\shref|<img[^>]*\ssrc)=["']https?://|url\(["']?https?://|@import\s+["']?https?://""")


def test_the_site_loads_nothing_from_another_host(built_book):
    """Scripts, stylesheets, images and fonts all come from the built folder (links to pages are fine)."""
    for path in built_book.rglob("*"):
        if path.suffix in (".html", ".css"):
            hit = REMOTE.search(path.read_text(encoding="utf-8", errors="replace"))
            assert hit is None, f"{path.relative_to(built_book)} loads {hit.group(0)!r}"
