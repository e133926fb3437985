"""Stage 4: groups + locality + sharing per kernel cell, and the proof that this is a convolution."""

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .grouping import group_of
from .image import window_corners, windows
from .locality import cell_ids
from .wiring import NO_WIRE, Layer
from .validate import image2d, image_and_kernel, shape2d


def convolutional(image_shape, kernel_shape, groups, neurons=None):
    """The final layer: neuron k of group g sees window k, and weight id = (group, kernel cell).

    Parameters
    ----------
    image_shape, kernel_shape : (rows, cols)
        The kernel must fit inside the image.
    groups : int
        Number of groups (= kernels = output feature maps).
    neurons : int, optional
        Checked to equal ``groups`` x the number of kernel positions, if given.

    Returns
    -------
    Layer
        Ids of shape ``(groups * positions, rows * cols)``; group ``g`` uses ids
        ``g*k .. g*k + k - 1`` with ``k`` the kernel's cell count.

    Raises
    ------
    ValueError
        For a kernel larger than the image, non-positive sizes, or a neuron count
        that does not give one neuron per window in each group.

    Example
    -------
    >>> layer = convolutional((3, 3), (2, 2), groups=4)
    >>> layer.neurons, layer.wires, layer.weights
    (16, 64, 16)
    """
    cells = cell_ids(image_shape, kernel_shape, groups, neurons)
    kernel_rows, kernel_cols = shape2d("kernel_shape", kernel_shape)
    group = group_of(cells.shape[0], groups)
    ids = np.where(cells != NO_WIRE, group[:, None] * kernel_rows * kernel_cols + cells, NO_WIRE)
    return Layer(ids, "convolutional", groups, shape2d("image_shape", image_shape), (kernel_rows, kernel_cols))


def kernels(weights, kernel_shape, groups):
    """The weight vector of the final layer as one kernel per group, shape (groups, rows, cols)."""
    kernel_rows, kernel_cols = shape2d("kernel_shape", kernel_shape)
    weights = np.asarray(weights, dtype=float)
    if weights.size != groups * kernel_rows * kernel_cols:
        raise ValueError(
            f"{groups} kernels of {kernel_rows}x{kernel_cols} need {groups * kernel_rows * kernel_cols} "
            f"weights, got {weights.size}"
        )
    return weights.reshape(groups, kernel_rows, kernel_cols)


@image_and_kernel
def cross_correlate(image, kernel):
    """Deep learning's "convolution": valid cross-correlation, by sliding windows."""
    windows = sliding_window_view(image, kernel.shape)
    return np.einsum("ijkl,kl->ij", windows, kernel)


@dataclass(frozen=True)
class Slide:
    """One kernel slid over an image, position by position: what :func:`slide` returns.

    ``image`` and ``kernel`` are 2-D float arrays; ``corners[k]`` is window ``k``'s top-left
    (row, col) and ``windows[k]`` its pixel indices (kernel cells row-major), as
    :func:`fc_to_conv.image.window_corners` and :func:`fc_to_conv.image.windows` give them;
    ``outputs`` is the feature map, shape (out_rows, out_cols), by :func:`cross_correlate`;
    ``group`` is the layer of one group (one neuron per window, neuron ``k`` on window ``k``).
    """

    image: np.ndarray
    kernel: np.ndarray
    corners: np.ndarray
    windows: np.ndarray
    outputs: np.ndarray
    group: Layer


def slide(image, kernel):
    """The kernel's slide over the image (a :class:`Slide`), computed once for the figures and the widget.

    Raises ValueError, as :func:`cross_correlate` does, for arrays that are not 2-D or a kernel
    that does not fit inside the image.
    """
    image, kernel = image2d(image), image2d(kernel)
    outputs = cross_correlate(image, kernel)
    return Slide(image, kernel, window_corners(image.shape, kernel.shape), windows(image.shape, kernel.shape), outputs,
                 convolutional(image.shape, kernel.shape, groups=1))


@image_and_kernel
def convolve(image, kernel):
    """True 2-D convolution (valid part) as the textbook double sum: the kernel is flipped."""
    rows, cols = kernel.shape
    out = np.zeros((image.shape[0] - rows + 1, image.shape[1] - cols + 1))
    for r, c in window_corners(image.shape, kernel.shape):
        for a in range(rows):
            for b in range(cols):
                out[r, c] += image[r + rows - 1 - a, c + cols - 1 - b] * kernel[a, b]
    return out


def feature_maps(layer, image, weights, kernel_shape, groups):
    """The layer's neuron outputs arranged as one map per group, shape (groups, out_rows, out_cols)."""
    image = image2d(image)
    kernel_shape = shape2d("kernel_shape", kernel_shape)
    out_shape = (image.shape[0] - kernel_shape[0] + 1, image.shape[1] - kernel_shape[1] + 1)
    return layer.apply_as_maps(image, weights, (groups, *out_shape))


#: Largest difference between the layer and convolution that still counts as equal (rounding only).
TOLERANCE = 1e-12


def convolution_gap(image_shape=(3, 3), kernel_shape=(2, 2), groups=4, trials=100, seed=0, layer=None):
    """Largest |layer - reference| over random images and weights, for both references.

    ``layer`` defaults to :func:`convolutional` for the given shapes. Returns a dict with
    ``cross_correlation`` (layer vs. sliding-window cross-correlation with each group's
    kernel) and ``flipped_convolution`` (layer vs. true convolution with each kernel
    flipped in both axes). Both are zero up to rounding when the layer is a convolution.
    """
    if layer is None:
        layer = convolutional(image_shape, kernel_shape, groups)
    rng = np.random.default_rng(seed)
    gaps = {"cross_correlation": 0.0, "flipped_convolution": 0.0}
    for _ in range(trials):
        image = rng.normal(size=image_shape)
        weights = rng.normal(size=layer.weights)
        maps = feature_maps(layer, image, weights, kernel_shape, groups)
        for g, kernel in enumerate(kernels(weights, kernel_shape, groups)):
            correlated = cross_correlate(image, kernel)
            flipped = convolve(image, kernel[::-1, ::-1])
            gaps["cross_correlation"] = max(gaps["cross_correlation"], np.abs(maps[g] - correlated).max())
            gaps["flipped_convolution"] = max(gaps["flipped_convolution"], np.abs(maps[g] - flipped).max())
    return {k: float(v) for k, v in gaps.items()}


def verify_convolution(tolerance=TOLERANCE, **kwargs):
    """Return :func:`convolution_gap`'s gaps; raise ArithmeticError if either exceeds ``tolerance``."""
    gaps = convolution_gap(**kwargs)
    worst = max(gaps.values())
    if worst > tolerance:
        raise ArithmeticError(
            f"the layer does not compute a convolution: largest difference {worst:.3g} exceeds "
            f"{tolerance:g} ({gaps})"
        )
    return gaps
