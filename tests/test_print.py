"""The chapters as a reader's browser prints them (the download menu's ".pdf" entry is ``window.print()``).

Chromium prints every chapter to PDF (CDP ``Page.printToPDF``, which fires ``beforeprint`` as a reader's
print does) and ``pdftotext`` reads it back. On paper every figure and every widget keeps its picture,
no control is printed, no sentence asks the reader to tap, point, click or drag, and the solutions
and worked answers stay folded unless the reader opened them.
"""

import base64
import re
import shutil
import subprocess
import unicodedata

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import REPO
from test_browser import browser, open_chapter  # noqa: F401  (the headless Chromium fixture, shared)
from test_build import CHAPTERS

pytestmark = pytest.mark.slow

#: What asks a reader to do something with the page, which paper cannot do.
INTERACTION = re.compile(r"\b(?:tap|taps|tapp\w*|click\w*|point(?:s|ing)? at|hover\w*|drag\w*|swip\w*|scroll\w*|"
                         r"pick a|choose a|try (?:a|the|then|it)|trace (?:a|one|it))\b", re.I)

#: What print media shows of a chapter: its figures, its widgets' drawings, the controls still drawn, and the
#: texts the print must leave out or keep (each widget's help and titles, folded answers and solutions).
ON_PAPER = """
const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
  && Number(getComputedStyle(e).opacity) > 0;
const box = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const text = e => e.textContent;
const article = document.querySelector('.bd-article');
return {
  images: [...article.querySelectorAll('img')].map(i => [i.getAttribute('src'), shown(i) && box(i), i.naturalWidth > 0]),
  captions: [...article.querySelectorAll('figcaption')].map(c => c.innerText),
  widgets: article.querySelectorAll('.fcc-widget').length,
  quizzes: article.querySelectorAll('.fcc-quiz').length,
  drawings: [...article.querySelectorAll('.fcc-widget svg')].map(s => [s.getAttribute('aria-label'), shown(s) && box(s)]),
  controls: [...article.querySelectorAll('button, details.fcc-keys')].filter(shown).map(e => e.outerHTML.slice(0, 120)),
  titles: [...article.querySelectorAll('.fcc-widget .fcc-title')].map(t =>
    [(t.querySelector('.fcc-screen') || t).textContent, t.querySelector('.fcc-print')?.textContent || null]),
  help: [...article.querySelectorAll('.fcc-help')].map(text),
  folded: [...article.querySelectorAll('details.fcc-worked:not([open]) > p')].map(text).concat(
    [...article.querySelectorAll('.solution.toggle-hidden > section')].map(s => text(s).trim().slice(0, 40))),
  solutions: [...article.querySelectorAll('.solution > .admonition-title')].map(text),
};
"""


def words(text):
    """Text with compatibility forms folded (ligatures, math letters, non-breaking spaces), whitespace runs one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def holds(text, part):
    """Whether ``part`` is in ``text`` but for whitespace, which a printed formula or code span may add or drop."""
    return "".join(words(part).split()) in "".join(text.split())


def printed(browser, folder, name):  # noqa: F811
    """The current page printed by Chromium, as :func:`words`."""
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {})["data"]))
    return words(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout)


def on_paper(browser):  # noqa: F811
    """What print media shows of the page (ON_PAPER), its lazily loaded images loaded first."""
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; });"
        "Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => done());"
    )
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        return browser.execute_script(ON_PAPER)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def paper_problems(name, source, page, text):
    """What is wrong with chapter ``name`` on paper: ``page`` is :func:`on_paper`'s, ``text`` :func:`printed`'s."""
    expected = {"widgets": len(re.findall(r"^glue_html\(", source, flags=re.M)),
                "quizzes": len(re.findall(r"^glue_questions\(", source, flags=re.M))}
    found = {key: page[key] for key in expected}
    problems = [f"the page has {found}, its source pastes {expected}"] if found != expected else []
    problems += [f"figure {src} is not printed" for src, drawn, _ in page["images"] if not drawn]
    problems += [f"figure {src} did not load" for src, _, loaded in page["images"] if not loaded]
    problems += [f"caption {words(c)[:60]!r} is not printed" for c in page["captions"] if not holds(text, c)]
    problems += [f"widget drawing {label!r} is not printed" for label, drawn in page["drawings"] if not drawn]
    problems += [f"a control is printed: {html}" for html in page["controls"]]
    problems += [f"the title {screen!r} is printed, or its print wording {paper!r} is not" for screen, paper in page["titles"]
                 if holds(text, screen) or not paper or not holds(text, paper)]
    problems += [f"the help {words(h)[:60]!r} is printed" for h in page["help"] if holds(text, h)]
    problems += [f"folded {words(f)!r} is printed" for f in page["folded"] if holds(text, f)]
    problems += [f"solution title {words(s)!r} is not printed" for s in page["solutions"] if not holds(text, s)]
    problems += [f"the print says {text[max(0, m.start() - 60):m.end() + 60]!r}" for m in INTERACTION.finditer(text)]
    return [f"{name}: {problem}" for problem in problems]


def test_every_chapter_prints_its_figures_and_widgets_and_no_interaction(browser, built_book, tmp_path):  # noqa: F811
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: apt-get install -y poppler-utils")
    problems = []
    for name in CHAPTERS:
        open_chapter(browser, built_book, name)
        page = on_paper(browser)
        problems += paper_problems(name, (REPO / "book" / f"{name}.md").read_text(), page,
                                   printed(browser, tmp_path, name))
    assert problems == [], "\n".join(problems)


def test_what_the_reader_opened_or_traced_is_printed(browser, built_book, tmp_path):  # noqa: F811
    """A solution and a worked answer the reader opened are printed, the others stay folded; a wire the reader
    traced prints lit, with the status line that says what is lit."""
    open_chapter(browser, built_book, "grouping")
    solution = browser.find_element(By.CSS_SELECTOR, ".solution")
    answer = browser.find_element(By.CSS_SELECTOR, "details.fcc-worked")
    solution.find_element(By.CSS_SELECTOR, ".admonition-title").click()
    answer.find_element(By.CSS_SELECTOR, "summary").click()
    browser.execute_script("document.querySelector('.fcc-trace .fcc-pixel').focus()")
    ActionChains(browser).send_keys(Keys.ENTER).perform()  # pins pixel 0's wires
    status = browser.find_element(By.CSS_SELECTOR, ".fcc-trace .fcc-status").text
    assert status.startswith("pixel 0"), status
    opened = [solution.find_element(By.CSS_SELECTOR, "section").text[:40], answer.find_element(By.CSS_SELECTOR, "p").text,
              status]
    page = on_paper(browser)
    text = printed(browser, tmp_path, "grouping-opened")
    assert all(part and holds(text, part) for part in opened), opened
    still = [words(f) for f in page["folded"]]
    assert still and not [f for f in still if holds(text, f)], "the solutions and answers the reader left folded are printed"
