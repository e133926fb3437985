"""Any input to the constructors either builds a layer or raises ValueError that says what is allowed."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fc_to_conv import real_layers
from fc_to_conv.convolution import convolutional, cross_correlate
from fc_to_conv.grouping import grouped
from fc_to_conv.locality import local

SIZE = st.one_of(st.integers(-3, 7), st.just(0), st.floats(-2, 5), st.booleans(), st.none(), st.text(max_size=2))


def builds_or_says_why(make):
    """Call ``make``; it may succeed, or raise ValueError with a message naming what is allowed."""
    try:
        make()
    except ValueError as error:
        message = str(error)
        assert any(word in message for word in ("must", "allowed", "at most", "larger", "need", "fit", "divide")), message


@settings(max_examples=300, deadline=None)
@given(SIZE, SIZE, SIZE, SIZE, SIZE)
def test_window_layers_build_or_raise_value_error(rows, cols, kernel_rows, kernel_cols, groups):
    for constructor in (local, convolutional):
        builds_or_says_why(lambda: constructor((rows, cols), (kernel_rows, kernel_cols), groups))


@settings(max_examples=300, deadline=None)
@given(SIZE, SIZE, SIZE)
def test_grouped_layer_builds_or_raises_value_error(pixels, neurons, groups):
    builds_or_says_why(lambda: grouped(pixels, neurons, groups))


@settings(max_examples=300, deadline=None)
@given(SIZE, SIZE, SIZE, SIZE, SIZE, SIZE)
def test_general_shapes_build_or_raise_value_error(side, in_channels, kernel, out_channels, stride, padding):
    builds_or_says_why(lambda: real_layers.ConvShape(side, in_channels, kernel, out_channels, stride, padding))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=3), st.lists(st.integers(0, 4), min_size=0, max_size=3))
def test_cross_correlation_of_any_array_shapes_builds_or_raises_value_error(image_shape, kernel_shape):
    builds_or_says_why(lambda: cross_correlate(np.ones(image_shape), np.ones(kernel_shape)))
