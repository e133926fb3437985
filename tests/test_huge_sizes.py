"""Any size, any integer type: the closed forms answer exactly, and the structures refuse at once.

Sizes are drawn up to 10**15 and handed over as Python ints or as numpy integers, whose
products wrap around at 2**63 or 2**64 (``np.int64(2**32) ** 2`` is 0). The closed forms must
equal exact Python arithmetic on the same sizes, done another way: offset by offset, the
output positions that put a kernel cell on a pixel, in Python ints. Every function that builds
a structure must refuse such sizes with a ValueError, within a second, in a Python process
whose address space is capped at 2 GiB (``RLIMIT_AS``), so that an attempt to allocate would
fail with MemoryError instead.
"""

import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fc_to_conv import convolution, fully_connected, grouping, image, locality, real_layers
from fc_to_conv.real_layers import ConvShape, Counts
from fc_to_conv.validate import DENSE_LIMIT

HUGE = 10 ** 15
CAP = 2 * 2 ** 30


@st.composite
def integers(draw, low, high):
    """A whole number from ``low`` to ``high`` (small ones drawn often), as a Python int or a numpy integer type that holds it."""
    value = draw(st.one_of(st.integers(low, min(high, low + 4)), st.integers(low, high)))
    types = [int, np.int64, np.uint64] + [np.int32, np.uint32] * (value < 2 ** 31) + [np.int16, np.int8] * (value < 2 ** 7)
    return draw(st.sampled_from(types))(value)


@st.composite
def paddings(draw):
    """A padding of every form :func:`fc_to_conv.real_layers.side_padding` takes, its numbers huge or small."""
    return draw(st.one_of(integers(0, HUGE), st.tuples(integers(0, HUGE), integers(0, HUGE)), st.just("same")))


@st.composite
def huge_shapes(draw, kernel=integers(1, 40)):
    """A layer with sizes up to 10**15 (the kernel side from ``kernel``), given as Python or numpy integers; floor=True."""
    side, in_channels, out_channels = draw(integers(1, HUGE)), draw(integers(1, 10 ** 6)), draw(integers(1, 10 ** 6))
    stride, dilation = draw(integers(1, HUGE)), draw(integers(1, 10 ** 6))
    try:
        return ConvShape(side, in_channels, draw(kernel), out_channels, stride, draw(paddings()), True, dilation)
    except ValueError:
        assume(False)  # the kernel's window is larger than the padded image


def exact_pads(shape):
    """``(before, after)``: the padding given, or Keras's and TensorFlow's "same", from its definition, in Python ints."""
    n, s, window = int(shape.side), int(shape.stride), int(shape.dilation) * (int(shape.kernel) - 1) + 1
    if shape.padding == "same":
        total = max(0, (-(-n // s) - 1) * s + window - n)
        return total // 2, total - total // 2
    return (int(shape.padding),) * 2 if isinstance(shape.padding, int) else tuple(map(int, shape.padding))


def exact_counts(shape):
    """The convolution's :class:`Counts` offset by offset in Python ints: the kernel offsets that reach a pixel, and the pairs."""
    n, k, s, d = (int(getattr(shape, name)) for name in ("side", "kernel", "stride", "dilation"))
    before, after = exact_pads(shape)
    m = (n + before + after - d * (k - 1) - 1) // s + 1
    reached = pairs = 0
    for a in range(k):  # offset a reads pixel i*s + a*d - before: inside for i in [first, last]
        first = max(0, -(-(before - a * d) // s))
        last = min(m - 1, (n - 1 + before - a * d) // s)
        hits = max(0, last - first + 1)
        reached, pairs = reached + (hits > 0), pairs + hits
    kernels = int(shape.in_channels) * int(shape.out_channels)
    return m, Counts(kernels * reached ** 2, int(shape.out_channels), kernels * pairs ** 2)


@settings(max_examples=200, deadline=None)
@given(huge_shapes())
def test_closed_forms_equal_exact_python_arithmetic_at_any_size_and_integer_type(shape):
    """No overflow warning, Python ints everywhere, and the counts exact; the same as the shape made of Python ints."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy warns when an integer product overflows
        m, conv = exact_counts(shape)
        assert shape.out_side == m and real_layers.convolution_formula(shape) == conv
        inputs, outputs = int(shape.in_channels) * int(shape.side) ** 2, int(shape.out_channels) * m * m
        assert real_layers.fully_connected_formula(shape) == Counts(inputs * outputs, outputs, inputs * outputs)
        counts = real_layers.derivation_counts(shape) + [conv, real_layers.fully_connected_formula(shape)]
        values = [value for c in counts for value in (c.weights, c.biases, c.wires)]
        values += [real_layers.allocated_weights(shape), real_layers.products_with_padding(shape)]
    assert all(type(value) is int for value in values)
    assert all(type(getattr(shape, name)) is int for name in ("side", "in_channels", "kernel", "out_channels", "stride",
                                                              "dilation"))


@settings(max_examples=100, deadline=None)
@given(huge_shapes(kernel=integers(1, HUGE)))
def test_closed_forms_of_huge_kernels_answer_at_once(shape):
    """Kernels up to 10**15 cells a side: the closed form takes O(log) steps (no loop over offsets), well within a second.

    Without padding every offset reaches a pixel: k**2 weights per kernel and (m*k)**2 wires.
    """
    start = time.perf_counter()
    counts = real_layers.convolution_formula(shape)
    assert time.perf_counter() - start < 1
    if shape.pads == (0, 0):
        k, m, kernels = int(shape.kernel), shape.out_side, int(shape.in_channels) * int(shape.out_channels)
        assert counts == Counts(kernels * k * k, int(shape.out_channels), kernels * (m * k) ** 2)


#: Each function that builds a structure of a real layer, called on a shape beyond its limits.
STRUCTURAL = {
    "convolution_counts": real_layers.convolution_counts,
    "convolution_wires": real_layers.convolution_wires,
    "convolution_ids": real_layers.convolution_ids,
    "convolution_layer": real_layers.convolution_layer,
    "kernel_weights": lambda shape: real_layers.kernel_weights(shape, 0.0),
    "check_closed_forms": lambda shape: real_layers.check_closed_forms([shape]),
}
#: The same, for the layer's fully connected twin (beyond DENSE_LIMIT entries only).
STRUCTURAL_DENSE = {
    "fully_connected_counts": real_layers.fully_connected_counts,
    "fully_connected_layer": real_layers.fully_connected_layer,
}


def refuses_quickly(call, *args):
    """Assert ``call(*args)`` raises ValueError within a second."""
    start = time.perf_counter()
    with pytest.raises(ValueError):
        call(*args)
    assert time.perf_counter() - start < 1, call


@settings(max_examples=60, deadline=None, database=None)
@given(huge_shapes(kernel=integers(1, 10 ** 6)))
def structures_of_real_layers_refuse_at_once(shape):
    """Run under the cap by :func:`test_structures_refuse_huge_sizes_at_once_under_a_2_gib_cap`."""
    wires, cells = real_layers.convolution_formula(shape).wires, real_layers.allocated_weights(shape)
    assume(max(wires, cells) > real_layers.WIRE_LIMIT or shape.out_side * shape.kernel > DENSE_LIMIT)
    for call in STRUCTURAL.values():
        refuses_quickly(call, shape)
    if shape.inputs * shape.outputs > DENSE_LIMIT:
        for call in STRUCTURAL_DENSE.values():
            refuses_quickly(call, shape)
    if shape.kernel > DENSE_LIMIT:
        refuses_quickly(real_layers.axis_hits, shape)


@settings(max_examples=40, deadline=None, database=None)
@given(integers(2 ** 13, HUGE), integers(2 ** 13, HUGE), integers(1, 3), integers(1, 3), integers(1, 64))
def structures_of_the_derivation_refuse_at_once(rows, cols, kernel_rows, kernel_cols, groups):
    """The article's stages on an image of at least 2**13 pixels a side: each beyond DENSE_LIMIT entries, so refused."""
    pixels = int(rows) * int(cols)
    refuses_quickly(fully_connected.fully_connected, pixels, groups)
    refuses_quickly(grouping.grouped, pixels, groups, groups)
    refuses_quickly(image.windows, (rows, cols), (kernel_rows, kernel_cols))
    refuses_quickly(locality.local, (rows, cols), (kernel_rows, kernel_cols), groups)
    refuses_quickly(convolution.convolutional, (rows, cols), (kernel_rows, kernel_cols), groups)


@pytest.mark.parametrize("check", ["structures_of_real_layers_refuse_at_once", "structures_of_the_derivation_refuse_at_once"])
def test_structures_refuse_huge_sizes_at_once_under_a_2_gib_cap(check):
    """The Hypothesis checks above, run in a fresh Python process capped at 2 GiB: an allocation would fail there."""
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP}))
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import test_huge_sizes
        test_huge_sizes.{check}()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{check} failed under a {CAP:,}-byte cap:\n{result.stderr[-3000:]}"
