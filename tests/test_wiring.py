"""Unit tests for fc_to_conv.wiring: the Layer structure and its helpers."""

import numpy as np
import pytest

from fc_to_conv.convolution import convolutional, cross_correlate
from fc_to_conv.stages import STAGES
from fc_to_conv.wiring import NO_WIRE, Layer, distinct_ids, reduction, renumber, unshared

# A hand-made layer: 3 neurons, 4 pixels, 4 weights.
#   neuron 0: pixels 0, 1 with weights 0, 1
#   neuron 1: pixels 1, 2 with weights 0, 1 (shares both with neuron 0)
#   neuron 2: pixels 0, 3 with weights 2, 3
SMALL_IDS = [
    [0, 1, -1, -1],
    [-1, 0, 1, -1],
    [2, -1, -1, 3],
]


@pytest.fixture
def small():
    return Layer(np.array(SMALL_IDS), "small")


# --- validation -------------------------------------------------------------


@pytest.mark.parametrize(
    "ids, match",
    [
        (np.array([0, 1, 2]), r"2-D array \(neurons, pixels\)"),
        (np.zeros((2, 2, 2), dtype=int), r"2-D array \(neurons, pixels\)"),
        (np.zeros((0, 3), dtype=int), r"non-empty 2-D"),
        (np.array([[0.0, 1.0]]), r"must be integers \(weight ids, or -1 for no wire\)"),
        (np.array([[True, False]]), r"must be integers"),
        (np.array([[0, -2]]), r"must be >= -1 \(-1 means no wire\), got -2"),
        (np.array([[0, 2]]), r"exactly 0\.\..* with none skipped.*\[1\]"),
        (np.array([[1, 2]]), r"exactly 0\.\..* with none skipped.*\[0\]"),
        (np.array([[0, 3], [-1, 3]]), r"exactly 0\.\..* with none skipped.*\[1, 2\]"),
    ],
    ids=["1d", "3d", "empty", "float", "bool", "below-minus-one", "skip-1", "skip-0", "skip-two"],
)
def test_invalid_ids_raise_with_what_is_allowed(ids, match):
    with pytest.raises(ValueError, match=match):
        Layer(ids)


def test_ids_are_stored_read_only_int64(small):
    assert small.ids.dtype == np.int64
    with pytest.raises(ValueError):
        small.ids[0, 0] = 5


@pytest.mark.parametrize("sizes, match", [
    (dict(groups=2), "groups must divide the 3 neurons, got 2"),
    (dict(groups=0), "groups must divide the 3 neurons, got 0"),
    (dict(image_shape=(3, 3)), r"image_shape must hold the 4 pixels, got \(3, 3\)"),
])
def test_sizes_that_do_not_fit_the_ids_raise(sizes, match):
    with pytest.raises(ValueError, match=match):
        Layer(np.array(SMALL_IDS), "small", **sizes)


def test_every_stage_records_its_own_sizes():
    image, kernel, groups, neurons = (4, 5), (2, 3), 3, 27  # 3 x 3 kernel positions per group
    for entry in STAGES:
        layer = entry.build(image, kernel, groups, neurons)
        windowed = entry.connectivity == "one window"
        assert layer.groups == (None if entry.name == "fully connected" else groups), entry.name
        assert layer.image_shape == (image if windowed else None), entry.name
        assert layer.kernel_shape == (kernel if windowed else None), entry.name
        if windowed:  # the recorded sizes are the ones the wires have: a window of the kernel's cells per neuron
            assert {len(layer.wired_pixels(j)) for j in range(layer.neurons)} == {kernel[0] * kernel[1]}
            assert layer.pixels == image[0] * image[1]


def test_layer_without_any_wire_is_valid():
    layer = Layer(np.full((2, 3), NO_WIRE))
    assert (layer.neurons, layer.pixels, layer.wires, layer.weights) == (2, 3, 0, 0)


# --- counting ---------------------------------------------------------------


def test_shape_wires_and_weights(small):
    assert (small.neurons, small.pixels) == (3, 4)
    assert small.wires == 6
    assert small.weights == 4


def test_docstring_example():
    layer = Layer(np.array([[0, 1], [0, 1]]))
    assert (layer.wires, layer.weights) == (4, 2)


@pytest.mark.parametrize(
    "neurons, expected",
    [(0, 2), ([0, 1], 2), (slice(0, 2), 2), (2, 2), ([0, 2], 4), (slice(None), 4)],
)
def test_weights_of(small, neurons, expected):
    assert small.weights_of(neurons) == expected


@pytest.mark.parametrize("neuron, pixels", [(0, [0, 1]), (1, [1, 2]), (2, [0, 3])])
def test_wired_pixels(small, neuron, pixels):
    np.testing.assert_array_equal(small.wired_pixels(neuron), pixels)


# --- matrix and apply -------------------------------------------------------


def test_matrix_puts_each_wires_weight_and_zero_elsewhere(small):
    w = [10.0, 20.0, 30.0, 40.0]
    expected = [
        [10.0, 20.0, 0.0, 0.0],
        [0.0, 10.0, 20.0, 0.0],
        [30.0, 0.0, 0.0, 40.0],
    ]
    np.testing.assert_array_equal(small.matrix(w), expected)


def test_matrix_of_layer_without_wires_is_all_zero():
    # Every weight vector of the right length (here: empty) must give zeros.
    layer = Layer(np.full((2, 3), NO_WIRE))
    np.testing.assert_array_equal(layer.matrix([]), np.zeros((2, 3)))


@pytest.mark.parametrize("weights", [[1.0, 2.0, 3.0], [1.0] * 5, [[1.0, 2.0, 3.0, 4.0]], []])
def test_weight_vector_of_wrong_shape_raises(small, weights):
    with pytest.raises(ValueError, match=r"has 4 free weights, so the weight vector must have shape \(4,\)"):
        small.matrix(weights)
    with pytest.raises(ValueError, match=r"shape \(4,\)"):
        small.apply(np.ones((2, 2)), weights)


def test_apply_as_maps_lays_the_outputs_out_row_major_and_refuses_a_shape_that_does_not_fit():
    layer = convolutional((4, 5), (2, 2), groups=2)
    image = np.arange(20.0).reshape(4, 5)
    weights = np.arange(1.0, 9.0)
    maps = layer.apply_as_maps(image, weights, (2, 3, 4))
    for g in range(2):  # each group's map is its kernel's cross-correlation, position by position
        np.testing.assert_allclose(maps[g], cross_correlate(image, weights[4 * g:4 * g + 4].reshape(2, 2)))
    with pytest.raises(ValueError, match=r"has 24 neurons, which do not fill maps of shape \(3, 4\)"):
        layer.apply_as_maps(image, weights, (3, 4))


def test_apply_flattens_row_major(small):
    # image [[1, 2], [3, 4]] flattens to pixels [1, 2, 3, 4]: pixel (r, c) -> 2r + c.
    image = np.array([[1.0, 2.0], [3.0, 4.0]])
    w = [10.0, 100.0, 1000.0, 10000.0]
    # neuron 0: 1*10 + 2*100; neuron 1: 2*10 + 3*100; neuron 2: 1*1000 + 4*10000
    np.testing.assert_array_equal(small.apply(image, w), [210.0, 320.0, 41000.0])


def test_apply_equals_matrix_times_flattened_image(small):
    rng = np.random.default_rng(1)
    image, w = rng.normal(size=(2, 2)), rng.normal(size=4)
    np.testing.assert_allclose(small.apply(image, w), small.matrix(w) @ image.reshape(-1))


@pytest.mark.parametrize("shape", [(3, 3), (1, 3), (4, 2)])
def test_apply_to_image_of_wrong_size_raises(small, shape):
    with pytest.raises(ValueError, match=rf"takes 4 pixels, got an image of {shape[0] * shape[1]}"):
        small.apply(np.ones(shape), np.ones(4))


@pytest.mark.parametrize("image", [np.ones(4), np.ones((1, 2, 2)), np.ones((0, 4))])
def test_apply_to_non_2d_image_raises(small, image):
    with pytest.raises(ValueError, match=r"image must be a non-empty 2-D array"):
        small.apply(image, np.ones(4))


# --- helpers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "ids, expected",
    [
        ([[5, -1, 2], [5, 7, 2]], [[0, -1, 1], [0, 2, 1]]),
        ([[3, 3], [3, 3]], [[0, 0], [0, 0]]),
        ([[9, 8, 7, 6]], [[0, 1, 2, 3]]),
        ([[0, 1], [2, 3]], [[0, 1], [2, 3]]),
        ([[-1, -1], [-1, -1]], [[-1, -1], [-1, -1]]),
    ],
    ids=["first-appearance", "all-shared", "reversed", "already-numbered", "no-wires"],
)
def test_renumber(ids, expected):
    out = renumber(np.array(ids))
    np.testing.assert_array_equal(out, expected)
    Layer(out)  # always a valid id array


def test_renumber_keeps_which_wires_share():
    rng = np.random.default_rng(0)
    ids = rng.integers(-1, 50, size=(6, 7))
    out = renumber(ids)
    np.testing.assert_array_equal(out == NO_WIRE, ids == NO_WIRE)
    wired = ids != NO_WIRE
    a, b = ids[wired], out[wired]
    np.testing.assert_array_equal(a[:, None] == a[None, :], b[:, None] == b[None, :])


@pytest.mark.parametrize(
    "ids, expected",
    [([[-1, -1]], 0), ([[0, 0], [0, 0]], 1), ([[4, -1, 9], [9, 2, -1]], 3), (SMALL_IDS, 4)],
)
def test_distinct_ids(ids, expected):
    assert distinct_ids(ids) == expected


@pytest.mark.parametrize(
    "before_weights, after_weights, expected",
    [(4, 4, 0.0), (4, 1, 0.75), (144, 36, 0.75), (144, 16, 128 / 144)],
)
def test_reduction(before_weights, after_weights, expected):
    before = Layer(np.arange(before_weights)[None, :])
    after = Layer(np.arange(after_weights)[None, :])
    assert reduction(before, after) == pytest.approx(expected)


def test_reduction_counts_shared_weights_not_wires(small):
    # 6 wires but 4 weights: going from a 6-weight layer removes 1/3.
    before = Layer(np.arange(6).reshape(2, 3))
    assert reduction(before, small) == pytest.approx(1 / 3)


def test_renumber_inverts_a_permutation_that_is_not_its_own_inverse():
    np.testing.assert_array_equal(renumber(np.array([[2, 0, 1]])), [[0, 1, 2]])


def test_renumber_numbers_ids_in_order_of_first_appearance():
    ids = np.random.default_rng(0).integers(-1, 50, size=(6, 7))
    out = renumber(ids)[ids != NO_WIRE]
    values, first = np.unique(out, return_index=True)
    np.testing.assert_array_equal(values, np.arange(values.size))
    assert np.all(np.diff(first) > 0)


def test_unshared_gives_every_wire_its_own_weight_in_row_major_order():
    ids = np.array([[0, NO_WIRE, 0], [NO_WIRE, 1, 1]])
    np.testing.assert_array_equal(unshared(ids), [[0, NO_WIRE, 1], [NO_WIRE, 2, 3]])
    assert Layer(unshared(ids)).weights == Layer(ids).wires
