"""What the chapters' alt texts and captions say about a figure holds for the figure the package draws.

A sentence about a figure that nothing checks goes stale when the drawing changes (the
reader review found an alt text promising a colour per wire over 144 gray wires). These
tests read the figure's text from the chapter's source and compare it with the drawing.
"""

import ast
import re

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex

from conftest import REPO
from fc_to_conv import figures, style
from fc_to_conv.fully_connected import weights_by_size
from fc_to_conv.stages import GROUPS, stage


def figure_text(chapter, name):
    """The alt text and caption of the ``{glue:figure}`` called ``name`` in ``book/<chapter>.md``."""
    source = (REPO / "book" / f"{chapter}.md").read_text()
    found = re.search(r"```\{glue:figure\} " + re.escape(name) + r"\n:alt: ([^\n]*)\n:name: [^\n]*\n\n(.*?)\n```", source, re.S)
    assert found, f"no figure {name} in {chapter}"
    return found.group(1), " ".join(found.group(2).split())


def chapter_cell(chapter, key):
    """The source of the one code cell of ``book/<chapter>.md`` that glues ``key``."""
    source = (REPO / "book" / f"{chapter}.md").read_text()
    found = [cell for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)\n```", source, re.S) if f'"{key}"' in cell]
    assert len(found) == 1, f"{len(found)} cells of {chapter} glue {key}"
    return found[0]


def wires(fig):
    """(pixel end y, neuron end y, colour) for every wire line of a network drawing."""
    found = []
    for collection in fig.axes[0].collections:
        if isinstance(collection, LineCollection):
            colours = collection.get_colors()
            colours = np.repeat(colours, len(collection.get_segments()), axis=0) if len(colours) == 1 else colours
            found += [(segment[0][1], segment[1][1], to_hex(colour))
                      for segment, colour in zip(collection.get_segments(), colours)]
    return found


def test_fully_connected_figure_is_gray_as_its_texts_say():
    layer = stage("fully connected")
    drawn = wires(figures.draw_network(layer, title="fully connected"))
    alt, caption = figure_text("fully_connected", "fig-fc")
    assert len(drawn) == layer.wires
    assert {colour for _, _, colour in drawn} == {to_hex(style.MANY_WIRES_COLOUR)}
    assert "all in the same gray" in alt and "wires are gray" in caption
    assert "own colour" not in alt + caption


def test_final_layer_figure_colours_wires_by_weight_as_the_introduction_says():
    layer = stage("convolutional")
    drawn = wires(figures.draw_network(layer, groups=GROUPS, title="where the derivation ends"))
    alt, _ = figure_text("introduction", "fig-intro-final")
    assert len({colour for _, _, colour in drawn}) == layer.weights  # same colour, same weight
    neuron_ys = sorted({neuron for _, neuron, _ in drawn})
    assert len(neuron_ys) == layer.neurons
    colours_of = {y: [colour for _, neuron, colour in drawn if neuron == y] for y in neuron_ys}
    per_group = layer.neurons // GROUPS
    for g in range(GROUPS):
        group = [set(colours_of[y]) for y in neuron_ys[g * per_group:(g + 1) * per_group]]
        assert all(len(colours_of[y]) == 4 for y in neuron_ys[g * per_group:(g + 1) * per_group])
        assert all(colours == group[0] for colours in group) and len(group[0]) == 4
    assert "Each neuron has four wires" in alt and "the same four colours repeat from neuron to neuron" in alt
    assert GROUPS == per_group == 4 and "four coloured groups of four" in alt  # the words the alt text uses


def test_growth_figure_is_ticked_at_the_plotted_sides_its_alt_text_names():
    source = (REPO / "book" / "parameter_count.md").read_text()
    sides, widths = ast.literal_eval(re.search(r"^sides, widths = (.*)$", source, re.M).group(1))
    ax = figures.draw_parameter_growth(sides, widths, weights_by_size(sides, widths)).axes[0]
    alt, _ = figure_text("parameter_count", "fig-growth")
    assert list(ax.get_xticks()) == sides and [t.get_text() for t in ax.get_xticklabels()] == [str(s) for s in sides]
    assert ax.get_xscale() == ax.get_yscale() == "log" and "logarithmic axes" in alt
    assert f"from {sides[0]} to {sides[-1]}" in alt and "ticked at each plotted side" in alt
    assert f"one for {', '.join(map(str, widths[:-1]))} and {widths[-1]} hidden neurons" in alt


def test_equation_figure_alt_text_writes_out_the_sum_the_figure_draws():
    from fc_to_conv.convolution import convolutional, kernels
    from fc_to_conv.image import example_image
    from fc_to_conv.interactive import worked_sums

    layer = convolutional((3, 3), (2, 2), GROUPS)
    weights = np.random.default_rng(8).integers(-2, 3, size=layer.weights).astype(float)  # as the chapter draws them
    kernel = kernels(weights, kernel_shape=(2, 2), groups=GROUPS)[0]
    fig = figures.draw_neuron_equation(layer, example_image(), weights)
    drawn = " ".join(text.get_text() for ax in fig.axes for text in ax.texts)
    alt, _ = figure_text("convolution", "fig-equation")
    written = worked_sums(example_image(), kernel)[0]
    products, total = written.split(" = ")
    assert written in alt
    assert f"= {products}$" in drawn and f"= {total}$" in drawn
    window = ", ".join(p.split("\u00b7")[0] for p in products.split(" + "))
    factors = ", ".join(p.split("\u00b7")[1].strip("()") for p in products.split(" + "))
    assert f"window of the image ({window})" in alt and f"kernel ({factors})" in alt


def test_cameraman_alt_text_names_both_panels_and_the_legend_as_drawn():
    from fc_to_conv.correlation import CAMERAMAN_POINTS, cameraman, neighbours

    face = CAMERAMAN_POINTS["face"]
    far = {name: CAMERAMAN_POINTS[name] for name in ("sky", "coat")}
    fig = figures.draw_cameraman(cameraman(), face, neighbours(face), far)  # the chapter's: the touching pixels
    alt, _ = figure_text("locality", "fig-cameraman")
    titles = [ax.get_title() for ax in fig.axes]
    labels = [" ".join(text.get_text().split()) for legend in fig.legends for text in legend.get_texts()]
    assert len(titles) == 2 and len(labels) == 3
    for text in titles + labels + list(far):
        assert f"{text}" in alt, text
    assert len(neighbours(face)) == 8 and "the eight pixels that touch it" in alt


def test_dilated_kernel_figure_shows_the_spread_ids_its_alt_text_describes():
    """The chapter's dilated layer, drawn: its matrix's size, each row's ids and their spacing, as the alt text says."""
    from fc_to_conv import real_layers

    source = (REPO / "book" / "general_case.md").read_text()
    call = re.search(r"^dilated = ConvShape\((.*)\)$", source, re.M).group(1)
    shape = real_layers.ConvShape(**{key: ast.literal_eval(value) for key, value in
                                     (item.split("=") for item in call.replace(" ", "").split(","))})
    layer = real_layers.convolution_layer(shape)
    ax = figures.draw_stage_matrices([layer]).axes[0]
    drawn = ax.images[0].get_array()
    alt, _ = figure_text("general_case", "fig-dilated-ids")
    rows, cols = drawn.shape[:2]
    assert (rows, cols) == (layer.neurons, layer.pixels) and f"{cols} pixel columns and {rows} neuron rows" in alt
    per_row = layer.weights
    wired = np.array([np.flatnonzero(drawn[r, :, 3] > 0) for r in range(rows)])  # opaque: wires; hatched: transparent
    assert wired.shape == (rows, per_row) and f"Each row has {per_row} coloured cells" in alt
    assert sorted(text.get_text() for text in ax.texts) == sorted([str(i) for i in range(per_row)] * rows)
    assert f"numbered 0 to {per_row - 1}" in alt and f"the other {cols - per_row} cells of the row are hatched" in alt
    k, d, n = shape.kernel, shape.dilation, shape.side
    assert (wired[0, 1] - wired[0, 0], wired[0, k] - wired[0, 0]) == (d, d * n) == (2, 12)  # the words the alt text uses
    assert "two columns apart within a row of the kernel and twelve apart from one row of the kernel to the next" in alt
    assert (wired - wired[0]).tolist() == [[shift] * per_row for shift in (0, 1, n, n + 1)] and n == 6
    assert "the second neuron's one pixel further, the third's one row of the image (6 pixels), the fourth's both" in alt
    assert len({tuple(layer.ids[r][layer.ids[r] >= 0]) for r in range(rows)}) == 1
    assert f"Every row holds the same {per_row} ids" in alt


def test_channels_figure_shows_a_row_per_channel_and_one_output_map_their_sum():
    """The alt text's rows, slices and sums, read from the drawing: one kernel of 3 slices makes one output map."""
    from fc_to_conv import frameworks

    image, kernel = frameworks.colour_example()
    fig = figures.draw_kernel_across_channels(image, kernel, frameworks.CHANNELS)
    alt, caption = figure_text("general_case", "fig-channels")
    maps, output = frameworks.channel_sums(image, kernel)
    assert np.array_equal(output, frameworks.torch_conv2d(image[None], kernel[None])[0, 0])  # one kernel, one map
    channels, side = image.shape[:2]
    k, m = kernel.shape[1], output.shape[0]
    assert f"Three rows, one per input channel of a {side}x{side} colour image (red, green, blue)" in alt
    assert channels == 3 and frameworks.CHANNELS == ("red", "green", "blue")
    assert f"the kernel's {k}x{k} slice" in alt and f"the {m}x{m} map of that channel's sums" in alt
    assert f"one {m}x{m} output map, each of its values the sum of the three channel maps' values" in alt
    texts = {ax: [t.get_text() for t in ax.texts if t.get_text()] for ax in fig.axes}
    rows = [fig.axes[3 * c: 3 * c + 3] for c in range(channels)]
    for c, (image_ax, kernel_ax, map_ax) in enumerate(rows):
        assert image_ax.get_title() == f"{frameworks.CHANNELS[c]} channel"
        assert texts[image_ax][:side * side:1] == [f"{v:.4g}" for v in image[c].ravel()]
        assert [t for t in texts[kernel_ax] if t != "\u00d7"] == [f"{v:.4g}".replace("-", "\u2212") for v in kernel[c].ravel()]
        numbers = [t for t in texts[map_ax] if t not in ("=", "+")]
        assert numbers == [f"{v:.4g}".replace("-", "\u2212") for v in maps[c].ravel()]
        assert ("+" in texts[map_ax]) == (c < channels - 1)  # a plus between one map and the next
    output_ax = fig.axes[-1]
    assert [t for t in texts[output_ax][:m * m]] == [f"{v:.4g}".replace("-", "\u2212") for v in output.ravel()]
    assert "each slice makes a map of sums on its own channel, and the kernel's one output map is their sum" in caption
