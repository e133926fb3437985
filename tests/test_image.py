"""The row-major bookkeeping between pixels and windows, checked against independent computations."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from fc_to_conv.image import flatten, pixel_index, window_corners, windows

SHAPES = [((3, 3), (2, 2)), ((3, 3), (1, 1)), ((3, 3), (3, 3)), ((5, 7), (3, 2)), ((4, 9), (2, 5)), ((48, 48), (3, 3))]


@pytest.mark.parametrize("image_shape, kernel_shape", SHAPES)
def test_windows_match_a_double_loop_over_pixel_index(image_shape, kernel_shape):
    expected = [[pixel_index(image_shape, r + dr, c + dc) for dr in range(kernel_shape[0]) for dc in range(kernel_shape[1])]
                for r, c in window_corners(image_shape, kernel_shape)]
    assert windows(image_shape, kernel_shape).tolist() == expected


@pytest.mark.parametrize("image_shape, kernel_shape", SHAPES)
def test_windows_pick_the_pixels_a_sliding_view_sees(image_shape, kernel_shape):
    """An image whose values are its own flat indices: each window's pixels are the values the kernel covers."""
    image = np.arange(np.prod(image_shape)).reshape(image_shape)
    views = sliding_window_view(image, kernel_shape).reshape(-1, np.prod(kernel_shape))
    assert np.array_equal(flatten(image)[windows(image_shape, kernel_shape)], views)


@pytest.mark.parametrize("image_shape, kernel_shape", SHAPES)
def test_window_corners_are_every_position_row_major(image_shape, kernel_shape):
    (rows, cols), (kernel_rows, kernel_cols) = image_shape, kernel_shape
    expected = [[r, c] for r in range(rows - kernel_rows + 1) for c in range(cols - kernel_cols + 1)]
    assert window_corners(image_shape, kernel_shape).tolist() == expected


def test_the_article_windows():
    assert windows((3, 3), (2, 2)).tolist() == [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]


@pytest.mark.parametrize("image_shape, kernel_shape, says", [
    ((3, 3), (4, 2), "kernel"), ((3, 3), (0, 2), "kernel_shape"), ((3, -1), (2, 2), "image_shape"),
])
def test_bad_shapes_raise_value_error(image_shape, kernel_shape, says):
    with pytest.raises(ValueError, match=says):
        windows(image_shape, kernel_shape)
