"""Network diagrams: a column of pixels, a column of neurons and the wires between them, coloured by weight."""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Affine2D, ScaledTranslation, blended_transform_factory

from .. import style
from ..grouping import group_of
from ..wiring import NO_WIRE, distinct_ids
from ..text import plural
from ._common import _cycle, _id_colours, _new, _styled


def _column_ys(count, span):
    """Vertical positions of ``count`` nodes spread evenly over ``0 .. span`` (0 at the top)."""
    return np.linspace(0, span, count) if count > 1 else np.array([span / 2])


def _node_column(ax, x, ys, *, fills, header, gid=None):
    """Draw a column of numbered circles at ``x`` (numbers 0, 1, ... from the top) under a header.

    With a ``gid`` (for interactive SVG), node k is an artist of its own with gid ``{gid}-k`` and its
    number has gid ``{gid}-k-label``.
    """
    if gid is None:
        ax.scatter(np.full(len(ys), x), ys, s=style.NODE_SIZE ** 2, c=fills, edgecolors=style.INK, linewidths=1.0,
                   zorder=3, clip_on=False)
    else:
        for k, (y, fill) in enumerate(zip(ys, fills)):
            ax.scatter([x], [y], s=style.NODE_SIZE ** 2, c=[fill], edgecolors=style.INK, linewidths=1.0,
                       zorder=3, clip_on=False).set_gid(f"{gid}-{k}")
    for k, (y, fill) in enumerate(zip(ys, fills)):
        label = ax.text(x, y, str(k), ha="center", va="center", fontsize=style.SMALL_FONT_SIZE,
                        color=style.text_colour(fill), zorder=4)
        if gid is not None:
            label.set_gid(f"{gid}-{k}-label")
    ax.annotate(header, (x, ys[0]), xytext=(0, style.NODE_SIZE), textcoords="offset points", ha="center",
                va="bottom", fontsize=style.FONT_SIZE, annotation_clip=False)


def _group_boxes(ax, x, ys, group):
    """Draw a tinted box and a "group g" label around each group's nodes in the column at ``x``."""
    half = style.NODE_SIZE * 0.85
    # Box widths in points (around the column's data x) so boxes hug the nodes at any axes width.
    points_x = (Affine2D().scale(1 / 72) + ax.get_figure(root=True).dpi_scale_trans
                + ScaledTranslation(x, 0, ax.transData))
    box_transform = blended_transform_factory(points_x, ax.transData)
    for g in np.unique(group):
        colour = _cycle(style.GROUP_COLOURS, int(g))
        top, bottom = ys[group == g].min() - 0.45, ys[group == g].max() + 0.45
        ax.add_patch(Rectangle((-half, top), 2 * half, bottom - top, transform=box_transform, clip_on=False,
                               facecolor=style.tint(colour, style.GROUP_BOX_TINT), edgecolor=colour, linewidth=1.8,
                               zorder=0.5))
        ax.annotate(f"group {g}", (x, (top + bottom) / 2), xytext=(half + 6, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=style.FONT_SIZE, fontweight="bold", color=style.legible(colour),
                    annotation_clip=False)


def _label_positions(starts, ends, label_width, label_height):
    """Fraction along each wire for its label: as near the neuron end as keeps it clear of earlier labels."""
    fractions = np.linspace(0.85, 0.3, 12)
    placed = []
    for start, end in zip(starts, ends):
        def clear(t):
            y = start + t * (end - start)
            return all(abs(t - other_t) >= label_width or abs(y - other_y) >= label_height
                       for other_t, other_y in placed)

        t = next((t for t in fractions if clear(t)), fractions[-1])
        placed.append((t, start + t * (end - start)))
    return np.array([t for t, _ in placed])


def _id_runs(ids):
    """Weight ids as their runs of consecutive ids, in mathtext: ``[0, 1, 2, 5]`` -> "$w_{0}$–$w_{2}$, $w_{5}$"."""
    ids = np.unique(ids)
    breaks = np.flatnonzero(np.diff(ids) != 1) + 1
    runs = [(int(run[0]), int(run[-1])) for run in np.split(ids, breaks)]
    return ", ".join(f"$w_{{{a}}}$" if a == b else f"$w_{{{a}}}$\u2013$w_{{{b}}}$" for a, b in runs)


def _wires(ax, ids, shown, *, pixel_ys, neuron_ys, highlight_ids, label_weights, gids, group=None, colour_by="weight"):
    """Draw the shown wires from the pixel column (x=0) to the neuron column (x=1), coloured by weight id.

    ``group``: each neuron's group, if the neurons are grouped (a group's ids get far-apart colours).
    ``colour_by="group"``: each wire in its neuron's group colour instead, and each neuron labelled with
    the weights of its wires.
    With ``gids`` (for interactive SVG) each wire is a line of its own with gid ``wire-{neuron}-{pixel}``.
    """
    neurons, pixels = np.nonzero(shown)
    wire_ids = ids[neurons, pixels]
    colours = _id_colours(wire_ids, style.MAX_COLOURED_IDS, groups=None if group is None else group[neurons])
    highlighted = np.isin(wire_ids, list(highlight_ids or ()))
    if highlighted.any() and len(set(colours.values())) == 1:
        # The other wires are all one gray: the highlighted ones get colours of their own.
        colours.update(_id_colours(wire_ids[highlighted]))
    if colour_by == "group":
        wire_colours = np.array([_cycle(style.GROUP_COLOURS, g) for g in group[neurons].tolist()])
    else:
        wire_colours = np.array([colours[i] for i in wire_ids.tolist()])
    width = style.wire_width(wire_ids.size)
    for on_top in (False, True):
        chosen = highlighted == on_top
        segments = [((0, pixel_ys[i]), (1, neuron_ys[j])) for i, j in zip(pixels[chosen], neurons[chosen])]
        faded = highlighted.any() and not on_top
        if gids:
            for i, j, colour in zip(pixels[chosen].tolist(), neurons[chosen].tolist(), wire_colours[chosen].tolist()):
                ax.add_line(Line2D([0, 1], [pixel_ys[i], neuron_ys[j]], color=colour,
                                   linewidth=style.HIGHLIGHT_WIDTH if on_top else width,
                                   alpha=style.FADED_ALPHA if faded else None, zorder=2 if on_top else 1,
                                   solid_capstyle="round", gid=f"wire-{j}-{i}"))
            continue
        ax.add_collection(LineCollection(
            segments, colors=wire_colours[chosen].tolist(),
            linewidths=style.HIGHLIGHT_WIDTH if on_top else width,
            alpha=style.FADED_ALPHA if faded else None, zorder=2 if on_top else 1, capstyle="round"))
    if label_weights and wire_ids.size:
        starts, ends = pixel_ys[pixels], neuron_ys[neurons]
        # A label is about 3 characters wide plus padding, in x units (the columns are 1 apart) and y units (nodes).
        axes_width_pt = ax.bbox.width / ax.get_figure(root=True).dpi * 72
        fractions = _label_positions(starts, ends, 3.2 * style.FONT_SIZE / axes_width_pt, 0.85)
        for weight_id, colour, start, end, t in zip(wire_ids.tolist(), wire_colours.tolist(), starts, ends, fractions):
            ax.text(t, start + t * (end - start), f"$w_{{{weight_id}}}$", ha="center", va="center",
                    fontsize=style.FONT_SIZE, zorder=4,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colour, linewidth=1.5))
    if colour_by == "group":
        for j in np.unique(neurons).tolist():
            ax.annotate(_id_runs(wire_ids[neurons == j]), (1, neuron_ys[j]), xytext=(-(style.NODE_SIZE / 2 + 4), 0),
                        textcoords="offset points", ha="right", va="center", fontsize=style.FONT_SIZE, zorder=4,
                        bbox=dict(boxstyle="round,pad=0.2", facecolor="white",
                                  edgecolor=_cycle(style.GROUP_COLOURS, int(group[j])), linewidth=1.5))


def _network(ax, layer, *, pixels, neurons, groups=None, show=None, highlight_ids=None, label_weights=False, title=None,
             gids=False, neuron_header="hidden layer", colour_by="weight"):
    """Draw the network diagram of :func:`draw_network` on ``ax`` (``pixels``, ``neurons``: the layer's, if any)."""
    span = max(pixels, neurons) - 1
    pixel_ys, neuron_ys = _column_ys(pixels, span), _column_ys(neurons, span)
    neuron_fills = [style.NEURON_FILL] * neurons
    group = None
    if groups is not None:
        group = group_of(neurons, groups)
        neuron_fills = [style.tint(_cycle(style.GROUP_COLOURS, g), style.GROUP_FILL_TINT) for g in group.tolist()]
        _group_boxes(ax, 1.0, neuron_ys, group)
    _node_column(ax, 0.0, pixel_ys, fills=[style.PIXEL_FILL] * pixels, header=f"{pixels} pixels\n(input)",
                 gid="pixel" if gids else None)
    _node_column(ax, 1.0, neuron_ys, fills=neuron_fills, header=f"{neurons} neurons\n({neuron_header})",
                 gid="neuron" if gids else None)
    caption = "no wires"
    if layer is not None:
        shown = layer.ids != NO_WIRE
        if show is not None:
            show = np.asarray(show, dtype=bool)
            if show.shape != layer.ids.shape:
                raise ValueError(f"show must have the layer's shape {layer.ids.shape}, got {show.shape}")
            shown &= show
        _wires(ax, layer.ids, shown, pixel_ys=pixel_ys, neuron_ys=neuron_ys, highlight_ids=highlight_ids,
               label_weights=label_weights, gids=gids, group=group, colour_by=colour_by)
        wires, weights = int(shown.sum()), distinct_ids(np.where(shown, layer.ids, NO_WIRE))
        caption = f"{plural(wires, 'wire')}, {plural(weights, 'weight')}"
        if colour_by == "group":
            caption += "; colour: the neuron's group"
    ax.set_xlim(0, 1)
    ax.set_ylim(span + 0.5, -0.5)
    ax.set_axis_off()
    ax.annotate(caption, (0.5, 0), xycoords="axes fraction", xytext=(0, -4), textcoords="offset points",
                ha="center", va="top", fontsize=style.FONT_SIZE, fontstyle="italic")
    ax.set_title(title if title is not None else (f"{layer.name} layer" if layer is not None else "the network"),
                 pad=style.NODE_SIZE + 2.6 * style.FONT_SIZE)


@_styled
def draw_network(layer=None, *, pixels=9, neurons=16, groups=None, show=None, highlight_ids=None,
                 label_weights=False, title=None, ax=None, gids=False, neuron_header="hidden layer", colour_by="weight"):
    """Draw a layer as a network: a column of pixels on the left, a column of neurons on the right, and its wires.

    Parameters
    ----------
    layer : Layer, optional
        The layer whose wires are drawn (entries of ``layer.ids`` that are >= 0). Without
        a layer only the two columns of nodes are drawn, sized by ``pixels`` and ``neurons``.
    pixels, neurons : int
        Column sizes when there is no layer; a layer's own shape wins otherwise.
    groups : int, optional
        Number of groups of consecutive neurons: each group gets a coloured box labelled
        "group g", and its neurons are filled with the group's colour. Defaults to the
        layer's own ``groups``; a different number than the layer's is refused.
    show : array of bool, shape ``layer.ids.shape``, optional
        Which wires to draw; default all. Counts in the caption are of the shown wires.
    highlight_ids : iterable of int, optional
        Weight ids whose wires are drawn thick and on top, the others faded (and, when
        the others are all gray, in colours of their own).
    label_weights : bool
        Write the weight name (``w`` + weight id) on each shown wire, near its neuron end.
        Meant for few wires (a handful), where the labels can stay apart.
    title : str, optional
        Defaults to the layer's name, or "the network" without a layer.
    ax : matplotlib Axes, optional
        Draw there instead of on a new page-wide figure.
    gids : bool
        Give every wire, node and node number an SVG id of its own (``wire-{neuron}-{pixel}``,
        ``pixel-{i}``, ``neuron-{j}``, ``pixel-{i}-label``, ...), for
        :mod:`fc_to_conv.interactive` to make the drawing traceable. The picture is the same.
    neuron_header : str
        What the neuron column is, in brackets under its count: the hidden layer, or a part of
        it when the layer drawn is one group cut out of a larger one ("group 0").
    colour_by : {"weight", "group"}
        What a wire's colour says. "weight": wires with the same weight id share a colour (see
        Notes). "group": each wire has the colour of its neuron's group, and each neuron with
        shown wires is labelled with the weights they use (``w0–w8``), for drawings whose
        wires all have different weights, more than colours can tell apart; the caption says
        so. Needs groups.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the drawing, with a caption such as "144 wires, 144 weights".

    Raises
    ------
    ValueError
        If ``show`` does not have the layer's shape, ``groups`` does not divide the neurons
        or differs from the layer's, or ``colour_by`` is neither "weight" nor "group" (or
        "group" without groups).

    Notes
    -----
    Wires sharing a weight id share a colour, taken from ``style.ID_COLORMAP``, a group's
    ids far apart on it; past ``style.MAX_COLOURED_IDS`` distinct ids the wires are thin and
    gray, since colour could not tell them apart anyway.

    Example
    -------
    >>> from fc_to_conv.fully_connected import fully_connected
    >>> fig = draw_network(fully_connected(9, 16), groups=4)
    >>> fig.axes[0].texts[-1].get_text()
    '144 wires, 144 weights'
    """
    if layer is not None:
        neurons, pixels = layer.ids.shape
        if groups is None:
            groups = layer.groups
        elif layer.groups is not None and groups != layer.groups:
            raise ValueError(f"{layer.name} has {layer.groups} groups, got groups={groups}")
    if colour_by not in ("weight", "group") or (colour_by == "group" and groups is None):
        raise ValueError(f'colour_by must be "weight", or "group" for a network with groups; got {colour_by!r} '
                         f"with groups={groups}")
    height = max(pixels, neurons) * style.NODE_SPACING / 72 + 1.6
    fig, ax = _new(ax, style.PAGE_WIDTH, height)
    _network(ax, layer, pixels=pixels, neurons=neurons, groups=groups, show=show, highlight_ids=highlight_ids,
             label_weights=label_weights, title=title, gids=gids, neuron_header=neuron_header, colour_by=colour_by)
    return fig


@_styled
def draw_sharing_rules(layers, *, titles=None):
    """Group 0's wires in each layer, side by side, coloured by weight id, with each panel's wire and weight counts.

    Meant for the same wiring under different sharing rules (per pixel, per window position):
    the colours, and the counts under each panel, are the layer's distinct ids on those wires.
    ``titles`` defaults to the layers' names.
    """
    titles = titles or [layer.name for layer in layers]
    neurons, pixels = layers[0].ids.shape
    fig = style.figure(style.PAGE_WIDTH, max(pixels, neurons) * style.NODE_SPACING / 72 + 1.8)
    for ax, layer, title in zip(fig.subplots(1, len(layers)), layers, titles):
        size = neurons // layer.groups
        _network(ax, layer, pixels=pixels, neurons=neurons, groups=layer.groups, show=layer.select(neurons=range(size)),
                 title=title)
    return fig
