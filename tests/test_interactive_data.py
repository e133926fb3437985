"""fc_to_conv.interactive without a browser: the SVG carries the id matrix, the data are the package's."""

import html
import json
import re
from xml.dom import minidom

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from fc_to_conv import networks, real_layers, interactive
from fc_to_conv.convolution import convolutional, cross_correlate, slide
from fc_to_conv.figures import draw_network
from fc_to_conv.fully_connected import fully_connected
from fc_to_conv.grouping import grouped
from fc_to_conv.locality import local
from fc_to_conv.image import example_image, windows
from fc_to_conv.stages import STAGES as STAGE_REGISTRY, article_stages
from fc_to_conv.summary import REFERENCE
from fc_to_conv.svg import to_svg
from fc_to_conv.text import COUNT, PERCENT_2DP
from fc_to_conv.wiring import NO_WIRE

STAGES = article_stages()
KERNEL = np.array([[1.0, -2.0], [0.5, 2.0]])


def parse(svg):
    return minidom.parseString(svg.encode()).documentElement


def elements(root, cls):
    return [e for e in root.getElementsByTagName("*") if cls in e.getAttribute("class").split()]


@pytest.mark.parametrize("layer", STAGES, ids=lambda layer: layer.name)
def test_every_wire_of_the_svg_carries_its_weight_id_from_the_layer(layer):
    svg = parse(interactive.stage_svg(layer))
    wires = elements(svg, "fcc-wire")
    drawn = {(int(w.getAttribute("data-neuron")), int(w.getAttribute("data-pixel"))): int(w.getAttribute("data-weight"))
             for w in wires}
    assert len(drawn) == len(wires) == layer.wires
    assert drawn == {(j, i): int(layer.ids[j, i]) for j, i in zip(*np.nonzero(layer.ids != NO_WIRE))}
    for weight in range(layer.weights):
        sharing = [w for w in wires if w.getAttribute("data-weight") == str(weight)]
        assert len(sharing) == np.count_nonzero(layer.ids == weight)
    for kind, count in (("fcc-pixel", layer.pixels), ("fcc-neuron", layer.neurons)):
        nodes = elements(svg, kind)
        assert len(nodes) == count and all(n.getElementsByTagName("circle") for n in nodes)


def test_svg_is_ready_to_inline_several_per_page():
    text = interactive.stage_svg(STAGES[1])
    root = parse(text)
    assert not root.hasAttribute("width") and not root.hasAttribute("height") and root.hasAttribute("viewBox")
    assert not root.getElementsByTagName("style"), "matplotlib's page-wide <style> must not leak into the page"
    assert root.getAttribute("aria-label").startswith("The grouped layer")
    ids = [e.getAttribute("id") for e in root.getElementsByTagName("*") if e.hasAttribute("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith("fcc-grouped-") for i in ids)
    references = re.findall(r'(?:href="#|url\(#)([^")]+)', text)
    assert references and set(references) <= set(ids)


def test_annotating_refuses_a_wire_the_layer_does_not_have():
    svg = to_svg(draw_network(fully_connected(9, 16), gids=True))
    with pytest.raises(ValueError, match="no wire from pixel"):
        interactive.annotate_svg(svg, "x", STAGES[3], label="wrong layer")
    with pytest.raises(ValueError, match="no wire from pixel"):
        interactive.annotate_svg(svg, "x", None, label="no layer")


def rendered(fig):
    """The figure as Agg pixels, as it is saved (layout done once, like svg.to_svg)."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba(), dtype=float)


@pytest.mark.parametrize("layer", STAGES[1:3], ids=lambda layer: layer.name)
def test_ids_do_not_change_the_picture(layer):
    plain = rendered(draw_network(layer, groups=4))
    with_gids = rendered(draw_network(layer, groups=4, gids=True))
    assert plain.shape == with_gids.shape
    # Lines drawn one by one instead of as a collection differ only in anti-aliasing where wires cross.
    difference = np.abs(plain - with_gids).max(axis=2)
    assert difference.mean() < 1 and np.mean(difference > 32) < 0.01


def test_stage_counts_are_the_layers_counts():
    counts = interactive.stage_counts(STAGES)
    assert [c["slug"] for c in counts] == [s.slug for s in STAGE_REGISTRY]
    for c, layer in zip(counts, STAGES):
        assert (c["wires"], c["weights"]) == (layer.wires, layer.weights)
        assert c["weights_text"] == COUNT.format(layer.weights)
        expected = PERCENT_2DP.format(1 - layer.weights / STAGES[0].weights) if layer is not STAGES[0] else REFERENCE
        assert c["reduction_text"] == expected


def test_the_calculators_closed_forms_are_the_built_stages_counts():
    """One channel, stride 1, no padding: each stage's wires and weights equal the Layer the package builds for it."""
    for side in range(1, 6):
        for kernel in range(1, side + 1):
            for groups in (1, 2, 3):
                shape = real_layers.ConvShape(side, 1, kernel, groups)
                layers = [fully_connected(side * side, shape.outputs), grouped(side * side, shape.outputs, groups),
                          local((side, side), (kernel, kernel), groups), convolutional((side, side), (kernel, kernel), groups)]
                counts = real_layers.derivation_counts(shape)
                assert [(c.wires, c.weights) for c in counts] == [(layer.wires, layer.weights) for layer in layers]
                assert [c.biases for c in counts] == [shape.outputs, groups, shape.outputs, groups]
                assert all(c.macs == c.wires for c in counts)


def test_the_calculators_closed_forms_count_channels_stride_and_padding_on_the_structure():
    """With channels, stride and padding: the fully connected and convolution stages against their built layers."""
    for shape in real_layers.small_shapes():
        fc, grouped_counts, local_counts, conv = real_layers.derivation_counts(shape)
        assert fc == real_layers.fully_connected_counts(shape) and conv == real_layers.convolution_counts(shape)
        assert (grouped_counts.wires, grouped_counts.weights) == (fc.wires, shape.out_channels * shape.inputs)
        assert (local_counts.wires, local_counts.weights, local_counts.biases) == (conv.wires, conv.wires, shape.outputs)


def test_the_calculator_table_covers_real_layers_impossible_ones_and_the_2_53_limit():
    table = interactive.calculator_table()
    by_sizes = {tuple(row["sizes"].values()): row for row in table}
    vgg = by_sizes[(224, 3, 3, 64, 1, 1, 1, 1)]
    assert vgg["stages"][3] == [86_188_800, 1_728, 64, 1_792, 86_188_800]
    shape = real_layers.ConvShape(224, 3, 3, 64, 1, 1)
    assert (vgg["out_side"], vgg["parameters"], vgg["macs"]) == (224, 1_792, 86_188_800)
    assert vgg["padded_macs"] == real_layers.products_with_padding(shape) == 64 * 224 ** 2 * 3 * 9
    assert by_sizes[(1, 256, 3, 84, 1, 1, 1, 1)]["stages"][3][1:3] == [21_504, 84]
    assert any(row["stages"] == [None] * 4 and row["out_side"] is None for row in by_sizes.values())  # does not fit
    assert by_sizes[(5, 4, 3, 6, 1, 0, 3, 1)] == {"sizes": dict(zip(interactive.CALC_FIELDS, (5, 4, 3, 6, 1, 0, 3, 1))),
                                               **interactive.NO_LAYER}  # 3 groups do not divide 4 channels
    assert any(row["stages"][0] is None and row["stages"][3] is not None for row in by_sizes.values())  # beyond 2**53
    limit = interactive.BROWSER_LIMIT
    assert all(max(c) < limit for row in by_sizes.values() for c in row["stages"] if c)
    assert all(c[3] == c[1] + c[2] and c[4] == c[0] for row in by_sizes.values() for c in row["stages"] if c)
    assert len(table) > 400


def test_the_calculators_dilated_layers_are_counted_on_their_wires():
    """Every dilated layer of the grid: the convolution card, the output side and the padding products from the
    sparse wires of the same layer (one group's, times the groups), and the dilated grid has layers that fit and not."""
    dilated = [row for row in interactive.calculator_table(
        [dict(zip(interactive.CALC_FIELDS, values)) for values in interactive.CALC_GRID if values[-1] > 1])]
    fitting = [row for row in dilated if row["stages"][3]]
    assert len(dilated) > len(fitting) > 20
    for row in fitting:
        sizes = dict(row["sizes"])
        groups = sizes.pop("groups")
        one = real_layers.ConvShape(**{**sizes, "in_channels": sizes["in_channels"] // groups,
                                       "out_channels": sizes["out_channels"] // groups}, floor=True)
        counted = real_layers.convolution_counts(one)
        wires, weights, biases, parameters, macs = row["stages"][3]
        assert (wires, weights, biases) == (groups * counted.wires, groups * counted.weights, groups * counted.biases), row
        assert row["out_side"] == one.out_side == (sizes["side"] + 2 * sizes["padding"]
                                                   - sizes["dilation"] * (sizes["kernel"] - 1) - 1) // sizes["stride"] + 1
        assert row["padded_macs"] == groups * one.out_channels * one.out_side ** 2 * one.in_channels * one.kernel ** 2
    wide = interactive.calculator_table([dict(side=10 ** 6, in_channels=1, kernel=3, out_channels=1, stride=1,
                                              padding=10 ** 6, dilation=10 ** 6)])[0]
    assert wide["stages"][3][:2] == [10 ** 12, 1]  # only the centre cell ever meets a pixel, at every position


@pytest.mark.parametrize("network, name", [(networks.MOBILENET, "conv_dw_1"), (networks.MOBILENET, "conv_dw_3"),
                                           (networks.ALEXNET, "conv2"), (networks.RESNET50, "conv2_block1_2_conv")])
def test_the_calculator_counts_grouped_layers_as_the_networks_do(network, name):
    """With channel groups: the convolution card's weights and multiply-accumulates are the network's row (checked against Keras)."""
    sizes = interactive.preset_sizes(network, name)
    [row] = interactive.calculator_table([sizes])
    counted = {r.name: r for r in networks.layer_rows(network)}[name]
    assert row["stages"][3][1] == counted.weights and row["macs"] == counted.macs == row["stages"][3][4]
    assert row["out_side"] == counted.output_shape[1]
    fc = row["stages"][0]
    assert fc[1] == counted.fc_replacement  # the fully connected layer keeps every input and output
    assert row["stages"][2][0] == counted.macs  # locally connected: the convolution's wires, a weight each
    groups = sizes["groups"]
    one = real_layers.ConvShape(sizes["side"], sizes["in_channels"] // groups, sizes["kernel"],
                                sizes["out_channels"] // groups, sizes["stride"], sizes["padding"], floor=True,
                                dilation=sizes["dilation"])
    assert row["padded_macs"] == groups * real_layers.products_with_padding(one)


def test_the_presets_are_the_layers_the_text_names():
    assert interactive.preset_sizes(networks.VGG16, "conv1_1") == dict(
        side=224, in_channels=3, kernel=3, out_channels=64, stride=1, padding=1, groups=1, dilation=1)
    assert interactive.preset_sizes(networks.MOBILENET, "conv_dw_1") == dict(
        side=112, in_channels=32, kernel=3, out_channels=32, stride=1, padding=1, groups=32, dilation=1)
    calculator = interactive.calculator_html(STAGES)
    presets = [json.loads(html.unescape(value)) for value in re.findall(r'data-sizes="([^"]*)"', calculator)]
    assert presets == [interactive.preset_sizes(network, name) for _, network, name in interactive.CALC_PRESETS] + [
        dict(side=3, in_channels=1, kernel=2, out_channels=4, stride=1, padding=0, groups=1, dilation=1)]
    assert "Reset: the article's layer" in calculator


def test_slide_steps_are_the_cross_correlation():
    image = example_image()
    steps = interactive.slide_steps(slide(image, KERNEL))
    expected = cross_correlate(image, KERNEL).ravel()
    assert [s["output"] for s in steps] == expected.tolist()
    assert [s["pixels"] for s in steps] == windows(image.shape, KERNEL.shape).tolist()
    assert [s["neuron"] for s in steps] == list(range(len(expected)))
    layer = convolutional(image.shape, KERNEL.shape, groups=1)
    for s in steps:  # the neuron's own sum over its wires gives the same output
        weights = KERNEL.ravel()[layer.ids[s["neuron"], s["pixels"]]]
        assert np.isclose(image.ravel()[s["pixels"]] @ weights, s["output"])
        assert s["text"].endswith(f"= {s['output_text']}.")


def json_blocks(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html)]


def test_widgets_embed_their_data_and_one_svg_per_stage():
    stepper = interactive.stepper_html(STAGES)
    [stages] = json_blocks(stepper)
    assert stages == json.loads(json.dumps(interactive.stage_counts(STAGES)))
    assert stepper.count("<svg") == 4 and stepper.count(' hidden>') == 3
    slide = interactive.slide_html(example_image(), KERNEL)
    [data] = json_blocks(slide)
    assert data["kernel"] == KERNEL.tolist() and len(data["steps"]) == 4
    assert slide.count("<svg") == 2 and 'class="fcc-step fcc-current"' in slide
    calculator = interactive.calculator_html(STAGES)
    assert not json_blocks(calculator), "the calculator computes in the browser: it needs no data"
    assert all(f'name="{name}"' in calculator for name in interactive.CALC_FIELDS)
    assert calculator.count('class="fcc-card"') == 4 and all(layer.name in calculator for layer in STAGES)
    assert all(f'data-summary="{key}"' in calculator for key, _ in interactive.CALC_SUMMARY)


def test_the_trace_widget_shows_group_0_under_each_rule_with_the_layers_ids():
    from fc_to_conv.locality import local_grouped

    layers = [local_grouped((3, 3), (2, 2), 4), STAGES[3]]
    page = interactive.trace_html(layers, titles=["per pixel", "per position"])
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 2 and page.count('class="fcc-status"') == 2
    for svg, layer in zip(svgs, layers):
        wires = elements(parse(svg), "fcc-wire")
        drawn = {(int(w.getAttribute("data-neuron")), int(w.getAttribute("data-pixel"))): int(w.getAttribute("data-weight"))
                 for w in wires}
        group_0 = layer.ids[:4]
        assert drawn == {(j, i): int(group_0[j, i]) for j, i in zip(*np.nonzero(group_0 != NO_WIRE))}
        assert len(set(drawn.values())) == layer.weights_of(slice(0, 4))
        assert f"{layer.weights_of(slice(0, 4))} distinct weights" in parse(svg).getAttribute("aria-label")
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids repeat on the page"


def test_a_preset_refuses_a_layer_the_calculator_cannot_enter():
    """MobileNet's conv_dw_2 pads one zero after and none before (Keras's ZeroPadding2D((0, 1))): no single padding."""
    with pytest.raises(ValueError, match="padding 0 before and 1 after"):
        interactive.preset_sizes(networks.MOBILENET, "conv_dw_2")
