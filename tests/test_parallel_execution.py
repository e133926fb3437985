"""Chapters needing execution run in parallel before Sphinx reads them (fc_to_conv.sphinxext.parallel).

The fixture books are built in the test's process (tests/in_process.py), their two chapters one cell each:
what is tested is when and how often chapters are executed, not what they compute.
"""

import re

import pytest

from conftest import make_fixture_book
from in_process import build_in_process
from test_build_failures import NOTEBOOK_HEADER, ROOT_PAGE, log

pytestmark = pytest.mark.slow

FIRST = NOTEBOOK_HEADER + "# A first chapter\n\n```{code-cell} ipython3\nsum(range(5))\n```\n"
SECOND = NOTEBOOK_HEADER + "# A second chapter\n\n```{code-cell} ipython3\nsum(range(10))\n```\n"


def two_chapter_book(tmp_path, second):
    return make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/first": FIRST, "book/second": second})


def test_both_chapters_execute_before_sphinx_reads_them(tmp_path):
    result = build_in_process(two_chapter_book(tmp_path, SECOND), tmp_path / "out")
    output = log(result)
    assert result.returncode == 0, output[-3000:]
    executed = re.findall(r"(\w+)\.md: Executed notebook in", output)
    assert sorted(executed) == ["first", "second"]
    assert sorted(re.findall(r"(\w+)\.md: Using cached notebook", output)) == ["first", "second"]
    assert output.index("Executed notebook") < output.index("reading sources")
    assert "45" in (tmp_path / "out" / "_build" / "html" / "book" / "second.html").read_text()


def test_a_cell_that_raises_still_fails_the_build(tmp_path):
    raising = SECOND + "\n```{code-cell} ipython3\nraise RuntimeError('planted by the test')\n```\n"
    result = build_in_process(two_chapter_book(tmp_path, raising), tmp_path / "out")
    assert result.returncode != 0
    assert "planted by the test" in log(result) and "second" in log(result)


def test_a_rebuild_executes_only_the_chapters_sphinx_reads_again(tmp_path):
    source = two_chapter_book(tmp_path, SECOND)
    assert build_in_process(source, tmp_path / "out").returncode == 0
    unchanged = build_in_process(source, tmp_path / "out")
    assert unchanged.returncode == 0 and "Executed notebook" not in log(unchanged)
    for chapter in ("first", "second"):
        path = source / "book" / f"{chapter}.md"
        path.write_text(path.read_text() + "\n```{code-cell} ipython3\n6 * 7\n```\n")
    edited = build_in_process(source, tmp_path / "out")
    output = log(edited)
    assert edited.returncode == 0, output[-3000:]
    assert sorted(re.findall(r"(\w+)\.md: Executed notebook in", output)) == ["first", "second"]
    assert output.index("Executed notebook") < output.index("reading sources"), "not executed ahead, in parallel"
