"""Chapters needing execution run in parallel before Sphinx reads them (fc_to_conv.sphinxext.parallel).

The fixture books are built in the test's process (tests/in_process.py), their two chapters one cell each:
what is tested is when and how often chapters are executed, not what they compute.
"""

import re

import pytest

from conftest import make_fixture_book
from fc_to_conv.sphinxext.parallel import execution_order
from in_process import build_in_process
from test_build_failures import NOTEBOOK_HEADER, ROOT_PAGE, log
from test_site import CONFIG, NOTEBOOKS

FIRST = NOTEBOOK_HEADER + "# A first chapter\n\n```{code-cell} ipython3\nsum(range(5))\n```\n"
SECOND = NOTEBOOK_HEADER + "# A second chapter\n\n```{code-cell} ipython3\nsum(range(10))\n```\n"


def two_chapter_book(tmp_path, second):
    return make_fixture_book(tmp_path / "src", {"book/index": ROOT_PAGE, "book/first": FIRST, "book/second": second})


@pytest.mark.slow
def test_both_chapters_execute_before_sphinx_reads_them_the_one_named_first_first(tmp_path):
    source = two_chapter_book(tmp_path, SECOND)
    config = source / "_config.yml"
    named = f"fc_to_conv_execute_first: {CONFIG['sphinx']['config']['fc_to_conv_execute_first']}".replace("'", "")
    assert named in config.read_text()
    config.write_text(config.read_text().replace(named, "fc_to_conv_execute_first: [book/second]"))
    result = build_in_process(source, tmp_path / "out")
    output = log(result)
    assert result.returncode == 0, output[-3000:]
    executed = re.findall(r"(\w+)\.md: Executed notebook in", output)  # reported in the order they were started
    assert executed == ["second", "first"]
    assert sorted(re.findall(r"(\w+)\.md: Using cached notebook", output)) == ["first", "second"]
    assert output.index("Executed notebook") < output.index("reading sources")
    assert "45" in (tmp_path / "out" / "_build" / "html" / "book" / "second.html").read_text()


@pytest.mark.slow
def test_a_cell_that_raises_still_fails_the_build(tmp_path):
    raising = SECOND + "\n```{code-cell} ipython3\nraise RuntimeError('planted by the test')\n```\n"
    result = build_in_process(two_chapter_book(tmp_path, raising), tmp_path / "out")
    assert result.returncode != 0
    assert "planted by the test" in log(result) and "second" in log(result)


@pytest.mark.slow
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


def test_the_chapters_named_first_start_first_and_the_others_keep_their_order():
    pending = [("book/a", 1), ("book/b", 2), ("book/c", 3), ("book/d", 4)]
    assert execution_order(pending, ["book/c", "book/a"]) == [("book/c", 3), ("book/a", 1), ("book/b", 2), ("book/d", 4)]
    assert execution_order(pending, []) == pending
    assert execution_order(pending, ["book/gone"]) == pending


def test_the_book_starts_notebooks_of_its_own_first():
    """A chapter renamed or removed must not leave the build's first place to nobody."""
    first = CONFIG["sphinx"]["config"]["fc_to_conv_execute_first"]
    assert first and all(name.removeprefix("book/") in NOTEBOOKS for name in first), first
