"""fc_to_conv.networks: five real networks, layer by layer (the totals are checked against Keras in test_networks_oracle)."""

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


def test_padding_every_side_and_dropping_the_last_position_matches_kerass_bottom_right_padding():
    """MobileNet's stride-2 layers: Keras pads one row and column at the bottom and right; the model pads all sides, floored.

    Per axis, the (output position, kernel offset) pairs that land on a pixel are counted
    directly for Keras's padding and compared with the package's count for its own.
    """
    for side in (112, 56, 28, 14):
        keras_out = (side + 1 - 3) // 2 + 1
        keras_hits = sum(0 <= 2 * i + a < side for i in range(keras_out) for a in range(3))
        shape = real_layers.ConvShape(side, 1, 3, 1, stride=2, padding=1, floor=True)
        assert shape.out_side == keras_out and real_layers.axis_hits(shape).sum() == keras_hits


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
                                         layer.stride, layer.padding, layer.floor))
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