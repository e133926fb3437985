"""fc_to_conv.networks: five real networks, layer by layer (the totals are checked against Keras in test_networks_oracle)."""

from dataclasses import replace

import numpy as np
import pytest

from conftest import REPO
from fc_to_conv import real_layers, networks, text
from fc_to_conv.networks import (ALEXNET, LENET5, MOBILENET, RESNET50, VGG16, Add, BatchNorm, Conv, Dense, GlobalPool,
                                 Network, Pool, layer_rows)


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


def test_conv_as_fully_connected_sums_input_times_output_of_each_convolution_that_is_not_one_already():
    expected = sum(row.input_shape[0] * row.input_shape[1] ** 2 * row.output_shape[0] * row.output_shape[1] ** 2
                   for row in layer_rows(LENET5) if row.name in ("C1", "C3"))  # C5 is fully connected already
    assert networks.conv_as_fully_connected(LENET5) == expected


def test_a_convolution_whose_kernel_covers_its_whole_input_counts_as_fully_connected():
    """LeNet-5's C5 and MobileNet's conv_preds, and only they; one position with grouped or padded kernels is not enough."""
    assert [networks.fully_connected_convolutions(n) for n in networks.NETWORKS] == [["C5"], [], [], [], ["conv_preds"]]
    rows = rows_by_name(MOBILENET)
    split = networks.parameters_by_kind(MOBILENET)
    assert split["fully connected"] == rows["conv_preds"].parameters == 1024 * 1000 + 1000
    assert networks.parameters_by_kind(LENET5)["fully connected"] == sum(rows_by_name(LENET5)[n].parameters
                                                                          for n in ("C5", "F6", "output"))
    one_position = Network("one", (4, 3), (Conv("grouped", 4, 3, groups=2), ), "", "")
    assert networks.fully_connected_convolutions(one_position) == []  # each output sees half the inputs
    whole = Network("whole", (2, 3), (Conv("whole", 5, 3), Conv("next", 4, 1)), "", "")
    assert networks.fully_connected_convolutions(whole) == ["whole", "next"]  # a 1x1 kernel on a 1x1 map too
    assert networks.parameters_by_kind(whole)["fully connected"] == 2 * 9 * 5 + 5 + 5 * 4 + 4


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
    # Each layer's multiply-accumulates, C1's by hand, and their total, the column the chapter's shares add up.
    header = [cell.strip() for cell in table.splitlines()[0].strip("|").split("|")]
    column = header.index("multiply-accumulates")
    cells = {line.strip("|").split("|")[0].strip(): line.strip("|").split("|")[column].strip()
             for line in table.splitlines()[2:]}
    assert cells["C1"] == f"{6 * 28 * 28 * 5 * 5:,}" and cells["S2"] == "0"
    assert cells["**total**"] == f"**{sum(networks.macs_by_kind(LENET5).values()):,}**"


def test_large_replacement_counts_are_written_compactly():
    assert text.compact(44_892_064_800) == "4.49\u00d710\u00b9\u2070"
    assert "4.49\u00d710\u00b9\u2070" in networks.rows_markdown(ALEXNET)


def test_multiply_accumulates_by_hand():
    rows = rows_by_name(LENET5)
    assert rows["C1"].macs == 6 * 28 * 28 * 5 * 5 and rows["S2"].macs == 0 and rows["F6"].macs == 120 * 84
    vgg = rows_by_name(VGG16)
    assert vgg["conv1_1"].macs == 64 * 3 * (223 + 224 + 223) ** 2  # padding zeros are no wires
    assert networks.macs_by_kind(LENET5)["fully connected"] == 400 * 120 + 120 * 84 + 84 * 10  # C5 is fully connected


def test_batch_normalisation_has_four_parameters_per_channel_two_of_them_trained():
    rows = rows_by_name(Network("bn", (64, 8), (BatchNorm("bn"),), "", ""))
    assert (rows["bn"].trainable, rows["bn"].statistics, rows["bn"].parameters) == (2 * 64, 2 * 64, 256)
    assert rows["bn"].output_shape == (64, 8)


def test_resnet50_by_hand():
    """Sizes of each stage, a block's layers, and the layer counts: the first convolution, three per block, four shortcuts."""
    rows = rows_by_name(RESNET50)
    assert [rows[name].output_shape for name in ("conv1_conv", "pool1_pool", "conv2_block3_add", "conv3_block4_add",
                                                 "conv4_block6_add", "conv5_block3_add", "avg_pool")] == [
        (64, 112), (64, 56), (256, 56), (512, 28), (1024, 14), (2048, 7), (2048, 1)]
    assert rows["conv2_block1_2_conv"].parameters == 3 * 3 * 64 * 64 + 64
    assert rows["conv3_block1_0_conv"].input_shape == rows["conv3_block1_1_conv"].input_shape == (256, 56)
    assert rows["predictions"].parameters == 2048 * 1000 + 1000
    kinds = [row.kind for row in layer_rows(RESNET50)]
    assert (kinds.count("convolution"), kinds.count("normalisation"), kinds.count("addition")) == (1 + 16 * 3 + 4, 53, 16)
    channels = sum(row.output_shape[0] for row in layer_rows(RESNET50) if row.kind == "normalisation")
    assert sum(row.statistics for row in layer_rows(RESNET50)) == 2 * channels


def test_mobilenet_depthwise_layers_are_convolutions_with_one_group_per_channel():
    rows = rows_by_name(MOBILENET)
    assert rows["conv_dw_1"].weights == 3 * 3 * 32 and rows["conv_dw_1"].biases == 0
    assert rows["conv_pw_1"].weights == 32 * 64 and rows["conv_dw_13"].output_shape == (1024, 7)
    assert rows["conv_dw_2"].macs == 64 * 3 * 3 * 56 * 56 - 64 * (2 * 3 * 56 - 1)  # one row and column meet padding
    assert rows["conv_preds"].input_shape == (1024, 1) and rows["conv_preds"].fc_replacement == rows["conv_preds"].weights
    grouped = Network("g", (32, 112), (Conv("dw", 32, 3, padding=1, groups=32),), "", "")
    assert layer_rows(grouped)[0].weights == 32 * 3 * 3


def test_additions_need_one_shape_and_known_sources():
    with pytest.raises(ValueError, match=r"broken, layer add: an addition needs inputs of one shape"):
        layer_rows(Network("broken", (4, 8), (Conv("a", 4, 1), Conv("b", 8, 1), Add("add", ("a", "b"))), "", ""))
    with pytest.raises(ValueError, match=r"broken, layer c: no earlier layer is named 'x'"):
        layer_rows(Network("broken", (4, 8), (Conv("c", 4, 1, source="x"),), "", ""))
    with pytest.raises(ValueError, match=r"broken, layer add: no earlier layer is named 'x'"):
        layer_rows(Network("broken", (4, 8), (Conv("a", 4, 1), Add("add", ("a", "x"))), "", ""))
    assert layer_rows(Network("ok", (4, 8), (GlobalPool("g"),), "", ""))[0].output_shape == (4, 1)


def test_mobilenet_pads_as_keras_does_at_an_odd_input_side():
    """At 225, "same" pads conv1 on both sides (113 outputs); conv_dw_2 pads only after: (113 + 1 - 3) // 2 + 1 = 56.

    The same layer padded by 1 on every side, as the package used to model it, gives 57 (issue 25).
    """
    rows = rows_by_name(networks.on_input(MOBILENET, (3, 225)))
    assert rows["conv1"].output_shape == (32, 113) and rows["conv_dw_2"].output_shape == (64, 56)
    assert rows["conv_dw_13"].output_shape == (1024, 7)
    layers = tuple(replace(layer, padding=1) if layer.name == "conv_dw_2" else layer for layer in MOBILENET.layers)
    assert rows_by_name(Network("m", (3, 225), layers, "", ""))["conv_dw_2"].output_shape == (64, 57)
    assert networks.total_parameters(networks.on_input(MOBILENET, (3, 225))) == networks.total_parameters(MOBILENET)


def test_kernel_cells_that_only_meet_padding_are_stored_and_do_no_work():
    """ResNet-50 on 32x32: the last stage's 3x3 kernels see 1x1 maps; all 9 cells are counted, only the centre works."""
    rows = rows_by_name(networks.on_input(RESNET50, (3, 32)))
    row = rows["conv5_block2_2_conv"]
    assert row.input_shape == (512, 1) and row.weights == 3 * 3 * 512 * 512 and row.macs == 512 * 512
    assert networks.total_parameters(networks.on_input(RESNET50, (3, 32))) == networks.total_parameters(RESNET50)
    assert networks.idle_weights(networks.on_input(RESNET50, (3, 32))) == 3 * 512 * 512 * (9 - 1)  # conv5's 3 blocks
    # conv_dw_12 on 2x2, padded (0, 1): its last row and column of cells meet only padding; conv_dw_13 on 1x1
    assert networks.idle_weights(networks.on_input(MOBILENET, (3, 32))) == 512 * (9 - 2 * 2) + 1024 * (9 - 1)
    assert [networks.idle_weights(network) for network in networks.NETWORKS] == [0] * 5


def test_a_dilated_convolution_reaches_further_with_the_same_weights():
    plain, dilated = (layer_rows(Network("d", (2, 9), (Conv("c", 4, 3, dilation=d),), "", ""))[0] for d in (1, 2))
    assert plain.output_shape == (4, 7) and dilated.output_shape == (4, 5)
    assert plain.weights == dilated.weights == 3 * 3 * 2 * 4
    assert dilated.macs == real_layers.convolution_formula(real_layers.ConvShape(9, 2, 3, 4, dilation=2), False).macs


#: Networks and layers made wrong, with the refusal each must give (a ValueError naming the layer, the value and what is allowed).
REFUSALS = {
    "input of three": (lambda: Network("n", (3, 224, 224), (Dense("d", 2),), "", ""),
                       r"network 'n': input_shape must be \(channels, side\) or \(features,\), got \(3, 224, 224\)"),
    "input side 0": (lambda: Network("n", (3, 0), (Dense("d", 2),), "", ""),
                     r"network 'n': input_shape\[1\] must be a whole number >= 1, got 0"),
    "fractional input": (lambda: Network("n", (3, 2.5), (Dense("d", 2),), "", ""),
                         r"input_shape\[1\] must be a whole number >= 1, got 2\.5 \(float\)"),
    "a string layer": (lambda: Network("n", (1, 8), (Conv("c", 4, 3), "pool"), "", ""),
                       r"network 'n': layer 1 is 'pool' \(str\); a layer must be one of Conv, Pool, GlobalPool, "
                       r"BatchNorm, Add, Dense"),
    "no layers": (lambda: Network("n", (1, 8), (), "", ""), r"network 'n': layers must be a non-empty tuple of layers"),
    "one name twice": (lambda: Network("n", (1, 8), (Conv("c", 4, 3), Conv("c", 4, 3)), "", ""),
                       r"network 'n': layers 0 and 1 are both named 'c'"),
    "bias 'no'": (lambda: Conv("c", 4, 3, bias="no"), r"Conv 'c': bias must be True or False, got 'no' \(str\)"),
    "floor 1": (lambda: Pool("p", 2, 2, floor=1), r"Pool 'p': floor must be True or False, got 1 \(int\)"),
    "negative padding": (lambda: Conv("c", 4, 3, padding=-1), r"Conv 'c': padding must be a whole number >= 0, got -1"),
    "padding 'valid'": (lambda: Pool("p", 2, 2, padding="valid"), r"Pool 'p': padding must be .* or 'same', got 'valid'"),
    "no channels": (lambda: Conv("c", 0, 3), r"Conv 'c': out_channels must be a whole number >= 1, got 0"),
    "dilation 0": (lambda: Conv("c", 4, 3, dilation=0), r"Conv 'c': dilation must be a whole number >= 1, got 0"),
    "fractional units": (lambda: Dense("d", 2.0), r"Dense 'd': units must be a whole number >= 1, got 2\.0 \(float\)"),
    "one source": (lambda: Add("a", "b"), r"Add 'a': sources must be a tuple of at least two layer names, got 'b'"),
    "a number as name": (lambda: Conv(3, 4, 3), r"a Conv's name must be a non-empty string, got 3 \(int\)"),
    "convolution after dense": (lambda: layer_rows(Network("n", (1, 8), (Dense("d", 10), Conv("c", 4, 3)), "", "")),
                                r"n, layer c: a Conv reads feature maps \(channels, side\), but layer 'd' gives 10 "
                                r"features without a side; convolutions and pooling must come before the first Dense"),
    "pooling of features": (lambda: layer_rows(Network("n", (10,), (GlobalPool("g"),), "", "")),
                            r"n, layer g: a GlobalPool reads feature maps .* but the network's input gives 10 features"),
    "a shortcut from dense": (lambda: layer_rows(Network("n", (1, 8), (Dense("d", 10), BatchNorm("b"),
                                                                        Conv("c", 4, 1, source="d")), "", "")),
                              r"n, layer c: a Conv reads feature maps .* but layer 'd' gives 10 features"),
}


@pytest.mark.parametrize("make, message", REFUSALS.values(), ids=REFUSALS.keys())
def test_what_a_network_is_given_is_checked_and_each_refusal_says_what_is_allowed(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_checked_layers_keep_python_values():
    layer = Conv("c", np.int64(4), np.int32(3), padding=[0, np.int8(1)], bias=np.bool_(False))
    assert (type(layer.out_channels), layer.padding, type(layer.bias)) == (int, (0, 1), bool)
    network = Network("n", [np.int64(1), 8], [layer, Dense("d", 2)], "", "")
    assert network.input_shape == (1, 8) and isinstance(network.layers, tuple)
    assert layer_rows(network)[0].output_shape == (4, 7)  # 8 + 0 + 1 - 3 + 1


def test_what_the_chapter_says_of_the_modern_networks():
    """Every ResNet-50 convolution is followed by batch normalisation; MobileNet's pointwise layers do most of its work."""
    layers = RESNET50.layers
    assert all(isinstance(after, BatchNorm) for layer, after in zip(layers, layers[1:]) if isinstance(layer, Conv))
    pointwise = sum(row.macs for row in layer_rows(MOBILENET) if row.name.startswith("conv_pw_"))
    assert pointwise > sum(networks.macs_by_kind(MOBILENET).values()) / 2


@pytest.mark.slow
@pytest.mark.parametrize("network", [RESNET50, MOBILENET], ids=lambda network: network.name)
def test_every_convolution_counted_on_its_wires_equals_the_closed_form_the_rows_use(network):
    """The structural count answers for every layer of the modern networks (some seconds), and agrees."""
    shapes = set()
    for layer, row in zip(network.layers, layer_rows(network)):
        if isinstance(layer, Conv):
            channels, side = row.input_shape
            shapes.add(real_layers.ConvShape(side, channels // layer.groups, layer.kernel, layer.out_channels // layer.groups,
                                         layer.stride, layer.padding, layer.floor, layer.dilation))
    for shape in shapes:
        assert real_layers.convolution_counts(shape, biases=False) == real_layers.convolution_formula(shape, biases=False), shape


def test_where_the_parameters_are_as_the_chapter_and_the_figures_alt_text_say():
    """Most parameters in the fully connected layers for LeNet-5, AlexNet and VGG-16; in the convolutions for the rest."""
    fc_larger = {n.name: networks.parameters_by_kind(n)["fully connected"] > networks.parameters_by_kind(n)["convolution"]
                 for n in networks.NETWORKS}
    assert fc_larger == {"LeNet-5": True, "AlexNet": True, "VGG-16": True, "ResNet-50": False, "MobileNet": False}
    alt = (REPO / "book" / "real_networks.md").read_text().split("```{glue:figure} fig-network-parameters\n:alt: ")[1]
    assert "In LeNet-5, AlexNet and VGG-16 the fully connected dot lies right of the convolution dot; in ResNet-50 " \
           "and MobileNet it lies left of it." in alt.split("\n")[0]
    assert all(networks.parameters_by_kind(n)["fully connected"] > 0 for n in networks.NETWORKS)  # "three dots per row"
    for name in ("LeNet-5", "AlexNet", "VGG-16", "ResNet-50", "MobileNet"):
        split = networks.parameters_by_kind(networks.by_name(name))
        assert max(split.values()) > networks.total_parameters(networks.by_name(name)) / 2
    # "The third dot lies far to the right of both in every row", and the text: the convolutions "would need far
    # more weights in every network" without sharing and locality: a hundred times either kind's parameters at least.
    assert "The third dot lies far to the right of both in every row." in alt.split("\n")[0]
    for network in networks.NETWORKS:
        split = networks.parameters_by_kind(network)
        assert networks.conv_as_fully_connected(network) > 100 * max(split["convolution"], split["fully connected"])


def test_pytorch_leaves_out_the_moving_statistics_and_torchvision_the_biases_before_normalisation():
    rows = layer_rows(RESNET50)
    statistics = sum(row.statistics for row in rows)
    assert networks.pytorch_parameters(RESNET50) == networks.total_parameters(RESNET50) - statistics
    biases = sum(row.biases for row in rows if row.kind == "convolution")
    assert biases == sum(layer.out_channels for layer in RESNET50.layers if isinstance(layer, Conv)) > 0
    torchvision = networks.TORCHVISION["ResNet-50"]
    assert networks.pytorch_parameters(torchvision) == networks.pytorch_parameters(RESNET50) - biases
    assert [row.output_shape for row in layer_rows(torchvision)] == [row.output_shape for row in layer_rows(RESNET50)]
    assert networks.pytorch_parameters(networks.TORCHVISION["VGG-16"]) == networks.total_parameters(VGG16)
    assert networks.pytorch_parameters(MOBILENET) == networks.total_parameters(MOBILENET) - sum(
        row.statistics for row in layer_rows(MOBILENET))


def test_torchvisions_alexnet_by_hand():
    """torchvision.models.alexnet: 64, 192, 384, 256, 256 kernels of sides 11, 5, 3, 3, 3, pooled to 256x6x6, then 4096, 4096, 1000."""
    convs = [(64, 3, 11), (192, 64, 5), (384, 192, 3), (256, 384, 3), (256, 256, 3)]
    dense = [(256 * 6 * 6, 4096), (4096, 4096), (4096, 1000)]
    expected = sum(o * i * k * k + o for o, i, k in convs) + sum(i * o + o for i, o in dense)
    assert networks.pytorch_parameters(networks.TORCHVISION_ALEXNET) == expected
    assert layer_rows(networks.TORCHVISION_ALEXNET)[7].output_shape == (256, 6)


def test_the_conventions_table_has_a_row_per_network():
    table = networks.conventions_markdown(networks.NETWORKS)
    assert table.count("\n") == 2 + len(networks.NETWORKS)
    assert "| ResNet-50 | 25,636,712 | 25,583,592 | 25,557,032 |" in table
    assert table.count("(not in torchvision)") == 2