"""Every figure function runs on realistic inputs, and its SVG is byte-stable and self-contained."""

import functools
import inspect
import re

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import skimage.data
from matplotlib.figure import Figure

from fc_to_conv import costs, equivariance, figures, frameworks, learning, real_layers, networks, style
from fc_to_conv.convolution import convolutional
from fc_to_conv.figures import grids, learning as learning_plots, network_diagrams, plots
from fc_to_conv.fully_connected import fully_connected
from fc_to_conv.grouping import grouped
from fc_to_conv.image import example_image
from fc_to_conv.correlation import DIRECTIONS
from fc_to_conv.locality import local, local_grouped
from fc_to_conv.svg import to_svg
from fc_to_conv.wiring import Layer

IMAGE = example_image()
FC = fully_connected(9, 16)
GROUPED = grouped(9, 16, 4)
LOCAL = local((3, 3), (2, 2), 4)
CONV = convolutional((3, 3), (2, 2), 4)
WEIGHTS = np.array([0.5, -1.0, 0.25, 2.0] + [0.1 * k for k in range(12)])


def first_neurons(layer, neurons):
    """A show mask keeping only the wires into the given neurons."""
    show = np.zeros(layer.ids.shape, dtype=bool)
    show[list(neurons)] = True
    return show


def correlations(photo, distances):
    """Pearson correlation of pixels at each distance, along three directions."""
    photo = photo.astype(float)
    pairs = {
        "horizontal": lambda d: (photo[:, :-d], photo[:, d:]),
        "vertical": lambda d: (photo[:-d], photo[d:]),
        "diagonal": lambda d: (photo[:-d, :-d], photo[d:, d:]),
    }
    return {
        name: np.array([np.corrcoef(*(part.ravel() for part in pair(d)))[0, 1] for d in distances])
        for name, pair in pairs.items()
    }


DISTANCES = np.array([1, 2, 4, 8, 16, 32, 64, 128])
SIDES = np.array([3, 8, 28, 64, 224, 512])
WIDTHS = [16, 128, 1024]
FACE = (165, 222)


@functools.cache
def training_curve():
    """The learning chapter's experiment, small: the four layers trained on 20 and 40 digits, two seeds."""
    layers = learning.layers()
    pool = learning.pooling(learning.MAP_SIDE, learning.POOL)
    return learning.by_training_size(layers, pool, learning.split(*learning.digits()), (20, 40), seeds=(0, 1), steps=3)


def trained(name):
    """The first network of layer ``name`` trained on 40 digits."""
    return training_curve()[40].nets[name][0]


def network_parameters():
    nets = networks.NETWORKS
    return figures.draw_network_parameters(
        [n.name for n in nets], [networks.parameters_by_kind(n)["convolution"] for n in nets],
        [networks.parameters_by_kind(n)["fully connected"] for n in nets],
        [networks.conv_as_fully_connected(n) for n in nets])


#: Every figure function, called on the inputs the book gives it: {name: a function that draws it}, so that
#: a test draws a figure only when it runs (and collecting the tests draws none).
FIGURES = {
    "image": lambda: figures.draw_image(IMAGE),
    "flattening": lambda: figures.draw_flattening(IMAGE),
    "network": lambda: figures.draw_network(),
    "fully connected": lambda: figures.draw_network(FC),
    "groups": lambda: figures.draw_network(groups=4),
    "shared weight": lambda: figures.draw_network(
        GROUPED, groups=4, show=first_neurons(GROUPED, range(4)) & (np.arange(9) == 0), label_weights=True
    ),
    "highlight": lambda: figures.draw_network(GROUPED, groups=4, highlight_ids=[0]),
    "unique wires": lambda: figures.draw_network(GROUPED, groups=4, show=first_neurons(GROUPED, [0, 4, 8, 12]),
                                                  colour_by="group"),
    "local": lambda: figures.draw_network(LOCAL, groups=4),
    "cameraman": lambda: figures.draw_cameraman(
        skimage.data.camera(), FACE, [(FACE[0] + 1, FACE[1]), (FACE[0], FACE[1] + 1)],
        {"sky": (50, 420), "ground": (450, 450)}
    ),
    "correlation": lambda: figures.draw_correlation_by_distance(DISTANCES, correlations(skimage.data.camera(), DISTANCES)),
    "neuron equation": lambda: figures.draw_neuron_equation(CONV, IMAGE, WEIGHTS),
    "sliding kernel": lambda: figures.draw_sliding_kernel(IMAGE, WEIGHTS[:4].reshape(2, 2)),
    "stages": lambda: figures.draw_stage_matrices([FC, GROUPED, LOCAL, CONV]),
    "growth": lambda: figures.draw_parameter_growth(SIDES, WIDTHS, {h: SIDES**2 * h for h in WIDTHS}),
    "sharing rules": lambda: figures.draw_sharing_rules([local_grouped((3, 3), (2, 2), 4), CONV]),
    "edge map": lambda: figures.draw_edge_map(
        skimage.data.camera(), np.diff(skimage.data.camera().astype(float), axis=1)[:-1], np.ones((2, 2))),
    "sliding steps": lambda: figures.draw_sliding_steps(IMAGE, WEIGHTS[:4].reshape(2, 2)),
    "size scaling": lambda: figures.draw_size_scaling(real_layers.sizes_table([4, 16, 64, 224], 3, 3, 64, 1, 1),
                                                      in_channels=3, out_channels=64, kernel=3, stride=1, padding=1),
    "network parameters": network_parameters,
    "equivariance": lambda: figures.draw_equivariance(equivariance.experiment(skimage.data.camera(), side=24)),
    "receptive fields": lambda: figures.draw_receptive_fields(32, [("a", 12, 12, 6), ("b", 4, 4, 22)], (-6, -6, 22),
                                                              (0, 0, 16), "b"),
    "costs": lambda: figures.draw_costs(*costs.series()),
    "accuracies": lambda: figures.draw_accuracies(training_curve()[40]),
    "learning curve": lambda: figures.draw_learning_curve(training_curve()),
    "learned weights": lambda: figures.draw_learned_weights(
        np.array([[1.0, -1.0], [1.0, -1.0]]), [learning.weights_on_image(trained("convolutional"), 36 * g) for g in range(8)],
        [learning.weights_on_image(trained("fully connected"), n) for n in range(8)]),
    "positions": lambda: figures.draw_positions(learning.positions(seeds=(0, 1), steps=3, count=40),
                                                [("plus", np.eye(8))], [("plus", np.eye(8)[::-1])], 0.25),
    "channels": lambda: figures.draw_kernel_across_channels(*frameworks.colour_example(), frameworks.CHANNELS),
}


def all_figures():
    """One call of every figure function, on the inputs the book gives it: {name: figure}."""
    return {name: draw() for name, draw in FIGURES.items()}


def public_draw_functions():
    """Every public ``draw_*`` function the figure modules define, found by looking, not listed by hand."""
    return {name for module in (grids, network_diagrams, learning_plots, plots) for name, function in inspect.getmembers(module, inspect.isfunction)
            if name.startswith("draw_") and function.__module__ == module.__name__}


def test_every_public_figure_function_is_exported_and_drawn(monkeypatch):
    found = public_draw_functions()
    assert set(figures.__all__) == found
    called = set()
    for name in found:
        def recording(*args, _name=name, _draw=getattr(figures, name), **kwargs):
            called.add(_name)
            return _draw(*args, **kwargs)
        monkeypatch.setattr(figures, name, recording)
    drawn = all_figures()
    assert called == found, f"never drawn by all_figures: {sorted(found - called)}"
    for name, fig in drawn.items():
        assert isinstance(fig, Figure), name
        assert fig.axes, name
        svg = to_svg(fig)
        assert svg == to_svg(fig), f"{name}: two SVG renderings differ"
        urls = set(re.findall(r"https?://[^\s\"'<>]+", svg))
        assert all(url.startswith("http://www.w3.org/") for url in urls), f"{name}: links outside the SVG namespace: {urls}"


def test_draw_network_counts_the_shown_wires_and_rejects_a_wrong_mask():
    fig = figures.draw_network(GROUPED, show=first_neurons(GROUPED, range(4)) & (np.arange(9) == 0))
    assert fig.axes[0].texts[-1].get_text() == "4 wires, 1 weight"
    with pytest.raises(ValueError, match="show must have the layer's shape"):
        figures.draw_network(GROUPED, show=np.ones((4, 9), dtype=bool))
    for layer, colour_by in ((FC, "group"), (GROUPED, "pixel")):  # no groups to colour by; no such rule
        with pytest.raises(ValueError, match="colour_by must be"):
            figures.draw_network(layer, colour_by=colour_by)


def test_group_boxes_and_lines_come_from_the_layers_own_groups():
    boxed = figures.draw_network(GROUPED).axes[0].texts
    assert sorted(t.get_text() for t in boxed if t.get_text().startswith("group ")) == [f"group {g}" for g in range(4)]
    with pytest.raises(ValueError, match="grouped has 4 groups, got groups=2"):
        figures.draw_network(GROUPED, groups=2)
    ink = matplotlib.colors.to_rgba(style.INK)
    eight = grouped(9, 16, 8)
    for layers in ([FC, GROUPED, LOCAL, CONV], [Layer(eight.ids, "eight groups", eight.groups)]):
        drawn = {ax.get_title().split("\n")[0]: ax for ax in figures.draw_stage_matrices(layers).axes}
        for layer in layers:
            boundaries = [segment for collection in drawn[layer.name].collections
                          if tuple(collection.get_colors()[0]) == ink for segment in collection.get_segments()]
            assert len(boundaries) == (layer.groups or 1) - 1, layer.name


def test_drawing_leaves_global_settings_alone():
    before = dict(matplotlib.rcParams)
    figures.draw_image(IMAGE)
    assert dict(matplotlib.rcParams) == before


def line_colours(ax):
    return {matplotlib.colors.to_hex(colour) for collection in ax.collections if hasattr(collection, "get_segments")
            for colour in collection.get_colors()}


def test_sharing_rules_colour_each_weight_of_group_0_once():
    """The figure's claim: one colour per pixel under per-pixel sharing, one per window position under the
    convolution's, i.e. as many colours as group 0's distinct weights, counted on the layers."""
    per_pixel = local_grouped((3, 3), (2, 2), 4)
    fig = figures.draw_sharing_rules([per_pixel, CONV])
    group_0 = slice(0, 4)
    for ax, layer in zip(fig.axes, (per_pixel, CONV)):
        assert len(line_colours(ax)) == layer.weights_of(group_0)
        wired = layer.ids[group_0] != -1
        assert ax.texts[-1].get_text() == f"{wired.sum()} wires, {layer.weights_of(group_0)} weights"
    assert per_pixel.weights_of(group_0) == np.count_nonzero((per_pixel.ids[group_0] != -1).any(axis=0))
    assert CONV.weights_of(group_0) == 4
    # The alt text: on the left all wires from one pixel share a colour; on the right those from one window position.
    for ax, layer, key in ((fig.axes[0], per_pixel, lambda j, i: i), (fig.axes[1], CONV, lambda j, i: CONV.ids[j, i])):
        drawn = [(segment, colour) for collection in ax.collections if hasattr(collection, "get_segments")
                 for segment, colour in zip(collection.get_segments(), collection.get_colors())]
        pixel_ys = sorted({round(float(segment[0][1]), 6) for segment, _ in drawn})
        neuron_ys = sorted({round(float(segment[1][1]), 6) for segment, _ in drawn})
        assert (len(pixel_ys), len(neuron_ys)) == (layer.pixels, 4), "group 0's wires reach from every pixel"
        colour_of = {}
        for segment, colour in drawn:
            i = pixel_ys.index(round(float(segment[0][1]), 6))
            j = neuron_ys.index(round(float(segment[1][1]), 6))
            colour_of.setdefault(key(j, i), set()).add(matplotlib.colors.to_hex(colour))
        assert all(len(colours) == 1 for colours in colour_of.values()), layer.name


def test_group_labels_are_legible_text():
    """Review item 29: the "group g" labels reach the WCAG AA contrast for text on the white page."""
    fig = figures.draw_network(groups=4)
    labels = [t for t in fig.axes[0].texts if t.get_text().startswith("group ")]
    assert len(labels) == 4
    for label in labels:
        assert style.contrast(label.get_color(), "white") >= style.TEXT_CONTRAST, label.get_text()


def test_correlation_plot_places_each_pair_at_its_euclidean_distance():
    distances = [1, 2, 4]
    values = {name: np.array([0.9, 0.5, 0.1]) for name in DIRECTIONS}
    ax = figures.draw_correlation_by_distance(distances, values).axes[0]
    lines = {line.get_label(): line.get_xdata() for line in ax.get_lines() if line.get_label() in DIRECTIONS}
    np.testing.assert_allclose(lines["horizontal"], distances)
    np.testing.assert_allclose(lines["diagonal"], np.array(distances) * np.sqrt(2))


def test_the_neuron_equation_sums_the_products():
    """Review item 2: window ⊙ kernel is a matrix; the figure writes the sum in front of it."""
    fig = figures.draw_neuron_equation(CONV, IMAGE, WEIGHTS)
    assert any(t.get_text() == r"$\Sigma$" for t in fig.axes[1].texts)
