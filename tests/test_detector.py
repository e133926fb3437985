"""The vertical-edge detector, its banded weight matrix, gradients of shared weights and receptive fields."""

import numpy as np
import pytest
from scipy.signal import correlate2d

from fc_to_conv.convolution import convolutional
from fc_to_conv.correlation import describe_ends
from fc_to_conv.detector import VERTICAL_EDGE, feature_map, shared_matrix
from fc_to_conv.interactive import worked_sums
from fc_to_conv.fully_connected import fully_connected
from fc_to_conv.grouping import grouped
from fc_to_conv.image import example_image
from fc_to_conv.locality import local, local_grouped, patch_shape, receptive_field

SHAPES = [((3, 3), (2, 2)), ((5, 4), (2, 3)), ((6, 6), (3, 3)), ((4, 7), (1, 2))]


def test_the_edge_kernel_is_zero_on_flat_images_and_signed_on_edges():
    flat = np.full((4, 5), 7.0)
    assert np.all(feature_map(flat, VERTICAL_EDGE) == 0)
    step = np.hstack([np.full((4, 2), 200.0), np.zeros((4, 3))])  # bright left of column 2, dark right of it
    response = feature_map(step, VERTICAL_EDGE)
    assert np.all(response[:, 1] > 0) and np.all(response[:, [0, 2, 3]] == 0)
    assert np.all(feature_map(step[:, ::-1], VERTICAL_EDGE)[:, 2] < 0)
    assert not np.array_equal(VERTICAL_EDGE, VERTICAL_EDGE[::-1, ::-1]), "the detector is asymmetric"


@pytest.mark.parametrize("image_shape, kernel_shape", SHAPES)
def test_shared_matrix_is_the_layer_and_doubly_block_toeplitz(image_shape, kernel_shape):
    rng = np.random.default_rng(0)
    kernel, image = rng.normal(size=kernel_shape), rng.normal(size=image_shape)
    matrix = shared_matrix(image_shape, kernel)
    np.testing.assert_allclose(matrix @ image.ravel(), correlate2d(image, kernel, mode="valid").ravel(), atol=1e-12)
    out_rows = image_shape[0] - kernel_shape[0] + 1
    out_cols = image_shape[1] - kernel_shape[1] + 1
    blocks = matrix.reshape(out_rows, out_cols, image_shape[0], image_shape[1]).transpose(0, 2, 1, 3)
    for i in range(out_rows):  # block (i, j) depends only on j - i ...
        for j in range(image_shape[0]):
            if i + 1 < out_rows and j + 1 < image_shape[0]:
                np.testing.assert_array_equal(blocks[i, j], blocks[i + 1, j + 1])
            block = blocks[i, j]  # ... and each block is Toeplitz: entry (a, b) depends only on b - a
            np.testing.assert_array_equal(block[1:, 1:], block[:-1, :-1])


def test_worked_sums_are_the_feature_map():
    sums = worked_sums(example_image(), VERTICAL_EDGE)
    values = feature_map(example_image(), VERTICAL_EDGE).ravel()
    assert [float(s.rsplit("= ", 1)[1].replace("\u2212", "-")) for s in sums] == values.tolist()
    assert sums[0].startswith("48\u00b71 + 160\u00b7(\u22121) + 224\u00b71 + 16\u00b7(\u22121)")


LAYERS = [
    fully_connected(9, 16), grouped(9, 16, 4), local((3, 3), (2, 2), 4), local_grouped((3, 3), (2, 2), 4),
    convolutional((3, 3), (2, 2), 4), convolutional((5, 4), (2, 3), 3),
]


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: f"{layer.name}-{layer.ids.shape}")
def test_weight_gradient_is_the_derivative_of_the_layer(layer):
    """The loss sum(g * y) is linear in the weights, so its change per unit weight is exact."""
    rng = np.random.default_rng(1)
    image, g, w = rng.normal(size=(1, layer.pixels)), rng.normal(size=layer.neurons), rng.normal(size=layer.weights)
    gradient = layer.weight_gradient(image, g)
    loss = lambda weights: g @ layer.apply(image, weights)  # noqa: E731
    steps = np.eye(layer.weights)
    numeric = np.array([loss(w + step) - loss(w) for step in steps])
    np.testing.assert_allclose(gradient, numeric, atol=1e-9)


def test_a_kernels_gradient_is_a_cross_correlation_with_the_output_gradients():
    layer = convolutional((5, 4), (2, 3), 3)
    rng = np.random.default_rng(2)
    image, g = rng.normal(size=(5, 4)), rng.normal(size=(3, 4, 2))
    gradient = layer.weight_gradient(image, g.ravel()).reshape(3, 2, 3)
    for group in range(3):
        np.testing.assert_allclose(gradient[group], correlate2d(image, g[group], mode="valid"), atol=1e-12)


def test_weight_gradient_rejects_wrong_sizes():
    with pytest.raises(ValueError, match="takes 9 pixels and has 16 outputs; got an image of 9 pixels and an output "
                                         "gradient of 4 values"):
        convolutional((3, 3), (2, 2), 4).weight_gradient(example_image(), np.ones(4))


@pytest.mark.parametrize("side, kernel, depth", [(3, 2, 2), (8, 2, 1), (8, 2, 3), (9, 3, 2), (7, 1, 4), (10, 3, 4)])
def test_receptive_field_grows_by_kernel_minus_one_per_layer(side, kernel, depth):
    reach = receptive_field((side, side), (kernel, kernel), depth)
    grown = depth * (kernel - 1) + 1
    assert reach.shape == ((side - grown + 1) ** 2, side * side)
    assert {patch_shape(row, (side, side)) for row in reach} == {(grown, grown)}
    assert set(reach.sum(axis=1).tolist()) == {grown * grown}  # the patch is full: every pixel in it reaches


def test_receptive_field_refuses_what_does_not_fit():
    with pytest.raises(ValueError, match="larger than the image"):
        receptive_field((3, 3), (2, 2), 3)
    with pytest.raises(ValueError, match="at most 4096 are allowed"):
        receptive_field((100, 100), (3, 3), 1)
    with pytest.raises(ValueError, match="depth must be a whole number >= 1"):
        receptive_field((3, 3), (2, 2), 0)


def test_describe_ends_states_the_data():
    text = describe_ends([1, 4], {"horizontal": np.array([0.95, 0.304]), "diagonal": np.array([0.9, -0.06])})
    assert text == "horizontal: 0.95 at 1 pixel, 0.30 at 4 pixels; diagonal: 0.90 at 1.4 pixels, \u22120.06 at 5.7 pixels"
    long = describe_ends([1, 256], {"diagonal": np.array([0.9, -0.06])})
    assert long == "diagonal: 0.90 at 1.4 pixels, \u22120.06 at 362 pixels"


def test_on_the_photograph_the_sky_is_dark_and_the_edges_bright():
    """What the convolution chapter says of the edge map: near zero in the sky, strong on vertical edges."""
    from fc_to_conv.correlation import CAMERAMAN_POINTS, cameraman

    strength = np.abs(feature_map(cameraman(), VERTICAL_EDGE))
    row, col = CAMERAMAN_POINTS["sky"]
    assert strength[row - 10:row + 10, col - 10:col + 10].mean() < 0.05 * strength.max()
    assert np.quantile(strength, 0.99) > 10 * np.median(strength), "a few positions (the edges) respond strongly"
