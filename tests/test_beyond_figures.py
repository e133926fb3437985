"""The labels of the figures of the chapters beyond the article come from the data (test_figures.py draws every figure)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from fc_to_conv import equivariance, figures, real_layers, networks, receptive_fields
from fc_to_conv.correlation import cameraman


@pytest.fixture(scope="module")
def beyond_figures():
    table = real_layers.sizes_table([4, 16, 64, 224], 3, 3, 64, 1, 1)
    nets = networks.NETWORKS
    result = equivariance.experiment(cameraman(), side=24)
    return {
        "size scaling": figures.draw_size_scaling(table, in_channels=3, out_channels=64, kernel=3, stride=1, padding=1),
        "network parameters": figures.draw_network_parameters(
            [n.name for n in nets], [networks.parameters_by_kind(n)["convolution"] for n in nets],
            [networks.parameters_by_kind(n)["fully connected"] for n in nets],
            [networks.conv_as_fully_connected(n) for n in nets]),
        "equivariance": figures.draw_equivariance(result),
    }


def test_size_scaling_plots_the_table_it_is_given(beyond_figures):
    parameters, macs = beyond_figures["size scaling"].axes[:2]
    fc, conv = parameters.get_lines()[:2]
    np.testing.assert_array_equal(conv.get_ydata(), [1792] * 4)
    assert fc.get_ydata()[0] == real_layers.fully_connected_formula(real_layers.ConvShape(4, 3, 3, 64, 1, 1)).parameters
    assert macs.get_lines()[1].get_ydata()[-1] == real_layers.convolution_formula(real_layers.ConvShape(224, 3, 3, 64, 1, 1)).macs


def test_network_parameters_puts_each_count_at_its_value_and_skips_zeros(beyond_figures):
    """Dots, not bars (a bar's length on a log axis depends on where the axis starts); no dot for a count of zero."""
    conv, dense, rebuilt = beyond_figures["network parameters"].axes[0].get_lines()[:3]
    nets = networks.NETWORKS
    assert list(conv.get_xdata()) == [networks.parameters_by_kind(n)["convolution"] for n in nets]
    with_dense = [networks.parameters_by_kind(n)["fully connected"] for n in nets]
    assert list(dense.get_xdata()) == with_dense
    no_dense = figures.draw_network_parameters(["a", "b"], [10, 20], [0, 30], [40, 50]).axes[0].get_lines()[1]
    assert list(no_dense.get_xdata()) == [30]
    assert list(rebuilt.get_xdata()) == [networks.conv_as_fully_connected(n) for n in nets]


def test_network_parameters_labels_each_dot_with_its_count(beyond_figures):
    labels = [text.get_text() for text in beyond_figures["network parameters"].axes[0].texts]
    assert "138,357,544" not in labels  # bars are per kind, not totals
    assert f"{networks.parameters_by_kind(networks.VGG16)['fully connected']:,}" in labels


def test_equivariance_titles_give_each_layer_its_largest_difference(beyond_figures):
    titles = [ax.get_title() for ax in beyond_figures["equivariance"].axes]
    differences = [title for title in titles if title.startswith("difference")]
    largest = [float(title.split("largest ")[1].replace("\u2212", "-")) for title in differences]
    assert len(largest) == 2 and largest[0] < 1e-12 < 0.1 < largest[1]


def test_receptive_fields_draws_each_square_where_the_wiring_puts_it():
    """VGG-16's squares, counted on the wiring: each pooling layer's centre output, and pool5's first one twice."""
    pools = [layer.name for layer in networks.VGG16.layers if isinstance(layer, networks.Pool)]
    centre = receptive_fields.centre_squares(networks.VGG16, pools)
    padded = receptive_fields.square(networks.VGG16, "pool5", (0, 0), padded=True)
    clipped = receptive_fields.square(networks.VGG16, "pool5", (0, 0))
    fig = figures.draw_receptive_fields(224, centre, padded, clipped, "pool5")
    left, right = fig.axes
    drawn = [(int(p.get_y()), int(p.get_x()), int(p.get_width())) for p in left.patches[1:]]
    assert drawn == [(top, col, side) for _, top, col, side in centre]
    assert [(int(p.get_y()), int(p.get_x()), int(p.get_width())) for p in right.patches[1:]] == [clipped, padded]
    field = receptive_fields.field_of(networks.VGG16, "pool5")
    assert padded == (field.start, field.start, field.side) and clipped == (0, 0, field.clipped(224))
    assert right.patches[2].get_linestyle() == "--"
    labels = [text.get_text() for text in left.get_legend().get_texts()]
    assert labels[-1] == f"pool5: {field.side}\u00d7{field.side}"
