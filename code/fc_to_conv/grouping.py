"""Stage 2: consecutive neurons form groups, and a pixel's wires into one group share a weight."""

import numpy as np

from .wiring import Layer
from .validate import check_dense, divisors, positive_int


def group_size(neurons, groups):
    """Neurons per group; raises ValueError unless ``groups`` divides ``neurons``."""
    neurons = positive_int("neurons", neurons)
    groups = positive_int("groups", groups)
    if neurons % groups:
        raise ValueError(f"{groups} groups do not divide {neurons} neurons; allowed group counts: {divisors(neurons)}")
    return neurons // groups


def group_of(neurons, groups):
    """The group of each neuron: consecutive neurons, ``group_size`` at a time.

    Raises ValueError as :func:`group_size` does, and above :data:`~fc_to_conv.validate.DENSE_LIMIT` neurons.
    """
    size = group_size(neurons, groups)
    check_dense(neurons, 1, f"group_of(neurons={neurons}, groups={groups})",
                f"group_size gives the {size:,} neurons per group.")
    return np.arange(neurons) // size


def grouped(pixels, neurons, groups):
    """Every pixel wired to every neuron; weight id = (group of the neuron, pixel).

    Raises ValueError as :func:`group_size` does, and for layers larger than
    :data:`~fc_to_conv.validate.DENSE_LIMIT` wires (their counts are closed forms).
    """
    pixels = positive_int("pixels", pixels)
    neurons, groups = positive_int("neurons", neurons), positive_int("groups", groups)
    check_dense(neurons, pixels, f"grouped(pixels={pixels}, neurons={neurons}, groups={groups})",
                f"Its wires are pixels x neurons = {pixels * neurons:,}, its weights groups x pixels = "
                f"{groups * pixels:,}.")
    return Layer(grouped_ids(pixels, neurons, groups), "grouped", groups)


def grouped_ids(pixels, neurons, groups):
    """The weight ids of a grouped layer, shape (neurons, pixels): the wire from a pixel to a neuron gets the id
    of the pair (group of the neuron, pixel), so a pixel's wires into one group share it.

    The idea alone, for sizes already checked (``grouped`` checks them first).
    """
    group = group_of(neurons, groups)
    return group[:, None] * pixels + np.arange(pixels)[None, :]
