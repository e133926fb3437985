"""fc_to_conv.frameworks: the book's weights in PyTorch's and Keras's kernel tensors, and what those layers compute."""

import numpy as np
import pytest

from fc_to_conv import frameworks
from fc_to_conv.convolution import convolutional, feature_maps, kernels
from fc_to_conv.image import windows
from fc_to_conv.wiring import NO_WIRE


def test_each_weight_of_the_articles_layer_sits_where_its_wires_say():
    """Read from the layer's id array: a weight's group is its neurons', its cell its pixel's place in their window."""
    layer = convolutional((3, 3), (2, 2), groups=4)
    under = windows((3, 3), (2, 2))
    positions = frameworks.weight_positions((4, 1, 2, 2))
    assert [row["weight"] for row in positions] == list(range(layer.weights))
    for neuron, pixel in zip(*np.nonzero(layer.ids != NO_WIRE)):
        group, window = divmod(int(neuron), 4)
        a, b = divmod(under[window].tolist().index(pixel), 2)
        row = positions[layer.ids[neuron, pixel]]
        assert (row["channel"], row["input"], row["cell"]) == (group, 0, (a, b))
        assert row["PyTorch"] == (group, 0, a, b) and row["Keras"] == (a, b, 0, group)


def test_the_tensors_have_the_shapes_the_libraries_document():
    kernels4 = np.zeros((5, 3, 2, 2))
    assert frameworks.to_framework(kernels4, "PyTorch").shape == (5, 3, 2, 2)  # (C_out, C_in, k, k)
    assert frameworks.to_framework(kernels4, "Keras").shape == (2, 2, 3, 5)  # (k, k, C_in, C_out)


def test_both_libraries_layers_give_the_books_feature_maps():
    rng = np.random.default_rng(3)
    layer = convolutional((5, 4), (2, 3), groups=3)
    for _ in range(20):
        image, weights = rng.normal(size=(5, 4)), rng.normal(size=layer.weights)
        maps = feature_maps(layer, image, weights, (2, 3), 3)
        for name, library in frameworks.framework_maps(image, kernels(weights, (2, 3), 3)[:, None]).items():
            assert np.allclose(library, maps, atol=1e-12), name


def test_the_numpy_layers_follow_the_documented_sums_with_several_channels():
    rng = np.random.default_rng(4)
    images, weight = rng.normal(size=(2, 3, 5, 6)), rng.normal(size=(4, 3, 2, 3))
    expected = np.zeros((2, 4, 4, 4))
    for n, o, i, j in np.ndindex(expected.shape):
        expected[n, o, i, j] = sum(images[n, c, i + a, j + b] * weight[o, c, a, b]
                                   for c in range(3) for a in range(2) for b in range(3))
    assert np.allclose(frameworks.torch_conv2d(images, weight), expected)
    keras = frameworks.keras_conv2d(images.transpose(0, 2, 3, 1), frameworks.to_framework(weight, "Keras"))
    assert np.allclose(keras.transpose(0, 3, 1, 2), expected)


def test_the_positions_table_has_a_row_per_weight():
    table = frameworks.positions_markdown((4, 1, 2, 2)).strip().splitlines()
    assert len(table) == 2 + 16
    assert table[2 + 5].split("|")[1:-1] == [" $w_{5}$ ", " 1 ", " (0, 1) ", " [1, 0, 0, 1] ", " [0, 1, 0, 1] "]


@pytest.mark.parametrize("call, message", [
    (lambda: frameworks.to_framework(np.zeros((4, 2, 2)), "Keras"), "shape \\(C_out, C_in, k, k\\), 4 axes"),
    (lambda: frameworks.to_framework(np.zeros((4, 1, 2, 2)), "JAX"), "unknown framework 'JAX'"),
    (lambda: frameworks.torch_conv2d(np.zeros((1, 2, 3, 3)), np.zeros((4, 1, 2, 2))), "2 channels, the kernels expect 1"),
    (lambda: frameworks.keras_conv2d(np.zeros((1, 2, 2, 1)), np.zeros((3, 3, 1, 1))), "does not fit"),
    (lambda: frameworks.framework_maps(np.zeros((1, 3, 3)), np.zeros((4, 1, 2, 2))), "must be 2-D"),
])
def test_bad_inputs_are_refused_saying_what_is_allowed(call, message):
    with pytest.raises(ValueError, match=message):
        call()
