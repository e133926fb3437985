"""The 3x3 example image and the row-major bookkeeping between pixels and windows."""

import numpy as np

from .validate import check_dense, image2d, kernel_fits, shape2d

#: Gray values (0 = black, 255 = white) of the article's 3x3 example image.
EXAMPLE_GRAYS = ((48, 160, 96), (224, 16, 128), (80, 192, 240))


def example_image():
    """The 3x3 gray example image as a float array."""
    return np.array(EXAMPLE_GRAYS, dtype=float)


def flatten(image):
    """The image as a vector of pixels, row-major: pixel (r, c) lands at r * cols + c."""
    return image2d(image).reshape(-1)


def pixel_index(image_shape, row, col):
    """Index of pixel (row, col) in the flattened image (row-major)."""
    rows, cols = shape2d("image_shape", image_shape)
    if not (0 <= row < rows and 0 <= col < cols):
        raise ValueError(f"pixel ({row}, {col}) is outside a {rows}x{cols} image")
    return row * cols + col


def window_corners(image_shape, kernel_shape):
    """Top-left corners of every position of the kernel on the image, row-major: an int array of shape (positions, 2).

    Row ``w`` is window ``w``'s ``(row, col)``. A numpy array, not a list of tuples, so that the
    largest size allowed (``DENSE_LIMIT`` positions of a 1x1 kernel: 4096 x 4096) takes 256 MiB
    rather than the gigabytes of 16 million Python tuples. Raises ValueError for a kernel larger
    than the image, and, before building anything, when the positions times the kernel's cells
    (the size of :func:`windows`) exceed :data:`~fc_to_conv.validate.DENSE_LIMIT`.
    """
    image_shape = shape2d("image_shape", image_shape)
    kernel_shape = shape2d("kernel_shape", kernel_shape)
    kernel_fits(image_shape, kernel_shape)
    out_rows = image_shape[0] - kernel_shape[0] + 1
    out_cols = image_shape[1] - kernel_shape[1] + 1
    check_dense(out_rows * out_cols, kernel_shape[0] * kernel_shape[1],
                f"the windows of a {kernel_shape[0]}x{kernel_shape[1]} kernel on a {image_shape[0]}x{image_shape[1]} image",
                f"There are {out_rows:,} x {out_cols:,} positions (fc_to_conv.real_layers.output_side gives them per axis).")
    return np.stack(np.divmod(np.arange(out_rows * out_cols), out_cols), axis=1)


def windows(image_shape, kernel_shape):
    """Pixel indices under the kernel at each position: one row per window, kernel cells row-major.

    Row w is the window whose top-left corner is ``window_corners(...)[w]``; its cell (dr, dc)
    is pixel ``pixel_index(image_shape, r + dr, c + dc)``, computed for all windows at once.
    """
    corners = window_corners(image_shape, kernel_shape)
    cols = shape2d("image_shape", image_shape)[1]
    kernel_rows, kernel_cols = shape2d("kernel_shape", kernel_shape)
    cell_offsets = (np.arange(kernel_rows)[:, None] * cols + np.arange(kernel_cols)[None, :]).reshape(-1)
    return (corners[:, 0] * cols + corners[:, 1])[:, None] + cell_offsets[None, :]
