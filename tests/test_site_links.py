"""Every link inside the built site resolves: each page, stylesheet, script and image it names
exists, and each ``#anchor`` names an element of its page. Links to other hosts are not
followed (the tests run offline); that the site loads nothing from them is test_build's check.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

#: (tag, attribute) pairs whose value is an address.
ADDRESSES = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
             ("iframe", "src"), ("object", "data"))
REFRESH = re.compile(r"url=(.+)", re.IGNORECASE)


@cache
def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(path):
    """The fragment identifiers a page defines: every id, and every <a name>."""
    page = soup(path)
    return {tag["id"] for tag in page.find_all(id=True)} | {tag["name"] for tag in page.find_all("a", attrs={"name": True})}


def addresses(page):
    """(description, address) for every address the page names, meta refresh included."""
    found = [(f"<{tag} {attribute}>", element[attribute])
             for tag, attribute in ADDRESSES for element in page.find_all(tag, attrs={attribute: True})]
    for meta in page.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
        match = REFRESH.search(meta.get("content", ""))
        if match:
            found.append(("<meta refresh>", match.group(1).strip("'\" ")))
    return found


def broken(html_dir, path, address):
    """Why ``address`` on page ``path`` does not resolve inside ``html_dir``, or None if it does."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or address.startswith("//"):
        return None  # another host (http, https, mailto...) or a data: / javascript: address
    target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
    if not target.is_relative_to(html_dir.resolve()):
        return f"points outside the site: {target}"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"no file {target.relative_to(html_dir.resolve())}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors(target):
        return f"no element with id {fragment!r} in {target.relative_to(html_dir.resolve())}"
    return None


def pages(html_dir):
    """The site's pages: every .html file but the themes' Jinja macro files they copy into _static/."""
    return sorted(path for path in html_dir.rglob("*.html") if "_static" not in path.relative_to(html_dir).parts)


@pytest.mark.slow
def test_every_internal_link_and_image_resolves(built_book):
    problems, checked = [], 0
    for path in pages(built_book):
        for description, address in addresses(soup(path)):
            checked += 1
            why = broken(built_book, path, address)
            if why:
                problems.append(f"{path.relative_to(built_book)}: {description} {address!r}: {why}")
    assert checked > 500, f"only {checked} addresses found: is the site complete?"
    assert problems == [], "broken links:\n  " + "\n  ".join(problems)


@pytest.mark.slow
def test_every_page_links_to_every_chapter(built_book):
    """The navigation reaches every chapter from every chapter (no orphan page)."""
    chapters = {path.name for path in (built_book / "book").glob("*.html")}
    for path in sorted((built_book / "book").glob("*.html")):
        linked = {Path(urlsplit(a["href"]).path).name for a in soup(path).find_all("a", href=True)
                  if not urlsplit(a["href"]).scheme}
        assert chapters - linked <= {path.name}, f"{path.name} does not link to {sorted(chapters - linked - {path.name})}"


def test_the_link_checker_finds_broken_links(tmp_path):
    """Control: a page with a missing file, a missing anchor and a missing image is reported."""
    (tmp_path / "a.html").write_text('<p id="here">x</p><a href="#here">ok</a><a href="b.html">no file</a>'
                                     '<a href="a.html#nowhere">no anchor</a><img src="_images/none.svg" alt="">'
                                     '<a href="https://example.org/">external</a>')
    page = tmp_path / "a.html"
    reasons = [broken(tmp_path, page, address) for _, address in addresses(soup(page))]
    assert reasons.count(None) == 2
    assert any("no file b.html" in (r or "") for r in reasons)
    assert any("no element with id 'nowhere'" in (r or "") for r in reasons)
    assert any("no file _images/none.svg" in (r or "") for r in reasons)
