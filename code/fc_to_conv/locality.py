"""Stage 3: each neuron keeps only the pixels of one window, its spatially close neighbours."""

import numpy as np

from .grouping import group_of, group_size
from .image import windows
from .wiring import NO_WIRE, Layer, renumber
from .validate import positive_int, shape2d


def window_of(image_shape, kernel_shape, groups, neurons=None):
    """For each neuron, the index of the window it sees: neuron k of a group takes window k.

    ``neurons`` defaults to one neuron per window in every group; if given, each group
    must hold exactly as many neurons as the kernel has positions on the image.
    """
    groups = positive_int("groups", groups)
    n_windows = len(windows(image_shape, kernel_shape))
    if neurons is not None and group_size(neurons, groups) != n_windows:
        raise ValueError(
            f"{neurons} neurons in {groups} groups make groups of {group_size(neurons, groups)}, but the "
            f"kernel has {n_windows} positions on the image; a group needs one neuron per window, "
            f"so neurons must be {groups * n_windows}"
        )
    return np.tile(np.arange(n_windows), groups)


def cell_ids(image_shape, kernel_shape, groups, neurons=None):
    """Per neuron and pixel, the kernel cell (0..k-1, row-major) the pixel falls in, or -1."""
    image_shape = shape2d("image_shape", image_shape)
    window_pixels = windows(image_shape, kernel_shape)
    neuron_window = window_of(image_shape, kernel_shape, groups, neurons)
    cells = np.full((neuron_window.size, image_shape[0] * image_shape[1]), NO_WIRE, dtype=np.int64)
    for neuron, window in enumerate(neuron_window):
        cells[neuron, window_pixels[window]] = np.arange(window_pixels.shape[1])
    return cells


def local(image_shape, kernel_shape, groups, neurons=None):
    """The locally connected layer: each neuron wired to its window only, every wire with its own weight."""
    cells = cell_ids(image_shape, kernel_shape, groups, neurons)
    unique = np.where(cells != NO_WIRE, np.arange(cells.size).reshape(cells.shape), NO_WIRE)
    return Layer(renumber(unique), "locally connected")


def local_grouped(image_shape, kernel_shape, groups, neurons=None):
    """Locality on top of the grouped layer, sharing per (group, pixel) as grouping defined it."""
    cells = cell_ids(image_shape, kernel_shape, groups, neurons)
    n_neurons, n_pixels = cells.shape
    group = group_of(n_neurons, groups)
    per_pixel = group[:, None] * n_pixels + np.arange(n_pixels)[None, :]
    return Layer(renumber(np.where(cells != NO_WIRE, per_pixel, NO_WIRE)), "local, shared per pixel")
