"""A build that is given no addresses (a reader's own) invents none; no build shows a placeholder.

The session's ``built_book`` is built as the deploy workflow builds (the addresses in
conftest.PUBLISHED); ``local_book`` builds the same sources with none, reusing the first
build's execution cache so that no chapter runs twice.
"""

import re

import pytest

from conftest import LOCAL, PUBLISHED, REPO, build, reuse_execution
from fc_to_conv.sphinxext import site as sphinx_site
from test_build import page
from test_site import CHAPTERS, NOT_CHAPTERS, chapter_url

pytestmark = pytest.mark.slow
#: What a template or a config left unfilled looks like.
PLACEHOLDER = re.compile(r"\bOWNER\b|\bUSERNAME\b|YOUR[_-]|<your|example\.com")


@pytest.fixture(scope="module")
def local_book(built_book, tmp_path_factory):
    output = tmp_path_factory.mktemp("local")
    reuse_execution(built_book, output)
    result = build(REPO, output, env=LOCAL)
    assert result.returncode == 0, f"the local build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return output / "_build" / "html"


def placeholders(html_dir):
    """(file, placeholder) for every placeholder in the site's pages and sitemap (not the theme's own files)."""
    return [(path.relative_to(html_dir).as_posix(), found.group())
            for path in sorted(html_dir.rglob("*"))
            if path.suffix in (".html", ".xml") and "_static" not in path.relative_to(html_dir).parts
            for found in PLACEHOLDER.finditer(path.read_text(encoding="utf-8"))]


def test_no_placeholder_in_the_published_build(built_book):
    assert placeholders(built_book) == []


def test_no_placeholder_in_the_local_build(local_book):
    assert placeholders(local_book) == []


def test_the_local_build_leaves_out_what_needs_an_address(local_book):
    assert not (local_book / "sitemap.xml").exists()
    for name in CHAPTERS:
        soup = page(local_book, name)
        assert not soup.select("meta[property^='og:'], link[rel=canonical]"), name
        assert not soup.select("a[href*='github.com']"), f"{name} links a repository it was not given"
        assert not soup.select(".dropdown-launch-buttons, [class*=btn-launch]"), f"{name} offers a launch it cannot know"
        box = soup.select_one("div.cite-this-chapter")
        if name in NOT_CHAPTERS:
            continue
        bibtex, apa = (block.get_text() for block in box.select("div.highlight pre"))
        assert "url" not in bibtex and "http" not in apa, name
        assert re.search(r"source commit \w+\)\.$", apa.strip()), apa


def test_the_published_build_gives_its_addresses_everywhere(built_book):
    repository = PUBLISHED["BOOK_REPOSITORY_URL"]
    assert (built_book / "sitemap.xml").is_file()
    for name in CHAPTERS:
        soup = page(built_book, name)
        assert soup.select(f"a[href='{repository}']"), name
        if name in NOT_CHAPTERS:
            continue
        box = soup.select_one("div.cite-this-chapter")
        assert box.get_text().count(chapter_url(name)) == 2, name  # BibTeX and APA, in the edition's folder
        assert chapter_url(name).startswith(PUBLISHED["BOOK_SITE_URL"])


@pytest.mark.parametrize("value", ["OWNER.github.io", "ftp://x.org/", "https://"])
def test_an_address_that_is_not_http_is_refused(value):
    with pytest.raises(ValueError, match="BOOK_SITE_URL"):
        sphinx_site.site_address({"BOOK_SITE_URL": value})


def test_addresses_are_normalised_and_blank_means_none():
    assert sphinx_site.site_address({"BOOK_SITE_URL": "https://a.github.io/b"}) == "https://a.github.io/b/"
    assert sphinx_site.repository_address({"BOOK_REPOSITORY_URL": "https://github.com/a/b/"}) == "https://github.com/a/b"
    assert sphinx_site.site_address({"BOOK_SITE_URL": "  "}) is None
    assert sphinx_site.repository_address({}) is None
