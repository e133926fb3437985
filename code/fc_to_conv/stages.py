"""The article's example and the four stages of the derivation, one registry every part of the book reads.

The four stages are the corners of a 2x2 grid: weight sharing (none / shared) by
connectivity (every pixel / one window). The summary table, the stepper, the stage
matrices and the calculator take their names, order and grid positions from
:data:`STAGES`, so they cannot disagree.
"""

from dataclasses import dataclass
from typing import Callable

from .convolution import convolutional
from .fully_connected import fully_connected
from .grouping import grouped
from .image import example_image, flatten
from .locality import local

#: The article's example: a 3x3 image, 16 hidden neurons in 4 groups, a 2x2 kernel.
IMAGE_SHAPE = (3, 3)
NEURONS = 16
GROUPS = 4
KERNEL_SHAPE = (2, 2)

#: The grid's rows (weight sharing) and columns (connectivity), in order.
SHARING = ("no sharing", "shared")
CONNECTIVITY = ("every pixel", "one window")


@dataclass(frozen=True)
class Stage:
    """One corner of the grid.

    ``name`` is the field's name for the layer (and its ``Layer.name``); ``sharing`` and
    ``connectivity`` are its row and column (values of :data:`SHARING`, :data:`CONNECTIVITY`);
    ``build(image_shape, kernel_shape, groups, neurons)`` returns its :class:`~fc_to_conv.wiring.Layer`
    and raises ValueError for sizes it cannot have; ``weights_claim`` and ``reduction_claim``
    are the ids of the article's claims that state its weights and its reduction (None: the
    article states none).
    """

    name: str
    sharing: str
    connectivity: str
    build: Callable
    weights_claim: str = None
    reduction_claim: str = None

    @property
    def slug(self):
        """The name as it appears in a link (``#stage=locally-connected``)."""
        return self.name.replace(" ", "-")

    @property
    def grid_position(self):
        """(row, column) in the grid: row 0 no sharing, 1 shared; column 0 every pixel, 1 one window."""
        return SHARING.index(self.sharing), CONNECTIVITY.index(self.connectivity)


def _pixels(image_shape):
    return image_shape[0] * image_shape[1]


#: The four stages in the order the book shows them.
STAGES = (
    Stage("fully connected", "no sharing", "every pixel",
          lambda image, kernel, groups, neurons: fully_connected(_pixels(image), neurons), "C2"),
    Stage("grouped", "shared", "every pixel",
          lambda image, kernel, groups, neurons: grouped(_pixels(image), neurons, groups), "C9", "C10"),
    Stage("locally connected", "no sharing", "one window", local),
    Stage("convolutional", "shared", "one window", convolutional, "C14", "C16"),
)


def pixels():
    """Number of pixels of the example image (= inputs of every stage)."""
    return flatten(example_image()).size


def article_stages():
    """The four stages built on the article's example, in the order of :data:`STAGES`."""
    return [s.build(IMAGE_SHAPE, KERNEL_SHAPE, GROUPS, NEURONS) for s in STAGES]


def registry(name):
    """The :class:`Stage` called ``name``; raises ValueError naming the stages for any other name."""
    by_name = {s.name: s for s in STAGES}
    if name not in by_name:
        raise ValueError(f"unknown stage {name!r}; stages are {list(by_name)}")
    return by_name[name]


def stage(name):
    """One stage of :func:`article_stages` by its name (see :data:`STAGES`)."""
    return registry(name).build(IMAGE_SHAPE, KERNEL_SHAPE, GROUPS, NEURONS)
