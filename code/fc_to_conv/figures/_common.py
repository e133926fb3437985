"""What the diagrams and the plots share: the house style around each figure function, new axes, palettes."""

import functools

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex

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


def _id_colours(ids, max_coloured=None, groups=None):
    """A colour per distinct weight id, evenly spaced along the id colour map; all gray past ``max_coloured``.

    With ``groups`` (the group of the neuron at the end of each wire, as ``ids``), a group's own
    ids are spread over the whole map, the groups' ids taking turns (the first id of every group,
    then the second, ...): the few weights of one group, which a reader tells apart within the
    group's box, get far-apart colours instead of neighbouring shades.
    """
    distinct = np.unique(ids).tolist()
    if max_coloured is not None and len(distinct) > max_coloured:
        return dict.fromkeys(distinct, style.MANY_WIRES_COLOUR)
    if groups is not None:
        group_of_id = {}
        for weight_id, group in zip(np.ravel(ids).tolist(), np.ravel(groups).tolist()):
            group_of_id.setdefault(weight_id, group)
        rank, seen = {}, {}  # an id's place among its group's ids
        for weight_id in distinct:
            group = group_of_id[weight_id]
            rank[weight_id] = seen[group] = seen.get(group, -1) + 1
        distinct.sort(key=lambda weight_id: (rank[weight_id], group_of_id[weight_id]))
    cmap = colormaps[style.ID_COLORMAP]
    low, high = style.ID_COLORMAP_RANGE
    shades = np.linspace(low, high, len(distinct)) if len(distinct) > 1 else [low]
    return {i: to_hex(cmap(shade)) for i, shade in zip(distinct, shades)}
