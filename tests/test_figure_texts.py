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
    far = {name: CAMERAMAN_POINTS[name] for name in ("sky", "ground")}
    fig = figures.draw_cameraman(cameraman(), face, neighbours(face, step=6), far)  # the chapter's step, 6
    alt, _ = figure_text("locality", "fig-cameraman")
    titles = [ax.get_title() for ax in fig.axes]
    labels = [" ".join(text.get_text().split()) for legend in fig.legends for text in legend.get_texts()]
    assert len(titles) == 2 and len(labels) == 3
    for text in titles + labels + list(far):
        assert f"{text}" in alt, text
    assert len(neighbours(face, step=6)) == 8 and "eight pixels around it" in alt
