"""Stage 1: every pixel wired to every neuron, each wire with its own weight."""

import numpy as np

from .wiring import Layer
from .validate import check_dense, positive_int


def fully_connected(pixels, neurons):
    """Every pixel wired to every neuron, each wire with a weight id of its own.

    Raises ValueError for sizes that are not whole numbers >= 1, and for layers larger than
    :data:`~fc_to_conv.validate.DENSE_LIMIT` wires (their counts are closed forms).
    """
    pixels = positive_int("pixels", pixels)
    neurons = positive_int("neurons", neurons)
    check_dense(neurons, pixels, f"fully_connected(pixels={pixels}, neurons={neurons})",
                f"Its weights and wires are pixels x neurons = {pixels * neurons:,} "
                "(fc_to_conv.real_layers.fully_connected_formula counts a layer with channels).")
    return Layer(fully_connected_ids(pixels, neurons), "fully connected")


def fully_connected_ids(pixels, neurons):
    """The weight ids of a fully connected layer, shape (neurons, pixels): every wire gets an id of its own.

    The idea alone, for sizes already checked (``fully_connected`` checks them first).
    """
    return np.arange(neurons * pixels).reshape(neurons, pixels)


def network(widths):
    """A chain of fully connected layers with the given widths, input first."""
    if len(widths) < 2:
        raise ValueError(f"a network needs at least two widths (input and one layer), got {list(widths)}")
    return [fully_connected(n_in, n_out) for n_in, n_out in zip(widths, widths[1:])]


def weights_by_size(image_sides, hidden_widths):
    """Weights of a fully connected layer from an n x n image to h neurons, one layer built per (n, h)."""
    return {
        h: np.array([fully_connected(n * n, h).weights for n in image_sides]) for h in hidden_widths
    }
