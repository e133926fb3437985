"""The final layer is a convolution: checked against scipy.signal, an oracle independent of the package."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import convolve2d, correlate2d

from fc_to_conv.convolution import (
    convolution_gap,
    convolutional,
    convolve,
    cross_correlate,
    feature_maps,
    kernels,
)

# The article's 3x3 gray example image (figure spec) and its 2x2 kernel, 4 groups.
EXAMPLE = np.array([[48, 160, 96], [224, 16, 128], [80, 192, 240]], dtype=float)
KERNEL, GROUPS = (2, 2), 4


def layer_maps(image, weights, kernel_shape, groups):
    """Neuron outputs of the convolutional layer, one (out_rows, out_cols) map per group."""
    layer = convolutional(image.shape, kernel_shape, groups)
    out_rows, out_cols = image.shape[0] - kernel_shape[0] + 1, image.shape[1] - kernel_shape[1] + 1
    return layer.apply(image, weights).reshape(groups, out_rows, out_cols)


def group_kernels(weights, kernel_shape, groups):
    """Group g's kernel: weights g*k .. g*k+k-1 in row-major kernel-cell order (the package convention)."""
    return np.asarray(weights, dtype=float).reshape(groups, *kernel_shape)


@pytest.mark.parametrize("seed", range(5))
def test_final_layer_equals_scipy_correlate2d_per_group(seed):
    rng = np.random.default_rng(seed)
    image = EXAMPLE if seed == 0 else rng.normal(size=(3, 3))
    weights = rng.normal(size=GROUPS * 4)
    maps = layer_maps(image, weights, KERNEL, GROUPS)
    for g, kernel in enumerate(group_kernels(weights, KERNEL, GROUPS)):
        np.testing.assert_allclose(maps[g], correlate2d(image, kernel, mode="valid"), rtol=0, atol=1e-9)


def test_feature_maps_matches_own_reshape():
    rng = np.random.default_rng(7)
    image, weights = rng.normal(size=(4, 5)), rng.normal(size=3 * 6)
    layer = convolutional((4, 5), (2, 3), 3)
    np.testing.assert_array_equal(feature_maps(layer, image, weights, (2, 3), 3), layer_maps(image, weights, (2, 3), 3))


def test_kernels_splits_weights_by_group_row_major():
    weights = np.arange(12.0)
    np.testing.assert_array_equal(kernels(weights, (2, 2), 3)[1], [[4.0, 5.0], [6.0, 7.0]])
    with pytest.raises(ValueError, match=r"3 kernels of 2x2 need 12 weights, got 11"):
        kernels(np.arange(11.0), (2, 2), 3)


IMAGE_KERNEL_SHAPES = [((3, 3), (2, 2)), ((5, 4), (2, 3)), ((6, 6), (3, 3)), ((4, 4), (1, 1)), ((3, 5), (3, 5))]


@pytest.mark.parametrize("image_shape, kernel_shape", IMAGE_KERNEL_SHAPES)
def test_cross_correlate_equals_scipy_correlate2d(image_shape, kernel_shape):
    rng = np.random.default_rng(1)
    image, kernel = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
    np.testing.assert_allclose(cross_correlate(image, kernel), correlate2d(image, kernel, mode="valid"), atol=1e-12)


@pytest.mark.parametrize("image_shape, kernel_shape", IMAGE_KERNEL_SHAPES)
def test_convolve_equals_scipy_convolve2d(image_shape, kernel_shape):
    rng = np.random.default_rng(2)
    image, kernel = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
    np.testing.assert_allclose(convolve(image, kernel), convolve2d(image, kernel, mode="valid"), atol=1e-12)


@pytest.mark.parametrize("image_shape, kernel_shape", IMAGE_KERNEL_SHAPES)
def test_convolving_with_flipped_kernel_is_cross_correlation(image_shape, kernel_shape):
    rng = np.random.default_rng(3)
    image, kernel = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
    np.testing.assert_allclose(convolve(image, kernel[::-1, ::-1]), cross_correlate(image, kernel), atol=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"image_shape": (5, 4), "kernel_shape": (2, 3), "groups": 3, "trials": 20, "seed": 1}],
)
def test_convolution_gap_is_zero_up_to_rounding(kwargs):
    gaps = convolution_gap(**kwargs)
    assert set(gaps) == {"cross_correlation", "flipped_convolution"}
    assert gaps["cross_correlation"] < 1e-12
    assert gaps["flipped_convolution"] < 1e-12


# --- negative controls: the checks above are able to fail --------------------

ASYMMETRIC = np.array([[1.0, 2.0], [3.0, 4.0]])


def test_transposed_kernel_gives_a_large_difference():
    # Same comparison as the proof, with each group's kernel transposed: the gap is
    # many orders of magnitude above the 1e-9 tolerance, so the oracle can tell.
    weights = np.concatenate([ASYMMETRIC.reshape(-1) * (g + 1) for g in range(GROUPS)])
    maps = layer_maps(EXAMPLE, weights, KERNEL, GROUPS)
    for g, kernel in enumerate(group_kernels(weights, KERNEL, GROUPS)):
        np.testing.assert_allclose(maps[g], correlate2d(EXAMPLE, kernel, mode="valid"), rtol=0, atol=1e-9)
        wrong = correlate2d(EXAMPLE, kernel.T, mode="valid")
        assert np.abs(maps[g] - wrong).max() >= 80 * (g + 1)


def test_cross_correlation_and_convolution_differ_for_asymmetric_kernel():
    assert np.abs(cross_correlate(EXAMPLE, ASYMMETRIC) - convolve(EXAMPLE, ASYMMETRIC)).max() > 100


# --- property test ----------------------------------------------------------


@st.composite
def conv_setups(draw):
    rows, cols = draw(st.integers(2, 7)), draw(st.integers(2, 7))
    kernel_shape = (draw(st.integers(1, rows)), draw(st.integers(1, cols)))
    groups = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    return (rows, cols), kernel_shape, groups, seed


@settings(max_examples=60, deadline=None)
@given(conv_setups())
def test_property_convolutional_layer_is_correlate2d(setup):
    image_shape, kernel_shape, groups, seed = setup
    rng = np.random.default_rng(seed)
    layer = convolutional(image_shape, kernel_shape, groups)
    assert layer.weights == groups * kernel_shape[0] * kernel_shape[1]
    image, weights = rng.normal(size=image_shape), rng.normal(size=layer.weights)
    maps = feature_maps(layer, image, weights, kernel_shape, groups)
    for g, kernel in enumerate(group_kernels(weights, kernel_shape, groups)):
        np.testing.assert_allclose(maps[g], correlate2d(image, kernel, mode="valid"), rtol=0, atol=1e-9)
