"""Grids of cells: the image and its flattening, a neuron's sum as window times kernel, the kernel on its
windows and across channels, the stages' weight-id matrices."""

import numpy as np
from matplotlib import patheffects
from matplotlib.colors import to_rgba
from matplotlib.patches import Polygon, Rectangle

from .. import style
from ..convolution import cross_correlate, slide
from ..grouping import group_of
from ..image import flatten, pixel_index
from ..stages import CONNECTIVITY, SHARING, STAGES, registry
from ..validate import image2d
from ..wiring import NO_WIRE
from ..text import factor, number, plural
from ._common import _cycle, _id_colours, _new, _styled, _white
from .network_diagrams import draw_network

def _gray_fills(image):
    """A gray colour per pixel, from black at 0 to white at :func:`_white`."""
    return [[(v, v, v) for v in row] for row in np.clip(image / _white(image), 0, 1)]

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
    draw_network(layer, show=show, label_weights=True, title=f"neuron {neuron}'s wires", ax=network_ax)

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
