"""The same detector everywhere: a kernel that responds to vertical edges, used at every position.

A convolutional layer's group applies one kernel at every window, so whatever the kernel
detects, the group detects everywhere in the image. With the 2x2 kernel below, a neuron's
output is (left column) - (right column) of its window: zero where the image is flat, large
where brightness changes from left to right, that is, on a vertical edge.
"""

import numpy as np

from .convolution import convolutional, cross_correlate
from .validate import image2d

#: A 2x2 vertical-edge kernel: the window's left column minus its right column.
VERTICAL_EDGE = np.array([[1.0, -1.0], [1.0, -1.0]])


def shared_matrix(image_shape, kernel):
    """The (positions, pixels) weight matrix of one group using ``kernel`` at every window.

    Row k holds the kernel's weights on the pixels of window k and zeros elsewhere: one kernel,
    repeated and shifted, which makes the matrix banded and doubly block Toeplitz (blocks
    constant along each diagonal, each block constant along its diagonals). Raises ValueError
    if the kernel does not fit on the image.
    """
    kernel = image2d(kernel)
    layer = convolutional(image_shape, kernel.shape, groups=1)
    return layer.matrix(kernel.ravel())


def feature_map(image, kernel):
    """The group's outputs as a map, shape (rows - k_rows + 1, cols - k_cols + 1): the kernel at every window."""
    return cross_correlate(image, kernel)

