"""Stage 2: consecutive neurons form groups, and a pixel's wires into one group share a weight."""

import numpy as np

from .wiring import Layer
from .validate import positive_int


def group_size(neurons, groups):
    """Neurons per group; raises ValueError unless ``groups`` divides ``neurons``."""
    neurons = positive_int("neurons", neurons)
    groups = positive_int("groups", groups)
    if neurons % groups:
        allowed = [g for g in range(1, neurons + 1) if neurons % g == 0]
        raise ValueError(f"{groups} groups do not divide {neurons} neurons; allowed group counts: {allowed}")
    return neurons // groups


def group_of(neurons, groups):
    """The group of each neuron: consecutive neurons, ``group_size`` at a time."""
    return np.arange(positive_int("neurons", neurons)) // group_size(neurons, groups)


def grouped(pixels, neurons, groups):
    """Every pixel wired to every neuron; weight id = (group of the neuron, pixel)."""
    pixels = positive_int("pixels", pixels)
    group = group_of(neurons, groups)
    ids = group[:, None] * pixels + np.arange(pixels)[None, :]
    return Layer(ids, "grouped", groups)
