"""Diagrams of the model: the image, networks of pixels and neurons, weight-id matrices, the kernel on its windows."""

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle
from matplotlib.transforms import Affine2D, ScaledTranslation, blended_transform_factory

from .. import style
from ..convolution import cross_correlate, slide
from ..grouping import group_of
from ..image import flatten, pixel_index
from ..stages import CONNECTIVITY, SHARING, STAGES, registry
from ..validate import image2d
from ..wiring import NO_WIRE, distinct_ids
from ..text import factor, number, plural
from ._common import _cycle, _new, _styled, _white

def _gray_fills(image):
    """A gray colour per pixel, from black at 0 to white at :func:`_white`."""
    return [[(v, v, v) for v in row] for row in np.clip(image / _white(image), 0, 1)]


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


def _cells(ax, fills, texts=None, notes=None, *, corner=(0.0, 0.0), size=(1.0, 1.0), fontsize=style.FONT_SIZE,
           hatched=None, edgecolor=style.INK, linewidth=1.0):
    """Draw a grid of cells from its top-left ``corner`` (y grows down): a fill, a centred text, a small note below."""
    width, height = size
    for r, row in enumerate(fills):
        for c, fill in enumerate(row):
            x, y = corner[0] + c * width, corner[1] + r * height
            empty = hatched is not None and hatched[r][c]
            ax.add_patch(Rectangle((x, y), width, height, facecolor=fill, edgecolor=edgecolor, linewidth=linewidth,
                                   hatch="///" if empty else None))
            ink = style.text_colour(fill)
            if texts is not None:
                text_y = y + height * (0.38 if notes is not None else 0.5)
                ax.text(x + width / 2, text_y, texts[r][c], ha="center", va="center", fontsize=fontsize, color=ink)
            if notes is not None:
                ax.text(x + width / 2, y + height * 0.72, notes[r][c], ha="center", va="center",
                        fontsize=style.SMALL_FONT_SIZE, color=ink, linespacing=1.1)


def _image_cells(ax, image, *, corner=(0.0, 0.0), size=1.0, fontsize=style.BIG_FONT_SIZE, notes=None):
    """Draw an image as gray cells showing each gray value; ``notes`` defaults to each pixel's (row, col) and index."""
    rows, cols = image.shape
    if notes is None:
        notes = [[f"({r}, {c})\npixel {pixel_index(image.shape, r, c)}" for c in range(cols)] for r in range(rows)]
    texts = [[number(v) for v in row] for row in image]
    _cells(ax, _gray_fills(image), texts, notes, corner=corner, size=(size, size), fontsize=fontsize)


def _drawing_axes(ax, left, top, right, bottom):
    """Set up axes for a drawing in y-down data units: equal aspect, no axis lines."""
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_axis_off()


def _outline(ax, corner, width, height, colour):
    """Outline a block of cells in ``colour``, with a halo of black or white, whichever sets it off, so it reads on any gray."""
    halo = patheffects.withStroke(linewidth=style.OUTLINE_WIDTH + 2.5, foreground=style.text_colour(colour))
    return ax.add_patch(Rectangle(corner, width, height, fill=False, edgecolor=colour, linewidth=style.OUTLINE_WIDTH,
                                  zorder=5, path_effects=[halo]))


@_styled
def draw_image(image, ax=None):
    """Article Fig 1: the gray image as a grid of cells with each pixel's value, (row, col) and index."""
    image = image2d(image)
    rows, cols = image.shape
    fig, ax = _new(ax, style.NARROW_WIDTH, style.NARROW_WIDTH * rows / cols + 0.5)
    _image_cells(ax, image)
    _drawing_axes(ax, -0.02, -0.02, cols + 0.02, rows + 0.02)
    ax.set_title(f"the image: {rows} \u00d7 {cols} = {image.size} pixels\n"
                 "each cell: gray value, (row, col), pixel index")
    return fig


@_styled
def draw_flattening(image, ax=None):
    """Article Fig 2: the image and, on its right, the flattened column of pixels, row by row."""
    image = image2d(image)
    rows, cols = image.shape
    pixel_size, cell_size, gap = 1.5, 0.75, 2.2
    column_height = image.size * cell_size
    image_top = (column_height - rows * pixel_size) / 2
    column_x = cols * pixel_size + gap
    fig, ax = _new(ax, style.PAGE_WIDTH, 5.6)
    _image_cells(ax, image, corner=(0, image_top), size=pixel_size)
    values = flatten(image)
    _cells(ax, _gray_fills(values[:, None]), [[number(v)] for v in values], corner=(column_x, 0),
           size=(cell_size, cell_size))
    for r in range(rows):
        colour = _cycle(style.ROW_COLOURS, r)
        row_top, block_top = image_top + r * pixel_size, r * cols * cell_size
        row_bottom, block_bottom = row_top + pixel_size, block_top + cols * cell_size
        left, right = cols * pixel_size, column_x
        ax.add_patch(Polygon([(left, row_top), (right, block_top), (right, block_bottom), (left, row_bottom)],
                             facecolor=style.tint(colour, style.ROW_BAND_TINT), edgecolor="none", zorder=0))
        ax.text((left + right) / 2, (row_top + row_bottom + block_top + block_bottom) / 4, f"row {r}",
                ha="center", va="center", fontsize=style.FONT_SIZE, color=style.INK)
        _outline(ax, (0, row_top), cols * pixel_size, pixel_size, colour)
        _outline(ax, (column_x, block_top), cell_size, cols * cell_size, colour)
        for c in range(cols):
            ax.text(column_x + cell_size * 1.25, block_top + (c + 0.5) * cell_size,
                    f"pixel {pixel_index(image.shape, r, c)}: ({r}, {c})", ha="left", va="center",
                    fontsize=style.FONT_SIZE)
    ax.text(cols * pixel_size / 2, image_top - 0.25, f"image, {rows} \u00d7 {cols}", ha="center", va="bottom",
            fontsize=style.FONT_SIZE)
    ax.text(column_x + cell_size / 2, -0.25, "flattened vector", ha="center", va="bottom", fontsize=style.FONT_SIZE)
    _drawing_axes(ax, -0.05, -0.8, column_x + 4.3, column_height + 0.05)
    ax.set_title(f"flattening: {image.size} pixels, row after row (pixel (r, c) has index {cols}r + c)")
    return fig


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


def _wires(ax, ids, shown, *, pixel_ys, neuron_ys, highlight_ids, label_weights, gids, group=None):
    """Draw the shown wires from the pixel column (x=0) to the neuron column (x=1), coloured by weight id.

    ``group``: each neuron's group, if the neurons are grouped (a group's ids get far-apart colours).
    With ``gids`` (for interactive SVG) each wire is a line of its own with gid ``wire-{neuron}-{pixel}``.
    """
    neurons, pixels = np.nonzero(shown)
    wire_ids = ids[neurons, pixels]
    colours = _id_colours(wire_ids, style.MAX_COLOURED_IDS, groups=None if group is None else group[neurons])
    highlighted = np.isin(wire_ids, list(highlight_ids or ()))
    if highlighted.any() and len(set(colours.values())) == 1:
        # The other wires are all one gray: the highlighted ones get colours of their own.
        colours.update(_id_colours(wire_ids[highlighted]))
    width = style.wire_width(wire_ids.size)
    for on_top in (False, True):
        chosen = highlighted == on_top
        segments = [((0, pixel_ys[i]), (1, neuron_ys[j])) for i, j in zip(pixels[chosen], neurons[chosen])]
        faded = highlighted.any() and not on_top
        if gids:
            for i, j, weight_id in zip(pixels[chosen].tolist(), neurons[chosen].tolist(), wire_ids[chosen].tolist()):
                ax.add_line(Line2D([0, 1], [pixel_ys[i], neuron_ys[j]], color=colours[weight_id],
                                   linewidth=style.HIGHLIGHT_WIDTH if on_top else width,
                                   alpha=style.FADED_ALPHA if faded else None, zorder=2 if on_top else 1,
                                   solid_capstyle="round", gid=f"wire-{j}-{i}"))
            continue
        ax.add_collection(LineCollection(
            segments, colors=[colours[i] for i in wire_ids[chosen].tolist()],
            linewidths=style.HIGHLIGHT_WIDTH if on_top else width,
            alpha=style.FADED_ALPHA if faded else None, zorder=2 if on_top else 1, capstyle="round"))
    if label_weights and wire_ids.size:
        starts, ends = pixel_ys[pixels], neuron_ys[neurons]
        # A label is about 3 characters wide plus padding, in x units (the columns are 1 apart) and y units (nodes).
        axes_width_pt = ax.bbox.width / ax.get_figure(root=True).dpi * 72
        fractions = _label_positions(starts, ends, 3.2 * style.FONT_SIZE / axes_width_pt, 0.85)
        for weight_id, start, end, t in zip(wire_ids.tolist(), starts, ends, fractions):
            ax.text(t, start + t * (end - start), f"$w_{{{weight_id}}}$", ha="center", va="center",
                    fontsize=style.FONT_SIZE, zorder=4,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colours[weight_id], linewidth=1.5))


def _network(ax, layer, *, pixels, neurons, groups=None, show=None, highlight_ids=None, label_weights=False, title=None,
             gids=False, neuron_header="hidden layer"):
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
               label_weights=label_weights, gids=gids, group=group)
        wires, weights = int(shown.sum()), distinct_ids(np.where(shown, layer.ids, NO_WIRE))
        caption = f"{plural(wires, 'wire')}, {plural(weights, 'weight')}"
    ax.set_xlim(0, 1)
    ax.set_ylim(span + 0.5, -0.5)
    ax.set_axis_off()
    ax.annotate(caption, (0.5, 0), xycoords="axes fraction", xytext=(0, -4), textcoords="offset points",
                ha="center", va="top", fontsize=style.FONT_SIZE, fontstyle="italic")
    ax.set_title(title if title is not None else (f"{layer.name} layer" if layer is not None else "the network"),
                 pad=style.NODE_SIZE + 2.6 * style.FONT_SIZE)


@_styled
def draw_network(layer=None, *, pixels=9, neurons=16, groups=None, show=None, highlight_ids=None,
                 label_weights=False, title=None, ax=None, gids=False, neuron_header="hidden layer"):
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

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the drawing, with a caption such as "144 wires, 144 weights".

    Raises
    ------
    ValueError
        If ``show`` does not have the layer's shape, or ``groups`` does not divide the neurons
        or differs from the layer's.

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
    height = max(pixels, neurons) * style.NODE_SPACING / 72 + 1.6
    fig, ax = _new(ax, style.PAGE_WIDTH, height)
    _network(ax, layer, pixels=pixels, neurons=neurons, groups=groups, show=show, highlight_ids=highlight_ids,
             label_weights=label_weights, title=title, gids=gids, neuron_header=neuron_header)
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


@_styled
def draw_neuron_equation(layer, image, weights):
    """Article Fig 11: neuron 0's labelled wires in ``layer`` (a convolutional :class:`~fc_to_conv.wiring.Layer`), its
    equation, and window ⊙ kernel summed to its output, for ``image`` and the layer's ``weights``."""
    image = image2d(image)
    neuron = 0
    show = np.zeros(layer.ids.shape, dtype=bool)
    show[neuron] = True
    pixels = layer.wired_pixels(neuron)
    ids = layer.ids[neuron, pixels]
    window = flatten(image)[pixels].reshape(layer.kernel_shape)
    kernel = np.asarray(weights, dtype=float)[ids].reshape(layer.kernel_shape)
    output = cross_correlate(window, kernel)[0, 0]
    colours = _id_colours(ids)

    fig = style.figure(style.PAGE_WIDTH, layer.neurons * style.NODE_SPACING / 72 + 1.6)
    network_ax, equation_ax = fig.subplots(1, 2, width_ratios=(1, 1.7))
    _network(network_ax, layer, pixels=layer.pixels, neurons=layer.neurons, groups=layer.groups, show=show,
             label_weights=True, title=f"neuron {neuron}'s wires")

    terms = " + ".join(f"p_{{{p}}}\\,w_{{{i}}}" for p, i in zip(pixels.tolist(), ids.tolist()))
    products = " + ".join(f"{number(p)}\u00b7{factor(w)}" for p, w in zip(window.ravel(), kernel.ravel()))
    lines = (f"$\\mathrm{{neuron}}\\ {neuron} = {terms}$", f"$= {products}$", f"$= {number(output)}$")
    for k, line in enumerate(lines):
        equation_ax.text(0, 0.5 + 0.8 * k, line, ha="left", va="center", fontsize=style.FONT_SIZE + 1)
    rows, cols = layer.kernel_shape
    top = 3.9
    pixel_names = [[f"$p_{{{p}}}$" for p in row] for row in pixels.reshape(layer.kernel_shape).tolist()]
    _image_cells(equation_ax, window, corner=(0, top), fontsize=style.FONT_SIZE, notes=pixel_names)
    kernel_x = cols + 0.9
    kernel_ids = ids.reshape(layer.kernel_shape).tolist()
    fills = [[style.tint(colours[i], style.KERNEL_CELL_TINT) for i in row] for row in kernel_ids]
    weight_names = [[f"$w_{{{i}}}$" for i in row] for row in kernel_ids]
    _cells(equation_ax, fills, [[number(w) for w in row] for row in kernel], weight_names, corner=(kernel_x, top))
    output_x = kernel_x + cols + 0.9
    _cells(equation_ax, [["white"]], [[number(output)]], corner=(output_x, top + (rows - 1) / 2))
    middle = top + rows / 2
    for x, symbol in ((-0.45, r"$\Sigma$"), (cols + 0.45, r"$\odot$"), (kernel_x + cols + 0.45, "=")):
        equation_ax.text(x, middle, symbol, ha="center", va="center", fontsize=style.BIG_FONT_SIZE + 4)
    for x, width, label in ((0, cols, "window"), (kernel_x, cols, "kernel"), (output_x, 1, f"neuron {neuron}")):
        equation_ax.text(x + width / 2, top - 0.12, label, ha="center", va="bottom", fontsize=style.FONT_SIZE)
    equation_ax.text(0, top - 0.75, "the same sum: products, then their sum \u03a3", ha="left", va="bottom", fontsize=style.FONT_SIZE)
    _drawing_axes(equation_ax, -0.95, 0, output_x + 1.4, top + rows + 0.05)
    return fig


@_styled
def draw_sliding_kernel(image, kernel):
    """Article Fig 12: one kernel on each window in turn, each position a neuron of the group, with its output."""
    sliding = slide(image, kernel)
    image, kernel, corners, outputs = sliding.image, sliding.kernel, sliding.corners, sliding.outputs
    rows, cols = image.shape
    kernel_rows, kernel_cols = kernel.shape
    fig = style.figure(style.PAGE_WIDTH, 2.95)
    for k, (ax, (r, c)) in enumerate(zip(fig.subplots(1, len(corners)), corners)):
        colour = _cycle(style.WINDOW_COLOURS, k)
        notes = [[""] * cols for _ in range(rows)]
        for a in range(kernel_rows):
            for b in range(kernel_cols):
                notes[r + a][c + b] = f"\u00d7{factor(kernel[a, b])}"
        _image_cells(ax, image, fontsize=style.FONT_SIZE, notes=notes)
        _outline(ax, (c, r), kernel_cols, kernel_rows, colour)
        ax.text(cols / 2, rows + 0.2, f"neuron {k} = {number(outputs[r, c])}", ha="center", va="top",
                fontsize=style.FONT_SIZE)
        _drawing_axes(ax, -0.1, -0.1, cols + 0.1, rows + 0.65)
        ax.set_title(f"window {k}", color=style.text_colour(colour), pad=9,
                     bbox=dict(boxstyle="round,pad=0.3", facecolor=colour, edgecolor="none"))
    fig.suptitle(f"one {kernel_rows}\u00d7{kernel_cols} kernel slides over the image: "
                 f"{len(corners)} windows, the {len(corners)} neurons of a group")
    # Layout does not count the window labels' boxes, so leave room for them.
    fig.get_layout_engine().set(h_pad=0.1)
    return fig


@_styled
def draw_sliding_steps(image, kernel):
    """The kernel's slide (:func:`fc_to_conv.convolution.slide`) as layers for an animation: the image and the output map.

    Every part that belongs to one position of the kernel is an artist of its own with an SVG id,
    so that :mod:`fc_to_conv.interactive` can show one step at a time: window k's outline
    (``window-k``), the kernel's factors on its pixels (``window-k-note-a-b``) and the outline of
    its output cell (``window-k-output``), and output k's value (``output-k``). The network of
    the group's neurons, whose neuron k reads window k, is a figure of its own
    (:func:`draw_network` of the slide's ``group``), so that a phone can show it under this one.
    The figure is :data:`fc_to_conv.style.PHONE_WIDTH` wide; saved as it is, it shows every step
    at once; Figure 12 (:func:`draw_sliding_kernel`) is the static picture.
    """
    sliding = slide(image, kernel)
    image, kernel, corners, outputs = sliding.image, sliding.kernel, sliding.corners, sliding.outputs
    rows, cols = image.shape
    kernel_rows, kernel_cols = kernel.shape
    out_rows, out_cols = outputs.shape
    fig = style.figure(style.PHONE_WIDTH, 0.62 * rows + 0.95)
    image_ax, output_ax = fig.subplots(1, 2, width_ratios=(cols + 0.2, out_cols + 0.2))
    _image_cells(image_ax, image, fontsize=style.FONT_SIZE, notes=[[""] * cols for _ in range(rows)])
    fills = _gray_fills(image)
    _cells(output_ax, [["white"] * out_cols for _ in range(out_rows)], notes=[
        [f"neuron {r * out_cols + c}" for c in range(out_cols)] for r in range(out_rows)])
    for k, (r, c) in enumerate(corners):
        colour = _cycle(style.WINDOW_COLOURS, k)
        _outline(image_ax, (c, r), kernel_cols, kernel_rows, colour).set_gid(f"window-{k}")
        for a in range(kernel_rows):
            for b in range(kernel_cols):
                image_ax.text(c + b + 0.5, r + a + 0.72, f"\u00d7{factor(kernel[a, b])}", ha="center", va="center",
                              fontsize=style.SMALL_FONT_SIZE, color=style.text_colour(fills[r + a][c + b]),
                              gid=f"window-{k}-note-{a}-{b}")
        _outline(output_ax, (c, r), 1, 1, colour).set_gid(f"window-{k}-output")
        output_ax.text(c + 0.5, r + 0.38, number(outputs[r, c]), ha="center", va="center",
                       fontsize=style.FONT_SIZE, color=style.INK, gid=f"output-{k}")
    _drawing_axes(image_ax, -0.1, -0.1, cols + 0.1, rows + 0.1)
    image_ax.set_title(f"the {kernel_rows}\u00d7{kernel_cols} kernel\non the image")
    _drawing_axes(output_ax, -0.1, -0.1, out_cols + 0.1, rows + 0.1)
    output_ax.set_title("the group's\noutputs")
    return fig


@_styled
def draw_stage_matrices(layers):
    """Each layer's (neurons, pixels) weight-id matrix with its wire and weight counts, two to a row.

    Black lines separate the layer's own groups of neurons (``layer.groups``; none for a layer
    without groups, such as the fully connected one).

    When every layer is a stage of :data:`fc_to_conv.stages.STAGES` (by name), each is placed on
    the stages' grid instead, its row and column in its title: rows are weight sharing (none,
    shared), columns connectivity (every pixel, one window). Other layers go row by row in order.
    """
    names = {entry.name for entry in STAGES}
    on_grid = all(layer.name in names for layer in layers)
    if on_grid:
        places = [registry(layer.name).grid_position for layer in layers]
        nrows, ncols = len(SHARING), len(CONNECTIVITY)
    else:
        ncols = min(2, len(layers))
        nrows = -(-len(layers) // ncols)
        places = [divmod(k, ncols) for k in range(len(layers))]
    fig = style.figure(style.PAGE_WIDTH, (4.3 if on_grid else 4.1) * nrows + 0.4)
    grid = fig.subplots(nrows, ncols, squeeze=False)
    for (row, col), layer in zip(places, layers):
        ax = grid[row, col]
        ids = layer.ids
        colours = _id_colours(ids[ids != NO_WIRE])
        # One image per panel instead of a patch per cell keeps the SVG small; the hatched
        # rectangle behind it shows through the transparent no-wire cells.
        ax.add_patch(Rectangle((0, 0), layer.pixels, layer.neurons, facecolor="white", hatch="///", linewidth=0, zorder=0))
        rgba = np.zeros(ids.shape + (4,))
        for i, colour in colours.items():
            rgba[ids == i] = to_rgba(colour)
        ax.imshow(rgba, extent=(0, layer.pixels, layer.neurons, 0), interpolation="none", aspect="auto", zorder=1)
        ax.hlines(np.arange(1, layer.neurons), 0, layer.pixels, color="white", linewidth=0.6)
        ax.vlines(np.arange(1, layer.pixels), 0, layer.neurons, color="white", linewidth=0.6)
        if layer.weights <= style.MAX_LABELLED_IDS:
            for (r, c), i in np.ndenumerate(ids):
                if i != NO_WIRE:
                    ax.text(c + 0.5, r + 0.5, str(i), ha="center", va="center", fontsize=style.SMALL_FONT_SIZE,
                            color=style.text_colour(colours[i]))
        ax.set_xlim(0, layer.pixels)
        ax.set_ylim(layer.neurons, 0)
        ax.set_xticks(np.arange(layer.pixels) + 0.5, [str(i) for i in range(layer.pixels)])
        ax.set_yticks(np.arange(layer.neurons) + 0.5, [str(j) for j in range(layer.neurons)])
        ax.tick_params(length=0, labelsize=style.SMALL_FONT_SIZE)
        ax.spines[:].set_visible(False)
        if layer.groups is not None:
            group = group_of(layer.neurons, layer.groups)
            ax.hlines(np.flatnonzero(np.diff(group)) + 1, 0, layer.pixels, color=style.INK, linewidth=1.5)
        ax.set_xlabel("pixel")
        ax.set_ylabel("neuron")
        where = f"{registry(layer.name).sharing}, wired to {registry(layer.name).connectivity}\n" if on_grid else ""
        ax.set_title(f"{layer.name}\n{where}{plural(layer.wires, 'wire')}, {plural(layer.weights, 'weight')}")
    for row, col in set(np.ndindex(nrows, ncols)) - set(places):
        grid[row, col].set_visible(False)
    fig.supxlabel("number and colour: weight id (equal ids share one weight)\n"
                  "hatched: no wire; black lines: boundaries between groups of neurons", fontsize=style.SMALL_FONT_SIZE)
    return fig


@_styled
def draw_kernel_across_channels(image, kernel, channel_names):
    """One kernel on a colour image: a row per input channel (the channel, the kernel's slice for it, the channel's map of
    sums), and the one output map, their sum (:func:`fc_to_conv.frameworks.channel_sums`).

    ``image`` (C_in, rows, cols), ``kernel`` (C_in, k, k), ``channel_names`` one per channel. Each
    channel's first window is outlined in the channel's colour, as is its slice.
    """
    from ..frameworks import channel_sums

    maps, output = channel_sums(image, kernel)
    channels, rows, cols = image.shape
    k = kernel.shape[1]
    out_rows, out_cols = output.shape
    fig = style.figure(style.PAGE_WIDTH, 1.35 * channels + 0.9)
    grid = fig.add_gridspec(channels, 4, width_ratios=(cols, k + 0.6, out_cols + 0.6, out_cols + 1.6))
    palette = (style.OKABE_ITO["vermillion"], style.OKABE_ITO["bluish green"], style.OKABE_ITO["blue"])
    for c, name in enumerate(channel_names):
        colour = _cycle(palette, c)
        image_ax, kernel_ax, map_ax = (fig.add_subplot(grid[c, column]) for column in range(3))
        _image_cells(image_ax, image[c], fontsize=style.FONT_SIZE, notes=[[""] * cols for _ in range(rows)])
        _outline(image_ax, (0, 0), k, k, colour)
        _drawing_axes(image_ax, -0.1, -0.1, cols + 0.1, rows + 0.1)
        image_ax.set_title(f"{name} channel", color=style.text_colour(colour), fontsize=style.FONT_SIZE, pad=6,
                           bbox=dict(boxstyle="round,pad=0.25", facecolor=colour, edgecolor="none"))
        fills = [[style.tint(colour, style.KERNEL_CELL_TINT)] * k for _ in range(k)]
        _cells(kernel_ax, fills, [[number(w) for w in row] for row in kernel[c]], corner=(0.6, (rows - k) / 2))
        kernel_ax.text(0.3, rows / 2, "\u00d7", ha="center", va="center", fontsize=style.BIG_FONT_SIZE)
        kernel_ax.set_title(f"kernel, slice {c}", fontsize=style.FONT_SIZE, pad=6)
        _drawing_axes(kernel_ax, -0.1, -0.1, k + 0.7, rows + 0.1)
        _cells(map_ax, [["white"] * out_cols for _ in range(out_rows)], [[number(v) for v in row] for row in maps[c]],
               corner=(0.6, (rows - out_rows) / 2))
        map_ax.text(0.3, rows / 2, "=", ha="center", va="center", fontsize=style.BIG_FONT_SIZE)
        map_ax.set_title(f"{name}'s sums", fontsize=style.FONT_SIZE, pad=6)
        if c < channels - 1:  # the maps are added up: a plus between each and the next
            map_ax.text(0.6 + out_cols / 2, (rows + out_rows) / 2 + 0.45, "+", ha="center", va="center",
                        fontsize=style.BIG_FONT_SIZE)
        _drawing_axes(map_ax, -0.1, -0.1, out_cols + 0.7, rows + 0.1)
    output_ax = fig.add_subplot(grid[:, 3])
    middle = (channels * (rows + 1.2) - 1.2) / 2
    _cells(output_ax, [["white"] * out_cols for _ in range(out_rows)], [[number(v) for v in row] for row in output],
           corner=(1.0, middle - out_rows / 2), edgecolor=style.INK, linewidth=2.0)
    output_ax.text(0.5, middle, "\u2192", ha="center", va="center", fontsize=style.BIG_FONT_SIZE)
    output_ax.text(1.0 + out_cols / 2, middle - out_rows / 2 - 0.25, "output map:\nthe sum", ha="center",
                   va="bottom", fontsize=style.FONT_SIZE)
    _drawing_axes(output_ax, 0, 0, out_cols + 1.6, channels * (rows + 1.2) - 1.2)
    fig.suptitle(f"one kernel of {channels} slices on {channels} input channels makes one output map")
    return fig
