"""The interactive figures in real headless Chromium, on the built book, checked against the package."""

import json

import numpy as np
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from fc_to_conv import real_layers, interactive
from fc_to_conv.convolution import cross_correlate
from fc_to_conv.image import example_image, windows
from fc_to_conv.stages import article_stages, registry
from fc_to_conv.summary import REFERENCE
from fc_to_conv.text import COUNT, PERCENT_2DP, number
from test_browser import browser, open_chapter  # noqa: F401  (the browser fixture, shared)

pytestmark = pytest.mark.slow

STAGES = {registry(layer.name).slug: layer for layer in article_stages()}
DASH = "\u2014"

#: A point on a wire (in view, off the nodes) as far as possible from every wire with another weight id,
#: as an offset from the SVG's in-view centre (where ActionChains offsets start); null if none is clear.
POINT_ON_WIRE = """
const [wire, svg] = arguments;
wire.scrollIntoView({block: "center"});
const ends = w => w.querySelector("path").getAttribute("d").match(/-?[\\d.]+/g).map(Number);
const [x1, y1, x2, y2] = ends(wire), screen = svg.getScreenCTM();
const others = [...svg.querySelectorAll(".fcc-wire")].filter(w => w.dataset.weight !== wire.dataset.weight).map(ends);
const distance = (x, y, [a, b, c, d]) => {
  const t = Math.max(0, Math.min(1, ((x - a) * (c - a) + (y - b) * (d - b)) / ((c - a) ** 2 + (d - b) ** 2)));
  return Math.hypot(x - a - t * (c - a), y - b - t * (d - b));
};
let best = null;
for (let f = 0.15; f < 0.86; f += 0.01) {  // away from the nodes at either end
  const x = x1 + f * (x2 - x1), y = y1 + f * (y2 - y1), p = new DOMPoint(x, y).matrixTransform(screen);
  const hit = document.elementFromPoint(p.x, p.y);
  if (!hit || !svg.contains(hit) || hit.closest(".fcc-node")) continue;
  const clearance = Math.min(Infinity, ...others.map(o => distance(x, y, o)));
  if (!best || clearance > best.clearance) best = {clearance, x: p.x, y: p.y};
}
if (!best || best.clearance < 2) return null;
const r = svg.getBoundingClientRect();
const cx = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
const cy = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
return [Math.round(best.x - cx), Math.round(best.y - cy)];
"""
LIT = """
const panel = arguments[0];
const lit = [...panel.querySelectorAll(".fcc-wire.fcc-on")].map(w => [+w.dataset.neuron, +w.dataset.pixel]);
return {wires: lit, status: document.querySelector(".fcc-stepper .fcc-status").textContent,
        pixels: [...panel.querySelectorAll(".fcc-pixel.fcc-on")].map(e => +e.dataset.pixel),
        neurons: [...panel.querySelectorAll(".fcc-neuron.fcc-on")].map(e => +e.dataset.neuron),
        box: JSON.stringify([panel.getBoundingClientRect(), document.querySelector(".fcc-stepper .fcc-status")
                             .getBoundingClientRect()])};
"""


def open_convolution(browser, built_book, fragment=""):  # noqa: F811
    """The convolution chapter, freshly loaded (with ``fragment`` in its address); returns the console."""
    return open_chapter(browser, built_book, "convolution", fragment)


def console_problems(browser, earlier=()):  # noqa: F811
    entries = list(earlier) + browser.get_log("browser")
    return [e["message"] for e in entries if e["level"] in ("SEVERE", "WARNING")]


def click(browser, element):  # noqa: F811
    """Click an element after scrolling it to the middle of the window, clear of the theme's sticky header."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def stage_button(browser, slug):  # noqa: F811
    return browser.find_element(By.CSS_SELECTOR, f'.fcc-stage[data-stage="{slug}"]')


def visible_panel(browser):  # noqa: F811
    return browser.find_element(By.CSS_SELECTOR, ".fcc-stepper .fcc-panel:not([hidden])")


def wires_with(layer, mask):
    return sorted(map(list, zip(*np.nonzero(mask))))


@pytest.mark.parametrize("slug", list(STAGES))
def test_hovering_a_wire_lights_exactly_the_wires_that_share_its_weight(browser, built_book, slug):  # noqa: F811
    console = open_convolution(browser, built_book)
    layer = STAGES[slug]
    click(browser, stage_button(browser, slug))
    panel = visible_panel(browser)
    assert panel.get_attribute("data-stage") == slug
    svg = panel.find_element(By.CSS_SELECTOR, "svg")
    wires = panel.find_elements(By.CSS_SELECTOR, ".fcc-wire")
    assert len(wires) == layer.wires
    for wire in [wires[k] for k in np.linspace(0, len(wires) - 1, 12).astype(int)]:
        neuron, pixel = int(wire.get_attribute("data-neuron")), int(wire.get_attribute("data-pixel"))
        weight = int(layer.ids[neuron, pixel])
        assert wire.get_attribute("data-weight") == str(weight)
        offset = browser.execute_script(POINT_ON_WIRE, wire, svg)
        assert offset is not None, f"no point of wire {neuron}-{pixel} is under the pointer"
        before = browser.execute_script(LIT, panel)["box"]
        ActionChains(browser).move_to_element_with_offset(svg, *offset).perform()
        lit = browser.execute_script(LIT, panel)
        sharing = layer.ids == weight
        assert sorted(lit["wires"]) == wires_with(layer, sharing), (slug, neuron, pixel)
        count = int(np.count_nonzero(sharing))
        assert len(lit["wires"]) == count
        usage = f"shared by {count} wires (this one:" if count > 1 else "used by one wire only (not shared):"
        assert lit["status"].startswith(f"weight id {weight} \u2014 {usage} pixel {pixel} to neuron {neuron}")
        assert sorted(lit["pixels"]) == sorted(set(np.nonzero(sharing)[1].tolist()))
        assert lit["box"] == before, "the page moved when a wire was lit"
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, ".fcc-stepper .fcc-title")).perform()
    assert browser.execute_script(LIT, panel)["wires"] == []
    assert console_problems(browser, console) == []


def test_a_second_click_on_a_pinned_wire_clears_it(browser, built_book):  # noqa: F811
    console = open_convolution(browser, built_book)
    click(browser, stage_button(browser, "convolutional"))
    panel = visible_panel(browser)
    svg = panel.find_element(By.CSS_SELECTOR, "svg")
    wire = panel.find_element(By.CSS_SELECTOR, ".fcc-wire[data-pixel='4']")
    offset = browser.execute_script(POINT_ON_WIRE, wire, svg)
    ActionChains(browser).move_to_element_with_offset(svg, *offset).click().perform()
    assert wire.get_attribute("aria-pressed") == "true" and browser.execute_script(LIT, panel)["wires"]
    ActionChains(browser).move_to_element_with_offset(svg, *offset).click().perform()
    assert wire.get_attribute("aria-pressed") == "false"
    assert browser.execute_script(LIT, panel)["wires"] == [], "the second click left the wire lit"
    # The pointer leaves the figure: nothing lights up again, the wire kept no focus.
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, ".fcc-stepper .fcc-title")).perform()
    assert browser.execute_script(LIT, panel)["wires"] == []
    assert not svg.find_elements(By.CSS_SELECTOR, ":focus")
    assert console_problems(browser, console) == []


def test_the_keyboard_traces_pixels_neurons_and_wires(browser, built_book):  # noqa: F811
    console = open_convolution(browser, built_book)
    layer = STAGES["convolutional"]
    click(browser, stage_button(browser, "convolutional"))
    panel = visible_panel(browser)
    focused = lambda: browser.switch_to.active_element  # noqa: E731
    ActionChains(browser).send_keys(Keys.TAB).perform()  # from the stage buttons into the figure
    assert focused().get_attribute("data-pixel") == "0" and focused().get_attribute("data-kind") == "pixel"
    lit = browser.execute_script(LIT, panel)
    assert sorted(lit["wires"]) == wires_with(layer, (layer.ids >= 0) & (np.arange(layer.pixels) == 0))
    assert lit["status"].startswith(f"pixel 0 \u2014 {np.count_nonzero(layer.ids[:, 0] >= 0)} wires")
    ActionChains(browser).send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN).perform()
    assert focused().get_attribute("data-pixel") == "4"
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()  # across to pixel 4's first wire
    first = int(np.flatnonzero(layer.ids[:, 4] >= 0)[0])
    assert (focused().get_attribute("data-kind"), focused().get_attribute("data-neuron")) == ("wire", str(first))
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()  # the next wire from pixel 4
    second = int(np.flatnonzero(layer.ids[:, 4] >= 0)[1])
    assert (focused().get_attribute("data-pixel"), focused().get_attribute("data-neuron")) == ("4", str(second))
    weight = int(layer.ids[second, 4])
    assert sorted(browser.execute_script(LIT, panel)["wires"]) == wires_with(layer, layer.ids == weight)
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()  # to its neuron
    assert focused().get_attribute("data-neuron") == str(second) and focused().get_attribute("data-kind") == "neuron"
    lit = browser.execute_script(LIT, panel)
    assert sorted(lit["wires"]) == wires_with(layer, (layer.ids >= 0) & (np.arange(layer.neurons) == second)[:, None])
    ActionChains(browser).send_keys(Keys.ENTER).perform()  # pin, then leave the figure: the highlight stays
    assert focused().get_attribute("aria-pressed") == "true"
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert browser.execute_script(LIT, panel)["wires"] == []
    ring = browser.execute_script(
        "return getComputedStyle(document.activeElement.querySelector('.fcc-ring')).stroke")
    assert ring != "none", "the focused neuron has no visible focus ring"
    assert console_problems(browser, console) == []


def test_each_stage_shows_the_package_counts_and_the_address_keeps_it(browser, built_book):  # noqa: F811
    console = open_convolution(browser, built_book)
    counter = lambda: browser.execute_script(  # noqa: E731
        "return [...document.querySelectorAll('.fcc-counter dd')].map(e => e.textContent)")
    expected = {s["slug"]: [s["wires_text"], s["weights_text"], s["reduction_text"]]
                for s in interactive.stage_counts(list(STAGES.values()))}
    assert counter() == expected["fully-connected"]
    first = STAGES["fully-connected"]
    for slug, layer in STAGES.items():
        reduction = REFERENCE if layer is first else PERCENT_2DP.format(1 - layer.weights / first.weights)
        assert expected[slug] == [COUNT.format(layer.wires), COUNT.format(layer.weights), reduction]
    click(browser, browser.find_element(By.CSS_SELECTOR, '.fcc-stage[aria-checked="true"]'))
    for slug in list(STAGES)[1:]:  # the arrow keys walk through the stages
        ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()
        assert browser.switch_to.active_element.get_attribute("data-stage") == slug
        assert visible_panel(browser).get_attribute("data-stage") == slug
        assert counter() == expected[slug]
        assert browser.execute_script("return location.hash") == f"#stage={slug}"
    ActionChains(browser).send_keys(Keys.ARROW_RIGHT).perform()  # and wrap around
    assert browser.switch_to.active_element.get_attribute("data-stage") == "fully-connected"
    console += browser.get_log("browser")
    for slug in STAGES:  # a link with the stage opens it
        console += open_convolution(browser, built_book, f"#stage={slug}")
        assert visible_panel(browser).get_attribute("data-stage") == slug
        assert counter() == expected[slug]
        top = browser.execute_script("return document.querySelector('.fcc-stepper').getBoundingClientRect().top")
        assert 0 <= top < 100, f"#stage={slug} did not scroll to the figure (its top is at {top} px)"
    assert console_problems(browser, console) == []


def test_the_kernel_slides_one_output_per_step(browser, built_book):  # noqa: F811
    console = open_convolution(browser, built_book)
    root = browser.find_element(By.CSS_SELECTOR, ".fcc-slide")
    data = json.loads(root.find_element(By.CSS_SELECTOR, "script.fcc-data").get_attribute("textContent"))
    image, kernel = np.array(data["image"]), np.array(data["kernel"])
    assert np.array_equal(image, example_image())
    outputs = cross_correlate(image, kernel)
    under = windows(image.shape, kernel.shape)
    state = """
    const root = arguments[0];
    return {step: +root.dataset.step, status: root.querySelector('.fcc-status').textContent,
            windows: [...root.querySelectorAll('.fcc-step.fcc-current')].map(e => +e.dataset.step),
            visible: [...root.querySelectorAll('.fcc-step')].filter(e => getComputedStyle(e).visibility === 'visible')
                       .map(e => +e.dataset.step),
            outputs: [...root.querySelectorAll('.fcc-output.fcc-done')].map(e => +e.dataset.step),
            neurons: [...root.querySelectorAll('.fcc-neuron.fcc-on')].map(e => +e.dataset.neuron),
            wires: [...root.querySelectorAll('.fcc-wire.fcc-on')].map(e => [+e.dataset.neuron, +e.dataset.pixel]),
            pixels: [...root.querySelectorAll('.fcc-pixel.fcc-on')].map(e => +e.dataset.pixel)};
    """
    next_button = root.find_element(By.CSS_SELECTOR, '[data-action="next"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", root)
    seen = []
    for k in range(outputs.size):
        if k:
            next_button.click()
        s = browser.execute_script(state, root)
        r, c = divmod(k, outputs.shape[1])
        assert s["step"] == k and set(s["windows"]) == {k} and set(s["visible"]) == {k}
        assert sorted(s["outputs"]) == list(range(k + 1))
        assert s["neurons"] == [k] and sorted(s["pixels"]) == sorted(under[k].tolist())
        assert sorted(s["wires"]) == sorted([k, p] for p in under[k].tolist())
        assert data["steps"][k]["output"] == outputs[r, c]
        assert s["status"].startswith(f"Step {k + 1} of {outputs.size}")
        assert s["status"].endswith(f"= {number(outputs[r, c])}.")
        seen.append(s["status"])
    next_button.click()  # past the last window, back to the first, and it says so
    s = browser.execute_script(state, root)
    assert s["step"] == 0 and s["status"] == "Back to the first step. " + seen[0]
    root.find_element(By.CSS_SELECTOR, '[data-action="prev"]').click()
    s = browser.execute_script(state, root)
    assert s["step"] == outputs.size - 1 and s["status"] == "Back to the last step. " + seen[-1]
    play = root.find_element(By.CSS_SELECTOR, '[data-action="play"]')
    wait = "return new Promise(done => setTimeout(done, 1700))"
    play.click()  # from the last step, Play starts again at the first
    assert "Pause" in play.text
    assert browser.execute_script(state, root)["status"] == "Back to the first step. " + seen[0]
    browser.execute_script(wait)
    assert browser.execute_script(state, root)["step"] == 1  # it moved on by itself
    play.click()
    assert "Play" in play.text
    browser.execute_script(wait)
    assert browser.execute_script(state, root)["step"] == 1  # paused
    next_button.click()
    play.click()  # one step before the last: Play shows the last step, then stops
    browser.execute_script(wait)
    assert browser.execute_script(state, root)["step"] == outputs.size - 1 and "Play" in play.text
    browser.execute_script(wait)
    assert browser.execute_script(state, root)["step"] == outputs.size - 1, "Play went on past the last step"
    assert len(set(seen)) == outputs.size
    assert console_problems(browser, console) == []


CALCULATE = """
const [root, rows] = arguments, results = [];
const inputs = Object.fromEntries([...root.querySelectorAll('input')].map(i => [i.name, i]));
for (const row of rows) {
  for (const [name, value] of Object.entries(row.sizes)) inputs[name].value = String(value);
  inputs.side.dispatchEvent(new Event('input', {bubbles: true}));
  results.push({shown: [...root.querySelectorAll('.fcc-card')].map(card => [...card.querySelectorAll('dd')].map(dd => dd.textContent)),
                messages: [...root.querySelectorAll('.fcc-messages li')].map(li => li.textContent),
                summary: Object.fromEntries([...root.querySelectorAll('[data-summary]')].map(dd => [dd.dataset.summary, dd.textContent])),
                neurons: root.querySelector('.fcc-neurons').textContent});
}
return results;
"""


def shown(value):
    return DASH if value is None else COUNT.format(value)


def test_the_calculator_agrees_with_the_package_on_small_and_real_layers(browser, built_book):  # noqa: F811
    """Every row of interactive.calculator_table (VGG-16's first layer, MobileNet's first depthwise one among them) shows
    the package's counts, on the cards and in the summary: output side, parameters, multiply-accumulates with and
    without the padding products."""
    console = open_chapter(browser, built_book, "general_case")
    root = browser.find_element(By.CSS_SELECTOR, ".fcc-calc")
    table = interactive.calculator_table()
    results = browser.execute_script(CALCULATE, root, table)
    assert len(results) == len(table) > 400
    for row, result in zip(table, results):
        columns = len(interactive.CALC_COLUMNS)
        expected = [[COUNT.format(value) for value in counts] if counts else [DASH] * columns for counts in row["stages"]]
        assert result["shown"] == expected, row
        assert result["summary"] == {key: shown(row[key]) for key, _ in interactive.CALC_SUMMARY}, row
        assert bool(result["messages"]) >= (None in row["stages"]), (row, result["messages"])
        if row["stages"][3]:
            sizes = {name: value for name, value in row["sizes"].items() if name != "groups"}
            shape = real_layers.ConvShape(**sizes, floor=True)
            assert result["neurons"].split(" neuron")[0].endswith(COUNT.format(shape.outputs)), result["neurons"]
    assert console_problems(browser, console) == []


@pytest.mark.parametrize("sizes, message", [
    ({"side": "0"}, "image side (pixels): enter a whole number from 1"),
    ({"kernel": "2.5"}, "kernel side: enter a whole number from 1"),
    ({"padding": ""}, "padding: enter a whole number from 0"),
    ({"side": "3", "kernel": "6", "padding": "1"}, "A 6\u00d76 kernel does not fit on a 3\u00d73 image with padding 1"),
    ({"side": "3", "kernel": "3", "padding": "0", "dilation": "2"},
     "A 3\u00d73 kernel of dilation 2 (a 5\u00d75 window) does not fit on a 3\u00d73 image with padding 0: the kernel "
     "side can be at most 2."),
    ({"side": "224", "kernel": "3", "stride": "2", "padding": "1"},
     "Stride 2 does not divide the 223 pixels the kernel can move, so the last zero of padding at the end of each row "
     "and column is not read; every pixel of the image is."),
    ({"side": "6", "kernel": "3", "stride": "2"}, "so the last pixel of each row and column of the image is not read"),
    ({"side": "3000", "kernel": "1", "stride": "1000"}, "Stride 1,000 does not divide the 2,999 pixels the kernel can "
     "move, so the last 999 pixels of each row and column of the image are not read"),
    ({"in_channels": "3", "groups": "2"}, "2 channel groups must divide both the 3 input and the 4 output channels."),
    ({"side": "1", "in_channels": "256", "kernel": "3", "out_channels": "84", "padding": "1"},
     "Keras stores 193,536 weights, of which 21,504 can change an output"),
    ({"side": "100000000", "kernel": "3"}, "that count reaches 2\u2075\u00b3 (about 9 \u00d7 10\u00b9\u2075) or more"),
    ({"side": "x"}, "image side (pixels): enter a whole number from 1 to 9,007,199,254,740,991."),
    ({"side": "3", "kernel": "1", "stride": "1000000000"}, "Stride 1,000,000,000 does not divide the 2 pixels"),
    ({"side": "-3"}, "image side (pixels): enter a whole number from 1 to 9,007,199,254,740,991."),
    ({"side": "6", "kernel": "3", "stride": "2"}, "Deep-learning libraries do the same; the package's output_side "
     "refuses such a stride unless it is asked to floor."),
])
def test_the_calculator_says_why_and_what_it_leaves_out(browser, built_book, sizes, message):  # noqa: F811
    console = open_chapter(browser, built_book, "general_case")
    root = browser.find_element(By.CSS_SELECTOR, ".fcc-calc")
    for name, value in sizes.items():
        field = root.find_element(By.CSS_SELECTOR, f'input[name="{name}"]')
        field.send_keys(Keys.CONTROL, "a", Keys.NULL, Keys.BACKSPACE, *value)
    messages = [li.text for li in root.find_elements(By.CSS_SELECTOR, ".fcc-messages li")]
    assert any(message in m for m in messages), messages
    invalid = root.find_elements(By.CSS_SELECTOR, 'input[aria-invalid="true"]')
    assert bool(invalid) == ("enter a whole number" in message)
    assert console_problems(browser, console) == []


TRACE_LIT = """
const box = arguments[0];
return {wires: [...box.querySelectorAll(".fcc-wire.fcc-on")].map(w => [+w.dataset.neuron, +w.dataset.pixel]),
        status: box.querySelector(".fcc-status").textContent};
"""


@pytest.mark.parametrize("chapter, names", [("grouping", ["grouped"]),
                                            ("locality", ["per pixel", "convolutional"])])
def test_the_trace_widget_lights_the_wires_of_group_0_that_share_a_weight(browser, built_book, chapter, names):  # noqa: F811
    from fc_to_conv.locality import local_grouped

    layers = {"grouped": STAGES["grouped"], "per pixel": local_grouped((3, 3), (2, 2), 4),
              "convolutional": STAGES["convolutional"]}
    console = open_chapter(browser, built_book, chapter)
    boxes = browser.find_elements(By.CSS_SELECTOR, ".fcc-trace .fcc-net")
    assert len(boxes) == len(names)
    for box, name in zip(boxes, names):
        layer, svg = layers[name], box.find_element(By.TAG_NAME, "svg")
        group_0 = np.zeros(layer.ids.shape, dtype=bool)
        group_0[:4] = True
        traced = 0
        for wire in box.find_elements(By.CSS_SELECTOR, ".fcc-wire"):
            offset = browser.execute_script(POINT_ON_WIRE, wire, svg)
            if offset is None:
                continue
            ActionChains(browser).move_to_element_with_offset(svg, *offset).perform()
            weight = int(wire.get_attribute("data-weight"))
            lit = browser.execute_script(TRACE_LIT, box)
            sharing = group_0 & (layer.ids == weight)
            assert sorted(lit["wires"]) == wires_with(layer, sharing), (name, weight)
            count = int(sharing.sum())
            usage = f"shared by {count} wires" if count > 1 else "used by one wire only (not shared)"
            assert lit["status"].startswith(f"weight id {weight} {DASH} {usage}")
            traced += 1
        assert traced >= layer.weights_of(slice(0, 4)), f"{name}: too few wires could be pointed at"
    assert console_problems(browser, console) == []


def test_the_calculator_says_one_in_the_singular(browser, built_book):  # noqa: F811
    """The article's sizes with one kernel on a 2x2 image: 1 position, 1 neuron, 1 output channel (group)."""
    console = open_chapter(browser, built_book, "general_case")
    root = browser.find_element(By.CSS_SELECTOR, ".fcc-calc")
    for name, value in {"side": "2", "kernel": "2", "out_channels": "1"}.items():
        root.find_element(By.CSS_SELECTOR, f'input[name="{name}"]').send_keys(Keys.CONTROL, "a", Keys.NULL,
                                                                                Keys.BACKSPACE, value)
    assert root.find_element(By.CSS_SELECTOR, ".fcc-neurons").text == (
        "1 position of the kernel, so 1 neuron: 1 output channel (group) of 1.")
    assert console_problems(browser, console) == []


def test_the_presets_fill_in_the_layers_the_text_names_and_reset_returns_to_the_articles(browser, built_book):  # noqa: F811
    console = open_chapter(browser, built_book, "general_case")
    root = browser.find_element(By.CSS_SELECTOR, ".fcc-calc")
    read = """
    const root = arguments[0];
    return {sizes: Object.fromEntries([...root.querySelectorAll('input')].map(i => [i.name, +i.value])),
            shown: [...root.querySelectorAll('.fcc-card')].map(card => [...card.querySelectorAll('dd')].map(dd => dd.textContent)),
            summary: Object.fromEntries([...root.querySelectorAll('[data-summary]')].map(dd => [dd.dataset.summary, dd.textContent]))};
    """
    buttons = root.find_elements(By.CSS_SELECTOR, ".fcc-presets button")
    expected_sizes = [interactive.preset_sizes(network, name) for _, network, name in interactive.CALC_PRESETS]
    assert [b.text for b in buttons] == [label for label, _, _ in interactive.CALC_PRESETS] + ["Reset: the article's layer"]
    article = dict(side=3, in_channels=1, kernel=2, out_channels=4, stride=1, padding=0, groups=1, dilation=1)
    for button, sizes in zip(buttons, expected_sizes + [article]):
        click(browser, button)
        state = browser.execute_script(read, root)
        assert state["sizes"] == sizes
        [row] = interactive.calculator_table([sizes])
        assert state["shown"] == [[COUNT.format(v) for v in counts] for counts in row["stages"]]
        assert state["summary"] == {key: shown(row[key]) for key, _ in interactive.CALC_SUMMARY}
    assert console_problems(browser, console) == []