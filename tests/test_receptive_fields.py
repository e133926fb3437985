"""Receptive fields: the recurrence against the structure traced backwards, the locality chapter's stacks, and by hand."""

import numpy as np
import pytest

from fc_to_conv import locality, networks, receptive_fields
from fc_to_conv.networks import Add, BatchNorm, Conv, Dense, GlobalPool, Network, Pool
from fc_to_conv.receptive_fields import Field, fields, reaching_pixels, structural_field


@pytest.mark.parametrize("network", networks.NETWORKS, ids=lambda network: network.name)
def test_the_recurrence_agrees_with_the_wiring_at_every_layer(network):
    """Side, jump and start from the padded trace; the image's pixels that reach output (0, 0) from the plain one."""
    side = network.input_shape[1]
    checked = 0
    for name, field in fields(network):
        plain, origin = reaching_pixels(network, name)
        if field is None:
            assert plain.all(), f"{name}: every pixel should reach a layer that reads whole maps"
            continue
        traced = structural_field(network, name)
        assert (traced.side, traced.start) == (field.side, field.start), name
        assert traced.jump in (None, field.jump), name
        (top, rows), (left, cols) = receptive_fields.extent_of(plain, origin)
        assert (top, rows) == (left, cols) == (max(0, field.start), field.clipped(side)), name
        checked += 1
    assert checked >= 5


def test_every_output_of_a_layer_has_the_recurrences_window():
    """Not only the first: output (i, j)'s padded window spans start + i * jump on each axis; the centre one fills its window."""
    field = receptive_fields.field_of(networks.VGG16, "pool5")
    mask, origin = reaching_pixels(networks.VGG16, "pool5", (3, 5), padded=True)
    rows, cols = np.nonzero(mask)
    assert (origin[0] + rows.min(), origin[0] + rows.max()) == field.span(3)
    assert (origin[1] + cols.min(), origin[1] + cols.max()) == field.span(5)
    plain, _ = reaching_pixels(networks.VGG16, "pool5", (3, 3))
    assert plain.sum() == field.side ** 2  # inside the image, a full square: every pixel of the window reaches it


@pytest.mark.parametrize("kernel, depth", [(2, 1), (2, 2), (3, 2), (2, 3)])
def test_stride_1_stacks_agree_with_the_locality_chapter(kernel, depth):
    """locality.receptive_field marks, per neuron, the pixels that reach it: the same sets, and its patch side."""
    side = 8
    stack = Network("stack", (1, side), tuple(Conv(f"c{k}", 1, kernel) for k in range(depth)), "", "")
    reach = locality.receptive_field((side, side), (kernel, kernel), depth)
    last = stack.layers[-1].name
    out = side - depth * (kernel - 1)
    for neuron in range(out * out):
        mask, _ = reaching_pixels(stack, last, divmod(neuron, out))
        assert np.array_equal(mask.ravel(), reach[neuron])
    assert locality.patch_shape(reach[0], (side, side)) == (fields(stack)[-1][1].side,) * 2


def test_fields_by_hand():
    """Two 3x3 convolutions (the second dilated 2, padded 2), 2x2 pooling of stride 2 padded 1, then a dense layer."""
    network = Network("small", (1, 16), (Conv("a", 1, 3, padding=1), Conv("b", 1, 3, padding=2, dilation=2),
                                         Pool("p", 2, 2, padding=1, floor=True), BatchNorm("n"), Dense("d", 3)), "", "")
    assert fields(network) == [("a", Field(3, 1, -1)), ("b", Field(7, 1, -3)), ("p", Field(8, 2, -4)),
                               ("n", Field(8, 2, -4)), ("d", None)]
    assert Field(8, 2, -4).clipped(16) == 4 and Field(8, 2, -4).centre == -0.5
    for name, field in fields(network)[:3]:
        assert structural_field(network, name) == field


def test_a_residual_addition_takes_the_window_of_both_paths():
    network = Network("residual", (1, 12), (Conv("a", 1, 3, padding=1), Conv("b", 1, 5, padding=2),
                                            Conv("skip", 1, 1, source="a"), Add("sum", ("b", "skip"))), "", "")
    assert receptive_fields.field_of(network, "skip") == Field(3, 1, -1)
    assert receptive_fields.field_of(network, "sum") == Field(7, 1, -3) == structural_field(network, "sum")


def test_global_pooling_and_what_follows_have_no_field_of_their_own():
    network = Network("pooled", (1, 6), (Conv("a", 2, 3), GlobalPool("g"), Conv("c", 2, 1)), "", "")
    assert [field for _, field in fields(network)] == [Field(3, 1, 0), None, None]
    assert reaching_pixels(network, "c")[0].all()


def test_misaligned_paths_and_bad_positions_are_refused():
    """Two paths to maps of one shape, one moving 1 pixel per output and the other 2: no one window fits every output."""
    network = Network("misaligned", (1, 8), (Conv("x", 1, 1), Conv("a", 1, 5), Conv("b", 1, 2, stride=2, source="x"),
                                             Add("sum", ("a", "b"))), "", "")
    with pytest.raises(ValueError, match=r"misaligned, layer sum: its sources move by different jumps \[1, 2\]"):
        fields(network)
    with pytest.raises(ValueError, match=r"position \(9, 0\) is outside the 4x4 output of layer 'a'"):
        reaching_pixels(network, "a", (9, 0))
    with pytest.raises(ValueError, match="has no layer 'nope'"):
        reaching_pixels(network, "nope")


def test_claims_of_published_receptive_fields_name_the_last_layer_before_pooling():
    assert [receptive_fields.last_field(network)[0] for network in networks.NETWORKS] == [
        "C5", "pool5", "pool5", "conv5_block3_add", "conv_pw_13_bn"]
