"""Text drawn in the book's figures has WCAG AA contrast (4.5:1) with what lies behind it, and colours
that a figure's text says differ are far apart to the eye.

Each figure is drawn twice with matplotlib's Agg renderer: as it is, and with its texts hidden.
A text's background is the median colour, in the second drawing, of the box the text covers (or
its own box's colour, for a text drawn on a box). Dark mode shows the figures as they are drawn
(the book's stylesheet lifts the theme's dimming filter, which took mid-gray cells' black text
down to 3.4:1; test_browser checks that no filter applies), so this holds in both modes.

Colours are compared by their CIEDE2000 difference (scikit-image's ``deltaE_ciede2000``, in CIELAB):
about 1 is the smallest difference an eye sees between two patches side by side, and
:data:`CLEARLY_DIFFERENT` is the least this book allows between colours that mean different things.
"""

import matplotlib
import matplotlib.patches

matplotlib.use("Agg")

import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgba
from matplotlib.text import Annotation, Text

from skimage.color import deltaE_ciede2000, rgb2lab

from fc_to_conv import figures, style
from fc_to_conv.correlation import CAMERAMAN_POINTS, cameraman, differences, neighbours
from fc_to_conv.grouping import group_of
from fc_to_conv.image import example_image
from fc_to_conv.stages import GROUPS, stage
from test_figure_texts import chapter_cell, figure_text, wires
from test_figures import FIGURES

pytestmark = pytest.mark.slow


def over(colour, background):
    """``colour`` (RGBA) painted over the opaque ``background`` (RGB)."""
    rgba = to_rgba(colour)
    return np.asarray(rgba[:3]) * rgba[3] + np.asarray(background) * (1 - rgba[3])


def texts_and_backgrounds(fig):
    """[(text, its colour, the colour behind it)] for every text ``fig`` draws, colours as RGB from 0 to 1.

    Texts a drawing skips (tick labels of an axis that is turned off, say) are left out.
    """
    canvas = FigureCanvasAgg(fig)
    drawn, draw = [], Text.draw
    Text.draw = lambda text, renderer: drawn.append(text) or draw(text, renderer)  # the texts a drawing draws
    try:
        canvas.draw()
    finally:
        Text.draw = draw
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")  # as fc_to_conv.svg.to_svg does: the layout of the first drawing stays
    renderer = canvas.get_renderer()
    texts = [t for t in dict.fromkeys(drawn) if t.get_visible() and t.get_text().strip()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    patches = [t.get_bbox_patch() for t in texts]
    for t in texts:
        t.set_visible(False)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())[..., :3] / 255
    height = pixels.shape[0]
    found = []
    for text, box, patch in zip(texts, boxes, patches):
        x0, x1 = int(max(box.x0, 0)), int(min(box.x1, pixels.shape[1]))
        y0, y1 = int(max(height - box.y1, 0)), int(min(height - box.y0, height))
        if x1 <= x0 or y1 <= y0:
            continue  # outside the canvas: not drawn
        behind = np.median(pixels[y0:y1, x0:x1].reshape(-1, 3), axis=0)
        if patch is not None and patch.get_facecolor()[3] > 0:
            behind = over(patch.get_facecolor(), behind)
        found.append((text.get_text(), over(text.get_color(), behind) if to_rgba(text.get_color())[3] < 1
                      else np.asarray(to_rgba(text.get_color())[:3]), behind))
    return found


@pytest.mark.parametrize("name", FIGURES)
def test_figure_text_has_aa_contrast(name):
    measured = texts_and_backgrounds(FIGURES[name]())
    assert measured, f"{name}: no text found"
    low = [(words, round(ratio, 2)) for words, colour, behind in measured
           if (ratio := style.contrast(tuple(colour), tuple(behind))) < style.TEXT_CONTRAST]
    assert low == [], f"{name}: text below {style.TEXT_CONTRAST}:1: {low[:8]} ({len(low)} in all)"


def test_the_measure_finds_low_contrast_text():
    """Gray text on white, and black text on a dark cell, are found; white text on that cell is not."""
    from fc_to_conv.style import figure

    fig = figure(3, 1)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.add_patch(matplotlib.patches.Rectangle((0.5, 0), 0.5, 1, facecolor="#333333"))
    ax.text(0.2, 0.5, "faint", color="#aaaaaa")
    ax.text(0.6, 0.5, "hidden", color="black")
    ax.text(0.6, 0.2, "shown", color="white")
    ratios = {words: style.contrast(tuple(c), tuple(b)) for words, c, b in texts_and_backgrounds(fig)}
    assert ratios["faint"] < 2.5 and ratios["hidden"] < 2 and ratios["shown"] > 10


#: CIEDE2000 difference at least between colours a figure's text says differ: told apart at a glance.
CLEARLY_DIFFERENT = 15


def colour_difference(first, second):
    """CIEDE2000 difference of two colours (any matplotlib colour)."""
    first, second = (rgb2lab(np.asarray(to_rgba(c)[:3]).reshape(1, 1, 3)) for c in (first, second))
    return float(deltaE_ciede2000(first, second)[0, 0])


def least_difference(colours):
    """The smallest CIEDE2000 difference between two of ``colours``."""
    colours = list(colours)
    return min(colour_difference(a, b) for k, a in enumerate(colours) for b in colours[k + 1:])


def test_the_measure_tells_near_shades_from_distinct_colours():
    assert colour_difference("#440154", "#481668") < 5 < CLEARLY_DIFFERENT < colour_difference("#0072B2", "#E69F00")
    assert colour_difference("#123456", "#123456") == 0


def test_opening_figure_gives_a_groups_four_weights_four_clearly_different_colours():
    """I2: "within a group the same four colours repeat from neuron to neuron" can be seen."""
    layer = stage("convolutional")
    alt, _ = figure_text("introduction", "fig-intro-final")
    assert "within a group the same four colours repeat" in alt
    drawn = wires(figures.draw_network(layer, groups=GROUPS, title="where the derivation ends"))
    neuron_ys = sorted({neuron for _, neuron, _ in drawn})
    per_group = len(neuron_ys) // GROUPS
    for g in range(GROUPS):
        colours = {colour for _, neuron, colour in drawn if neuron in neuron_ys[g * per_group:(g + 1) * per_group]}
        assert len(colours) == 4 and least_difference(colours) >= CLEARLY_DIFFERENT, g


def test_figure_7_colours_its_wires_by_group_and_names_their_weights_as_its_alt_text_says():
    """G4: 36 weights are more than colours an eye tells apart, so the figure colours the wires by group, four
    clearly different colours, and labels each neuron with its wires' weights; the alt text says so."""
    layer = stage("grouped")
    alt, caption = figure_text("grouping", "fig-unique")
    assert 'colour_by="group"' in chapter_cell("grouping", "fig-unique")
    fig = figures.draw_network(layer, groups=GROUPS, show=layer.select(neurons=range(0, 16, 4)), colour_by="group")
    drawn = wires(fig)
    assert "36 wires, each a weight of its own" in alt and len(drawn) == layer.weights == 36
    assert "drawn in its group's colour, four clearly different colours" in alt
    group = group_of(layer.neurons, GROUPS)
    colour_of = {int(neuron): to_hex(style.GROUP_COLOURS[group[int(neuron)]]) for _, neuron, _ in drawn}
    assert all(colour == colour_of[int(neuron)] for _, neuron, colour in drawn)
    assert len(set(colour_of.values())) == GROUPS and least_difference(colour_of.values()) >= CLEARLY_DIFFERENT
    labels = {int(text.xy[1]): text.get_text() for text in fig.axes[0].texts
              if isinstance(text, Annotation) and text.get_text().startswith("$w")}  # y is the neuron's number
    said = {int(j): (int(a), int(b)) for a, b, j in re.findall(r"w(\d+) to w(\d+) into neuron (\d+)", alt)}
    assert set(said) == set(labels) == set(colour_of)
    for neuron, (first, last) in said.items():
        assert layer.ids[neuron].tolist() == list(range(first, last + 1))  # "nine weights, one per pixel"
        assert labels[neuron] == f"$w_{{{first}}}$\u2013$w_{{{last}}}$"
    assert "colour: the neuron's group" in fig.axes[0].texts[-1].get_text() and "colour is its group's" in caption


def outlines(fig):
    """The colours of the window outlines a figure draws (unfilled rectangles of the outline width)."""
    return {to_hex(patch.get_edgecolor()) for ax in fig.axes for patch in ax.patches
            if isinstance(patch, matplotlib.patches.Rectangle) and not patch.get_fill()
            and patch.get_linewidth() == style.OUTLINE_WIDTH}


def test_window_colours_never_read_as_group_colours():
    """C3: a window's outline is clearly unlike every group's colour, and unlike every other window's."""
    for fig in (figures.draw_sliding_kernel(example_image(), np.array([[1, -1], [1, -1]])),
                figures.draw_sliding_steps(example_image(), np.array([[1, -1], [1, -1]]))):
        drawn = outlines(fig)
        assert len(drawn) == 4
        assert least_difference(drawn) >= CLEARLY_DIFFERENT
        assert min(colour_difference(w, g) for w in drawn for g in style.GROUP_COLOURS) >= CLEARLY_DIFFERENT


def test_photographs_close_neighbours_are_closer_in_value_than_its_far_pixels():
    """L2: the figure's "strongly correlated" neighbours look like the face pixel more than the far pixels do."""
    photo, face = cameraman(), CAMERAMAN_POINTS["face"]
    far = [point for name, point in CAMERAMAN_POINTS.items() if name != "face"]
    assert max(differences(photo, face, neighbours(face))) < min(differences(photo, face, far))
    alt, _ = figure_text("locality", "fig-cameraman")
    assert f"labelled {' and '.join(name for name in CAMERAMAN_POINTS if name != 'face')}," in alt
