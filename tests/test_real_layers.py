"""fc_to_conv.real_layers: layers with channels, stride, padding and biases, counted on the structure and in closed form."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.signal import correlate2d

from fc_to_conv import real_layers
from fc_to_conv.convolution import convolutional
from fc_to_conv.real_layers import ConvShape, Counts
from fc_to_conv.wiring import NO_WIRE


PADDINGS = st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3)), st.just("same"))


@st.composite
def shapes(draw, floor=True):
    """A small layer: image side 1..7, kernel 1..4, stride 1..3, dilation 1..3, padding 0..3 per side or "same", 1..3 channels."""
    side, kernel, dilation = draw(st.integers(1, 7)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    stride, padding = draw(st.integers(1, 3)), draw(PADDINGS)
    try:
        return ConvShape(side, draw(st.integers(1, 3)), kernel, draw(st.integers(1, 3)), stride, padding, floor, dilation)
    except ValueError:
        assume(False)  # a kernel larger than the padded image


@settings(max_examples=150, deadline=None)
@given(shapes(), st.booleans())
def test_closed_forms_equal_the_counts_on_the_built_convolution(shape, biases):
    assert real_layers.convolution_counts(shape, biases) == real_layers.convolution_formula(shape, biases)


@settings(max_examples=100, deadline=None)
@given(shapes(), st.booleans())
def test_closed_forms_equal_the_counts_on_the_built_fully_connected_layer(shape, biases):
    assert real_layers.fully_connected_counts(shape, biases) == real_layers.fully_connected_formula(shape, biases)


@settings(max_examples=100, deadline=None)
@given(shapes())
def test_textbook_formulas_hold_when_every_kernel_cell_meets_the_image(shape):
    """k^2 C_in C_out weights + C_out biases; without padding, m^2 k^2 C_in C_out multiply-accumulates."""
    counts = real_layers.convolution_formula(shape)
    hits = real_layers.axis_hits(shape)
    if hits.all():
        assert counts.parameters == shape.kernel ** 2 * shape.in_channels * shape.out_channels + shape.out_channels
    if shape.pads == (0, 0):
        assert counts.macs == real_layers.products_with_padding(shape)
    assert counts.macs <= real_layers.products_with_padding(shape)


@settings(max_examples=100, deadline=None)
@given(shapes(), st.integers(0, 2**32 - 1))
def test_the_built_convolution_computes_a_padded_strided_cross_correlation(shape, seed):
    """Checked against scipy.signal.correlate2d on the zero-padded image (each side as padded), subsampled by the stride.

    A dilated kernel is correlated as the kernel of its whole window, with zeros between its cells.
    """
    rng = np.random.default_rng(seed)
    image = rng.normal(size=(shape.in_channels, shape.side, shape.side))
    kernels = rng.normal(size=(shape.out_channels, shape.in_channels, shape.kernel, shape.kernel))
    layer = real_layers.convolution_layer(shape)
    out = layer.apply(image.reshape(1, -1), real_layers.kernel_weights(shape, kernels))
    m, s, d = shape.out_side, shape.stride, shape.dilation
    spread = np.zeros(kernels.shape[:2] + (shape.extent, shape.extent))
    spread[:, :, ::d, ::d] = kernels
    expected = np.array([
        sum(correlate2d(np.pad(image[c], shape.pads), spread[o, c], mode="valid")
            for c in range(shape.in_channels))[::s, ::s][:m, :m]
        for o in range(shape.out_channels)
    ])
    np.testing.assert_allclose(out.reshape(expected.shape), expected, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(shapes())
def test_each_output_channel_shares_one_kernel_and_biases_count_as_documented(shape):
    layer = real_layers.convolution_layer(shape)
    per_channel = shape.out_side ** 2
    for o in range(shape.out_channels):
        block = layer.ids[o * per_channel:(o + 1) * per_channel]
        used = np.unique(block[block != NO_WIRE])
        assert used.size == layer.weights // shape.out_channels
    assert real_layers.convolution_counts(shape).biases == shape.out_channels
    assert real_layers.fully_connected_counts(shape).biases == shape.outputs
    assert real_layers.convolution_counts(shape, biases=False).biases == 0


def test_the_article_layer_is_the_one_channel_case():
    article = convolutional((3, 3), (2, 2), groups=4)
    layer = real_layers.convolution_layer(ConvShape(3, 1, 2, 4))
    np.testing.assert_array_equal(layer.ids, article.ids)
    assert real_layers.convolution_counts(ConvShape(3, 1, 2, 4), biases=False) == Counts(16, 0, 64)


def test_vgg_first_layer_counts():
    """224x224 RGB, 64 kernels of 3x3, stride 1, padding 1: numbers worked out by hand."""
    shape = ConvShape(224, 3, 3, 64, 1, 1)
    conv = real_layers.convolution_formula(shape)
    assert (shape.out_side, conv.weights, conv.biases, conv.parameters) == (224, 1728, 64, 1792)
    assert conv.macs == 64 * 3 * (223 + 224 + 223) ** 2
    assert real_layers.products_with_padding(shape) == 224 * 224 * 9 * 3 * 64
    fc = real_layers.fully_connected_formula(shape)
    assert fc.weights == (3 * 224 * 224) * (64 * 224 * 224) and fc.biases == 64 * 224 * 224


def test_padding_wider_than_the_kernel_reaches_leaves_cells_without_wires():
    """One pixel, a 3x3 kernel and padding 1: only the centre cell ever meets the pixel."""
    shape = ConvShape(1, 1, 3, 2, padding=1)
    assert real_layers.convolution_counts(shape) == real_layers.convolution_formula(shape) == Counts(2, 2, 2)
    assert real_layers.products_with_padding(shape) == 18


def test_check_closed_forms_checks_the_small_grid_and_names_a_mismatch(monkeypatch):
    shapes_ = real_layers.small_shapes()
    assert real_layers.check_closed_forms(shapes_) == len(shapes_) > 100
    monkeypatch.setattr(real_layers, "convolution_formula", lambda shape, biases=True: Counts(0, 0, 0))
    with pytest.raises(ArithmeticError, match=r"convolution layer of ConvShape\(side=1.*counted on the layer"):
        real_layers.check_closed_forms(shapes_)


def test_sizes_table_uses_the_closed_forms():
    table = real_layers.sizes_table([4, 8], 3, 3, 64, 1, 1)
    assert table["side"].tolist() == [4, 8]
    assert table["conv_parameters"].tolist() == [1792, 1792]
    assert table["fc_parameters"][1] == (3 * 64) * (64 * 64) + 64 * 64


@pytest.mark.parametrize("kwargs, message", [
    (dict(side=3, kernel=6), r"kernel 6x6 is larger than the padded image 3x3 .* at most 3, or pad by at least 2"),
    (dict(side=3, kernel=6, padding=1), r"larger than the padded image 5x5"),
    (dict(side=3, kernel=2, stride=0), r"stride must be a whole number >= 1, got 0"),
    (dict(side=3, kernel=2, padding=-1), r"padding must be a whole number >= 0, got -1"),
    (dict(side=3, kernel=2, padding=0.5),
     r"padding must be a whole number >= 0, a pair \(before, after\) of them or 'same', got 0\.5 \(float\)"),
    (dict(side=0, kernel=1), r"image side must be a whole number >= 1, got 0"),
    (dict(side=3, kernel=0), r"kernel side must be a whole number >= 1, got 0"),
    (dict(side=6, kernel=3, stride=2), r"stride 2 does not fit: the kernel can move 3 pixels .*strides that fit: \[1, 3\]"),
], ids=["kernel-too-big", "kernel-too-big-padded", "stride-0", "negative-padding", "fractional-padding",
        "side-0", "kernel-0", "stride-not-integer"])
def test_bad_combinations_raise_saying_what_is_allowed(kwargs, message):
    with pytest.raises(ValueError, match=message):
        real_layers.output_side(**kwargs)


def test_floor_drops_the_positions_a_stride_cannot_reach_and_shapes_are_checked():
    assert real_layers.output_side(6, 3, 2, floor=True) == 2
    assert real_layers.output_side(227, 11, 4) == 55
    assert real_layers.output_side(5, 5) == 1
    with pytest.raises(ValueError, match=r"stride 2 does not fit"):
        ConvShape(6, 1, 3, 1, stride=2)
    with pytest.raises(ValueError, match=r"in_channels must be a whole number >= 1, got 0"):
        ConvShape(6, 0, 3, 1)
    with pytest.raises(ValueError, match=r"out_channels must be a whole number >= 1"):
        ConvShape(6, 1, 3, -2)


@settings(max_examples=200, deadline=None)
@given(shapes())
def test_allocated_and_effective_weights_differ_only_for_cells_that_always_meet_padding(shape):
    """Allocated >= effective; at stride 1 they are equal exactly when k <= n + p (the general-case chapter says so).

    With padding that differs between the sides and dilation: when the window is no longer than the image and the
    narrower side's padding.
    """
    effective = real_layers.convolution_counts(shape, biases=False).weights
    allocated = real_layers.allocated_weights(shape)
    assert allocated == shape.out_channels * shape.in_channels * shape.kernel ** 2 >= effective
    assert (allocated == effective) == bool(real_layers.axis_hits(shape).all())
    if shape.stride == 1:
        assert (allocated == effective) == (shape.extent <= shape.side + min(shape.pads))
        if isinstance(shape.padding, int) and shape.dilation == 1:
            assert (allocated == effective) == (shape.kernel <= shape.side + shape.padding)


def test_the_sparse_wires_are_the_dense_layers_wires():
    """Every wire once, at the entry the dense array holds it, with the id it holds, in chunks of any size."""
    shape = ConvShape(side=5, in_channels=2, kernel=3, out_channels=3, stride=2, padding=2)
    ids = real_layers.convolution_ids(shape)
    for chunk in (1, 7, 10 ** 6):
        neuron, pixel, wire_ids = (np.concatenate(part) for part in zip(*real_layers.convolution_wires(shape, chunk)))
        assert len(set(zip(neuron.tolist(), pixel.tolist()))) == neuron.size == np.count_nonzero(ids != NO_WIRE)
        assert np.array_equal(ids[neuron, pixel], wire_ids)


def test_a_3x3_kernel_with_padding_1_on_a_1x1_map_reaches_the_pixel_with_its_centre_only():
    """The general-case chapter's example: 256 to 84 channels, 193,620 parameters allocated, 21,588 effective."""
    shape = ConvShape(side=1, in_channels=256, kernel=3, out_channels=84, padding=1)
    assert real_layers.axis_hits(shape).tolist() == [0, 1, 0]
    assert real_layers.allocated_weights(shape) + 84 == 193_620 and real_layers.convolution_counts(shape).parameters == 21_588


def test_the_o1_axis_counts_equal_the_per_offset_hits_on_every_small_layer():
    """t and r of the closed form, computed without arrays, against axis_hits's per-offset counts."""
    shapes = real_layers.small_shapes()
    for shape in shapes:
        hits = real_layers.axis_hits(shape)
        assert real_layers.axis_counts(shape) == (int(np.count_nonzero(hits)), int(hits.sum())), shape


def test_numpy_sizes_become_python_ints_and_counts_are_exact():
    shape = real_layers.ConvShape(np.int64(8192), np.int32(64), np.int64(3), np.int16(64), padding=np.int8(1))
    assert all(type(getattr(shape, field)) is int for field in ("side", "in_channels", "kernel", "out_channels", "padding"))
    assert real_layers.fully_connected_formula(shape).weights == (64 * 8192 ** 2) ** 2 == 2 ** 64


def test_a_flag_that_is_not_a_bool_is_refused():
    with pytest.raises(ValueError, match="floor must be True or False, got 'no'"):
        real_layers.ConvShape(5, 1, 2, 1, stride=2, floor="no")


def test_a_billion_pixel_side_is_refused_before_anything_is_allocated():
    with pytest.raises(ValueError, match="convolution_formula"):
        real_layers.convolution_counts(real_layers.ConvShape(10 ** 9, 1, 3, 1))


@pytest.mark.parametrize("side, kernel, stride, expected", [
    (224, 3, 2, (0, 1)), (225, 3, 2, (1, 1)), (6, 2, 1, (0, 1)), (5, 3, 1, (1, 1)), (6, 1, 2, (0, 0)), (7, 4, 3, (1, 2)),
])
def test_same_padding_puts_the_odd_zero_after_as_keras_and_tensorflow_do(side, kernel, stride, expected):
    """TensorFlow's rule: the output side is ceil(n/s); the zeros it needs are split, the extra one at the bottom and right."""
    assert real_layers.side_padding(side, kernel, stride, "same") == expected
    assert real_layers.output_side(side, kernel, stride, "same") == -(-side // stride)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(1, 6), st.integers(1, 5), st.integers(1, 4))
def test_same_padding_gives_the_fewest_zeros_for_ceil_n_over_s_outputs(side, kernel, stride, dilation):
    """The smallest total padding whose output side is ceil(n/s), split as evenly as it goes with the odd zero after."""
    def out(total):
        try:
            return real_layers.output_side(side, kernel, stride, (0, total), floor=True, dilation=dilation)
        except ValueError:  # the kernel is larger than the image with this padding
            return None

    before, after = real_layers.side_padding(side, kernel, stride, "same", dilation)
    want = -(-side // stride)
    fits = [total for total in range(0, kernel * dilation + 1) if out(total) == want]
    assert before + after == fits[0] and after - before in (0, 1)
    assert real_layers.output_side(side, kernel, stride, "same", dilation=dilation) == want


def test_padding_forms_are_checked_and_kept():
    assert ConvShape(5, 1, 3, 1, padding=[np.int64(0), 1]).padding == (0, 1)
    assert ConvShape(5, 1, 3, 1, padding="same").pads == (1, 1)
    for bad, message in (("valid", r"got 'valid'"), ((1, 2, 3), r"got \(1, 2, 3\) \(tuple\)"),
                         ((1, -1), r"padding after must be a whole number >= 0, got -1"), (True, r"got True \(bool\)")):
        with pytest.raises(ValueError, match=message):
            ConvShape(5, 1, 3, 1, padding=bad)


def test_a_dilated_3x3_kernel_reaches_a_5x5_window_with_9_weights():
    """Dilation 2: cells two pixels apart. On a 5x5 image one position, its 9 wires on pixels 0, 2, 4, 10, .. 24."""
    shape = ConvShape(5, 1, 3, 1, dilation=2)
    assert (shape.extent, shape.out_side) == (5, 1)
    layer = real_layers.convolution_layer(shape)
    assert np.flatnonzero(layer.ids[0] != NO_WIRE).tolist() == [r * 5 + c for r in (0, 2, 4) for c in (0, 2, 4)]
    assert real_layers.convolution_counts(shape, biases=False) == Counts(9, 0, 9)
    assert real_layers.output_side(7, 3, dilation=3) == 1 and real_layers.output_side(8, 3, padding=1, dilation=2) == 6


def test_a_dilated_kernel_too_wide_for_the_image_is_refused_saying_what_fits():
    with pytest.raises(ValueError, match=r"kernel 3x3 \(dilation 3: a 7x7 window\) is larger than the padded image 6x6 "
                                         r"\(side 4 \+ 2 x padding 1\); the kernel side may be at most 2"):
        real_layers.output_side(4, 3, padding=1, dilation=3)
    with pytest.raises(ValueError, match=r"the kernel can move 3 pixels \(side 4 \+ padding 0 \+ 2 - kernel 3\)"):
        real_layers.output_side(4, 3, stride=2, padding=(0, 2))
    with pytest.raises(ValueError, match=r"dilation must be a whole number >= 1, got 0"):
        ConvShape(5, 1, 3, 1, dilation=0)
