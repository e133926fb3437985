"""The self-check questions without a browser: every chapter has them, and their answers are the package's counts.

The page's script draws and answers the generated questions in the reader's browser; the
browser tests (tests/test_questions_browser.py) check it against :func:`fc_to_conv.questions.values`,
and these check that function against the layers the package builds.
"""

import dataclasses
import random
import re
from html.parser import HTMLParser

import numpy as np
import pytest

from fc_to_conv import questions
from fc_to_conv.convolution import convolutional, cross_correlate
from fc_to_conv.fully_connected import fully_connected
from fc_to_conv.grouping import grouped
from fc_to_conv.locality import local
from fc_to_conv.real_layers import convolution_counts, fully_connected_counts
from test_teaching import CHAPTERS, source

#: Every chapter of the table of contents with a reading part: the introduction and the chapters.
WITH_QUESTIONS = ["introduction"] + CHAPTERS
DRAWS = 200


def test_every_chapter_and_only_chapters_have_questions_of_both_kinds():
    assert sorted(questions.QUESTIONS) == sorted(f"book/{name}" for name in WITH_QUESTIONS)
    for chapter, listed in questions.QUESTIONS.items():
        kinds = {type(q) for q in questions.check_chapter(chapter)}
        assert len(listed) >= 3 and kinds == {questions.Generated, questions.Choice}, chapter


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_the_chapter_glues_its_questions_in_its_last_section_before_the_exercises(name):
    text = source(name)
    section = text[text.index("\n## Check yourself\n"):]
    section = section[:section.index("\n## Exercises\n")] if "\n## Exercises\n" in section else section
    assert f'glue_questions("book/{name}")' in section and "```{glue} questions\n```" in section


def test_choice_questions_have_one_right_choice_and_say_why_for_each():
    rights = []
    for chapter in questions.QUESTIONS:
        for qid, question in zip(questions.question_ids(chapter), questions.check_chapter(chapter)):
            if isinstance(question, questions.Choice):
                assert [right for _, right, _ in question.choices].count(True) == 1
                assert len(question.choices) >= 3 and all(text and len(why) > 20 for text, _, why in question.choices)
                order = questions.choice_order(qid, question)
                assert sorted(order) == list(range(len(question.choices)))
                rights.append(order.index(0))
    assert len(set(rights)) > 1, "the right choice is not always shown in the same place"


def test_a_chapter_without_questions_or_with_two_right_choices_is_refused():
    with pytest.raises(ValueError, match="no questions for chapter 'book/nowhere'"):
        questions.check_chapter("book/nowhere")
    questions.QUESTIONS["book/wrong"] = [questions.Choice("?", (("a", True, "why"), ("b", True, "why")))]
    try:
        with pytest.raises(ValueError, match="exactly one right choice"):
            questions.check_chapter("book/wrong")
    finally:
        del questions.QUESTIONS["book/wrong"]


def built_answer(kind, params):
    """The answer of a generated question, counted on the layer the package builds (or summed by hand)."""
    if kind == "output_value":
        r, c = params["row"], params["column"]
        return int((np.array(params["image"])[r:r + 2, c:c + 2] * np.array(params["kernel"])).sum())
    shape = questions.shape_of(params)
    image, kernel, pixels = (shape.side, shape.side), (shape.kernel, shape.kernel), shape.side ** 2
    if kind == "fc_wires":
        return fully_connected(pixels, shape.out_channels).wires
    if kind == "fc_parameters":
        layer = fully_connected(pixels, shape.out_channels)
        return layer.weights + layer.neurons
    if kind == "grouped_weights":
        return grouped(pixels, shape.outputs, shape.out_channels).weights
    if kind == "positions":
        return convolutional(image, kernel, groups=1).neurons
    if kind == "local_wires":
        return local(image, kernel, shape.out_channels).wires
    if kind == "conv_weights":
        return convolutional(image, kernel, shape.out_channels).weights
    if kind == "moved_outputs":
        # Slide over a random picture and over it moved; count, in row 0, the outputs that are the first ones moved.
        rng = np.random.default_rng(0)
        picture = rng.normal(size=(shape.side, shape.side + params["shift"]))
        first, moved = picture[:, params["shift"]:], picture[:, :shape.side]
        weights = rng.normal(size=kernel)
        out_first, out_moved = cross_correlate(first, weights)[0], cross_correlate(moved, weights)[0]
        return sum(bool(np.isclose(out_moved[j], out_first[j - params["shift"]]))
                   for j in range(params["shift"], len(out_moved)))
    if kind == "out_side":
        return shape.out_side
    if kind == "conv_macs":
        return convolution_counts(shape).macs
    if kind == "fc_same_outputs":
        return fully_connected_counts(shape).weights
    if kind == "conv_parameters":  # counted on a map no larger than the kernel: the map's side does not matter
        return convolution_counts(dataclasses.replace(shape, side=shape.kernel)).parameters
    raise AssertionError(f"no independent count for {kind}")


@pytest.mark.parametrize("kind", sorted(questions.KINDS))
def test_generated_answers_are_the_counts_of_the_layers_the_package_builds(kind):
    rng = random.Random(kind)
    spec = questions.KINDS[kind]
    for _ in range(DRAWS):
        params = questions.draw(kind, rng)
        for name, low, high in spec.ranges:
            assert params.get(low, low) <= params[name] <= params.get(high, high)
        found = questions.values(kind, params)
        assert found[spec.answer] == built_answer(kind, params), params
        prompt, worked = questions.fill(spec.prompt, found), questions.fill(spec.worked, found)
        assert "{" not in prompt + worked
        assert questions.show(found[spec.answer]) in worked


def test_the_moved_picture_question_is_not_answered_by_every_output():
    """Control for built_answer's experiment: near the left edge, moved outputs are new ones."""
    params = {"side": 6, "kernel": 2, "shift": 2}
    assert built_answer("moved_outputs", params) == questions.values("moved_outputs", params)["out_side"] - 2


def test_the_fixed_draw_is_the_same_every_build_and_differs_between_questions():
    ids = [(qid, q.kind) for chapter in questions.QUESTIONS
           for qid, q in zip(questions.question_ids(chapter), questions.QUESTIONS[chapter])
           if isinstance(q, questions.Generated)]
    draws = [questions.fixed_draw(qid, kind) for qid, kind in ids]
    assert draws == [questions.fixed_draw(qid, kind) for qid, kind in ids]
    fc = [d for (qid, kind), d in zip(ids, draws) if kind == "fc_wires"]
    assert len(fc) >= 2 and fc[0] != fc[1]


class Texts(HTMLParser):
    """Each question's prompt, worked answer and data block from a page's HTML."""

    def __init__(self):
        super().__init__()
        self.ids, self.stack, self.texts = [], [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li":
            self.ids.append(attrs["id"])
        cls = attrs.get("class", "")
        self.stack.append(next((c for c in ("fcc-prompt", "fcc-worked-text", "fcc-answer-value") if c in cls.split()),
                               None))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.ids and self.stack and self.stack[-1]:
            self.texts.setdefault((self.ids[-1], self.stack[-1]), []).append(data)


@pytest.mark.parametrize("chapter", sorted(questions.QUESTIONS))
def test_the_page_and_the_print_show_the_fixed_draw_with_its_answer(chapter):
    page = questions.questions_html(chapter)
    parser = Texts()
    parser.feed(page)
    ids = questions.question_ids(chapter)
    assert parser.ids == ids and len(set(ids)) == len(ids)
    printed, answers = questions.questions_markdown(chapter), questions.answers_markdown()
    answers = answers[answers.index(f"**{{doc}}`{chapter.removeprefix('book/')}`**"):]
    for qid, question in zip(ids, questions.QUESTIONS[chapter]):
        text = {key: "".join(parts) for (i, key), parts in parser.texts.items() if i == qid}
        if isinstance(question, questions.Generated):
            spec = questions.KINDS[question.kind]
            found = questions.values(question.kind, questions.fixed_draw(qid, question.kind))
            assert text["fcc-prompt"] == questions.fill(spec.prompt, found)
            assert text["fcc-worked-text"] == questions.fill(spec.worked, found)
            assert text["fcc-answer-value"] == questions.show(found[spec.answer])
            assert f". {text['fcc-prompt']}\n\n" in printed
            assert f". {text['fcc-prompt']}\n\n   *Answer:* {text['fcc-answer-value']}. {text['fcc-worked-text']}" in answers
        else:
            [(right, _, why)] = [c for c in question.choices if c[1]]
            assert text["fcc-prompt"] == question.prompt and text["fcc-answer-value"] == right
            assert f"*Answer:* {right}. {why}" in answers and "*Answer:*" not in printed
            assert all(f"   - {choice}\n" in printed for choice, _, _ in question.choices)
    assert len(re.findall(r"^\d+\. ", printed, re.M)) == len(ids)
    assert printed.endswith(f"The answers are in the appendix *{questions.ANSWERS_TITLE}*.\n")


def test_the_answers_appendix_has_its_title_and_every_chapter_in_order():
    page = source("answers")
    assert f"\n# {questions.ANSWERS_TITLE}\n" in page and "glue_markdown(\"answers\", answers_markdown())" in page
    answers = questions.answers_markdown()
    starts = [answers.index(f"**{{doc}}`{name}`**") for name in WITH_QUESTIONS]
    assert starts == sorted(starts)
    assert answers.count("*Answer:*") == sum(len(listed) for listed in questions.QUESTIONS.values())
