"""The article's example and its four stages, built once so every chapter counts the same layers."""

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


def pixels():
    """Number of pixels of the example image (= inputs of every stage)."""
    return flatten(example_image()).size


def article_stages():
    """The four stages of the derivation on the article's example, in order."""
    return [
        fully_connected(pixels(), NEURONS),
        grouped(pixels(), NEURONS, GROUPS),
        local(IMAGE_SHAPE, KERNEL_SHAPE, GROUPS, NEURONS),
        convolutional(IMAGE_SHAPE, KERNEL_SHAPE, GROUPS, NEURONS),
    ]


def stage(name):
    """One stage of :func:`article_stages` by its name ('fully connected', 'grouped', 'local', 'convolutional')."""
    by_name = {layer.name: layer for layer in article_stages()}
    if name not in by_name:
        raise ValueError(f"unknown stage {name!r}; stages are {list(by_name)}")
    return by_name[name]
