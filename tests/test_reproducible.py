"""Two clean builds of the same sources, from different folders, give byte-identical sites.

The first build is the session's ``built_book`` (the repository, built into one temporary
folder); the second copies the sources, with their git history, to another folder and
builds them into a third, with a different hash seed and time zone. Every file of the two
``_build/html`` trees must be byte-identical, with one exception by design: the execution
report (book/execution_report.html) shows when each notebook was executed and how long it
took, so its "Modified" and "Run Time (s)" cells are compared after blanking them, and
nothing else on that page may differ.
"""

import os
import re
import shutil
import subprocess

import nbformat
import pytest

from conftest import BUILD_FLAGS, JUPYTER_BOOK, PUBLISHED, REPO, build, make_fixture_book
from fc_to_conv.sphinxext.reproducible import stable_cell_ids

#: What a checkout holds besides its sources: build output, caches, environments.
NOT_SOURCES = shutil.ignore_patterns("_build", ".venv", "venv", "node_modules", ".pytest_cache",
                                     ".hypothesis", "__pycache__", "*.egg-info", ".jupyter_cache")
EXECUTION_REPORT = "book/execution_report.html"
#: One row of the execution table: document, modified, method, run time, status.
TIMED_ROW = re.compile(
    r"(<td><p>)\d{4}-\d\d-\d\d \d\d:\d\d(</p></td>\s*<td><p>[^<]*</p></td>\s*<td><p>)(?:[\d.]+|-)(</p></td>)"
)


def files(html_dir):
    """Every file under ``html_dir`` (dotfiles too): relative POSIX path -> bytes."""
    return {path.relative_to(html_dir).as_posix(): path.read_bytes()
            for path in sorted(html_dir.rglob("*")) if path.is_file()}


def without_timings(page):
    """The execution report with each row's time of execution and run time blanked."""
    blanked, rows = TIMED_ROW.subn(r"\1[modified]\2[run time]\3", page.decode("utf-8"))
    assert rows > 0, "the execution report has no timed rows: TIMED_ROW needs updating"
    return blanked


def differences(first, second):
    """Paths that only one tree has, or whose bytes differ."""
    found = [f"only in the first build: {path}" for path in sorted(first.keys() - second.keys())]
    found += [f"only in the second build: {path}" for path in sorted(second.keys() - first.keys())]
    for path in sorted(first.keys() & second.keys()):
        a, b = first[path], second[path]
        if path == EXECUTION_REPORT:
            a, b = without_timings(a), without_timings(b)
        if a != b:
            found.append(f"differs: {path}")
    return found


def test_notebook_cell_ids_are_numbered_by_position():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A"), nbformat.v4.new_code_cell("1")])
    text = nbformat.writes(notebook)
    stable = stable_cell_ids(text)
    assert [cell.id for cell in nbformat.reads(stable, as_version=4).cells] == ["cell-0", "cell-1"]
    assert stable_cell_ids(stable) == stable
    assert stable_cell_ids(nbformat.writes(nbformat.v4.new_notebook(cells=notebook.cells))) == stable
    nbformat.validate(nbformat.reads(stable, as_version=4))


def test_timed_rows_are_the_only_thing_blanked():
    row = ('<td><p><a href="x.html">book/x</a></p></td>\n<td><p>2026-01-02 03:04</p></td>\n'
           '<td><p>cache</p></td>\n<td><p>1.23</p></td>\n<td><p>✅</p></td>')
    blanked = without_timings(row.encode())
    assert "2026-01-02" not in blanked and "1.23" not in blanked
    assert "book/x" in blanked and "cache" in blanked and "✅" in blanked


@pytest.mark.slow
def test_two_builds_from_different_folders_are_byte_identical(built_book, tmp_path_factory):
    source = tmp_path_factory.mktemp("elsewhere") / "a-copy-of-the-book"
    shutil.copytree(REPO, source, ignore=NOT_SOURCES, symlinks=True)
    output = tmp_path_factory.mktemp("second") / "deeper" / "output"
    result = build(source, output, env={"PYTHONHASHSEED": "12345", "TZ": "Pacific/Chatham"})
    assert result.returncode == 0, f"the second build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    second = output / "_build" / "html"

    found = differences(files(built_book), files(second))
    assert found == [], (
        f"two builds of the same sources differ ({built_book} and {second}):\n  " + "\n  ".join(found)
        + edited_since_first_build(source, built_book)
    )


@pytest.mark.slow
def test_a_downloaded_notebook_is_the_same_whoever_executed_it(tmp_path):
    """A lone chapter to execute is executed by myst-nb itself (fc_to_conv.sphinxext.parallel takes two
    or more), a rebuild finds it in the cache: both must offer the same .ipynb, outputs included."""
    chapter = (REPO / "book" / "fully_connected.md").read_text()
    book = make_fixture_book(tmp_path / "src", {"book/index": "# Fixture book\n", "book/fully_connected": chapter})
    downloaded = tmp_path / "out" / "_build" / "html" / "_sources" / "book" / "fully_connected.ipynb"
    first = build(book, tmp_path / "out")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "Executed notebook" in first.stdout  # by myst-nb, as it logs it
    executed = downloaded.read_bytes()
    again = subprocess.run([JUPYTER_BOOK, "build", str(book), "--all", "--path-output", str(tmp_path / "out"),
                            *BUILD_FLAGS], capture_output=True, text=True, env={**os.environ, **PUBLISHED}, timeout=900)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "Using cached notebook" in again.stdout or "Executed notebook" not in again.stdout
    assert downloaded.read_bytes() == executed
    notebook = nbformat.reads(executed.decode(), as_version=4)
    assert "language_info" in notebook.metadata
    assert all(cell.execution_count for cell in notebook.cells[1:] if cell.cell_type == "code")  # after the install cell


def edited_since_first_build(source, built_book):
    """A note naming the sources edited after the first build started (the copy keeps their times), if any."""
    started = built_book.parent.parent.stat().st_mtime  # the output folder, as _build was made in it
    edited = sorted(path.relative_to(source).as_posix() for path in source.rglob("*")
                    if path.is_file() and ".git" not in path.relative_to(source).parts
                    and path.stat().st_mtime > started)
    if not edited:
        return ""
    return ("\nbut these sources were edited after the first build started, so the two builds did not build "
            "the same sources (rerun on an unchanged tree):\n  " + "\n  ".join(edited))
