"""Argument checks shared by every constructor, each raising a ValueError that says what is allowed."""

import functools
import math
import numbers

import numpy as np

#: Most entries (neurons x pixels) a dense id array may hold: 2**24, 128 MiB as int64, about half a GiB
#: with a builder's temporaries. Larger layers are refused up front (see :func:`check_dense`).
DENSE_LIMIT = 2 ** 24


def _whole_number(name, value, minimum):
    """Return ``value`` as a Python int if it is a whole number >= ``minimum``, else raise ValueError.

    numpy integers are accepted and converted, so that products of sizes are exact Python
    ints and never wrap around as fixed-width integers do (``np.int64(2**32)**2`` is 0).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value}")
    return int(value)


def boolean(name, value):
    """Return ``value`` if it is a bool (``True`` or ``False``, numpy's too, as a Python bool), else raise ValueError.

    A string such as ``"no"`` is truthy, so taking any value as a flag would read it as true.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r} ({type(value).__name__})")
    return bool(value)


def positive_int(name, value):
    """Return ``value`` as an int if it is a whole number >= 1, else raise ValueError."""
    return _whole_number(name, value, 1)


def non_negative_int(name, value):
    """Return ``value`` as an int if it is a whole number >= 0 (a padding, say), else raise ValueError."""
    return _whole_number(name, value, 0)


def padding(name, value):
    """Return a padding as a whole number >= 0, a pair ``(before, after)`` of them, or ``"same"``, else raise ValueError.

    Numbers come back as Python ints and a pair as a tuple (a list or numpy array of two is
    accepted); :func:`fc_to_conv.real_layers.side_padding` says what each form pads.
    """
    if isinstance(value, str):
        if value != "same":
            raise ValueError(f"{name} must be a whole number >= 0, a pair (before, after) of them or 'same', "
                             f"got {value!r}")
        return value
    if isinstance(value, numbers.Integral):
        return non_negative_int(name, value)
    try:
        before, after = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number >= 0, a pair (before, after) of them or 'same', "
                         f"got {value!r} ({type(value).__name__})") from None
    return non_negative_int(f"{name} before", before), non_negative_int(f"{name} after", after)


def layer_name(field, value):
    """Return ``value`` if it is a non-empty string (the name of a layer or a network), else raise ValueError."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{field} must be a non-empty string, got {value!r} ({type(value).__name__})")
    return value


def optional_layer_name(field, value):
    """Return ``value`` if it is None or a name (see :func:`layer_name`), else raise ValueError."""
    return None if value is None else layer_name(field, value)


def layer_names(field, value):
    """Return ``value`` as a tuple of at least two names (what an addition sums), else raise ValueError."""
    if isinstance(value, str) or not isinstance(value, (tuple, list)) or len(value) < 2:
        raise ValueError(f"{field} must be a tuple of at least two layer names, got {value!r}")
    return tuple(layer_name(f"{field}[{k}]", item) for k, item in enumerate(value))


def checked_fields(obj, label, **checks):
    """Check each field of the frozen dataclass ``obj`` by its check (``check(field, value)``), storing what it returns.

    One declarative place per class says what each field may be. A refusal is a ValueError
    that starts with ``label`` (what ``obj`` is) and goes on with the check's message: the
    field, the value and what is allowed.
    """
    for field, check in checks.items():
        try:
            value = check(field, getattr(obj, field))
        except ValueError as error:
            raise ValueError(f"{label}: {error}") from None
        object.__setattr__(obj, field, value)


#: Largest number whose divisors an error message lists (found up to its square root: a million trials).
DIVISORS_LIMIT = 10 ** 12


def divisors(number):
    """The divisors of a whole number from 1 to :data:`DIVISORS_LIMIT` as a list, in increasing order; above it, a phrase.

    Error messages use it to say what is allowed; trying divisors up to the square root keeps
    it fast, and the limit keeps it from hanging on a huge size.
    """
    number = positive_int("number", number)
    if number > DIVISORS_LIMIT:
        return f"the divisors of {number:,}"
    small = [d for d in range(1, math.isqrt(number) + 1) if number % d == 0]
    return small + [number // d for d in reversed(small) if d * d != number]


def check_dense(neurons, pixels, what, instead):
    """Raise ValueError, before anything is allocated, if a dense (neurons, pixels) array exceeds :data:`DENSE_LIMIT`.

    ``what`` names the call being refused, ``instead`` says what counts that layer without a
    dense array; both go into the message, with the size asked for and the limit.
    """
    entries = neurons * pixels
    if entries > DENSE_LIMIT:
        raise ValueError(
            f"{what} would be a dense array of {neurons:,} neurons x {pixels:,} pixels = {entries:,} "
            f"entries; the limit is {DENSE_LIMIT:,} entries ({DENSE_LIMIT * 8 // 2 ** 20} MiB as int64). {instead}"
        )


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


def image_and_kernel(function):
    """Decorator for a function of ``(image, kernel)``: both made 2-D float arrays, the kernel checked to fit.

    The function then receives arrays and holds only its idea; the checks raise ValueError as
    :func:`image2d` and :func:`kernel_fits` do, before it runs.
    """
    @functools.wraps(function)
    def checked(image, kernel):
        image, kernel = image2d(image), image2d(kernel)
        kernel_fits(image.shape, kernel.shape)
        return function(image, kernel)
    return checked
