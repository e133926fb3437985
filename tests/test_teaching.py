"""Every chapter can be assigned: it opens with its goals, ends with its takeaways and questions, and asks at least one "why".

A conceptual exercise is one whose solution pastes no computed value; the numerical ones
paste theirs (``{glue:text}``). The glossary defines every term the chapters link to.
"""

import re

import pytest
import yaml

from conftest import REPO

TOC = yaml.safe_load((REPO / "_toc.yml").read_text())
PAGES = [entry["file"].removeprefix("book/") for entry in TOC["chapters"]]
CHAPTERS = PAGES[:PAGES.index("references")]  # the introduction has goals of its own, not a box
SOLUTION = re.compile(r"```\{solution\} (\S+)\n(.*?)\n```", re.S)
TERM = re.compile(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`")


def source(name):
    return (REPO / "book" / f"{name}.md").read_text()


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_opens_with_its_goals_and_assumptions(name):
    text = source(name)
    goals = text.index("```{admonition} In this chapter\n:class: chapter-goals\n")
    assert "**You will**" in text[goals:goals + 2000] and "**It assumes**" in text[goals:goals + 2000]
    assert goals < text.index("\n## "), "the goals come before the first section"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_ends_with_takeaways_questions_then_exercises(name):
    headings = re.findall(r"^## (.*)$", source(name), re.M)
    assert headings[-3:] == ["Key takeaways", "Check yourself", "Exercises"]


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_has_a_conceptual_and_a_numerical_exercise(name):
    solutions = dict(SOLUTION.findall(source(name)))
    conceptual = [label for label, body in solutions.items() if "{glue:text}" not in body]
    assert conceptual, f"{name} has no exercise that asks why"
    assert len(solutions) > len(conceptual), f"{name} has no numerical exercise"


def test_every_linked_term_is_in_the_glossary():
    glossary = source("glossary")
    defined = set(re.findall(r"^(\S[^\n]*)$", glossary.split("```{glossary}")[1].split("\n```")[0], re.M)) - {":sorted:"}
    linked = {term for name in ["introduction"] + PAGES for term in TERM.findall(source(name))}
    assert linked and linked <= defined, linked - defined
