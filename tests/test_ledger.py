"""The claims ledger: generated from the registry, drawn once on its page, and on the built site.

The fast tests check the registry, the generated table and where the directive may be used;
the slow ones the built page and a build whose ledger page does not draw the table (it must fail).
"""

import inspect
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, make_fixture_book
from in_process import build_in_process
from fc_to_conv import claims
from fc_to_conv.sphinxext import ledger
from fc_to_conv.sphinxext.ledger import LEDGER

LINK = re.compile(r"\{doc\}`/?([^`]+)`")


def markdown_rows(text):
    """The ledger's Markdown table as rows: column name -> cell text, and "links" -> the {doc} targets."""
    rows = []
    for line in text.splitlines()[2:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        row = dict(zip(ledger.COLUMNS, (LINK.sub("chapter", cell).strip("`") for cell in cells)))
        row["links"] = LINK.findall(line)
        rows.append(row)
    return rows


def toc_files():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [toc["root"]] + [entry["file"] for entry in toc["chapters"]]


@pytest.mark.parametrize("claim", claims.CLAIMS, ids=lambda c: c.id)
def test_each_claim_is_computed_by_a_named_function_with_a_one_line_docstring(claim):
    function = claim.compute
    assert inspect.isfunction(function) and function.__name__ != "<lambda>", claim.id
    assert function.__module__ == "fc_to_conv.claims" and claim.computed_by == function.__name__
    doc = inspect.getdoc(function) or ""
    assert doc and "\n" not in doc and doc.endswith("."), f"{claim.id}: {doc!r}"


def test_the_ledger_has_one_row_per_claim_in_registry_order():
    rows = markdown_rows(ledger.ledger_markdown())
    assert [row["Claim"] for row in rows] == [claim.id for claim in claims.CLAIMS]
    for row, claim in zip(rows, claims.CLAIMS):
        assert row["What is counted"] == claim.statement
        assert row[ledger.EXPECTED_COLUMN] == row["Computed"] == claim.article
        assert row["Computed by"] == claim.computed_by
        assert row["links"] == [claim.chapter]
        assert row["Check"] == ledger.PASS


def test_the_ledger_page_must_draw_the_table_exactly_once_and_no_other_page_may():
    docs = {LEDGER, "book/grouping"}
    assert ledger.ledger_problem(LEDGER, docs, {LEDGER: 1}) is None
    assert ledger.ledger_problem(LEDGER, docs - {LEDGER}, {}) is None  # a book without the appendix
    assert "draws the claims-ledger table 0 times, not once" in ledger.ledger_problem(LEDGER, docs, {})
    assert "2 times" in ledger.ledger_problem(LEDGER, docs, {LEDGER: 2})
    assert "['book/grouping'] draw it too" in ledger.ledger_problem(LEDGER, docs, {LEDGER: 1, "book/grouping": 1})


def test_a_drifted_value_is_marked_failed_in_the_ledger(monkeypatch):
    drifted = [claims.CLAIMS[0].__class__(**{**vars(claims.CLAIMS[0]), "compute": lambda: 10})]
    monkeypatch.setattr(claims, "CLAIMS", tuple(drifted) + claims.CLAIMS[1:])
    row = markdown_rows(ledger.ledger_markdown())[0]
    assert (row[ledger.EXPECTED_COLUMN], row["Computed"], row["Check"]) == ("9", "10", ledger.FAIL)


def test_the_glossary_and_the_appendices_follow_the_references_in_the_table_of_contents():
    files = toc_files()
    assert files[files.index("book/references") + 1:] == [
        "book/glossary", "book/answers", "book/figures", "book/about", LEDGER, "book/execution_report", "book/changes"]


@pytest.mark.slow
def test_the_built_ledger_lists_every_claim_linked_to_its_chapter(built_book):
    soup = BeautifulSoup((built_book / f"{LEDGER}.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("article table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == list(ledger.COLUMNS)
    rows = [[td for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert [row[0].get_text(strip=True) for row in rows] == [claim.id for claim in claims.CLAIMS]
    for row, claim in zip(rows, claims.CLAIMS):
        text = dict(zip(headers, (cell.get_text(" ", strip=True) for cell in row)))
        assert text[ledger.EXPECTED_COLUMN] == text["Computed"] == claim.article, claim.id
        assert text["Computed by"] == claim.computed_by
        assert text["Check"] == ledger.PASS
        link = row[headers.index("Chapter")].find("a")
        assert link["href"] == claim.chapter.split("/")[-1] + ".html", claim.id
        chapter = BeautifulSoup((built_book / f"{claim.chapter}.html").read_text(encoding="utf-8"), "html.parser")
        assert link.get_text(strip=True) == chapter.select_one("article h1").get_text(strip=True).rstrip("#")


@pytest.mark.slow
def test_the_built_execution_report_lists_every_notebook_as_succeeded(built_book):
    soup = BeautifulSoup((built_book / "book" / "execution_report.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("article table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Document", "Modified", "Method", "Run Time (s)", "Status"]
    rows = {tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")}
    notebooks = [name for name in toc_files() if "kernelspec:" in (REPO / f"{name}.md").read_text()]
    assert sorted(rows) == sorted(notebooks)
    for name, cells in rows.items():
        assert cells[4] == "\u2713\u00a0succeeded", name  # words, not myst-nb's emoji (fc_to_conv.sphinxext.a11y)
        assert float(cells[3]) > 0, name


@pytest.mark.slow
def test_a_ledger_page_without_the_table_fails_the_build(tmp_path):
    book = make_fixture_book(tmp_path / "src", {
        "book/intro": "# Intro\n\nNo numbers here.\n",
        LEDGER: "# Claims ledger\n\nThe table was deleted.\n",
    })
    result = build_in_process(book, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log[-3000:]
    assert f"claims ledger: {LEDGER} draws the claims-ledger table 0 times, not once" in log, log[-3000:]


def test_the_cache_key_follows_the_code_chapters_run_and_not_the_build_plugins(tmp_path):
    from fc_to_conv.sphinxext.checks import PACKAGE, source_fingerprint

    copy = tmp_path / "fc_to_conv"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_fingerprint(copy)
    assert before == source_fingerprint(PACKAGE)
    with (copy / "sphinxext" / "citation.py").open("a") as plugin:
        plugin.write("\n# an edit to a build plugin\n")
    assert source_fingerprint(copy) == before
    with (copy / "wiring.py").open("a") as module:
        module.write("\n# an edit to code the chapters run\n")
    assert source_fingerprint(copy) != before
