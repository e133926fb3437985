"""The built chapters in real headless Chromium, opened from disk with the network blocked."""

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_build import CHAPTERS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium and chromium-driver, headless, every host name unresolvable but 127.0.0.1 (the
    tests' own servers)."""
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            pytest.fail(f"{program} is not installed: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--window-size=1280,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def open_chapter(browser, html_dir, name, fragment=""):
    """Load a chapter (with ``fragment`` in its address) and wait for it; return the console."""
    if fragment:
        browser.get("about:blank")  # a new fragment on the same page would not reload it
    browser.get((html_dir / "book" / f"{name}.html").as_uri() + fragment)
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (document.readyState === 'complete') done(); else window.addEventListener('load', () => done());"
    )
    return browser.get_log("browser")


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_loads_cleanly_offline(browser, built_book, name):
    console = open_chapter(browser, built_book, name)
    problems = [entry["message"] for entry in console if entry["level"] in ("SEVERE", "WARNING")]
    assert problems == [], f"{name}: console reports {problems}"
    broken = browser.execute_async_script(  # lazy images load when the reader scrolls near them: load them all
        "const done = arguments[arguments.length - 1];"
        "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; });"
        "Promise.all([...document.images].map(i => i.decode().catch(() => null)))"
        ".then(() => done([...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)));"
    )
    assert broken == [], f"{name}: images that did not load: {broken}"


def test_math_is_mathml_drawn_by_the_browser(browser, built_book):
    """The formulas arrive as MathML (fc_to_conv.sphinxext.mathml): no typesetting script, each drawn with its source."""
    open_chapter(browser, built_book, "general_case")
    formulas = browser.execute_script(
        "return [...document.querySelectorAll('article math')].map(m => "
        "[m.getAttribute('alttext'), m.getBoundingClientRect().height, m.querySelector('mfrac') !== null])"
    )
    assert len(formulas) >= 2
    assert all(alttext and height > 0 for alttext, height, _ in formulas), formulas
    line = browser.execute_script("return parseFloat(getComputedStyle(document.querySelector('article p')).lineHeight)")
    fraction = max(height for _, height, has_fraction in formulas if has_fraction)
    assert fraction > line, "a fraction is drawn as two levels, taller than a line of text"
    scripts = browser.execute_script("return [...document.scripts].map(s => s.src)")
    assert not [src for src in scripts if "mathjax" in src.lower()], scripts


def test_a_chapter_searches_the_book(browser, built_book):
    """The search dialog of a chapter, which loads no search index itself, finds pages through search.html."""
    open_chapter(browser, built_book, "introduction")
    browser.find_element(By.CSS_SELECTOR, "button.search-button__button").click()
    field = browser.find_element(By.CSS_SELECTOR, "#pst-search-dialog input[type=search]")
    field.send_keys("kernel", Keys.ENTER)
    found = WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a"))
    assert browser.current_url.split("?")[0].endswith("/search.html")
    # From disk, the browser refuses searchtools.js's requests for the found pages' text (the
    # summaries under each result; a served site shows them); nothing else may fail.
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    summaries = ("has been blocked by CORS policy", "Failed to load resource: net::ERR_FAILED", "Failed to fetch")
    assert [message for message in errors if not any(reason in message for reason in summaries)] == []
    assert any("convolution" in link.get_attribute("href") for link in found), [link.get_attribute("href") for link in found]


def test_dark_mode_shows_static_and_interactive_figures_alike_as_drawn(browser, built_book):
    """No filter dims a figure in dark mode: its texts keep the contrast tests/test_figure_contrast.py measures."""
    open_chapter(browser, built_book, "convolution")
    browser.execute_script("document.documentElement.dataset.theme = 'dark'")
    filters = browser.execute_script(
        "return [...document.querySelectorAll('article img, article svg.fcc-svg')].map(e => getComputedStyle(e).filter)")
    assert len(filters) > 5 and set(filters) == {"none"}, filters


def test_the_cite_box_blocks_get_copy_buttons(browser, built_book):
    open_chapter(browser, built_book, "grouping")
    buttons = browser.execute_script(
        "return document.querySelectorAll('.cite-this-chapter div.highlight button.copybtn').length"
    )
    assert buttons == 2


def test_a_click_on_a_solutions_title_opens_the_solution(browser, built_book):
    """The title's words "Exercise (...)" open the solution, as "Solution to" and the chevron do (no link away)."""
    open_chapter(browser, built_book, "grouping")
    solution = browser.find_element(By.CSS_SELECTOR, "div.solution.dropdown")
    title = solution.find_element(By.CSS_SELECTOR, ".admonition-title")
    assert title.find_elements(By.CSS_SELECTOR, "a") == []
    body = solution.find_element(By.CSS_SELECTOR, "section")
    assert not body.is_displayed()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", title)
    # Click on the exercise's name, the title's last words (offsets count from the title's centre).
    dx, dy = browser.execute_script(
        "const title = arguments[0], text = title.firstChild, end = text.data.lastIndexOf(')');"
        "const range = document.createRange(); range.setStart(text, end - 3); range.setEnd(text, end);"
        "const word = range.getBoundingClientRect(), box = title.getBoundingClientRect();"
        "return [Math.round(word.x + word.width / 2 - box.x - box.width / 2), Math.round(word.y + word.height / 2 - box.y - box.height / 2)];",
        title)
    ActionChains(browser).move_to_element_with_offset(title, dx, dy).click().perform()
    WebDriverWait(browser, 5).until(lambda b: body.is_displayed())
    assert browser.current_url.split("#")[0].endswith("grouping.html") and "#ex-" not in browser.current_url


def test_the_real_networks_tables_fit_a_desktop_column(browser, built_book):
    """The real networks' tables (LeNet-5, AlexNet, VGG-16: eight columns with the receptive field's; ResNet-50, MobileNet:
    nine, folded away; the summary: six; Keras's and PyTorch's counts: four) need no sideways scroll at 1280 px, so no hint shows; a hint that
    did would say "scroll"."""
    open_chapter(browser, built_book, "real_networks")
    columns = browser.execute_script(
        "return [...document.querySelectorAll('.bd-article .pst-scrollable-table-container')].map(b =>"
        " b.querySelector('tr').cells.length)")
    assert sorted(columns) == [4, 6, 8, 8, 8, 9, 9], columns
    browser.execute_script("document.querySelectorAll('.dropdown .toggle-button').forEach(b => b.click())")
    browser.execute_async_script("setTimeout(arguments[arguments.length - 1], 1500)")  # the boxes open, animated
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('.bd-article .pst-scrollable-table-container')].map(b =>"
        " [b.querySelector('tr').cells.length, b.scrollWidth > b.clientWidth + 1, b.clientWidth,"
        "  !b.previousElementSibling.classList.contains('fcc-swipe') || b.previousElementSibling.hidden])")
    assert [box for box in boxes if box[1] or not box[2] or not box[3]] == [], boxes
    hints = browser.execute_script("return [...document.querySelectorAll('.fcc-swipe')].map(h => h.textContent)")
    assert hints and all("scroll sideways" in hint for hint in hints), hints  # a mouse scrolls, a finger swipes


def test_the_article_headers_button_folds_and_unfolds_the_table_of_contents(browser, built_book):
    """On a desktop the button beside the title hides the sidebar and brings it back (no drawer opens)."""
    open_chapter(browser, built_book, "grouping")
    sidebar = browser.find_element(By.ID, "pst-primary-sidebar")
    (button,) = [b for b in browser.find_elements(By.CSS_SELECTOR, ".primary-toggle") if b.is_displayed()]
    assert sidebar.is_displayed()
    button.click()
    WebDriverWait(browser, 5).until(lambda _: not sidebar.is_displayed())
    assert browser.find_element(By.ID, "pst-primary-sidebar-modal").get_attribute("open") is None
    button.click()
    WebDriverWait(browser, 5).until(lambda _: sidebar.is_displayed())
