"""Stage 3: each neuron keeps only the pixels of one window, its spatially close neighbours."""

import numpy as np

from .grouping import group_of, group_size
from .image import windows
from .wiring import NO_WIRE, Layer, renumber, unshared
from .validate import check_dense, kernel_fits, positive_int, shape2d


def window_of(image_shape, kernel_shape, groups, neurons=None):
    """For each neuron, the index of the window it sees: neuron k of a group takes window k.

    ``neurons`` defaults to one neuron per window in every group; if given, each group
    must hold exactly as many neurons as the kernel has positions on the image. Raises
    ValueError for such a mismatch, and above :data:`~fc_to_conv.validate.DENSE_LIMIT` neurons.
    """
    groups = positive_int("groups", groups)
    n_windows = len(windows(image_shape, kernel_shape))
    check_dense(groups * n_windows, 1, f"window_of for {groups} groups of {n_windows} windows",
                "Each group has one neuron per window.")
    if neurons is not None and group_size(neurons, groups) != n_windows:
        raise ValueError(
            f"{neurons} neurons in {groups} groups make groups of {group_size(neurons, groups)}, but the "
            f"kernel has {n_windows} positions on the image; a group needs one neuron per window, "
            f"so neurons must be {groups * n_windows}"
        )
    return np.tile(np.arange(n_windows), groups)


def cell_ids(image_shape, kernel_shape, groups, neurons=None):
    """Per neuron and pixel, the kernel cell (0..k-1, row-major) the pixel falls in, or -1.

    Raises ValueError as :func:`window_of` does, and, before building anything, when neurons
    x pixels exceed :data:`~fc_to_conv.validate.DENSE_LIMIT`.
    """
    image_shape = shape2d("image_shape", image_shape)
    kernel_shape = shape2d("kernel_shape", kernel_shape)
    kernel_fits(image_shape, kernel_shape)
    positions = (image_shape[0] - kernel_shape[0] + 1) * (image_shape[1] - kernel_shape[1] + 1)
    check_dense(positive_int("groups", groups) * positions, image_shape[0] * image_shape[1],
                f"the layer of {groups} groups, {kernel_shape[0]}x{kernel_shape[1]} windows, on a "
                f"{image_shape[0]}x{image_shape[1]} image",
                "fc_to_conv.real_layers.convolution_counts counts a square layer on its sparse wires "
                "(a locally connected layer has as many weights as wires).")
    window_pixels = windows(image_shape, kernel_shape)
    neuron_window = window_of(image_shape, kernel_shape, groups, neurons)
    cells = np.full((neuron_window.size, image_shape[0] * image_shape[1]), NO_WIRE, dtype=np.int64)
    for neuron, window in enumerate(neuron_window):
        cells[neuron, window_pixels[window]] = np.arange(window_pixels.shape[1])
    return cells


def local(image_shape, kernel_shape, groups, neurons=None):
    """The locally connected layer: each neuron wired to its window only, every wire with its own weight."""
    cells = cell_ids(image_shape, kernel_shape, groups, neurons)
    return Layer(unshared(cells), "locally connected", groups, tuple(image_shape), tuple(kernel_shape))


def local_grouped(image_shape, kernel_shape, groups, neurons=None):
    """Locality on top of the grouped layer, sharing per (group, pixel) as grouping defined it.

    A wire keeps the grouped layer's weight id, ``group * pixels + pixel``, so group 0's ids are its
    pixels' numbers: the windows of a group cover every pixel, and every id is used.
    """
    cells = cell_ids(image_shape, kernel_shape, groups, neurons)
    n_neurons, n_pixels = cells.shape
    group = group_of(n_neurons, groups)
    per_pixel = group[:, None] * n_pixels + np.arange(n_pixels)[None, :]
    return Layer(np.where(cells != NO_WIRE, per_pixel, NO_WIRE), "local, shared per pixel", groups,
                 tuple(image_shape), tuple(kernel_shape))


#: Largest image (in pixels) :func:`receptive_field` accepts: its wiring arrays grow with the square of it.
MAX_RECEPTIVE_FIELD_PIXELS = 4096


def receptive_field(image_shape, kernel_shape, depth):
    """The pixels that reach each neuron of the last of ``depth`` stacked locally connected layers.

    Layer 1 is :func:`local` on the image (one group); layer ``d + 1`` is :func:`local` on the
    map of layer ``d``'s outputs, with the same kernel. A pixel reaches a neuron if a chain of
    wires leads from it to the neuron: the product of the layers' wiring masks says which.

    Parameters
    ----------
    image_shape, kernel_shape : (rows, cols)
    depth : int
        Number of stacked layers, at least 1; the kernel must still fit on the last map.

    Returns
    -------
    array of bool, shape (neurons of the last layer, pixels)
        ``reach[j, i]``: pixel ``i`` reaches neuron ``j``.

    Raises
    ------
    ValueError
        For a kernel that does not fit on a layer's input, or an image of more than
        :data:`MAX_RECEPTIVE_FIELD_PIXELS` pixels.
    """
    rows, cols = shape2d("image_shape", image_shape)
    kernel_rows, kernel_cols = shape2d("kernel_shape", kernel_shape)
    depth = positive_int("depth", depth)
    if rows * cols > MAX_RECEPTIVE_FIELD_PIXELS:
        raise ValueError(f"image_shape {image_shape} has {rows * cols} pixels; at most "
                         f"{MAX_RECEPTIVE_FIELD_PIXELS} are allowed")
    reach = np.eye(rows * cols, dtype=np.int64)
    shape = (rows, cols)
    for _ in range(depth):
        wired = (local(shape, kernel_shape, groups=1).ids != NO_WIRE).astype(np.int64)
        reach = (wired @ reach > 0).astype(np.int64)
        shape = (shape[0] - kernel_rows + 1, shape[1] - kernel_cols + 1)
    return reach.astype(bool)


def patch_shape(reach, image_shape):
    """(rows, cols) of the smallest rectangle of the image that holds the pixels one neuron's ``reach`` marks."""
    rows, cols = np.nonzero(np.asarray(reach, dtype=bool).reshape(shape2d("image_shape", image_shape)))
    if rows.size == 0:
        raise ValueError("no pixel reaches this neuron")
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)
