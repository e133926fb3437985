"""The self-check questions in real headless Chromium, on the built book: every question answered right and
wrong, with the mouse and with the keyboard, its feedback checked against fc_to_conv.questions."""

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from fc_to_conv import questions
from test_accessibility import MODES, axe, describe, open_in_mode, run_axe  # noqa: F401  (the axe fixture)
from test_browser import browser, open_chapter  # noqa: F401  (the browser fixture, shared)
from test_questions import WITH_QUESTIONS

pytestmark = pytest.mark.slow

#: New questions drawn per generated kind, each checked against the package.
DRAWS = 60


def fresh(browser, built_book, name):  # noqa: F811
    """The chapter, loaded with nothing remembered; returns its questions' elements."""
    open_chapter(browser, built_book, name)
    browser.execute_script("localStorage.clear()")
    open_chapter(browser, built_book, name)
    return browser.find_elements(By.CSS_SELECTOR, ".fcc-question")


def state(browser, item):  # noqa: F811
    """What a question shows: its draw, prompt, worked answer, answer, feedback, result and the focused element."""
    return browser.execute_script("""
        const item = arguments[0], text = s => (item.querySelector(s) || {}).textContent;
        return {params: item.dataset.params ? JSON.parse(item.dataset.params) : null, prompt: text('.fcc-prompt'),
                worked: text('.fcc-worked-text'), answer: text('.fcc-answer-value'), feedback: text('.fcc-feedback'),
                live: item.querySelector('.fcc-feedback').getAttribute('aria-live'), result: item.dataset.result || null,
                focus: document.activeElement, open: item.querySelector('details').open};""", item)


def expected(kind, params):
    """Prompt, worked answer and answer the package writes for a draw."""
    spec = questions.KINDS[kind]
    found = questions.values(kind, params)
    return questions.fill(spec.prompt, found), questions.fill(spec.worked, found), found[spec.answer]


def click(browser, element):  # noqa: F811
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def check_generated(browser, item, qid, kind):  # noqa: F811
    """Answer wrong by keyboard, right by mouse, open the worked answer, draw a new one by keyboard and answer it."""
    shown = state(browser, item)
    assert shown["params"] == questions.fixed_draw(qid, kind), qid
    prompt, worked, answer = expected(kind, shown["params"])
    assert (shown["prompt"], shown["worked"], shown["answer"]) == (prompt, worked, questions.show(answer))
    assert shown["live"] == "polite" and shown["feedback"] == ""
    field = item.find_element(By.CSS_SELECTOR, "input")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.click()
    field.send_keys(str(answer + 1), Keys.ENTER)  # typed and submitted from the keyboard
    shown = state(browser, item)
    assert shown["result"] == "wrong" and shown["feedback"] == f"Not {questions.show(answer + 1)}. Try again, or open the worked answer."
    assert shown["focus"] == field, "the focus stays in the answer field"
    field.clear()
    field.send_keys("a dozen", Keys.ENTER)
    assert state(browser, item)["result"] == "invalid"
    field.clear()
    field.send_keys(f"{answer:,}".replace("-", "\u2212"))  # as the page prints it, thousands separators and all
    click(browser, item.find_element(By.CSS_SELECTOR, 'button[type="submit"]'))
    shown = state(browser, item)
    assert shown["result"] == "right" and shown["feedback"] == f"Right: {questions.show(answer)}."
    click(browser, item.find_element(By.CSS_SELECTOR, "summary"))
    assert state(browser, item)["open"]
    new = item.find_element(By.CSS_SELECTOR, '[data-action="new"]')
    browser.execute_script("arguments[0].focus()", new)
    new.send_keys(Keys.ENTER)
    shown = state(browser, item)
    assert shown["focus"] == new and not shown["open"] and shown["result"] is None
    assert shown["params"] != questions.fixed_draw(qid, kind)
    prompt, worked, answer = expected(kind, shown["params"])
    assert (shown["prompt"], shown["worked"], shown["answer"]) == (prompt, worked, questions.show(answer))
    assert shown["feedback"] == f"New question: {prompt}"
    field.send_keys(str(answer), Keys.ENTER)
    assert state(browser, item)["result"] == "right"


def check_choices(browser, item, qid, question):  # noqa: F811
    """Every choice, right or wrong, chosen with the mouse and then with the keyboard, says its own why."""
    order = questions.choice_order(qid, question)
    radios = item.find_elements(By.CSS_SELECTOR, 'input[type="radio"]')
    labels = item.find_elements(By.CSS_SELECTOR, ".fcc-choice")
    check = item.find_element(By.CSS_SELECTOR, 'button[type="submit"]')
    assert [label.text for label in labels] == [question.choices[k][0] for k in order]
    click(browser, check)
    assert state(browser, item)["feedback"] == "Choose an answer first."
    for position, k in enumerate(order):
        text, right, why = question.choices[k]
        want = ("right" if right else "wrong", ("Right. " if right else "Not this one. ") + why)
        click(browser, labels[position])  # the mouse: the choice's label, then Check
        click(browser, check)
        shown = state(browser, item)
        assert (shown["result"], shown["feedback"]) == want, (qid, text)
        assert shown["live"] == "polite"
        browser.execute_script("arguments[0].focus()", radios[0])  # the keyboard: arrows to the choice, then Enter
        radios[0].send_keys(Keys.SPACE, *[Keys.ARROW_DOWN] * position)
        assert radios[position].is_selected()
        radios[position].send_keys(Keys.ENTER)
        shown = state(browser, item)
        assert (shown["result"], shown["feedback"]) == want and shown["focus"] == radios[position]
        marked = "fcc-right" if right else "fcc-wrong"
        assert marked in labels[position].get_attribute("class").split()


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_every_question_is_answered_right_and_wrong_with_mouse_and_keyboard(browser, built_book, name):  # noqa: F811
    chapter = f"book/{name}"
    items = fresh(browser, built_book, name)
    ids = questions.question_ids(chapter)
    assert [item.get_attribute("id") for item in items] == ids
    for item, qid, question in zip(items, ids, questions.QUESTIONS[chapter]):
        if isinstance(question, questions.Generated):
            check_generated(browser, item, qid, question.kind)
        else:
            check_choices(browser, item, qid, question)
    problems = [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert problems == []


DRAW_MANY = """
const [item, draws] = arguments, seen = [];
for (let k = 0; k < draws; k++) {
  item.querySelector('[data-action="new"]').click();
  seen.push([item.dataset.params, item.querySelector('.fcc-prompt').textContent,
             item.querySelector('.fcc-worked-text').textContent, item.querySelector('.fcc-answer-value').textContent]);
}
return seen;
"""


def first_of_each_kind():
    """(chapter, question id, kind) for the first question of each generated kind."""
    found = {}
    for chapter, listed in questions.QUESTIONS.items():
        for qid, question in zip(questions.question_ids(chapter), listed):
            if isinstance(question, questions.Generated):
                found.setdefault(question.kind, (chapter.removeprefix("book/"), qid, question.kind))
    return sorted(found.values(), key=lambda found: found[2])


def test_every_kind_is_a_generated_question_somewhere():
    assert {kind for _, _, kind in first_of_each_kind()} == set(questions.KINDS)


@pytest.mark.parametrize("name, qid, kind", first_of_each_kind(), ids=lambda v: str(v))
def test_the_pages_draws_are_counted_as_the_package_counts(browser, built_book, name, qid, kind):  # noqa: F811
    """Many new questions drawn by the page: each within its ranges, its texts and answer the package's."""
    fresh(browser, built_book, name)
    item = browser.find_element(By.ID, qid)
    seen = browser.execute_script(DRAW_MANY, item, DRAWS)
    spec = questions.KINDS[kind]
    for params_text, prompt, worked, answer in seen:
        params = json.loads(params_text)
        for parameter, low, high in spec.ranges:
            assert params.get(low, low) <= params[parameter] <= params.get(high, high), params
        for matrix, side, low, high in spec.matrices:
            assert len(params[matrix]) == side and all(len(row) == side and low <= min(row) <= max(row) <= high
                                                       for row in params[matrix])
        want_prompt, want_worked, want_answer = expected(kind, params)
        assert (prompt, worked, answer) == (want_prompt, want_worked, questions.show(want_answer)), params
    assert len({params for params, *_ in seen}) > DRAWS // 3, "the page draws varied questions"


def test_the_page_remembers_answers_until_the_reader_forgets_them(browser, built_book):  # noqa: F811
    items = fresh(browser, built_book, "convolution")
    generated, choice = items[0], items[-1]
    browser.execute_script("arguments[0].querySelector('[data-action=\"new\"]').click()", generated)
    drawn = state(browser, generated)["params"]
    field = generated.find_element(By.CSS_SELECTOR, "input")
    field.send_keys("12345", Keys.ENTER)
    click(browser, choice.find_elements(By.CSS_SELECTOR, ".fcc-choice")[1])
    click(browser, choice.find_element(By.CSS_SELECTOR, 'button[type="submit"]'))
    before = state(browser, choice)["feedback"]
    open_chapter(browser, built_book, "convolution")
    generated, choice = browser.find_elements(By.CSS_SELECTOR, ".fcc-question")[0::len(items) - 1]
    shown = state(browser, generated)
    assert shown["params"] == drawn and shown["result"] == "wrong" and "12,345" in shown["feedback"]
    assert state(browser, choice)["feedback"] == before
    forget = browser.find_element(By.CSS_SELECTOR, '[data-action="forget"]')
    click(browser, forget)
    assert browser.find_element(By.CSS_SELECTOR, ".fcc-forgotten").text == "Your answers on this page are forgotten."
    assert browser.execute_script("return Object.keys(localStorage).filter(k => k.startsWith(arguments[0]))",
                                  questions.STORAGE_PREFIX) == []
    open_chapter(browser, built_book, "convolution")
    generated, choice = browser.find_elements(By.CSS_SELECTOR, ".fcc-question")[0::len(items) - 1]
    assert state(browser, generated)["params"] == questions.fixed_draw(generated.get_attribute("id"), "output_value")
    assert state(browser, generated)["feedback"] == state(browser, choice)["feedback"] == ""
    assert not any(r.is_selected() for r in choice.find_elements(By.CSS_SELECTOR, "input"))


ANSWER_ALL = """
document.querySelectorAll('.fcc-question').forEach((item, k) => {
  const field = item.querySelector('input[type="text"]'), radios = item.querySelectorAll('input[type="radio"]');
  if (field) { field.value = k % 2 ? '1' : 'x'; } else { radios[k % radios.length].checked = true; }
  item.querySelector('button[type="submit"]').click();
  if (k % 2) item.querySelector('details').open = true;
});
"""


@pytest.mark.parametrize("mode", MODES)
def test_answered_questions_have_no_wcag_21_aa_violations(browser, axe, built_book, mode):  # noqa: F811
    """Feedback shown, right, wrong and invalid, and worked answers open: axe still finds nothing."""
    for name in ("convolution", "equivariance"):
        assert open_in_mode(browser, (built_book / "book" / f"{name}.html").as_uri(), mode) == mode
        browser.execute_script(ANSWER_ALL)
        results = browser.execute_script("return [...document.querySelectorAll('.fcc-question')].map(q => q.dataset.result)")
        assert {"right", "wrong"} & set(results) and all(results), results
        result = run_axe(browser, axe)
        assert result["violations"] == [], f"{name} ({mode}):\n{describe(result['violations'])}"


def test_answers_kept_by_an_older_page_are_ignored(browser, built_book):  # noqa: F811
    """A draw outside today's ranges, or a choice that is no longer there, is not restored, and nothing fails."""
    items = fresh(browser, built_book, "convolution")
    generated, choice = items[0].get_attribute("id"), items[-1].get_attribute("id")
    browser.execute_script(
        "localStorage.setItem(arguments[0] + arguments[1], JSON.stringify({kind: 'output_value', params: {row: 7},"
        " answer: '3'}));"
        "localStorage.setItem(arguments[0] + arguments[2], JSON.stringify({choice: 9}));",
        questions.STORAGE_PREFIX, generated, choice)
    open_chapter(browser, built_book, "convolution")
    shown = state(browser, browser.find_element(By.ID, generated))
    assert shown["params"] == questions.fixed_draw(generated, "output_value") and shown["feedback"] == ""
    assert state(browser, browser.find_element(By.ID, choice))["feedback"] == ""
    assert [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
