"""Every number the article states, with the function that computes it from the structures.

Each :class:`Claim` names the chapter (Sphinx docname) that states it and the glue key
that chapter uses. :func:`check` compares the computed value, formatted as the article
writes it, with the article's text; the book's build calls it for every claim.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .fully_connected import fully_connected, network
from .image import flatten, window_corners
from .stages import IMAGE_SHAPE, KERNEL_SHAPE, stage
from .wiring import distinct_ids, reduction

COUNT = "{:,}"
WHOLE_PERCENT = "{:.0%}"
PERCENT_2DP = "{:.2%}"


class ClaimMismatch(Exception):
    """A computed value differs from the value the article states."""


@dataclass(frozen=True)
class Claim:
    """One number from the article: where it is stated, its value there, and how to compute it."""

    id: str
    key: str
    chapter: str
    statement: str
    article: str
    compute: Callable[[], float]
    fmt: str = COUNT

    def computed(self):
        """The computed value, formatted as the article writes it."""
        return self.fmt.format(self.compute())


def _two_hidden_layers():
    return network([stage("fully connected").pixels, 90, 50])


def _pixels_32x32():
    return flatten(np.zeros((32, 32))).size


CLAIMS = (
    Claim("C1", "pixels", "book/fully_connected", "a 3x3 image has this many pixels, one input each",
          "9", lambda: stage("fully connected").pixels),
    Claim("C2", "fc_weights", "book/fully_connected", "fully connected, 9 inputs to 16 neurons: weights",
          "144", lambda: stage("fully connected").weights),
    Claim("C3", "two_layer_first", "book/parameter_count", "hidden layers of 90 and 50: input to first hidden",
          "810", lambda: _two_hidden_layers()[0].weights),
    Claim("C4", "two_layer_second", "book/parameter_count", "first hidden to second hidden",
          "4,500", lambda: _two_hidden_layers()[1].weights),
    Claim("C5", "two_layer_total", "book/parameter_count", "total weights of that network",
          "5,310", lambda: sum(layer.weights for layer in _two_hidden_layers())),
    Claim("C6", "pixels_32", "book/parameter_count", "a 32x32 image has this many pixels",
          "1,024", _pixels_32x32),
    Claim("C7", "weights_32_500", "book/parameter_count", "32x32 image, one hidden layer of 500: weights",
          "512,000", lambda: fully_connected(_pixels_32x32(), 500).weights),
    Claim("C8", "weights_per_pixel_grouped", "book/grouping", "grouped: distinct weights on one pixel's wires",
          "4", lambda: distinct_ids(stage("grouped").ids[:, 0])),
    Claim("C9", "grouped_weights", "book/grouping", "grouped network: weights",
          "36", lambda: stage("grouped").weights),
    Claim("C10", "grouped_reduction", "book/grouping", "reduction from grouping",
          "75%", lambda: reduction(stage("fully connected"), stage("grouped")), WHOLE_PERCENT),
    Claim("C11", "weights_per_group_grouped", "book/grouping", "one group wired to all 9 pixels: weights per group",
          "9", lambda: stage("grouped").weights_of(slice(0, 4))),
    Claim("C12", "pixels_per_neuron", "book/locality", "pixels each neuron keeps after locality",
          "4", lambda: stage("convolutional").wired_pixels(0).size),
    Claim("C13", "weights_per_group_final", "book/locality", "weights per group after locality",
          "4", lambda: stage("convolutional").weights_of(slice(0, 4))),
    Claim("C14", "final_weights", "book/locality", "weights after grouping and locality",
          "16", lambda: stage("convolutional").weights),
    Claim("C15", "weights_removed", "book/locality", "weights removed relative to fully connected",
          "128", lambda: stage("fully connected").weights - stage("convolutional").weights),
    Claim("C16", "final_reduction", "book/locality", "reduction relative to fully connected",
          "88.89%", lambda: reduction(stage("fully connected"), stage("convolutional")), PERCENT_2DP),
    Claim("C17", "kernel_positions", "book/convolution", "positions of a 2x2 window on a 3x3 image",
          "4", lambda: len(window_corners(IMAGE_SHAPE, KERNEL_SHAPE))),
)


def by_id(claim_id):
    """The registered claim with this id."""
    for claim in CLAIMS:
        if claim.id == claim_id:
            return claim
    raise ValueError(f"no claim {claim_id!r}; registered: {[c.id for c in CLAIMS]}")


def for_chapter(chapter):
    """The claims a chapter (Sphinx docname, e.g. 'book/grouping') states."""
    return [claim for claim in CLAIMS if claim.chapter == chapter]


def check(claim):
    """Return the claim's computed text; raise ClaimMismatch if it differs from the article's."""
    computed = claim.computed()
    if computed != claim.article:
        raise ClaimMismatch(
            f"claim {claim.id} ({claim.statement}) in chapter {claim.chapter}: "
            f"the article says {claim.article}, the package computes {computed}"
        )
    return computed


def mismatches():
    """Messages for every registered claim whose computed value differs from the article's."""
    failures = []
    for claim in CLAIMS:
        try:
            check(claim)
        except ClaimMismatch as error:
            failures.append(str(error))
    return failures
