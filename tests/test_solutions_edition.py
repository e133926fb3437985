"""An edition without the exercises' solutions (``make book SOLUTIONS=off``), for the site and the PDF; the PDF's questions.

The real book is built both ways (the default build is the shared ``built_book``): without its
solutions it still builds without a warning, every exercise keeps its title and place, and no
solution, nor the sentence that promises them, is left. The edition without solutions reuses the
default build's execution cache: no cell reads ``BOOK_SOLUTIONS``, so no chapter runs twice.
"""

import os
import subprocess

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

from conftest import BUILD_FLAGS, JUPYTER_BOOK, PUBLISHED, REPO, build, reuse_execution
from fc_to_conv import questions
from fc_to_conv.sphinxext.exercises import solutions_wanted
from test_questions import WITH_QUESTIONS

OFF = {"BOOK_SOLUTIONS": "off"}
PROMISE = "Every exercise has its solution folded away under it."


@pytest.mark.parametrize("value, wanted", [("on", True), ("off", False), ("", True), (" OFF ", False)])
def test_the_variable_chooses_the_edition(value, wanted):
    assert solutions_wanted({"BOOK_SOLUTIONS": value}) is wanted
    assert solutions_wanted({}) is True


def test_any_other_value_is_refused_with_the_two_allowed():
    with pytest.raises(ConfigError, match="BOOK_SOLUTIONS='no': use on .* or off"):
        solutions_wanted({"BOOK_SOLUTIONS": "no"})


def test_the_makefile_passes_solutions_to_the_build():
    makefile = (REPO / "Makefile").read_text()
    assert "SOLUTIONS ?= on" in makefile and "export BOOK_SOLUTIONS := $(SOLUTIONS)" in makefile


@pytest.fixture(scope="module")
def without_solutions(built_book, tmp_path_factory):
    """The real book built with BOOK_SOLUTIONS=off; returns the html folder."""
    output = tmp_path_factory.mktemp("homework")
    reuse_execution(built_book, output)
    result = build(REPO, output, env=OFF)
    assert result.returncode == 0, f"the edition without solutions failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return output / "_build" / "html"


def exercises(html_dir, name):
    """A built chapter's exercise titles, its solutions' texts, and whether it promises solutions."""
    soup = BeautifulSoup((html_dir / "book" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
    titles = [" ".join(e.select_one(".admonition-title").get_text().split()) for e in soup.select("div.exercise")]
    solutions = [e.get_text() for e in soup.select("div.solution")]
    return titles, solutions, PROMISE in soup.get_text()


@pytest.mark.slow
@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_the_edition_keeps_the_exercises_and_leaves_out_their_solutions(built_book, without_solutions, name):
    titles, solutions, promise = exercises(built_book, name)
    kept, left, promised = exercises(without_solutions, name)
    assert kept == titles and left == []
    assert (len(solutions) == len(titles) > 0) or name == "introduction"
    assert promise == (name == "introduction") and not promised


@pytest.mark.slow
def test_the_pdf_edition_leaves_out_the_solutions_too(built_book, tmp_path):
    """The LaTeX the PDF is made from (written without running TeX) has every exercise, no solution, no promise."""
    reuse_execution(built_book, tmp_path)
    result = subprocess.run([JUPYTER_BOOK, "build", str(REPO), "--path-output", str(tmp_path), "--builder", "latex",
                             *BUILD_FLAGS], capture_output=True, text=True,
                            env={**os.environ, **PUBLISHED, **OFF}, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    tex = (tmp_path / "_build" / "latex" / "fc-to-conv.tex").read_text()
    titles = [title for name in WITH_QUESTIONS for title in exercises(built_book, name)[0]]
    assert titles and tex.count(r"\begin{sphinxadmonition}{note}{Exercise (") == len(titles)
    assert "Solution" not in tex and PROMISE not in tex
    # The questions print in place, their answers in the appendix.
    assert tex.count(f"The answers are in the appendix \\sphinxstyleemphasis{{{questions.ANSWERS_TITLE}}}") == len(
        WITH_QUESTIONS)
    assert tex.count(r"\sphinxstyleemphasis{Answer:}") == sum(len(listed) for listed in questions.QUESTIONS.values())
