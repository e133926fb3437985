"""Shared fixtures: the real book is built once per session into a temporary folder."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The flags README.md and the Makefile build with (test_build checks they agree).
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))


def build(source, output, env=None):
    """Run ``jupyter-book build`` on ``source`` into ``output``; return the finished process."""
    return subprocess.run(
        [JUPYTER_BOOK, "build", str(source), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=900,
    )


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """The real book, built from the repository into a fresh folder; returns the html folder."""
    output = tmp_path_factory.mktemp("book")
    result = build(REPO, output)
    assert result.returncode == 0, f"the book failed to build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return output / "_build" / "html"


def make_fixture_book(folder, chapters):
    """A small book in ``folder`` with the real configuration and the given {docname: source} chapters."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "_config.yml", folder / "_config.yml")
    (folder / "book").mkdir()
    shutil.copy(REPO / "book" / "references.bib", folder / "book" / "references.bib")
    names = list(chapters)
    for name, source in chapters.items():
        (folder / f"{name}.md").write_text(source)
    toc = [f"format: jb-book", f"root: {names[0]}"]
    if names[1:]:
        toc += ["chapters:"] + [f"  - file: {name}" for name in names[1:]]
    (folder / "_toc.yml").write_text("\n".join(toc) + "\n")
    return folder
