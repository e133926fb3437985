"""Plots of data: photographs, measured curves and bars, each drawn from the values it is given."""

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import ConnectionPatch, Rectangle
from matplotlib.ticker import LogLocator, MaxNLocator, NullFormatter, NullLocator, StrMethodFormatter

from .. import style
from ..correlation import euclidean_distances
from ..validate import image2d
from ..text import byte_size, compact, number, plural
from ._common import _cycle, _new, _styled, _white


def _plot_axes(ax, title, xlabel, ylabel):
    """Title, axis labels, light grid and legible ticks for a line plot."""
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", color=style.GRID_COLOUR, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=style.SMALL_FONT_SIZE, colors=style.INK)


def _log_x(ax):
    """A log x axis ticked 1, 2, 5, 10, ... in plain numbers."""
    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())


@_styled
def draw_edge_map(photo, response, kernel):
    """The photograph next to the strength of one kernel's response on it: black where it is zero, white where strongest.

    Both are shown at half resolution; the response keeps the strongest value of each 2x2
    block, so that edges one pixel wide stay visible.
    """
    photo, response = image2d(photo), image2d(response)
    fig = style.figure(style.PAGE_WIDTH, 3.6)
    left, right = fig.subplots(1, 2)
    left.imshow(photo[::2, ::2], cmap="gray", vmin=0, vmax=_white(photo), interpolation="none")
    strength = np.abs(response)
    rows, cols = (strength.shape[0] // 2) * 2, (strength.shape[1] // 2) * 2
    blocks = strength[:rows, :cols].reshape(rows // 2, 2, cols // 2, 2).max(axis=(1, 3))
    right.imshow(blocks, cmap="gray", vmin=0, vmax=strength.max(), interpolation="none")
    kernel_text = " / ".join(" ".join(number(v) for v in row) for row in kernel)
    for ax, title in ((left, f"the photo, {photo.shape[0]} \u00d7 {photo.shape[1]} pixels"),
                      (right, f"how strongly the kernel [{kernel_text}] responds\n"
                              f"{response.shape[0]} \u00d7 {response.shape[1]} outputs, black: 0, white: {number(strength.max())}")):
        ax.set_title(title, fontsize=style.FONT_SIZE)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


@_styled
def draw_cameraman(photo, face, neighbours, far):
    """Article Fig 9: the photo with a face pixel, its close neighbours (zoomed in) and far pixels."""
    photo = image2d(photo)
    white = _white(photo)
    fig = style.figure(style.PAGE_WIDTH, 4.4)
    whole, zoom = fig.subplots(1, 2)
    halo = [patheffects.withStroke(linewidth=4, foreground="white")]
    dark_halo = [patheffects.withStroke(linewidth=4, foreground="black")]
    marks = {
        "face": dict(marker="o", markerfacecolor=style.FACE_COLOUR, markeredgecolor="white", markeredgewidth=1.5),
        "neighbour": dict(marker="s", markerfacecolor="none", markeredgecolor=style.NEIGHBOUR_COLOUR,
                          markeredgewidth=2.5, path_effects=dark_halo),
        "far": dict(marker="s", markerfacecolor=style.FAR_COLOUR, markeredgecolor="white", markeredgewidth=1.5),
    }
    label_box = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="none", alpha=0.9)
    # Every second pixel is plenty at this size, and the SVG embeds that array as it is.
    whole.imshow(photo[::2, ::2], cmap="gray", vmin=0, vmax=white, interpolation="none",
                 extent=(-0.5, photo.shape[1] - 0.5, photo.shape[0] - 0.5, -0.5))
    face_r, face_c = face
    for name, (r, c) in far.items():
        whole.plot([face_c, c], [face_r, r], linestyle="--", color=style.FAR_COLOUR, linewidth=1.8, path_effects=halo)
        whole.plot(c, r, markersize=style.MARKER_SIZE, **marks["far"])
        whole.annotate(name, (c, r), xytext=(9, 0), textcoords="offset points", ha="left", va="center",
                       fontsize=style.FONT_SIZE, bbox=label_box)
    whole.plot(face_c, face_r, markersize=style.MARKER_SIZE * 0.7, **marks["face"])
    whole.annotate("face", (face_c, face_r), xytext=(-12, 0), textcoords="offset points", ha="right", va="center",
                   fontsize=style.FONT_SIZE, bbox=label_box)
    reach = max(max(abs(r - face_r), abs(c - face_c)) for r, c in neighbours)
    half = max(10, 3 * reach + 2)
    top, left = max(face_r - half, 0), max(face_c - half, 0)
    bottom, right = min(face_r + half + 1, photo.shape[0]), min(face_c + half + 1, photo.shape[1])
    zoom.imshow(photo[top:bottom, left:right], cmap="gray", vmin=0, vmax=white, interpolation="none",
                extent=(left - 0.5, right - 0.5, bottom - 0.5, top - 0.5))
    for r, c in neighbours:
        zoom.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=style.NEIGHBOUR_COLOUR,
                                 linewidth=2.5, path_effects=dark_halo))
    zoom.add_patch(Rectangle((face_c - 0.5, face_r - 0.5), 1, 1, facecolor="none", edgecolor=style.FACE_COLOUR,
                             linewidth=3, path_effects=[patheffects.withStroke(linewidth=5, foreground="white")]))
    whole.add_patch(Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, fill=False,
                              edgecolor=style.NEIGHBOUR_COLOUR, linewidth=2, path_effects=dark_halo))
    for corner_y in (top - 0.5, bottom - 0.5):
        fig.add_artist(ConnectionPatch((right - 0.5, corner_y), (left - 0.5, corner_y), "data", "data",
                                       axesA=whole, axesB=zoom, color=style.NEIGHBOUR_COLOUR, linewidth=1.2))
    titles = ("the photo: a face pixel and far pixels", "zoomed in: the face pixel's neighbours")
    for ax, title in zip((whole, zoom), titles):
        ax.set_title(title, fontsize=style.FONT_SIZE)
        ax.set_xlabel("column")
        ax.set_ylabel("row")
        ax.tick_params(labelsize=style.SMALL_FONT_SIZE)
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    labels = {"face": "face pixel", "neighbour": "close neighbours:\nstrongly correlated",
              "far": "far pixels:\nweakly correlated"}
    handles = [Line2D([], [], linestyle="none", markersize=style.MARKER_SIZE, label=labels[kind], **mark)
               for kind, mark in marks.items()]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
    return fig


@_styled
def draw_correlation_by_distance(distances, correlations, ax=None):
    """How alike two pixels are against how far apart they are: one line per direction of
    :data:`fc_to_conv.correlation.DIRECTIONS`, each pair plotted at its Euclidean distance
    (a diagonal step of ``d`` is ``d`` times the square root of 2 pixels)."""
    fig, ax = _new(ax, style.PAGE_WIDTH, 4.2)
    for k, (direction, values) in enumerate(correlations.items()):
        ax.plot(euclidean_distances(distances, direction), values, marker=_cycle(style.LINE_MARKERS, k), color=_cycle(style.LINE_COLOURS, k),
                linewidth=2, markersize=5, label=direction)
    ax.axhline(0, color=style.INK, linewidth=1)
    _log_x(ax)
    _plot_axes(ax, "pixel correlation by distance", "distance between the two pixels (pixels, centre to centre)",
               "correlation (Pearson)")
    ax.legend(title="direction")
    return fig


@_styled
def draw_parameter_growth(image_sides, hidden_widths, counts, ax=None):
    """Weights of one fully connected layer against the image side, one line per hidden width, ticked at each side."""
    fig, ax = _new(ax, style.PAGE_WIDTH, 4.4)
    for k, width in enumerate(hidden_widths):
        ax.plot(image_sides, counts[width], marker=_cycle(style.LINE_MARKERS, k), color=_cycle(style.LINE_COLOURS, k),
                linewidth=2, markersize=6, label=plural(width, "neuron"))
    ax.set_yscale("log")
    ax.set_xscale("log")
    ax.set_xticks(image_sides, [str(side) for side in image_sides])  # ticks where the points are
    ax.xaxis.set_minor_locator(NullLocator())
    _plot_axes(ax, "weights of a fully connected layer grow with the image",
               "image side n (an n \u00d7 n image has n\u00b2 pixels)", "weights (no biases)")
    ax.legend(title="hidden layer")
    return fig


@_styled
def draw_size_scaling(table, *, in_channels, out_channels, kernel, stride=1, padding=0):
    """Parameters and multiply-accumulates against the image side, log-log: fully connected vs convolution.

    ``table`` is :func:`fc_to_conv.real_layers.sizes_table`'s dict of arrays (``side``, ``fc_parameters``,
    ``fc_macs``, ``conv_parameters``, ``conv_macs``).
    """
    fig = style.figure(style.PAGE_WIDTH, 4.2)
    axes = fig.subplots(1, 2, sharex=True, sharey=True)
    panels = (("parameters (weights + biases)", "parameters"), ("multiply-accumulates per image", "macs"))
    kinds = (("fully connected", "fc"), ("convolution", "conv"))
    for ax, (title, measure) in zip(axes, panels):
        for k, (label, prefix) in enumerate(kinds):
            ax.plot(table["side"], table[f"{prefix}_{measure}"], marker=_cycle(style.LINE_MARKERS, k),
                    color=_cycle(style.LINE_COLOURS, k), linewidth=2, markersize=6, label=label)
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=8))
        _log_x(ax)
        _plot_axes(ax, title, "image side n (pixels)", "count" if ax is axes[0] else "")
    axes[0].legend(title="layer")
    fig.suptitle(f"{in_channels} input channels \u2192 {out_channels} output channels, "
                 f"{kernel}\u00d7{kernel} kernel, stride {stride}, padding {padding}")
    return fig


#: How far apart (in columns) :func:`draw_costs` sets the dots of one column, so that equal values stay visible.
COSTS_DODGE = 0.12


def _costs_panels(stored, macs):
    """(title, y label, values by layer, how to write a value) of the two panels of :func:`draw_costs`."""
    return (("bytes to store the weights (float32)", "bytes", stored, byte_size),
            ("multiply-accumulates per image", "multiply-accumulates", macs, compact))


def _series_style(k):
    """Colour and marker of the ``k``-th layer of a plot."""
    return _cycle(style.LINE_COLOURS, k), _cycle(style.LINE_MARKERS, k)


@_styled
def draw_costs(images, stored, macs):
    """Bytes to store each layer's weights (top) and its multiply-accumulates per image (bottom), on log axes.

    ``images`` labels the columns (one layer size each); ``stored`` and ``macs`` map each layer's
    name to one value per column. A dot per value, joined across the columns, each layer in its
    colour and marker (:data:`fc_to_conv.style.LINE_COLOURS`, :data:`~fc_to_conv.style.LINE_MARKERS`,
    in the order of the dicts); the dots of a column are set side by side (:data:`COSTS_DODGE`), so
    that layers with equal values stay visible. The bytes are ticked in SI units (1 kB = 1,000 bytes).
    """
    fig = style.figure(style.PAGE_WIDTH, 6.8)
    axes = fig.subplots(2, 1, sharex=True)
    columns = np.arange(len(images))
    for ax, (title, ylabel, values, _) in zip(axes, _costs_panels(stored, macs)):
        for k, (name, series) in enumerate(values.items()):
            colour, marker = _series_style(k)
            ax.plot(columns + (k - (len(values) - 1) / 2) * COSTS_DODGE, [float(v) for v in series], color=colour,
                    marker=marker, linewidth=1.5, markersize=7, label=name)
        ax.set_yscale("log")
        _plot_axes(ax, title, "", ylabel)
    largest = max(max(series) for series in stored.values())
    powers = [1000 ** p for p in range(int(np.log10(float(largest))) // 3 + 1)]  # 1 byte, 1 kB, ... up to the data
    axes[0].set_yticks(powers, [byte_size(power) for power in powers])
    axes[0].set_yticks([10 ** d for d in range(3 * len(powers))], minor=True)
    axes[0].yaxis.set_minor_formatter(NullFormatter())
    axes[1].yaxis.set_major_locator(LogLocator(numticks=8))
    axes[1].set_xticks(columns, images)
    axes[1].set_xlabel("image: rows \u00d7 columns \u00d7 channels")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=len(stored), frameon=False)
    return fig


def costs_alt_text(images, stored, macs):
    """The alt text of :func:`draw_costs` for the same arguments: what it plots, each layer's colour and marker, each
    layer's values at the first and last column, and which layers have equal values in every column."""
    layers = ", ".join(f"{name} ({style.COLOUR_NAMES[colour]} {style.MARKER_NAMES[marker]})"
                       for name, (colour, marker) in ((name, _series_style(k)) for k, name in enumerate(stored)))
    text = [f"Two dot charts on logarithmic axes, one above the other, with a column for each image from {images[0]} to "
            f"{images[-1]}, evenly spaced rather than to scale, and a dot per layer, joined across the columns: {layers}."]
    for place, (title, _, values, write) in zip(("Top", "Bottom"), _costs_panels(stored, macs)):
        ranges = "; ".join(f"{name} from {write(series[0])} to {write(series[-1])}" for name, series in values.items())
        names = list(values)
        level = [f"the {later} layer's dots are level with the {earlier} layer's"
                 for k, earlier in enumerate(names) for later in names[k + 1:]
                 if list(values[later]) == list(values[earlier])]
        text.append(f"{place}, the {title}: {ranges}." + (f" In every column of the {place.lower()} chart {' and '.join(level)}." if level else ""))
    return " ".join(text)


@_styled
def draw_network_parameters(names, conv, dense, conv_as_dense):
    """Per network, parameters in its convolution layers and in its dense layers, and what the convolutions would need as dense layers.

    A dot per count on a logarithmic axis, labelled with the count: on a log axis a dot's
    position is its value, where a bar's length would depend on where the axis starts. A
    count of zero (a network without dense layers) gets no dot.
    """
    fig = style.figure(style.PAGE_WIDTH, 1.8 + 0.9 * len(names))
    ax = fig.add_subplot()
    series = (("convolution layers", conv, "o"), ("fully connected layers", dense, "s"),
              ("convolution layers rebuilt as fully connected (weights)", conv_as_dense, "D"))
    y = np.arange(len(names))
    for k, (label, values, marker) in enumerate(series):
        offset = (k - 1) * 0.22
        shown = [(row + offset, value) for row, value in zip(y, values) if value > 0]
        ax.plot([value for _, value in shown], [row for row, _ in shown], linestyle="none", marker=marker,
                color=_cycle(style.LINE_COLOURS, k), label=label)
        for row, value in shown:
            ax.annotate(f"{value:,.0f}", (value, row), xytext=(6, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=style.SMALL_FONT_SIZE)
    positive = [value for _, values, _ in series for value in values if value > 0]
    ax.set_xscale("log")
    ax.set_xlim(min(positive) / 3, max(positive) * 3e3)
    ax.set_yticks(y, names)
    ax.set_ylim(len(names) - 0.5, -0.5)
    _plot_axes(ax, "where the parameters are", "parameters (log scale)", "")
    ax.grid(False, axis="y")
    fig.legend(loc="outside lower center", ncols=2, frameon=False)
    return fig


@_styled
def draw_receptive_fields(image_side, squares, padded, clipped, name):
    """The receptive fields of a network's layers as squares on its ``image_side x image_side`` input.

    Left: ``squares``, ``(layer, top, left, side)`` each, the field of one output of each layer
    (the centre one), outlined in the image. Right: the field of layer ``name``'s first output,
    ``padded`` ``(top, left, side)`` dashed where it reaches into the padding, and the part
    inside the image, ``clipped``, filled. Rows run down, as in an image.
    """
    fig = style.figure(style.PAGE_WIDTH, 4.2)
    axes = fig.subplots(1, 2)
    low = min(0, padded[0], padded[1]) - 8
    high = max(image_side, padded[0] + padded[2], padded[1] + padded[2]) + 8
    for ax, title in zip(axes, ("each layer's centre output", f"{name}'s first output")):
        ax.add_patch(Rectangle((0, 0), image_side, image_side, facecolor=style.PIXEL_FILL, edgecolor=style.INK,
                               linewidth=1, label=f"the {image_side}\u00d7{image_side} image"))
        ax.update_datalim([(low, low), (high, high)])  # both panels on one scale, the padding in view
        ax.autoscale_view()
        ax.invert_yaxis()
        ax.set_aspect("equal", adjustable="datalim")  # the axes fill their place, so constrained layout fits the rest
        ax.set_xticks([0, image_side])
        ax.set_yticks([0, image_side])
        ax.tick_params(labelsize=style.SMALL_FONT_SIZE, colors=style.INK)
        ax.set_title(title, fontsize=style.FONT_SIZE)
    for k, (layer, top, left, side) in enumerate(squares):
        axes[0].add_patch(Rectangle((left, top), side, side, fill=False, linewidth=2,
                                    edgecolor=_cycle(style.LINE_COLOURS, k), label=f"{layer}: {side}\u00d7{side}"))
    top, left, side = clipped
    axes[1].add_patch(Rectangle((left, top), side, side, facecolor=style.OKABE_ITO["sky blue"], edgecolor="none",
                                label=f"in the image: {side}\u00d7{side}"))
    top, left, side = padded
    axes[1].add_patch(Rectangle((left, top), side, side, fill=False, linewidth=2, linestyle="--",
                                edgecolor=style.OKABE_ITO["vermillion"],
                                label=f"padding included: {side}\u00d7{side}, from {number(top)}"))
    for ax in axes:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False, fontsize=style.SMALL_FONT_SIZE)
    return fig


@_styled
def draw_equivariance(result):
    """Move the picture, then apply the layer, next to apply, then move: for a convolution and a fully connected layer.

    ``result`` is a :class:`fc_to_conv.equivariance.Experiment`. Outputs are shown in gray;
    the differences in a diverging colour map scaled to the layer's outputs, so that a
    difference of zero reads as flat.
    """
    fig = style.figure(style.PAGE_WIDTH, 7.6)
    axes = fig.subplots(3, 3)
    dy, dx = result.shift
    nothing = style.OKABE_ITO["sky blue"]
    gray = colormaps["gray"].with_extremes(bad=nothing)
    diverging = colormaps["PuOr"].with_extremes(bad=nothing)
    def show(ax, values, title, cmap=gray, limits=None):
        image = ax.imshow(values, cmap=cmap, interpolation="none",
                          **(dict(vmin=limits[0], vmax=limits[1]) if limits else {}))
        ax.set_title(title, fontsize=style.SMALL_FONT_SIZE)
        ax.set_xticks([])
        ax.set_yticks([])
        return image
    show(axes[0, 0], result.crop, "the picture", limits=(0, 1))
    show(axes[0, 1], result.moved, f"moved {dy} down, {dx} right", limits=(0, 1))
    axes[0, 2].set_axis_off()
    axes[0, 2].text(0.0, 0.5, "blue band: the border where\nnew content moved in, left\nout of the comparison\n\n"
                    "difference: orange below\nzero, purple above, pale\nat zero",
                    ha="left", va="center", fontsize=style.SMALL_FONT_SIZE, transform=axes[0, 2].transAxes)
    for row, (name, of_moved, moved, (largest, _)) in enumerate((
            ("convolution", result.conv_of_moved, result.conv_moved, result.conv_gap),
            ("fully connected", result.fc_of_moved, result.fc_moved, result.fc_gap)), 1):
        low, high = np.nanmin(of_moved), np.nanmax(of_moved)
        show(axes[row, 0], of_moved, f"{name}:\nlayer(moved picture)", limits=(low, high))
        show(axes[row, 1], moved, f"{name}:\nlayer(picture), moved", limits=(low, high))
        reach = max(abs(low), abs(high))
        image = show(axes[row, 2], of_moved - moved, f"difference\nlargest {largest:.1e}".replace("-", "\u2212"),
                     cmap=diverging, limits=(-reach, reach))
        fig.colorbar(image, ax=axes[row, 2], shrink=0.8).ax.tick_params(labelsize=style.SMALL_FONT_SIZE)
    return fig
