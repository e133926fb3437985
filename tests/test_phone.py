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


#: Images whose "tap to open full size" line is shown when they are large, or not shown when they are small.
TAP_HINTS = """
return [...document.querySelectorAll('article a[href] > img[width]')].filter(i => {
  const hint = i.parentElement.nextElementSibling;
  const said = !!hint && hint.classList.contains('fcc-tap') && hint.offsetParent !== null;
  return said !== (i.clientWidth < arguments[0] * i.getAttribute('width'));
}).map(i => [i.src, i.clientWidth, i.getAttribute('width')]);
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
    # An image shown so small that its 10 pt labels (13.3 px at its drawn size, its width attribute) are under
    # 10 px says under it that a tap opens it full size; one shown large enough does not.
    unsaid = phone.execute_script(TAP_HINTS, MIN_TEXT_PX / (4 / 3 * 10))
    assert unsaid == [], f"{page}: small images without the hint, or large ones with it: {unsaid}"
    distorted = phone.execute_script(  # each image carries its size (fc_to_conv.sphinxext.a11y) and keeps its shape
        "return [...document.querySelectorAll('article img')].filter(i => { const r = i.getBoundingClientRect();"
        " return !(i.width && i.getAttribute('height')) || Math.abs(r.height / r.width - i.getAttribute('height') / i.getAttribute('width')) > 0.01; })"
        ".map(i => i.src)")
    assert distorted == [], f"{page}: images without their size or out of shape: {distorted}"


def tap(browser, element, scroll=True):
    """A finger's tap on the middle of ``element`` (scrolled into view, unless ``scroll`` is false), as touch events."""
    if scroll:
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
    """A widget's figure keeps a legible width and would scroll in its box if that were wider than the screen, as a
    wide table does; a hint says so exactly when it does. The widgets' drawings fit a 390 px phone."""
    page = (built_book / "book" / f"{chapter}.html").as_uri()
    phone.get(page)
    boxes = phone.execute_script(SCROLL_BOXES)
    assert any(widget for widget, _, _ in boxes), boxes
    assert all(hinted == wider for _, wider, hinted in boxes), boxes
    assert not any(wider for widget, wider, _ in boxes if widget), boxes
    if chapter == "convolution":  # the summary table is wider; a stage shown later gets its box's hint right too
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


#: Of the elements given, those not wholly on screen: under the theme's sticky header, or past an edge of the window.
OFF_SCREEN = """
const top = Math.max(0, document.querySelector('.bd-header').getBoundingClientRect().bottom);
return [...arguments[0]].map(e => e.getBoundingClientRect()).filter(r =>
  r.left < -0.5 || r.right > innerWidth + 0.5 || r.top < top - 0.5 || r.bottom > innerHeight + 0.5)
  .map(r => [Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)]);
"""
LIT_NODES = "return [...arguments[0].querySelectorAll('.fcc-node.fcc-on')]"
SCROLLS = "return arguments[0].closest('.fcc-scroll').scrollWidth > arguments[0].closest('.fcc-scroll').clientWidth + 1"


@pytest.mark.parametrize("chapter", ["grouping", "locality", "convolution"])
def test_a_tap_lights_neurons_on_screen_and_a_second_tap_clears_them(phone, built_book, chapter):
    """The network a reader taps is on the phone's screen whole, without a sideways scroll: the
    pixels and neurons a tap on pixel 4 lights are all on screen; a second tap on it clears them."""
    phone.get((built_book / "book" / f"{chapter}.html").as_uri())
    buttons = phone.find_elements("css selector", ".fcc-stepper .fcc-stage") or [None]
    seen = 0
    for button in buttons:
        if button is not None:
            phone.execute_script("arguments[0].click()", button)
        for svg in [svg for svg in phone.find_elements("css selector", ".fcc-net svg.fcc-traceable") if svg.is_displayed()]:
            seen += 1
            assert not phone.execute_script(SCROLLS, svg), f"{chapter}: a network scrolls sideways on a phone"
            phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", svg)
            assert phone.execute_script(OFF_SCREEN, [svg]) == [], f"{chapter}: a network is taller than the screen"
            pixel = svg.find_element("css selector", ".fcc-pixel[data-pixel='4']")
            tap(phone, pixel, scroll=False)
            lit = phone.execute_script(LIT_NODES, svg)
            assert len(lit) > 1 and pixel.get_attribute("aria-pressed") == "true"
            assert phone.execute_script(OFF_SCREEN, lit) == [], f"{chapter}: lit nodes off screen"
            tap(phone, pixel, scroll=False)
            assert pixel.get_attribute("aria-pressed") == "false"
            assert phone.execute_script(LIT_NODES, svg) == [], f"{chapter}: a second tap left the trace lit"
    assert seen == (4 if chapter == "convolution" else {"grouping": 1, "locality": 2}[chapter])


def test_next_moves_a_window_output_and_neuron_that_are_on_screen(phone, built_book):
    """On a phone the slide widget's buttons, its image and its network are on screen together: a tap on
    Next moves the window, adds the output and lights the neuron where the reader sees them."""
    phone.get((built_book / "book" / "convolution.html").as_uri())
    root = phone.find_element("css selector", ".fcc-slide")
    controls = root.find_element("css selector", ".fcc-controls")
    phone.execute_script("arguments[0].scrollIntoView({block: 'start'});"
                         "scrollBy(0, -Math.max(0, document.querySelector('.bd-header').getBoundingClientRect().bottom))", controls)
    steps = len(root.find_elements("css selector", ".fcc-output"))
    for k in range(1, steps):
        tap(phone, root.find_element("css selector", '[data-action="next"]'), scroll=False)
        assert root.get_attribute("data-step") == str(k)
        moved = phone.execute_script(
            "const root = arguments[0];"
            "return [...root.querySelectorAll('.fcc-step.fcc-current, .fcc-output.fcc-done, .fcc-node.fcc-on')]", root)
        assert len(moved) > 3 + k
        assert phone.execute_script(OFF_SCREEN, moved) == [], f"step {k + 1}: what moved is off screen"
        assert not any(phone.execute_script(SCROLLS, svg) for svg in root.find_elements("css selector", "svg"))


#: Each displayed formula: is it wider than its box (its <math>, which scrolls), does the box scroll, is the hint shown.
FORMULAS = """
return [...document.querySelectorAll('article div.math > math')].map(math => {
  const before = math.scrollLeft, hint = math.parentElement.previousElementSibling;
  math.scrollLeft = 20;
  const scrolls = math.scrollLeft > before;
  math.scrollLeft = before;
  return [math.getAttribute('alttext'), math.scrollWidth > math.clientWidth + 1, scrolls,
          !!hint && hint.classList.contains('fcc-swipe') && hint.offsetParent !== null];
});
"""


@pytest.mark.parametrize("chapter", ["general_case", "equivariance"])
def test_a_formula_wider_than_a_small_phone_scrolls_and_says_so(phone, built_book, chapter):
    """At 360 px a displayed formula wider than the column scrolls in its box, under the swipe hint (a phone shows no
    scroll bar, so without it the formula looks cut); one that fits has no hint."""
    phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**PHONE, "width": 360})
    try:
        phone.get((built_book / "book" / f"{chapter}.html").as_uri())
        formulas = phone.execute_script(FORMULAS)
        assert formulas
        if chapter == "equivariance":  # its last line of algebra is wider than 360 px
            assert any(wide for _, wide, _, _ in formulas), formulas
        assert [alttext for alttext, wide, scrolls, hinted in formulas if wide and not scrolls] == []
        assert [alttext for alttext, wide, _, hinted in formulas if wide != hinted] == []
    finally:
        phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
