"""The one place for the book's colours, fonts and sizes (:func:`fc_to_conv.svg.to_svg` turns a figure into SVG text)."""

import matplotlib
import numpy as np
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure


#: The Okabe-Ito palette, safe for the common forms of colour blindness.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: One colour per group of neurons (group 0, 1, 2, 3); cycled if there are more groups.
GROUP_COLOURS = tuple(OKABE_ITO[name] for name in ("blue", "vermillion", "bluish green", "reddish purple"))

#: One colour per window position of the kernel (window 0, 1, 2, 3): the Okabe-Ito colours the groups do not use,
#: so that a window's colour never reads as a group's.
WINDOW_COLOURS = tuple(OKABE_ITO[name] for name in ("orange", "sky blue", "black", "yellow"))

#: One colour per image row where a figure follows rows (flattening), cycled if there are more rows.
ROW_COLOURS = tuple(OKABE_ITO[name] for name in ("orange", "sky blue", "reddish purple"))

#: Marks on the photograph: the face pixel, its close neighbours, the far pixels.
FACE_COLOUR = OKABE_ITO["vermillion"]
NEIGHBOUR_COLOUR = OKABE_ITO["yellow"]
FAR_COLOUR = OKABE_ITO["blue"]

#: Line colours for curves of a plot, in order, and a marker per curve so print in gray still separates them.
LINE_COLOURS = tuple(OKABE_ITO[name] for name in ("blue", "vermillion", "bluish green", "reddish purple", "orange"))
LINE_MARKERS = ("o", "s", "^", "D", "v")
#: What an alt text calls each marker and each colour of the palette.
MARKER_NAMES = {"o": "circles", "s": "squares", "^": "triangles", "D": "diamonds", "v": "downward triangles"}
COLOUR_NAMES = {colour: name for name, colour in OKABE_ITO.items()}

#: The palette for weight ids: distinct ids get evenly spaced shades of this colour map (perceptually
#: uniform, colour-blind safe, and unlike the group colours, so a wire's colour never reads as a group).
ID_COLORMAP = "viridis"
#: Part of :data:`ID_COLORMAP` used, leaving out its palest yellows, which fade on white.
ID_COLORMAP_RANGE = (0.0, 0.85)
#: Above this many distinct ids on screen, wires are drawn thin and gray: colour could not tell them apart.
MAX_COLOURED_IDS = 64
#: Up to this many distinct ids, an id matrix writes the id in each cell: three digits fit a cell of a
#: page-wide two-column layout, and without the numbers neighbouring ids' shades would look alike.
MAX_LABELLED_IDS = 999
#: Colour of all wires when colour cannot tell their ids apart.
MANY_WIRES_COLOUR = "#8c8c8c"
#: Hatching of the no-wire cells of an id matrix.
NO_WIRE_COLOUR = "#bdbdbd"

#: Fill of input (pixel) nodes and of neuron nodes when no groups are drawn.
PIXEL_FILL = "#e8e8e8"
NEURON_FILL = "#ffffff"
#: Colour of node outlines, cell borders and ordinary text.
INK = "#222222"
#: How much of a group colour is mixed into white for the group's neuron fills and box.
GROUP_FILL_TINT = 0.35
GROUP_BOX_TINT = 0.12
#: How much colour goes into the flattening's row bands and the kernel's cells (text stays legible on them).
ROW_BAND_TINT = 0.35
KERNEL_CELL_TINT = 0.45
#: Grid lines of line plots.
GRID_COLOUR = "#dddddd"

#: Text sizes in points; a 7.5 in figure is shown at about 750 px, so 10 pt is the floor.
FONT_SIZE = 11
SMALL_FONT_SIZE = 10
TITLE_FONT_SIZE = 12
BIG_FONT_SIZE = 14

#: Figure widths in inches: the page width, and a narrower one for small square figures.
PAGE_WIDTH = 7.5
NARROW_WIDTH = 5.0
#: The widest drawing that a 390 px phone shows at one CSS px per unit or more (a widget's column is
#: 320 px wide there), so that its labels keep their drawn size and all of it is on screen.
PHONE_WIDTH = 4.4
#: Width of an interactive figure's network: half the page, so that two sit side by side on a
#: desktop, and narrower than :data:`PHONE_WIDTH`, so that the neurons that light up are on a phone's screen.
WIDGET_WIDTH = PAGE_WIDTH / 2

#: Network diagrams: node diameter and vertical spacing between nodes, in points.
NODE_SIZE = 18
NODE_SPACING = 23
#: Wire widths (points) by how many wires are shown: few, some, many.
WIRE_WIDTHS = ((16, 2.0), (64, 1.2), (None, 0.6))
HIGHLIGHT_WIDTH = 3.0
#: Opacity of wires that are not highlighted when some are.
FADED_ALPHA = 0.25

#: Size (points) of markers on photos and in legends.
MARKER_SIZE = 10

#: Line width of window outlines on image grids.
OUTLINE_WIDTH = 3.5

_RC = {
    "font.size": FONT_SIZE,
    "axes.titlesize": TITLE_FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL_FONT_SIZE,
    "ytick.labelsize": SMALL_FONT_SIZE,
    "legend.fontsize": SMALL_FONT_SIZE,
    "figure.titlesize": TITLE_FONT_SIZE,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.color": NO_WIRE_COLOUR,
    "hatch.linewidth": 0.8,
    "mathtext.fontset": "dejavusans",
}


def context():
    """The house style as an rc context: draw inside ``with context():``, nothing global changes."""
    return matplotlib.rc_context(_RC)


def figure(width_in, height_in):
    """A new Figure with an opaque white background and constrained layout, outside pyplot's state."""
    with context():
        return Figure(figsize=(width_in, height_in), facecolor="white", layout="constrained")


def tint(colour, amount):
    """``colour`` mixed into white: ``amount`` 1 is the colour itself, 0 is white."""
    return tuple(1 - amount * (1 - channel) for channel in to_rgb(colour))


def luminance(colour):
    """Relative luminance of ``colour`` (WCAG 2.1): 0 for black, 1 for white."""
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    """WCAG 2.1 contrast ratio of two colours, from 1 (equal) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: Contrast that text must have with its background (WCAG 2.1 AA, normal text).
TEXT_CONTRAST = 4.5


def legible(colour, background="white"):
    """``colour`` darkened towards black just enough for text in it to have :data:`TEXT_CONTRAST` on ``background``."""
    rgb = np.array(to_rgb(colour))
    for amount in np.linspace(0, 1, 101):
        darker = tuple(rgb * (1 - amount))
        if contrast(darker, background) >= TEXT_CONTRAST:
            return to_hex(darker)
    raise ValueError(f"no shade of {colour} reaches {TEXT_CONTRAST}:1 on {background}")


def text_colour(background):
    """Black or white, whichever reads better on ``background`` (by relative luminance)."""
    # White text wins when its contrast ratio (1.05 / (L + 0.05)) beats black's ((L + 0.05) / 0.05).
    return "white" if luminance(background) < 0.179 else "black"


def wire_width(count):
    """Line width for wires when ``count`` of them are shown: thinner as they get more."""
    return next(width for limit, width in WIRE_WIDTHS if limit is None or count <= limit)
