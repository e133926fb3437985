"""fc_to_conv.networks: three real networks, layer by layer (the totals are checked against Keras in test_networks_oracle)."""

import pytest

from fc_to_conv import networks, text
from fc_to_conv.networks import ALEXNET, LENET5, VGG16, Conv, Dense, Network, Pool, layer_rows


def rows_by_name(network):
    return {row.name: row for row in layer_rows(network)}


def test_lenet5_layers_by_hand():
    rows = rows_by_name(LENET5)
    assert rows["C1"].output_shape == (6, 28) and rows["C1"].parameters == 5 * 5 * 6 + 6
    assert rows["C3"].parameters == 5 * 5 * 6 * 16 + 16
    assert rows["C5"].output_shape == (120, 1) and rows["C5"].parameters == 5 * 5 * 16 * 120 + 120
    assert rows["C5"].fc_replacement == rows["C5"].weights  # a kernel as large as its input is a dense layer
    assert rows["F6"].parameters == 120 * 84 + 84 and rows["output"].parameters == 84 * 10 + 10


def test_alexnet_sizes_and_grouped_layers_by_hand():
    rows = rows_by_name(ALEXNET)
    assert [rows[name].output_shape for name in ("conv1", "pool1", "conv2", "pool2", "conv5", "pool5")] == [
        (96, 55), (96, 27), (256, 27), (256, 13), (256, 13), (256, 6)]
    assert rows["conv2"].weights == 5 * 5 * 48 * 256  # two groups: each kernel sees 48 of the 96 channels
    assert rows["conv3"].weights == 3 * 3 * 256 * 384
    assert rows["fc6"].weights == 256 * 6 * 6 * 4096
    assert rows["conv1"].fc_replacement == (3 * 227 * 227) * (96 * 55 * 55)


def test_vgg16_has_13_convolutions_5_poolings_and_3_dense_layers():
    kinds = [row.kind for row in layer_rows(VGG16)]
    assert (kinds.count("convolution"), kinds.count("pooling"), kinds.count("fully connected")) == (13, 5, 3)
    assert rows_by_name(VGG16)["fc1"].input_shape == (512, 7)
    assert networks.largest_layer(VGG16).name == "fc1"


def test_parameters_split_into_convolution_and_dense():
    for network in networks.NETWORKS:
        split = networks.parameters_by_kind(network)
        assert sum(split.values()) == networks.total_parameters(network)


def test_ungrouped_alexnet_has_more_parameters_and_the_same_sizes():
    whole = networks.ungrouped(ALEXNET)
    assert [row.output_shape for row in layer_rows(whole)] == [row.output_shape for row in layer_rows(ALEXNET)]
    extra = 5 * 5 * 48 * 256 + 3 * 3 * 192 * 384 + 3 * 3 * 192 * 256
    assert networks.total_parameters(whole) == networks.total_parameters(ALEXNET) + extra


def test_conv_as_fully_connected_sums_input_times_output_of_each_convolution():
    expected = sum(row.input_shape[0] * row.input_shape[1] ** 2 * row.output_shape[0] * row.output_shape[1] ** 2
                   for row in layer_rows(LENET5) if row.kind == "convolution")
    assert networks.conv_as_fully_connected(LENET5) == expected


def test_a_layer_that_does_not_fit_is_named():
    broken = Network("broken", (1, 9), (Conv("c1", 4, 3), Pool("p1", 2, 2), Dense("d", 2)), "", "")
    with pytest.raises(ValueError, match=r"broken, layer p1: stride 2 does not fit"):
        layer_rows(broken)
    with pytest.raises(ValueError, match=r"broken, layer c: 3 groups must divide both 4 input"):
        layer_rows(Network("broken", (4, 8), (Conv("c", 6, 3, groups=3),), "", ""))


def test_rows_markdown_has_a_row_per_layer_and_the_total():
    table = networks.rows_markdown(LENET5)
    assert table.count("\n") == 3 + len(LENET5.layers) + 1
    assert "| input | 1\u00d732\u00d732 |" in table
    assert "**61,706**" in table
    assert networks.by_name("VGG-16") is VGG16


def test_large_replacement_counts_are_written_compactly():
    assert text.compact(44_892_064_800) == "4.49\u00d710\u00b9\u2070"
    assert "4.49\u00d710\u00b9\u2070" in networks.rows_markdown(ALEXNET)


def test_multiply_accumulates_by_hand():
    rows = rows_by_name(LENET5)
    assert rows["C1"].macs == 6 * 28 * 28 * 5 * 5 and rows["S2"].macs == 0 and rows["F6"].macs == 120 * 84
    vgg = rows_by_name(VGG16)
    assert vgg["conv1_1"].macs == 64 * 3 * (223 + 224 + 223) ** 2  # padding zeros are no wires
    assert networks.macs_by_kind(LENET5)["fully connected"] == 120 * 84 + 84 * 10
