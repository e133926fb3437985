"""Every number the article states, with the function that computes it from the structures.

Each :class:`Claim` names the chapter (Sphinx docname) that states it, the glue key
that chapter uses and the named function that computes it. :func:`check` compares the
computed value, formatted as the article writes it, with the article's text; the book's
build calls it for every claim (:mod:`fc_to_conv.sphinxext.checks`), and the claims ledger
appendix is drawn from :data:`CLAIMS` (:mod:`fc_to_conv.sphinxext.ledger`).
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .fully_connected import fully_connected, network
from .networks import ALEXNET, LENET5, MOBILENET, RESNET50, TORCHVISION, VGG16, pytorch_parameters, total_parameters
from .image import flatten, window_corners
from .receptive_fields import last_field
from .stages import IMAGE_SHAPE, KERNEL_SHAPE, stage
from .text import COUNT, PERCENT_2DP, WHOLE_PERCENT
from .wiring import distinct_ids, reduction



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
    source: str = "the article"  # who states the value: claims N1-N15 come from outside the article

    def computed(self):
        """The computed value, formatted as the article writes it."""
        return self.fmt.format(self.compute())

    @property
    def computed_by(self):
        """The name of the function, in this module, that computes the value, e.g. ``final_weights``."""
        return self.compute.__name__


def _two_hidden_layers():
    return network([stage("fully connected").pixels, 90, 50])


# One named function per claim, so that the claims ledger can say what computed each value.

def image_pixels():
    """Pixels of the 3x3 image, each one input of the layer."""
    return stage("fully connected").pixels


def fully_connected_weights():
    """Weights of the fully connected layer from 9 pixels to 16 neurons."""
    return stage("fully connected").weights


def two_layer_first_weights():
    """Weights from the 9 pixels to the first hidden layer of 90 neurons."""
    return _two_hidden_layers()[0].weights


def two_layer_second_weights():
    """Weights from the hidden layer of 90 neurons to the one of 50."""
    return _two_hidden_layers()[1].weights


def two_layer_total_weights():
    """Weights of both layers of the 9-90-50 network together."""
    return sum(layer.weights for layer in _two_hidden_layers())


def pixels_32x32():
    """Pixels of a flattened 32x32 image."""
    return flatten(np.zeros((32, 32))).size


def weights_32x32_to_500():
    """Weights of a fully connected layer from a 32x32 image to 500 neurons."""
    return fully_connected(pixels_32x32(), 500).weights


def grouped_weights_per_pixel():
    """Distinct weight ids on the wires leaving pixel 0 in the grouped network."""
    return distinct_ids(stage("grouped").ids[:, 0])


def grouped_weights():
    """Free weights of the grouped network."""
    return stage("grouped").weights


def grouped_reduction():
    """Fraction of the fully connected layer's weights that grouping removes."""
    return reduction(stage("fully connected"), stage("grouped"))


def grouped_weights_per_group():
    """Free weights used by group 0 (neurons 0 to 3) of the grouped network."""
    return stage("grouped").weights_of(slice(0, 4))


def local_pixels_per_neuron():
    """Pixels wired to neuron 0 of the final (convolutional) layer."""
    return stage("convolutional").wired_pixels(0).size


def local_weights_per_group():
    """Free weights used by group 0 of the final layer."""
    return stage("convolutional").weights_of(slice(0, 4))


def final_weights():
    """Free weights of the final layer, after grouping and locality."""
    return stage("convolutional").weights


def weights_removed():
    """Weights of the fully connected layer minus those of the final layer."""
    return stage("fully connected").weights - stage("convolutional").weights


def final_reduction():
    """Fraction of the fully connected layer's weights that grouping and locality remove."""
    return reduction(stage("fully connected"), stage("convolutional"))


def kernel_positions():
    """Positions of a 2x2 window that fit on a 3x3 image."""
    return len(window_corners(IMAGE_SHAPE, KERNEL_SHAPE))


def lenet5_parameters():
    """Parameters (weights and biases) of LeNet-5 as fc_to_conv.networks models it."""
    return total_parameters(LENET5)


def alexnet_parameters():
    """Parameters (weights and biases) of AlexNet, two-GPU variant, as fc_to_conv.networks models it."""
    return total_parameters(ALEXNET)


def vgg16_parameters():
    """Parameters (weights and biases) of VGG-16 as fc_to_conv.networks models it."""
    return total_parameters(VGG16)


def resnet50_parameters():
    """Parameters of ResNet-50 as fc_to_conv.networks models it, batch normalisation's moving statistics included."""
    return total_parameters(RESNET50)


def mobilenet_parameters():
    """Parameters of MobileNet v1 (width 1.0) as fc_to_conv.networks models it, moving statistics included."""
    return total_parameters(MOBILENET)


def vgg16_parameters_in_millions():
    """VGG-16's parameters in millions, rounded as the Keras documentation's table of models rounds them."""
    return total_parameters(VGG16) / 1e6


def torchvision_alexnet_parameters():
    """Parameters of torchvision's AlexNet (its single-GPU variant) as PyTorch counts them (model.parameters())."""
    return pytorch_parameters(TORCHVISION["AlexNet"])


def torchvision_vgg16_parameters():
    """Parameters of VGG-16 as torchvision builds it and PyTorch counts them: the same as Keras's."""
    return pytorch_parameters(TORCHVISION["VGG-16"])


def torchvision_resnet50_parameters():
    """Parameters of ResNet-50 as torchvision builds it (no biases before batch normalisation) and PyTorch counts them (no moving statistics)."""
    return pytorch_parameters(TORCHVISION["ResNet-50"])


def alexnet_receptive_field():
    """Side of the receptive field of AlexNet's last pooling layer (pool5), padding included, in input pixels."""
    return last_field(ALEXNET)[1].side


def vgg16_receptive_field():
    """Side of the receptive field of VGG-16's last pooling layer (pool5), padding included, in input pixels."""
    return last_field(VGG16)[1].side


def vgg16_receptive_field_jump():
    """Input pixels between neighbouring outputs of VGG-16's pool5 (the effective stride)."""
    return last_field(VGG16)[1].jump


def vgg16_receptive_field_padding():
    """Padding before the first pixel of the window of pool5's first output (the effective padding, minus its start)."""
    return -last_field(VGG16)[1].start


def resnet50_receptive_field():
    """Side of the receptive field of ResNet-50's last residual addition (before its global pooling), padding included."""
    return last_field(RESNET50)[1].side


def mobilenet_receptive_field():
    """Side of the receptive field of MobileNet's last pointwise layer (before its global pooling), padding included."""
    return last_field(MOBILENET)[1].side


#: Who states claims N1-N5: Keras 3 building the same models (tests/test_networks_oracle.py checks it does).
KERAS = "Keras 3 (count_params)"
#: Who states claim N6: the table of models in the Keras documentation (keras.io/api/applications).
KERAS_DOCS = "the Keras documentation (table of models)"
#: Who states claims N7-N9: the num_params of each model's pretrained weights (IMAGENET1K_V1) in the torchvision
#: documentation (pytorch.org/vision/stable/models/generated/torchvision.models.<model>.html).
TORCHVISION_DOCS = "the torchvision documentation (num_params)"

#: Who states claims N10-N15: the table of receptive fields of TF-Slim's models in Araujo, Norris and Sim,
#: "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019 (distill.pub/2019/computing-receptive-fields).
DISTILL = "Araujo, Norris and Sim (Distill, 2019), table of receptive fields"

CLAIMS = (
    Claim("C1", "pixels", "book/fully_connected", "a 3x3 image has this many pixels, one input each",
          "9", image_pixels),
    Claim("C2", "fc_weights", "book/fully_connected", "fully connected, 9 inputs to 16 neurons: weights",
          "144", fully_connected_weights),
    Claim("C3", "two_layer_first", "book/parameter_count", "hidden layers of 90 and 50: input to first hidden",
          "810", two_layer_first_weights),
    Claim("C4", "two_layer_second", "book/parameter_count", "first hidden to second hidden",
          "4,500", two_layer_second_weights),
    Claim("C5", "two_layer_total", "book/parameter_count", "total weights of that network",
          "5,310", two_layer_total_weights),
    Claim("C6", "pixels_32", "book/parameter_count", "a 32x32 image has this many pixels",
          "1,024", pixels_32x32),
    Claim("C7", "weights_32_500", "book/parameter_count", "32x32 image, one hidden layer of 500: weights",
          "512,000", weights_32x32_to_500),
    Claim("C8", "weights_per_pixel_grouped", "book/grouping", "grouped: distinct weights on one pixel's wires",
          "4", grouped_weights_per_pixel),
    Claim("C9", "grouped_weights", "book/grouping", "grouped network: weights",
          "36", grouped_weights),
    Claim("C10", "grouped_reduction", "book/grouping", "reduction from grouping",
          "75%", grouped_reduction, WHOLE_PERCENT),
    Claim("C11", "weights_per_group_grouped", "book/grouping", "one group wired to all 9 pixels: weights per group",
          "9", grouped_weights_per_group),
    Claim("C12", "pixels_per_neuron", "book/locality", "pixels each neuron keeps after locality",
          "4", local_pixels_per_neuron),
    Claim("C13", "weights_per_group_final", "book/locality",
          "weights per group after locality, sharing one weight per window position",
          "4", local_weights_per_group),
    Claim("C14", "final_weights", "book/locality", "weights after grouping and locality",
          "16", final_weights),
    Claim("C15", "weights_removed", "book/locality", "weights removed relative to fully connected",
          "128", weights_removed),
    Claim("C16", "final_reduction", "book/locality", "reduction relative to fully connected",
          "88.89%", final_reduction, PERCENT_2DP),
    Claim("C17", "kernel_positions", "book/convolution", "positions of a 2x2 window on a 3x3 image",
          "4", kernel_positions),
    # Beyond the article: totals of real networks, as Keras 3 counts them for the same models.
    Claim("N1", "lenet5_total", "book/real_networks", "LeNet-5 (modern variant): parameters",
          "61,706", lenet5_parameters, source=KERAS),
    Claim("N2", "alexnet_total", "book/real_networks", "AlexNet (two-GPU variant): parameters",
          "60,965,224", alexnet_parameters, source=KERAS),
    Claim("N3", "vgg16_total", "book/real_networks", "VGG-16: parameters",
          "138,357,544", vgg16_parameters, source=KERAS),
    Claim("N4", "resnet50_total", "book/real_networks", "ResNet-50: parameters, moving statistics included",
          "25,636,712", resnet50_parameters, source=KERAS),
    Claim("N5", "mobilenet_total", "book/real_networks", "MobileNet v1 (width 1.0): parameters, moving statistics included",
          "4,253,864", mobilenet_parameters, source=KERAS),
    Claim("N6", "vgg_keras_docs", "book/real_networks", "VGG-16: parameters in millions, as the Keras documentation lists them",
          "138.4M", vgg16_parameters_in_millions, "{:.1f}M", source=KERAS_DOCS),
    # torchvision's models, counted as PyTorch counts (model.parameters(): no moving statistics).
    Claim("N7", "torchvision_alexnet", "book/real_networks",
          "torchvision's AlexNet (single-GPU variant): parameters, as PyTorch counts them",
          "61,100,840", torchvision_alexnet_parameters, source=TORCHVISION_DOCS),
    Claim("N8", "torchvision_vgg16", "book/real_networks", "torchvision's VGG-16: parameters, as PyTorch counts them",
          "138,357,544", torchvision_vgg16_parameters, source=TORCHVISION_DOCS),
    Claim("N9", "torchvision_resnet50", "book/real_networks",
          "torchvision's ResNet-50 (no biases before normalisation): parameters, as PyTorch counts them",
          "25,557,032", torchvision_resnet50_parameters, source=TORCHVISION_DOCS),
    # Receptive fields of the last layers before global pooling or dense layers, as Araujo, Norris and Sim measure them.
    Claim("N10", "alexnet_rf", "book/real_networks", "AlexNet, pool5: receptive field side (pixels, padding included)",
          "195", alexnet_receptive_field, source=DISTILL),
    Claim("N11", "vgg16_rf", "book/real_networks", "VGG-16, pool5: receptive field side (pixels, padding included)",
          "212", vgg16_receptive_field, source=DISTILL),
    Claim("N12", "vgg16_rf_jump", "book/real_networks", "VGG-16, pool5: effective stride (pixels between outputs)",
          "32", vgg16_receptive_field_jump, source=DISTILL),
    Claim("N13", "vgg16_rf_padding", "book/real_networks", "VGG-16, pool5: effective padding (pixels)",
          "90", vgg16_receptive_field_padding, source=DISTILL),
    Claim("N14", "resnet50_rf", "book/real_networks", "ResNet-50, last block: receptive field side (pixels, padding included)",
          "483", resnet50_receptive_field, source=DISTILL),
    Claim("N15", "mobilenet_rf", "book/real_networks",
          "MobileNet v1, last pointwise layer: receptive field side (pixels, padding included)",
          "315", mobilenet_receptive_field, source=DISTILL),
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
            f"{claim.source} says {claim.article}, the package computes {computed}"
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
