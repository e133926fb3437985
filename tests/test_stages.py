"""Unit tests for the stage constructors (fully_connected, grouped, local, local_grouped, convolutional) and the stage registry."""

import numpy as np
import pytest

from fc_to_conv.convolution import convolutional, convolve, cross_correlate
from fc_to_conv.fully_connected import fully_connected
from fc_to_conv.grouping import grouped
from fc_to_conv.locality import local, local_grouped
from fc_to_conv.wiring import NO_WIRE, reduction

# Conventions copied from the figure spec (article's example):
# 3x3 image, pixel (r, c) -> index 3r + c; 16 hidden neurons in 4 groups of 4
# consecutive neurons; a 2x2 kernel; neuron k of a group takes the k-th window in
# row-major order of its top-left corner (0,0), (0,1), (1,0), (1,1).
IMAGE, KERNEL, GROUPS, NEURONS = (3, 3), (2, 2), 4, 16
WINDOW_PIXELS = [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]

# (image_shape, kernel_shape, groups) used for closed-form counts.
CONV_CASES = [
    ((3, 3), (2, 2), 4),
    ((3, 3), (1, 1), 1),
    ((3, 3), (3, 3), 2),
    ((4, 5), (2, 3), 3),
    ((5, 2), (3, 1), 2),
    ((1, 6), (1, 2), 5),
    ((6, 6), (3, 3), 1),
]


def positions(image_shape, kernel_shape):
    return (image_shape[0] - kernel_shape[0] + 1) * (image_shape[1] - kernel_shape[1] + 1)


def pixels(image_shape):
    return image_shape[0] * image_shape[1]


# --- counts: structure vs closed form ---------------------------------------


@pytest.mark.parametrize("p, n", [(1, 1), (9, 16), (90, 50), (1024, 500), (3, 7)])
def test_fully_connected_counts(p, n):
    layer = fully_connected(p, n)
    assert (layer.neurons, layer.pixels) == (n, p)
    assert layer.wires == p * n
    assert layer.weights == p * n


@pytest.mark.parametrize("p, n, g", [(9, 16, 4), (9, 16, 1), (9, 16, 16), (5, 6, 3), (1, 4, 2)])
def test_grouped_counts(p, n, g):
    layer = grouped(p, n, g)
    assert layer.wires == p * n
    assert layer.weights == g * p
    assert layer.weights_of(slice(0, n // g)) == p  # one group uses one weight per pixel


@pytest.mark.parametrize("image_shape, kernel_shape, groups", CONV_CASES)
def test_convolutional_counts(image_shape, kernel_shape, groups):
    layer = convolutional(image_shape, kernel_shape, groups)
    k, pos = kernel_shape[0] * kernel_shape[1], positions(image_shape, kernel_shape)
    assert (layer.neurons, layer.pixels) == (groups * pos, pixels(image_shape))
    assert layer.wires == groups * pos * k
    assert layer.weights == groups * k


@pytest.mark.parametrize("image_shape, kernel_shape, groups", CONV_CASES)
def test_local_counts(image_shape, kernel_shape, groups):
    layer = local(image_shape, kernel_shape, groups)
    k, pos = kernel_shape[0] * kernel_shape[1], positions(image_shape, kernel_shape)
    assert layer.wires == groups * pos * k
    assert layer.weights == layer.wires


@pytest.mark.parametrize("image_shape, kernel_shape, groups", CONV_CASES)
def test_local_grouped_counts(image_shape, kernel_shape, groups):
    # Sharing per (group, pixel): every pixel lies in some window, so a group has one weight per pixel.
    layer = local_grouped(image_shape, kernel_shape, groups)
    k, pos = kernel_shape[0] * kernel_shape[1], positions(image_shape, kernel_shape)
    assert layer.wires == groups * pos * k
    assert layer.weights == groups * pixels(image_shape)
    # Each wire keeps the grouped layer's id (group, pixel), so group 0's ids are its pixels' numbers.
    grouped_ids = grouped(pixels(image_shape), layer.neurons, groups).ids
    wired = layer.ids != NO_WIRE
    np.testing.assert_array_equal(layer.ids[wired], grouped_ids[wired])


@pytest.mark.parametrize("build", [local, local_grouped, convolutional])
def test_local_stages_keep_the_same_wires(build):
    # Locality decides which wires exist; sharing only changes the ids on them.
    wired = convolutional(IMAGE, KERNEL, GROUPS).ids != NO_WIRE
    np.testing.assert_array_equal(build(IMAGE, KERNEL, GROUPS).ids != NO_WIRE, wired)


def test_article_numbers():
    fc = fully_connected(9, NEURONS)
    grp = grouped(9, NEURONS, GROUPS)
    conv = convolutional(IMAGE, KERNEL, GROUPS)
    assert (fc.weights, grp.weights, conv.weights) == (144, 36, 16)
    assert fc.weights - conv.weights == 128
    assert round(100 * reduction(fc, grp), 2) == 75.0
    assert round(100 * reduction(fc, conv), 2) == 88.89
    assert conv.neurons == NEURONS
    assert len(conv.wired_pixels(0)) == 4


def test_explicit_matching_neuron_count_is_accepted():
    np.testing.assert_array_equal(
        convolutional(IMAGE, KERNEL, GROUPS, neurons=NEURONS).ids, convolutional(IMAGE, KERNEL, GROUPS).ids
    )


def test_numpy_integer_sizes_are_accepted():
    assert fully_connected(np.int64(9), np.int32(16)).weights == 144


# --- figure-spec conventions ------------------------------------------------


@pytest.fixture(scope="module")
def conv():
    return convolutional(IMAGE, KERNEL, GROUPS)


@pytest.mark.parametrize("neuron", range(NEURONS))
def test_neuron_k_of_each_group_takes_window_k(conv, neuron):
    np.testing.assert_array_equal(conv.wired_pixels(neuron), WINDOW_PIXELS[neuron % 4])


@pytest.mark.parametrize("g", range(GROUPS))
def test_group_uses_exactly_its_own_ids(conv, g):
    block = conv.ids[4 * g : 4 * g + 4]
    assert set(block[block != NO_WIRE].tolist()) == {4 * g, 4 * g + 1, 4 * g + 2, 4 * g + 3}


@pytest.mark.parametrize("neuron", range(NEURONS))
def test_one_id_per_kernel_cell_within_a_group(conv, neuron):
    # Kernel cells in row-major order get ids 4g, 4g+1, 4g+2, 4g+3 in every neuron of group g.
    g = neuron // 4
    np.testing.assert_array_equal(conv.ids[neuron, WINDOW_PIXELS[neuron % 4]], [4 * g + c for c in range(4)])


def test_grouped_pixel_0_shares_one_id_within_a_group_only():
    ids = grouped(9, NEURONS, GROUPS).ids
    first = set(ids[0:4, 0].tolist())
    second = set(ids[4:8, 0].tolist())
    assert len(first) == 1 and len(second) == 1
    assert first != second
    # and within a neuron, different pixels use different weights
    assert len(set(ids[0].tolist())) == 9


@pytest.mark.parametrize("seed", range(3))
def test_grouped_neurons_of_a_group_are_identical_copies(seed):
    rng = np.random.default_rng(seed)
    layer = grouped(9, NEURONS, GROUPS)
    out = layer.apply(rng.normal(size=IMAGE), rng.normal(size=layer.weights)).reshape(GROUPS, 4)
    np.testing.assert_array_equal(out, np.repeat(out[:, :1], 4, axis=1))
    assert len(np.unique(out[:, 0])) == GROUPS  # but the groups themselves differ


def test_local_neurons_of_a_group_differ():
    # Unlike grouping alone, locality makes neurons of a group see different windows.
    layer = convolutional(IMAGE, KERNEL, GROUPS)
    out = layer.apply(np.arange(9.0).reshape(IMAGE), np.ones(layer.weights))
    np.testing.assert_array_equal(out[:4], [8.0, 12.0, 20.0, 24.0])


# --- bad input --------------------------------------------------------------


@pytest.mark.parametrize("build", [local, local_grouped, convolutional])
@pytest.mark.parametrize("image_shape, kernel_shape", [((3, 3), (4, 2)), ((3, 3), (2, 4)), ((2, 5), (3, 1))])
def test_kernel_larger_than_image_raises(build, image_shape, kernel_shape):
    with pytest.raises(ValueError, match=r"larger than the image .*at most as large as the image"):
        build(image_shape, kernel_shape, 1)


BAD_SIZES = [
    (0, r"got 0$"),
    (-2, r"got -2$"),
    (2.0, r"got 2\.0 \(float\)"),
    ("3", r"got '3' \(str\)"),
    (True, r"got True \(bool\)"),
]


@pytest.mark.parametrize("bad, detail", BAD_SIZES)
@pytest.mark.parametrize(
    "call, name",
    [
        (lambda v: fully_connected(v, 4), "pixels"),
        (lambda v: fully_connected(4, v), "neurons"),
        (lambda v: grouped(v, 4, 2), "pixels"),
        (lambda v: grouped(4, 4, v), "groups"),
        (lambda v: convolutional((3, 3), (2, 2), v), "groups"),
        (lambda v: convolutional((v, 3), (1, 1), 1), "image_shape rows"),
        (lambda v: convolutional((3, v), (1, 1), 1), "image_shape cols"),
        (lambda v: local((3, 3), (v, 1), 1), "kernel_shape rows"),
        (lambda v: local_grouped((3, 3), (1, v), 1), "kernel_shape cols"),
    ],
)
def test_bad_sizes_raise(call, name, bad, detail):
    with pytest.raises(ValueError, match=rf"{name} must be a whole number >= 1, {detail}"):
        call(bad)


@pytest.mark.parametrize("shape", [3, (3,), (3, 3, 3), None])
def test_shape_that_is_not_a_pair_raises(shape):
    with pytest.raises(ValueError, match=r"kernel_shape must be a pair \(rows, cols\)"):
        convolutional((3, 3), shape, 1)


@pytest.mark.parametrize(
    "call, allowed",
    [
        (lambda: grouped(9, 16, 3), r"3 groups do not divide 16 neurons; allowed group counts: \[1, 2, 4, 8, 16\]"),
        (lambda: grouped(9, 6, 4), r"4 groups do not divide 6 neurons; allowed group counts: \[1, 2, 3, 6\]"),
        (lambda: convolutional((3, 3), (2, 2), 4, neurons=18), r"allowed group counts: \[1, 2, 3, 6, 9, 18\]"),
    ],
)
def test_group_count_not_dividing_neurons_raises(call, allowed):
    with pytest.raises(ValueError, match=allowed):
        call()


@pytest.mark.parametrize("build", [local, local_grouped, convolutional])
@pytest.mark.parametrize("neurons, size", [(12, 3), (20, 5), (4, 1)])
def test_neurons_not_one_per_window_raise(build, neurons, size):
    with pytest.raises(
        ValueError,
        match=rf"make groups of {size}, but the kernel has 4 positions.*one neuron per window.*must be 16",
    ):
        build(IMAGE, KERNEL, GROUPS, neurons=neurons)


@pytest.mark.parametrize("func", [cross_correlate, convolve])
@pytest.mark.parametrize(
    "image, kernel",
    [
        (np.ones(9), np.ones((2, 2))),
        (np.ones((1, 3, 3)), np.ones((2, 2))),
        (np.ones((3, 3)), np.ones(4)),
        (np.ones((0, 3)), np.ones((1, 1))),
    ],
    ids=["1d-image", "3d-image", "1d-kernel", "empty-image"],
)
def test_non_2d_input_to_convolutions_raises(func, image, kernel):
    with pytest.raises(ValueError, match=r"must be a non-empty 2-D array \(rows, cols\), got shape"):
        func(image, kernel)


@pytest.mark.parametrize("func", [cross_correlate, convolve])
def test_convolutions_reject_kernel_larger_than_image(func):
    with pytest.raises(ValueError, match=r"kernel 3x2 is larger than the image 2x2"):
        func(np.ones((2, 2)), np.ones((3, 2)))


# --- the registry: the four stages as a 2x2 grid ------------------------------


def test_the_registry_fills_the_grid_once():
    from fc_to_conv.stages import CONNECTIVITY, SHARING, STAGES

    positions = [s.grid_position for s in STAGES]
    assert sorted(positions) == [(r, c) for r in range(len(SHARING)) for c in range(len(CONNECTIVITY))]
    assert len({s.slug for s in STAGES}) == len(STAGES)


# Cases where every corner of the grid differs: a group holds several neurons, a window is not the image.
GRID_CASES = [c for c in CONV_CASES if positions(c[0], c[1]) > 1]


@pytest.mark.parametrize("image_shape, kernel_shape, groups", GRID_CASES)
def test_each_stage_is_where_the_grid_puts_it(image_shape, kernel_shape, groups):
    """A stage's row and column are read off its built layer: shared iff fewer weights than wires,
    one window iff each neuron reads the kernel's cells and not every pixel."""
    from fc_to_conv.stages import STAGES

    neurons = groups * positions(image_shape, kernel_shape)
    for entry in STAGES:
        layer = entry.build(image_shape, kernel_shape, groups, neurons)
        assert layer.name == entry.name
        assert (layer.weights < layer.wires) == (entry.sharing == "shared"), entry.name
        per_neuron = {layer.wired_pixels(j).size for j in range(layer.neurons)}
        expected = {pixels(image_shape)} if entry.connectivity == "every pixel" else {np.prod(kernel_shape)}
        assert per_neuron == expected, entry.name


def test_the_registry_claims_state_the_built_counts():
    from fc_to_conv import claims
    from fc_to_conv.stages import STAGES, article_stages
    from fc_to_conv.summary import summary_rows

    for entry, layer, row in zip(STAGES, article_stages(), summary_rows()):
        assert row[:3] == (entry.name, f"{layer.wires:,}", f"{layer.weights:,}")
        if entry.weights_claim:
            assert claims.by_id(entry.weights_claim).compute() == layer.weights, entry.name
        if entry.reduction_claim:
            assert claims.by_id(entry.reduction_claim).compute() == pytest.approx(1 - layer.weights / article_stages()[0].weights)
            assert row[4] == claims.by_id(entry.weights_claim).article


def test_the_chapters_path_on_the_grid():
    """What the convolution chapter says: down the first column (sharing), then across the second row (one window),
    with the locally connected layer in the remaining corner, top right."""
    from fc_to_conv.stages import registry

    path = [registry(name).grid_position for name in ("fully connected", "grouped", "convolutional")]
    assert path == [(0, 0), (1, 0), (1, 1)]
    assert registry("locally connected").grid_position == (0, 1)
