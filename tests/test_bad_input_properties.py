"""Any input to the constructors either builds a layer or raises ValueError that says what is allowed."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fc_to_conv import networks, real_layers
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


PADDING = st.one_of(SIZE, st.tuples(SIZE, SIZE), st.lists(SIZE, max_size=3), st.sampled_from(["same", "valid"]))


@settings(max_examples=300, deadline=None)
@given(SIZE, SIZE, SIZE, SIZE, SIZE, PADDING, SIZE, SIZE)
def test_general_shapes_build_or_raise_value_error(side, in_channels, kernel, out_channels, stride, padding, floor,
                                                   dilation):
    builds_or_says_why(lambda: real_layers.ConvShape(side, in_channels, kernel, out_channels, stride, padding, floor,
                                                     dilation))


@st.composite
def mostly(draw, good, bad):
    """A value from ``good`` nine times in ten, else from ``bad`` (shrinking goes to ``good``)."""
    return draw(good) if draw(st.integers(0, 9)) < 9 else draw(bad)


FITTING = mostly(st.integers(1, 3), SIZE)
BAD_NAME = st.one_of(st.none(), st.integers(0, 2), st.just(""))


@st.composite
def layer_lists(draw):
    """Up to five layers, mostly with fitting values, named apart (sometimes not); any value where a layer should be.

    A layer that refuses its values is kept as that ValueError, for the test to raise.
    """
    layers, names = [], []
    for k in range(draw(st.integers(0, 5))):
        earlier = st.sampled_from(names or ["x"])
        name = draw(mostly(st.just(f"l{k}"), st.one_of(earlier, BAD_NAME)))
        source = draw(mostly(st.none(), st.one_of(earlier, BAD_NAME)))
        kinds = st.one_of(
            st.builds(networks.Conv, st.just(name), FITTING, FITTING, FITTING, mostly(st.integers(0, 2), PADDING),
                      FITTING, mostly(st.booleans(), SIZE), st.booleans(), st.just(source), FITTING),
            st.builds(networks.Pool, st.just(name), FITTING, FITTING, mostly(st.integers(0, 1), PADDING),
                      mostly(st.just(True), SIZE)),
            st.builds(networks.GlobalPool, st.just(name)), st.builds(networks.BatchNorm, st.just(name)),
            st.builds(networks.Dense, st.just(name), FITTING),
            st.builds(networks.Add, st.just(name), mostly(st.lists(earlier, max_size=3), BAD_NAME)),
        )
        try:
            layers.append(draw(mostly(kinds, SIZE)))
        except ValueError as error:
            layers.append(error)
        names.append(name)
    return layers


@settings(max_examples=300, deadline=None)
@given(mostly(st.tuples(st.integers(1, 4), st.integers(1, 9)), st.one_of(st.tuples(FITTING, FITTING),
                                                                          st.lists(SIZE, max_size=3), SIZE)),
       layer_lists())
def test_networks_of_any_values_count_or_raise_value_error(input_shape, layers):
    """No AttributeError or TypeError from a bad layer, however it is bad: a layer refuses its values, the network its list."""
    def count():
        for layer in layers:
            if isinstance(layer, ValueError):
                raise layer
        networks.total_parameters(networks.Network("n", input_shape, layers, "", ""))

    builds_or_says_why(count)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=0, max_size=3), st.lists(st.integers(0, 4), min_size=0, max_size=3))
def test_cross_correlation_of_any_array_shapes_builds_or_raises_value_error(image_shape, kernel_shape):
    builds_or_says_why(lambda: cross_correlate(np.ones(image_shape), np.ones(kernel_shape)))
