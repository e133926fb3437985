"""Plots of the learning chapter: the four layers' accuracies, their learning curves, what they learned."""

import numpy as np
from matplotlib import colormaps
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator, PercentFormatter

from .. import style
from ..learning import MAP_SIDE, mean_and_spread
from ._common import _cycle, _styled
from .plots import _plot_axes


#: Small weight images per row in :func:`draw_learned_weights`: five keep them large enough on a phone.
WEIGHTS_PER_ROW = 5


def _layer_label(name, weights):
    """A layer's name over its count of free weights."""
    return f"{name}\n{weights:,} weights"


def _pooling_label(side):
    """How a network pools its maps: over all positions, or over blocks of ``side``."""
    return "global pooling" if side == MAP_SIDE else f"{side} \u00d7 {side} pooling"


@_styled
def draw_accuracies(result):
    """Test accuracy of each layer, one dot per seed and a bar at their mean, and its mean training accuracy.

    ``result`` is a :class:`fc_to_conv.learning.Result`; one row per layer, in its order.
    """
    names = list(result.weights)
    fig = style.figure(style.PAGE_WIDTH, 1.6 + 0.8 * len(names))
    ax = fig.add_subplot()
    for row, name in enumerate(names):
        colour = _cycle(style.LINE_COLOURS, row)
        test = 100 * np.asarray(result.test[name])
        ax.plot(test, [row] * len(test), linestyle="none", marker="o", markersize=7, markerfacecolor="none",
                markeredgecolor=colour, markeredgewidth=1.5)
        ax.plot([100 * mean_and_spread(result.test[name])[0]] * 2, [row - 0.3, row + 0.3], color=colour, linewidth=3)
        ax.plot(100 * mean_and_spread(result.train[name])[0], row, linestyle="none", marker="D", markersize=7,
                color=style.INK)
    ax.set_yticks(range(len(names)), [_layer_label(name, result.weights[name]) for name in names])
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    _plot_axes(ax, f"trained on {result.images:,} images, tested on others", "accuracy", "")
    ax.grid(False, axis="y")
    handles = [Line2D([], [], linestyle="none", marker="o", markerfacecolor="none", markeredgecolor=style.INK,
                      markersize=7, label="test, one seed"),
               Line2D([], [], color=style.INK, linewidth=3, label="test, mean of the seeds"),
               Line2D([], [], linestyle="none", marker="D", color=style.INK, markersize=7, label="training, mean")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
    return fig


@_styled
def draw_learning_curve(curve):
    """Mean test accuracy of each layer against the number of training images, with the spread over seeds as bars.

    ``curve`` maps a number of training images to a :class:`fc_to_conv.learning.Result`
    (:func:`fc_to_conv.learning.by_training_size`). The x axis is logarithmic, ticked at each size.
    """
    sizes = sorted(curve)
    fig = style.figure(style.PAGE_WIDTH, 4.6)
    ax = fig.add_subplot()
    first = curve[sizes[0]]
    for k, name in enumerate(first.weights):
        means, spreads = zip(*(mean_and_spread(curve[size].test[name]) for size in sizes))
        ax.errorbar(sizes, 100 * np.array(means), yerr=100 * np.array(spreads), marker=_cycle(style.LINE_MARKERS, k),
                    color=_cycle(style.LINE_COLOURS, k), linewidth=2, markersize=6, capsize=3,
                    label=f"{name} ({first.weights[name]:,} weights)")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{size:,}" for size in sizes])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    _plot_axes(ax, "test accuracy as the training set grows", "training images (log scale)",
               "test accuracy (mean of the seeds)")
    ax.legend(title="first layer", loc="lower right")
    return fig


def _pixels(ax, values, title, **colours):
    """A small array drawn as square cells, row 0 on top, titled and without ticks.

    Cells, not an image: a PDF viewer or an SVG-to-PDF converter smooths a raster image, and an
    8x8 pattern smoothed is a blur.
    """
    ax.pcolormesh(values, **colours)
    ax.set_aspect("equal")
    ax.set_ylim(values.shape[0], 0)
    ax.set_title(title, fontsize=style.SMALL_FONT_SIZE)
    ax.set_xticks([])
    ax.set_yticks([])


def _weights_image(ax, values, title):
    """One neuron's weights as cells: purple above zero, orange below, pale at zero, scaled to its largest."""
    reach = np.abs(values).max() or 1.0
    _pixels(ax, values, title, cmap=colormaps["PuOr"], vmin=-reach, vmax=reach)


@_styled
def draw_learned_weights(hand_made, kernels, neurons):
    """The hand-made kernel, then the convolution's learned kernels (top row) and fully connected neurons (bottom row).

    ``hand_made`` is a 2-D kernel; ``kernels`` and ``neurons`` (the first neuron of each group, labelled by its
    group) are lists of 2-D weight arrays (:func:`fc_to_conv.learning.weights_on_image`). Each array is scaled to its own largest
    weight, purple above zero and orange below.
    """
    groups = (("the hand-made kernel, and the kernels the convolution learned",
               [(np.asarray(hand_made, dtype=float), "hand-made")] + [(k, f"kernel {n}") for n, k in enumerate(kernels)]),
              ("what the first neuron of each group of the fully connected layer learned",
               [(weights, f"group {n}") for n, weights in enumerate(neurons)]))
    rows = [-(-len(panels) // WEIGHTS_PER_ROW) for _, panels in groups]
    fig = style.figure(style.PAGE_WIDTH, 0.6 + 1.6 * sum(rows))
    for sub, (title, panels), count in zip(fig.subfigures(2, 1, height_ratios=rows), groups, rows):
        sub.suptitle(title, fontsize=style.FONT_SIZE)
        axes = sub.subplots(count, WEIGHTS_PER_ROW, squeeze=False).ravel()
        for ax, (values, name) in zip(axes, panels):
            _weights_image(ax, values, f"{name}, {values.shape[0]} \u00d7 {values.shape[1]}")
        for ax in axes[len(panels):]:
            ax.set_axis_off()
    return fig


@_styled
def draw_positions(positions, seen_examples, unseen_examples, chance):
    """Patterns at seen and unseen positions (top), and each network's accuracy at both (bottom).

    ``positions`` is a :class:`fc_to_conv.learning.Positions`; ``seen_examples`` and
    ``unseen_examples`` are lists of (name, 2-D image) to show; ``chance`` is the accuracy of a
    blind guess, drawn as a dashed line. Each row gives the mean over the seeds at seen
    positions (filled) and unseen ones (open), with the spread as a bar.
    """
    examples = list(seen_examples) + list(unseen_examples)
    fig = style.figure(style.PAGE_WIDTH, 2.2 + 0.75 * len(positions.seen))
    top, bottom = fig.subfigures(2, 1, height_ratios=(1.6, 0.75 * len(positions.seen)))
    top.suptitle(f"left {len(seen_examples)}: positions seen in training; right {len(unseen_examples)}: positions never seen",
                 fontsize=style.FONT_SIZE)
    for ax, (name, image) in zip(top.subplots(1, len(examples)), examples):
        _pixels(ax, image, name, cmap="gray", vmin=0, vmax=1)
    ax = bottom.add_subplot()
    keys = list(positions.seen)
    for row, key in enumerate(keys):
        for k, (values, fill) in enumerate(((positions.seen[key], None), (positions.unseen[key], "white"))):
            mean, spread = mean_and_spread(values)
            ax.errorbar(100 * mean, row + (k - 0.5) * 0.3, xerr=100 * spread, marker="os"[k], markersize=8,
                        color=_cycle(style.LINE_COLOURS, k), markerfacecolor=fill or _cycle(style.LINE_COLOURS, k),
                        markeredgewidth=1.8, capsize=3, linestyle="none")
    ax.axvline(100 * chance, color=style.INK, linestyle="--", linewidth=1)
    ax.annotate("a blind guess", (100 * chance, -0.5), xytext=(4, -2), textcoords="offset points",
                fontsize=style.SMALL_FONT_SIZE, ha="left", va="top")
    ax.set_yticks(range(len(keys)), [f"{name}\n{_pooling_label(side)}" for name, side in keys])
    ax.set_ylim(len(keys) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    _plot_axes(ax, "", "test accuracy (mean of the seeds, bar: spread)", "")
    ax.grid(False, axis="y")
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=8, color=_cycle(style.LINE_COLOURS, 0),
                      label="at positions seen in training"),
               Line2D([], [], linestyle="none", marker="s", markersize=8, color=_cycle(style.LINE_COLOURS, 1),
                      markerfacecolor="white", markeredgewidth=1.8, label="at positions never seen")]
    bottom.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return fig
