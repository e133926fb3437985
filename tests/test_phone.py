"""Every page on a phone (390 CSS px wide, touch): nothing scrolls sideways, figures stay legible, tracing works by tap.

The phone is Chromium's device emulation (DevTools protocol): a 390 x 844 viewport at three
device pixels per CSS pixel, with touch input.
"""

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import site_pages
from test_browser import browser  # noqa: F401  (the headless Chromium fixture)

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
#: Smallest text, in CSS px on screen, that a figure may draw at the phone's width.
MIN_TEXT_PX = 10

#: Elements that stick out of the viewport without a scrolling box or a fixed, hidden drawer around them.
WIDENERS = """
const width = document.documentElement.clientWidth, found = [];
for (const e of document.querySelectorAll('body *')) {
  const box = e.getBoundingClientRect(), style = getComputedStyle(e);
  if (box.width === 0 || box.right <= width + 0.5 || style.visibility === 'hidden' || style.position === 'fixed') continue;
  let held = false;
  for (let p = e.parentElement; p && p !== document.body && !held; p = p.parentElement) {
    const s = getComputedStyle(p);
    held = s.position === 'fixed' || s.overflowX !== 'visible' || s.visibility === 'hidden';
  }
  if (!held) found.push(`${e.tagName.toLowerCase()}.${e.className} (right edge ${Math.round(box.right)} px)`);
}
return [document.documentElement.scrollWidth, width, found.slice(0, 5)];
"""

#: Each text drawn in an inline SVG figure: its font size on screen (CSS px) and its words.
SVG_TEXT = """
return [...document.querySelectorAll('article svg text')].map(t =>
  [parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b), t.textContent]);
"""


@pytest.fixture(scope="module")
def phone(browser):  # noqa: F811
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


@pytest.mark.parametrize("page", site_pages())
def test_page_does_not_scroll_sideways(phone, built_book, page):
    phone.get((built_book / page).as_uri())
    scroll_width, width, wideners = phone.execute_script(WIDENERS)
    assert width == PHONE["width"]
    assert scroll_width <= width, f"{page} is {scroll_width} px wide on a {width} px screen: {wideners}"


@pytest.mark.parametrize("page", site_pages())
def test_figures_are_legible_or_open_full_size(phone, built_book, page):
    """Text drawn in an inline figure is at least 10 px; an image figure is a link that opens its own file."""
    phone.get((built_book / page).as_uri())
    small = [(round(size, 1), text) for size, text in phone.execute_script(SVG_TEXT) if size < MIN_TEXT_PX - 0.01]
    assert small == [], f"{page}: text under {MIN_TEXT_PX} px on a phone: {small[:5]}"
    unlinked = phone.execute_script(
        "return [...document.querySelectorAll('article img')]"
        ".filter(i => !(i.closest('a[href]') && i.closest('a[href]').href === i.src)).map(i => i.src)")
    assert unlinked == [], f"{page}: images a tap does not open full size: {unlinked}"
    distorted = phone.execute_script(  # each image carries its size (fc_to_conv.sphinxext.a11y) and keeps its shape
        "return [...document.querySelectorAll('article img')].filter(i => { const r = i.getBoundingClientRect();"
        " return !(i.width && i.getAttribute('height')) || Math.abs(r.height / r.width - i.getAttribute('height') / i.getAttribute('width')) > 0.01; })"
        ".map(i => i.src)")
    assert distorted == [], f"{page}: images without their size or out of shape: {distorted}"


def tap(browser, element):
    """A finger's tap on the middle of ``element`` (scrolled into view), as touch events."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", element)
    x, y = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]", element)
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_a_tap_traces_a_neurons_wires(phone, built_book):
    phone.get((built_book / "book" / "convolution.html").as_uri())
    svg = phone.find_element("css selector", "svg.fcc-traceable")
    neuron = svg.find_element("css selector", ".fcc-node[data-kind='neuron']")
    size = phone.execute_script("const r = arguments[0].getBoundingClientRect(); return Math.min(r.width, r.height)", neuron)
    assert size >= 16, f"a neuron is {size:.0f} px across on a phone, too small to tap"
    tap(phone, neuron)
    assert neuron.get_attribute("aria-pressed") == "true"
    lit = phone.execute_script("return arguments[0].querySelectorAll('.fcc-wire.fcc-on').length", svg)
    assert lit > 0


#: Each scrolling box that is shown, a widget's figure's or a table's: [is it a widget's, is what it holds
#: wider than the box, is the hint above it shown].
SCROLL_BOXES = """
return [...document.querySelectorAll('.fcc-scroll, .bd-article .pst-scrollable-table-container')]
  .filter(b => b.offsetParent !== null).map(b => {
    const hint = b.previousElementSibling;
    return [b.classList.contains('fcc-scroll'), b.scrollWidth > b.clientWidth + 1,
            !!hint && hint.classList.contains('fcc-swipe') && hint.offsetParent !== null];
  });
"""


@pytest.mark.parametrize("chapter", ["convolution", "locality"])
def test_a_figure_or_table_wider_than_the_phone_says_it_scrolls(phone, built_book, chapter):
    """A widget's figure keeps a legible width and scrolls in its box if that is wider than the screen, as a
    wide table does; a hint says so exactly when it does. The locality chapter's half-width networks fit."""
    page = (built_book / "book" / f"{chapter}.html").as_uri()
    phone.get(page)
    boxes = phone.execute_script(SCROLL_BOXES)
    assert any(widget for widget, _, _ in boxes), boxes
    assert all(hinted == wider for _, wider, hinted in boxes), boxes
    if chapter == "locality":
        assert not any(wider for widget, wider, _ in boxes if widget), boxes
    if chapter == "convolution":  # page-wide figures and the summary table are wider; a stage shown later gets its hint
        assert all(wider for widget, wider, _ in boxes if widget), boxes
        assert any(wider for widget, wider, _ in boxes if not widget), boxes
        phone.execute_script("document.querySelectorAll('.fcc-stepper .fcc-stage')[2].click()")
        WebDriverWait(phone, 5).until(  # the hint follows the box's size as the browser reports it, a frame later
            lambda b: all(hinted == wider for _, wider, hinted in b.execute_script(SCROLL_BOXES)))
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**PHONE, "width": 1000, "mobile": False})
    try:
        phone.get(page)
        boxes = phone.execute_script(SCROLL_BOXES)
        assert boxes and not any(wider or hinted for _, wider, hinted in boxes), boxes
    finally:
        phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
