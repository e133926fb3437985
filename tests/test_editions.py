"""The multi-version site, built by ``tools/editions.py`` (what ``make editions`` and the deploy
workflow run) from a throw-away git repository: two tagged releases of a small book with the real
configuration and plugins, then a later commit on ``main``. The site is served on 127.0.0.1 at the
address its builds were given, and read both as files and in headless Chromium."""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import yaml
from pybtex.database import parse_string

from conftest import JUPYTER_BOOK, REPO, REPOSITORY_URL, QuietHandler, git, make_fixture_book
from fc_to_conv.sphinxext import citation as sphinx_citation
from fc_to_conv.sphinxext import site as sphinx_site
from fc_to_conv.sphinxext.editions import PDF_NAME
from test_accessibility import MODES, axe, describe, open_in_mode, run_axe  # noqa: F401  (axe: the fixture)
from test_browser import browser  # noqa: F401  (the headless Chromium fixture)
from test_build import REMOTE
from test_site_links import addresses, broken, pages, soup

pytestmark = pytest.mark.slow

TOOL = REPO / "tools" / "editions.py"
#: The releases of the throw-away book: version, day (the tag's and CITATION.cff's), chapters.
RELEASES = [
    ("0.1.0", "2026-01-15", {"book/introduction": "# Introduction\n\nThe first edition.\n",
                             "book/windows": "# Windows\n\nEach neuron sees one window.\n"}),
    ("0.2.0", "2026-03-02", {"book/introduction": "# Introduction\n\nThe second edition.\n",
                             "book/windows": "# Windows\n\nEach neuron sees one 2x2 window.\n",
                             "book/pooling": "# Pooling\n\nA chapter the first edition lacks.\n"}),
]
LATER = "2026-04-01"  # the day of the commit on main after the last release
CHAPTER_PAGES = ["book/introduction", "book/windows"]  # the chapters of both releases


def write_release(folder, version, day, chapters):
    """Make ``folder`` the small book of release ``version``: chapters, CITATION.cff, the real lock."""
    if (folder / "book").exists():
        shutil.rmtree(folder / "book")
        (folder / "code").unlink()
    make_fixture_book(folder, chapters)
    citation = (REPO / "CITATION.cff").read_text()
    citation = re.sub(r'(?m)^version: .*$', f'version: "{version}"', citation)
    citation = re.sub(r'(?m)^date-released: .*$', f'date-released: "{day}"', citation)
    (folder / "CITATION.cff").write_text(citation)
    shutil.copy(REPO / "requirements.txt", folder / "requirements.txt")


def throwaway_repository(folder):
    """Two tagged releases (annotated tags, made on their release day) and a later commit on main."""
    folder.mkdir(parents=True)
    git(folder, "init", "--quiet", "--initial-branch=main")
    for version, day, chapters in RELEASES:
        write_release(folder, version, day, chapters)
        git(folder, "add", "--all")
        git(folder, "commit", "--quiet", "-m", f"Release {version}", day=day)
        git(folder, "tag", "-a", f"v{version}", "-m", f"Version {version}", day=day)
    (folder / "book" / "windows.md").write_text("# Windows\n\nEach neuron sees one 2x2 window, as shown.\n")
    git(folder, "commit", "--quiet", "--all", "-m", "A correction after 0.2.0", day=LATER)
    return folder


DOI = "10.5281/zenodo.1234567"
RELEASED = [version for version, _, _ in RELEASES]
NEWEST = RELEASED[-1]
#: Every folder of the site: the releases, the unreleased state, latest (the newest release) and the root.
FOLDERS = {**{version: version for version in RELEASED}, "main": sphinx_citation.UNRELEASED_VERSION,
           "latest": NEWEST, "": NEWEST}


@dataclass
class Site:
    output: Path  # the built site
    address: str  # where it is served, as its builds were told (BOOK_SITE_URL)
    repository: Path  # the throw-away repository it was built from


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The throw-away repository's site, built by tools/editions.py as `make editions` runs it, and served."""
    folder = tmp_path_factory.mktemp("editions")
    repository = throwaway_repository(folder / "repository")
    output = folder / "site"
    output.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(output)))
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, sphinx_site.SITE_VARIABLE: address, sphinx_site.REPOSITORY_VARIABLE: REPOSITORY_URL,
           sphinx_citation.DOI_VARIABLE: DOI}
    # Its output holds LaTeX's, which echoes text in the fonts' own encoding (T1 writes é as byte 0xe9).
    result = subprocess.run([sys.executable, str(TOOL), "--output", str(output)], cwd=repository, env=env,
                            capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=1800)
    assert result.returncode == 0, f"the editions failed to build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(output, address, repository)
    server.shutdown()


def edition_pages(site, folder):
    """The HTML pages of one of the site's folders ("" for the root: not those of the other folders), but
    the redirect that Jupyter Book writes as ``index.html``."""
    root = site.output / folder
    inner = {name for name in FOLDERS if name} if not folder else set()
    return [path for path in pages(root) if path.relative_to(root).parts[0] not in inner
            and not soup(path).find("meta", attrs={"http-equiv": "Refresh"})]


def status(url):
    """The HTTP status of a GET of ``url`` (the local server)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# The folders, the switcher's list, the switcher on every page

def test_each_edition_in_its_own_folder_the_newest_at_the_root_and_latest(site):
    chapters = {version: {f"{name}.html" for name in chapters} for version, _, chapters in RELEASES}
    for folder, version in FOLDERS.items():
        built = {str(path.relative_to(site.output / folder)) for path in edition_pages(site, folder)
                 if path.parent.name == "book"}
        expected = chapters[NEWEST] | {"book/references.html"} if version == "dev" else (
            chapters[version] | {"book/references.html"})
        assert built == expected, folder
        assert (site.output / folder / PDF_NAME).is_file(), f"{folder or 'the root'} has no PDF"
    for folder in ("latest", ""):  # copies of the newest release, byte for byte
        for path in edition_pages(site, NEWEST):
            copy = site.output / folder / path.relative_to(site.output / NEWEST)
            assert copy.read_bytes() == path.read_bytes(), copy
    correction = "as shown"  # the commit on main after the last release
    assert correction in (site.output / "main" / "book" / "windows.html").read_text()
    assert all(correction not in (site.output / version / "book" / "windows.html").read_text() for version in RELEASED)


def test_switcher_json_lists_every_edition_newest_release_preferred(site):
    entries = json.loads((site.output / sphinx_site.SWITCHER).read_text())
    assert [entry["version"] for entry in entries] == RELEASED[::-1] + [sphinx_citation.UNRELEASED_VERSION]
    assert [entry["url"] for entry in entries] == [f"{site.address}{folder}/" for folder in RELEASED[::-1] + ["main"]]
    assert [entry.get("preferred", False) for entry in entries] == [True] + [False] * len(RELEASED)


def test_every_page_has_the_switcher_reading_the_sites_own_list(site):
    checked = 0
    for folder, version in FOLDERS.items():
        for path in edition_pages(site, folder):
            page = soup(path)
            assert len(page.select(".version-switcher__container")) == 1, path
            options = "\n".join(script.get_text() for script in page.find_all("script") if not script.get("src"))
            assert f"theme_switcher_json_url = '{site.address}{sphinx_site.SWITCHER}'" in options, path
            assert f"theme_switcher_version_match = '{version}'" in options, path
            checked += 1
    assert checked >= 5 * len(FOLDERS)


def test_the_switchers_links_resolve_from_every_page(site):
    """The switcher links each page to the same page in every edition; where an edition lacks it, to its home."""
    entries = json.loads((site.output / sphinx_site.SWITCHER).read_text())
    problems = []
    for folder in FOLDERS:
        for path in edition_pages(site, folder):
            page = str(path.relative_to(site.output / folder))
            for entry in entries:
                same, home = status(entry["url"] + page), status(entry["url"])
                if same != 200 and home != 200:
                    problems.append(f"{folder}/{page} -> {entry['url']}: {same}, home {home}")
    assert problems == []


def test_every_internal_link_of_every_edition_resolves(site):
    problems = [f"{path.relative_to(site.output)}: {address!r}: {why}"
                for path in pages(site.output) for _, address in addresses(soup(path))
                if (why := broken(site.output, path, address))]
    assert problems == []


def test_no_page_loads_anything_from_another_host(site):
    for path in site.output.rglob("*"):
        if path.suffix in (".html", ".css"):
            hit = REMOTE.search(path.read_text(encoding="utf-8", errors="replace"))
            assert hit is None, f"{path.relative_to(site.output)} loads {hit.group(0)!r}"


# Cite boxes and CITATION.cff

def cite_boxes(path):
    """(BibTeX entry, APA line) of the page's cite box, or None for a page without one."""
    box = soup(path).select_one("div.cite-this-chapter")
    if box is None:
        return None
    bibtex, apa = (block.get_text().strip() for block in box.select("div.highlight pre"))
    [entry] = parse_string(bibtex, "bibtex").entries.values()
    return entry, apa


def test_cite_boxes_of_a_release_cite_it_inside_its_folder(site):
    for folder, version in FOLDERS.items():
        if version == sphinx_citation.UNRELEASED_VERSION:
            continue
        commit = git(site.repository, "rev-parse", "--short=12", f"v{version}^{{commit}}")
        boxes = 0
        for path in edition_pages(site, folder):
            found = cite_boxes(path)
            if found is None:
                continue
            entry, apa = found
            url = f"{site.address}{version}/{path.relative_to(site.output / folder)}"
            assert entry.fields["url"] == url and apa.endswith(f"https://doi.org/{DOI} {url}"), path
            assert entry.fields["version"] == version and f"(Version {version}, source commit {commit})" in apa, path
            assert entry.fields["note"] == f"Source commit {commit}" and entry.fields["doi"] == DOI, path
            boxes += 1
        assert boxes == len(CHAPTER_PAGES) + (folder != "0.1.0"), folder  # 0.2.0 adds a chapter


def test_cite_boxes_of_main_say_it_is_unreleased_and_give_the_commit(site):
    commit = git(site.repository, "rev-parse", "--short=12", "main")
    for path in edition_pages(site, "main"):
        if (found := cite_boxes(path)) is not None:
            entry, apa = found
            assert "version" not in entry.fields
            assert entry.fields["note"] == f"Unreleased state, source commit {commit}"
            assert f"(Unreleased state, source commit {commit})" in apa
            assert entry.fields["url"].startswith(f"{site.address}main/book/")


def test_each_edition_publishes_its_citation_cff_with_the_doi_and_its_address(site):
    schema = json.loads((REPO / "tests" / "data" / "cff-1.2.0.schema.json").read_text())
    for folder, version in FOLDERS.items():
        citation = yaml.safe_load((site.output / folder / sphinx_citation.CITATION_FILE).read_text())
        jsonschema.validate(citation, schema)
        assert citation["doi"] == DOI
        released = version != sphinx_citation.UNRELEASED_VERSION
        assert citation["url"] == f"{site.address}{version if released else 'main'}/"
        assert citation["version"] == (version if released else NEWEST)


# In the browser: the switcher's entries and the banner

def open_page(browser, url):  # noqa: F811  (the fixture's name)
    """Load ``url``, wait until the switcher has been filled in; return the browser's console."""
    browser.get(url)
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1], start = Date.now();"
        "(function wait() { if (document.querySelector('.version-switcher__menu a') || Date.now() - start > 10000) done();"
        " else setTimeout(wait, 50); })();"
    )
    return browser.get_log("browser")


@pytest.mark.parametrize("folder", list(FOLDERS))
def test_in_the_browser_the_switcher_lists_every_edition_and_all_but_the_newest_release_warn(browser, site, folder):  # noqa: F811
    page = "book/windows.html"
    console = open_page(browser, f"{site.address}{folder + '/' if folder else ''}{page}")
    assert [entry for entry in console if entry["level"] in ("SEVERE", "WARNING")] == []
    links = browser.execute_script(
        "return [...document.querySelectorAll('.version-switcher__menu a')].map(a => [a.href, a.classList.contains('active')])")
    entries = json.loads((site.output / sphinx_site.SWITCHER).read_text())
    assert links == [[entry["url"] + page, entry["version"] == FOLDERS[folder]] for entry in entries]
    assert all(status(href) == 200 for href, _ in links)
    banner = browser.execute_script(
        "const b = document.querySelector('#bd-header-version-warning');"
        "return b.classList.contains('d-none') ? null : [b.innerText, [...b.querySelectorAll('a[href]')].map(a => a.href)]")
    if FOLDERS[folder] == NEWEST:
        assert banner is None, folder
    else:
        text, targets = banner
        assert targets == [f"{site.address}{NEWEST}/{page}"], folder  # the same chapter in the newest release
        state = f"an old version ({FOLDERS[folder]})" if folder != "main" else "an unstable development version"
        assert text.startswith(f"You are reading {state}.") and "Read this page in the newest release" in text, text
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert loaded and all(name.startswith(site.address) for name in loaded), loaded


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("folder", ["0.1.0", "main"])
def test_the_switcher_and_the_banner_have_no_wcag_21_aa_violations(browser, axe, site, folder, mode):  # noqa: F811
    theme = open_in_mode(browser, f"{site.address}{folder}/book/windows.html", mode)
    assert theme == mode
    open_page(browser, browser.current_url)  # wait for the switcher, then for the banner's reveal
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const shown = () => !document.querySelector('#bd-header-version-warning').classList.contains('d-none');"
        "(function wait(tries) { if (shown() || !tries) done(); else setTimeout(() => wait(tries - 1), 100); })(50);")
    result = run_axe(browser, axe)
    assert result["violations"] == [], f"in {folder} ({mode} mode):\n{describe(result['violations'])}"



@pytest.mark.parametrize("folder", ["0.1.0", "main"])
def test_on_a_phone_the_switcher_fits_in_the_header(browser, site, folder):  # noqa: F811
    browser.set_window_size(390, 844)
    try:
        open_page(browser, f"{site.address}{folder}/book/windows.html")
        scrolled, width, fits = browser.execute_script(
            "const b = document.querySelector('.version-switcher__button'), r = b.getBoundingClientRect();"
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, b.offsetParent !== null && r.right <= innerWidth];")
    finally:
        browser.set_window_size(1280, 1600)
    assert scrolled <= width and fits, folder

# A release whose tag and CITATION.cff disagree is refused

@pytest.mark.parametrize("change, message", [
    ({"version": "0.2.1"}, "names version 0.2.1"),
    ({"date-released": "2026-03-01"}, "says date-released 2026-03-01"),
])
def test_a_tag_that_citation_cff_contradicts_stops_the_build(tmp_path, change, message):
    repository = tmp_path / "repository"
    version, day, chapters = RELEASES[0]
    write_release(repository, change.get("version", version), change.get("date-released", day), chapters)
    git(repository, "init", "--quiet", "--initial-branch=main")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "-m", "Release", day=day)
    git(repository, "tag", "-a", f"v{version}", "-m", "Release", day=day)
    result = subprocess.run([JUPYTER_BOOK, "build", str(repository), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr

