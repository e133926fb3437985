"""Text drawn in the book's figures has WCAG AA contrast (4.5:1) with what lies behind it.

Each figure is drawn twice with matplotlib's Agg renderer: as it is, and with its texts hidden.
A text's background is the median colour, in the second drawing, of the box the text covers (or
its own box's colour, for a text drawn on a box). Dark mode shows the figures as they are drawn
(the book's stylesheet lifts the theme's dimming filter, which took mid-gray cells' black text
down to 3.4:1; test_browser checks that no filter applies), so this holds in both modes.
"""

import matplotlib
import matplotlib.patches

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.text import Text

from fc_to_conv import style
from test_figures import all_figures

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


FIGURES = all_figures()


@pytest.mark.parametrize("name", FIGURES)
def test_figure_text_has_aa_contrast(name):
    measured = texts_and_backgrounds(FIGURES[name])
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
