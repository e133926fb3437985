"""What the diagrams and the plots share: the house style around each figure function, new axes, palettes."""

import functools

from .. import style


def _styled(draw):
    """Run a figure function inside the house style, leaving global settings untouched."""

    @functools.wraps(draw)
    def styled(*args, **kwargs):
        with style.context():
            return draw(*args, **kwargs)

    return styled


def _new(ax, width, height):
    """The figure and axes to draw on: ``ax`` and its figure, or a new figure of the given size."""
    if ax is None:
        fig = style.figure(width, height)
        return fig, fig.add_subplot()
    return ax.get_figure(root=True), ax


def _cycle(colours, index):
    """The ``index``-th colour of a palette, cycling when the palette is shorter."""
    return colours[index % len(colours)]


def _white(image):
    """The gray value shown as white: 255 for 8-bit gray values, else 1."""
    return 255.0 if image.max() > 1 else 1.0
