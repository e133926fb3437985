"""Argument checks shared by every constructor, each raising a ValueError that says what is allowed."""

import numbers

import numpy as np


def _whole_number(name, value, minimum):
    """Return ``value`` as an int if it is a whole number >= ``minimum``, else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}")
    return int(value)


def positive_int(name, value):
    """Return ``value`` as an int if it is a whole number >= 1, else raise ValueError."""
    return _whole_number(name, value, 1)


def non_negative_int(name, value):
    """Return ``value`` as an int if it is a whole number >= 0 (a padding, say), else raise ValueError."""
    return _whole_number(name, value, 0)


def shape2d(name, shape):
    """Return ``shape`` as a (rows, cols) tuple of positive ints, else raise ValueError."""
    try:
        rows, cols = shape
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (rows, cols), got {shape!r}") from None
    return positive_int(f"{name} rows", rows), positive_int(f"{name} cols", cols)


def image2d(image):
    """Return ``image`` as a 2-D float array, else raise ValueError."""
    array = np.asarray(image, dtype=float)
    if array.ndim != 2 or 0 in array.shape:
        raise ValueError(
            f"image must be a non-empty 2-D array (rows, cols), got shape {array.shape}"
        )
    return array


def kernel_fits(image_shape, kernel_shape):
    """Raise ValueError unless a kernel of ``kernel_shape`` fits inside ``image_shape``."""
    if kernel_shape[0] > image_shape[0] or kernel_shape[1] > image_shape[1]:
        raise ValueError(
            f"kernel {kernel_shape[0]}x{kernel_shape[1]} is larger than the image "
            f"{image_shape[0]}x{image_shape[1]}; a kernel may be at most as large as the image"
        )
