"""Hostable, citable, self-contained: the book's addresses, its citation and what each page offers."""

import base64
import collections
import json
import os
import re
import subprocess
import tomllib
from xml.etree import ElementTree

import jsonschema
import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_nb.core.variables import format_plain_text
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from pybtex.database import parse_file, parse_string

import fc_to_conv
from conftest import REPO, REPOSITORY_URL, SITE_URL
from fc_to_conv.sphinxext import checks as sphinx_checks
from fc_to_conv.sphinxext import citation as sphinx_citation
from test_build import page

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())
CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text())


def toc_files(node):
    """Every ``file`` the table of contents names, root first, in order."""
    if isinstance(node, dict):
        found = [node["root"]] if "root" in node else [node["file"]] if "file" in node else []
        return found + [name for value in node.values() if isinstance(value, list) for name in toc_files(value)]
    return [name for item in node for name in toc_files(item)]


#: Every page of the book (all live in book/), from _toc.yml.
CHAPTERS = [name.removeprefix("book/") for name in toc_files(yaml.safe_load((REPO / "_toc.yml").read_text()))]
NOTEBOOKS = [name for name in CHAPTERS if "kernelspec:" in (REPO / "book" / f"{name}.md").read_text()]


def front_matter(name):
    """The page's YAML front matter as a dict ({} without one)."""
    found = re.match(r"---\n(.*?)\n---\n", (REPO / "book" / f"{name}.md").read_text(), re.S)
    return yaml.safe_load(found.group(1)) if found else {}


NOT_CHAPTERS = [name for name in CHAPTERS if front_matter(name).get(sphinx_citation.NO_BOX)]
slow = pytest.mark.slow


def edition_folder():
    """This checkout's folder on the site: its version when HEAD has its release tag, else main
    (tests/test_releases.py checks how a build decides)."""
    tags = subprocess.run(["git", "tag", "--points-at", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.split()
    return str(CITATION["version"]) if f"v{CITATION['version']}" in tags else "main"


RELEASED = edition_folder() != "main"


def chapter_url(name):
    return f"{SITE_URL}{edition_folder()}/book/{name}.html"


def chapter_title(soup):
    return soup.find("h1").get_text().replace("#", "").strip()


# CITATION.cff and the one place for the addresses (no build needed)

def test_citation_cff_is_valid_cff_1_2_0():
    schema = json.loads((REPO / "tests" / "data" / "cff-1.2.0.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(CITATION)]
    assert errors == []
    assert CITATION["cff-version"] == "1.2.0"


def test_each_licence_citation_cff_names_has_its_text_and_a_description():
    assert sorted(CITATION["license"]) == sorted(sphinx_citation.LICENCES) == ["CC-BY-4.0", "MIT"]
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")
    assert (REPO / "LICENSE-CONTENT").read_text().startswith("Creative Commons Attribution 4.0 International\n")
    project = tomllib.loads((REPO / "code" / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # the package is code


def test_an_unknown_licence_is_refused():
    with pytest.raises(ValueError, match="GPL-3.0"):
        sphinx_citation.licences({**CITATION, "license": "GPL-3.0"})


def test_citation_version_is_the_package_version():
    project = tomllib.loads((REPO / "code" / "pyproject.toml").read_text())["project"]
    assert CITATION["version"] == fc_to_conv.__version__ == project["version"]


def test_citation_and_config_name_the_same_book_and_no_address():
    """Addresses come from where the book is built (fc_to_conv.sphinxext.site), never from a file."""
    assert CITATION["title"] == CONFIG["title"]
    assert [author["name"] for author in CITATION["authors"]] == [CONFIG["author"]]
    assert not {"url", "repository-code", "repository"} & CITATION.keys()
    assert "url" not in CONFIG["repository"] and "baseurl" not in CONFIG["html"]


def test_citation_references_the_article_the_book_follows():
    article = parse_file(str(REPO / "book" / "references.bib")).entries["gad2018derivation"]
    [reference] = CITATION["references"]
    assert reference["title"] == article.fields["title"]
    assert reference["url"] == article.fields["url"]
    assert str(reference["year"]) == article.fields["year"]
    assert reference["authors"][0]["family-names"] == "Gad"


def test_bibtex_entry_escapes_markup_and_keeps_an_entity_author_whole():
    citation = {**CITATION, "authors": [{"name": "A & B lab"}, {"family-names": "Doe", "given-names": "Jane"}]}
    text = sphinx_citation.bibtex_entry(citation, "book/x_y", "Costs & 100% of it", "https://example.org/x",
                                        sphinx_citation.Edition("0.1.0", "abc"))
    entry = parse_string(text, "bibtex").entries[f"fctoconv{CITATION['date-released'][:4]}-x_y"]
    assert entry.fields["title"] == r"Costs \& 100\% of it"
    assert [str(person) for person in entry.persons["author"]] == [r"{A \& B lab}", "Doe, Jane"]


def test_source_commit_prefers_the_environment_then_git(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_COMMIT", "abc1234")
    assert sphinx_citation.source_commit(tmp_path) == "abc1234"
    monkeypatch.delenv("SOURCE_COMMIT")
    assert sphinx_citation.source_commit(tmp_path) == "unknown"  # not a git work tree


# The built site

@slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_every_chapter_offers_its_source_and_notebook_chapters_their_ipynb(built_book, name):
    menu = page(built_book, name).select_one(".dropdown-download-buttons")
    links = {a["href"] for a in menu.select("a[href]")}
    suffixes = [".md", ".ipynb"] if name in NOTEBOOKS else [".md"]
    assert links == {f"../_sources/book/{name}{suffix}" for suffix in suffixes}
    for suffix in suffixes:
        assert (built_book / "_sources" / "book" / f"{name}{suffix}").is_file()
    if name in NOTEBOOKS:
        notebook = nbformat.read(built_book / "_sources" / "book" / f"{name}.ipynb", as_version=4)
        nbformat.validate(notebook)
        source = (REPO / "book" / f"{name}.md").read_text()
        install, *cells = notebook.cells  # the cell that installs fc_to_conv, then the chapter's own
        assert install.cell_type == "code" and "%pip install" in install.source
        assert sum(cell.cell_type == "code" for cell in cells) == source.count("```{code-cell}")
        check_plain_notebook(built_book, name, cells)


#: Markdown as Jupyter renders it (CommonMark with tables), to read a downloaded notebook's text.
JUPYTER_MARKDOWN = MarkdownIt("commonmark").enable("table")
MYST = create_md_parser(MdParserConfig(enable_extensions=set(CONFIG["parse"]["myst_enable_extensions"])), RendererHTML)


def myst_left(text):
    """The MyST roles, directives, targets and comments myst-parser finds in Markdown ``text``."""
    found = []
    for token in MYST.parse(text):
        if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            found.append(token.info)
        elif token.type in ("myst_target", "myst_line_comment", "myst_block_break"):
            found.append(token.markup + token.content)
        found += [f"{{{child.meta['name']}}}`{child.content}`" for child in token.children or []
                  if child.type == "myst_role"]
    return found


def check_plain_notebook(html, name, cells):
    """A downloaded chapter reads in plain Jupyter: no MyST, every glued value and figure the chapter
    pastes shown (figures as pictures of their SVG), links that lead to the site's pages, code cells with the outputs the book computed."""
    text = "\n\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    assert myst_left(text) == [], name
    executed = html.parent / "jupyter_execute" / "book" / name
    glue = json.loads(executed.with_suffix(".glue.json").read_text())
    myst_cells = nbformat.read(executed.with_suffix(".ipynb"), as_version=4).cells
    assert len(myst_cells) == len(cells), name  # cell for cell: each pasted value is sought in its own cell
    for cell, myst_cell in zip(cells, myst_cells):
        shown = " ".join(BeautifulSoup(JUPYTER_MARKDOWN.render(cell.source), "html.parser").get_text(" ").split())
        pasted = collections.Counter(a or b for a, b in sphinx_checks.GLUE_REFERENCE.findall(myst_cell.source))
        values = collections.Counter()
        for key, times in pasted.items():
            data = glue[key]["data"]
            if "image/svg+xml" in data and "text/markdown" not in data:  # a figure: shown as a picture of its data
                pictures = [img["src"] for img in BeautifulSoup(JUPYTER_MARKDOWN.render(cell.source), "html.parser")("img")]
                assert "data:image/svg+xml;base64," + base64.b64encode(data["image/svg+xml"].encode()).decode() in pictures
            elif set(data) == {"text/plain"}:
                values[" ".join(format_plain_text(data["text/plain"], "s").split())] += times
        for value, times in values.items():
            assert shown.count(value) >= times, (name, value, shown)
    links = BeautifulSoup(JUPYTER_MARKDOWN.render(text), "html.parser").select("a[href]")
    assert links, name
    for link in links:
        address = link["href"].removeprefix(f"{SITE_URL}{edition_folder()}/")
        assert address != link["href"] or not address.startswith(SITE_URL), address
        if address != link["href"]:
            page_name, _, anchor = address.partition("#")
            target = html / page_name
            assert target.is_file() and (not anchor or f'id="{anchor}"' in target.read_text()), address
    code = [cell for cell in cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code), name
    assert not any("scrapbook" in output.get("metadata", {}) for cell in code for output in cell.outputs)


def test_only_the_pages_after_the_last_chapter_opt_out_of_the_cite_box():
    assert NOT_CHAPTERS == CHAPTERS[CHAPTERS.index("learning") + 1:]
    assert NOT_CHAPTERS == ["references", "glossary", "answers", "figures", "about", "claims_ledger", "execution_report", "changes"]


def test_most_chapters_are_notebooks():
    """The download test above must not pass by finding no notebook at all."""
    assert len(NOTEBOOKS) >= 5


@slow
@pytest.mark.parametrize("name", CHAPTERS)
def test_every_chapter_has_one_cite_box_naming_the_chapter(built_book, name):
    soup = page(built_book, name)
    boxes = soup.select("div.cite-this-chapter")
    if name in NOT_CHAPTERS:
        assert not boxes, f"{name} is not a chapter but has a cite box"
        return
    assert len(boxes) == 1, f"{name} has {len(boxes)} cite boxes"
    blocks = boxes[0].select("div.highlight pre")  # what sphinx-copybutton gives a copy button
    assert len(blocks) == 2
    bibtex, apa = (block.get_text() for block in blocks)
    title, url = chapter_title(soup), chapter_url(name)

    [(key, entry)] = parse_string(bibtex, "bibtex").entries.items()
    assert entry.type == "incollection"
    assert key == f"fctoconv{CITATION['date-released'][:4]}-{name}"
    assert entry.fields["title"] == title
    assert entry.fields["url"] == url != SITE_URL
    assert entry.fields["booktitle"] == CITATION["title"]
    if RELEASED:
        assert entry.fields["version"] == fc_to_conv.__version__ and entry.fields["note"].startswith("Source commit ")
    else:
        assert "version" not in entry.fields and entry.fields["note"].startswith("Unreleased state, source commit ")
    assert [str(person) for person in entry.persons["author"]] == ["{The fc-to-conv authors}"]

    assert title in apa and apa.strip().endswith(url) and CITATION["title"] in apa
    assert apa.startswith("The fc-to-conv authors. (") and "\n" not in apa.strip()
    licences = boxes[0].select_one("p:last-child")
    assert licences.get_text().startswith("Reuse: text and figures under CC BY 4.0")
    assert {a["href"] for a in licences.select("a")} == {deed for _, deed, _ in sphinx_citation.LICENCES.values()}


def is_commit_of_this_repository(commit):
    """Whether git knows ``commit`` here (not "is HEAD": the lead may commit while the tests run)."""
    try:
        return subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=REPO,
                              capture_output=True).returncode == 0
    except OSError:
        return False


@slow
def test_the_footer_shows_the_version_and_a_commit_of_this_repository(built_book):
    git_works = sphinx_citation.source_commit(REPO) != "unknown"
    for name in CHAPTERS:
        soup = page(built_book, name)
        licence = soup.select_one("footer .licence")
        assert licence.get_text(" ", strip=True) == "Reuse: text and figures under CC BY 4.0 ; code under MIT ."
        footer = soup.select_one(".build-info").get_text(" ", strip=True)
        found = re.fullmatch(r"(Version \S+|Unreleased state), built from source commit (\w+) \.", footer)
        assert found, footer
        assert found.group(1) == (f"Version {fc_to_conv.__version__}" if RELEASED else "Unreleased state")
        commit = found.group(2)
        if os.environ.get("SOURCE_COMMIT", "").strip():
            assert commit == os.environ["SOURCE_COMMIT"].strip()
        elif git_works:
            assert is_commit_of_this_repository(commit), f"{name}: footer names {commit!r}, not a commit here"
        else:
            assert commit == "unknown"


@slow
def test_the_sitemap_lists_every_chapter_at_the_base_url(built_book):
    urlset = ElementTree.parse(built_book / "sitemap.xml").getroot()
    locations = {element.text for element in urlset.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert locations == {chapter_url(name) for name in CHAPTERS}


@slow
def test_open_graph_tags_name_the_book_and_the_page(built_book):
    for name in CHAPTERS:
        soup = page(built_book, name)
        tags = {meta["property"]: meta["content"] for meta in soup.select("meta[property^='og:']")}
        assert tags["og:url"] == chapter_url(name)
        assert tags["og:site_name"] == CONFIG["title"]
        assert "og:image" not in tags  # no social cards: they would need fonts and network
        assert soup.select_one("link[rel=canonical]")["href"] == chapter_url(name)


@slow
def test_the_repository_button_points_at_the_configured_repository(built_book):
    soup = page(built_book, "grouping")
    assert soup.select(f"a[href='{REPOSITORY_URL}']")
