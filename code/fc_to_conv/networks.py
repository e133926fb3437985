"""Three real networks as lists of layers, with every layer's parameters and its fully connected price.

A network is an input (channels, side) and a list of :class:`Conv`, :class:`Pool` and
:class:`Dense` layers; a :class:`Dense` layer after a spatial one reads the flattened
feature maps. :func:`layer_rows` walks the list, checks every size with
:func:`fc_to_conv.general.output_side` and counts each layer: a convolution's weights
come from :func:`fc_to_conv.general.convolution_formula` (checked against built layers
in the tests), plus one bias per output channel; a dense layer has ``inputs * outputs``
weights plus one bias per output. Pooling, normalisation, dropout and activations have
no parameters and, except pooling, do not change sizes, so they are left out.

The totals are checked, in ``tests/test_networks_oracle.py``, against Keras 3 building
the same models; they are registered as claims N1 to N3 in :mod:`fc_to_conv.claims`.
"""

from dataclasses import dataclass

from .general import ConvShape, convolution_formula, output_side
from .text import compact, markdown_table
from .validate import positive_int


@dataclass(frozen=True)
class Conv:
    """A convolution: ``out_channels`` kernels of ``kernel x kernel``, stride, zero padding, channel groups.

    With ``groups`` > 1 (AlexNet's split over two GPUs) the channels are cut into
    ``groups`` independent convolutions, each from ``C_in / groups`` to ``C_out / groups``.
    """

    name: str
    out_channels: int
    kernel: int
    stride: int = 1
    padding: int = 0
    groups: int = 1


@dataclass(frozen=True)
class Pool:
    """Max or average pooling over ``kernel x kernel`` windows: no parameters, only a smaller output."""

    name: str
    kernel: int
    stride: int


@dataclass(frozen=True)
class Dense:
    """A fully connected layer to ``units`` outputs, each with its own bias."""

    name: str
    units: int


@dataclass(frozen=True)
class Network:
    """A network: input ``(channels, side)`` and its layers, with the variant modelled and its source."""

    name: str
    input_shape: tuple
    layers: tuple
    variant: str
    source: str


@dataclass(frozen=True)
class Row:
    """One layer's sizes and counts. ``fc_replacement``: weights of a dense layer from its input to its output.

    ``macs``: multiply-accumulates for one image, one per wire (none for pooling).
    """

    name: str
    kind: str
    input_shape: tuple
    output_shape: tuple
    weights: int
    biases: int
    fc_replacement: int
    macs: int

    @property
    def parameters(self):
        """Weights and biases together."""
        return self.weights + self.biases


def _size(shape):
    """Values in a shape: ``channels * side * side`` for feature maps ``(channels, side)``, else ``features``."""
    return shape[0] * shape[1] * shape[1] if len(shape) == 2 else shape[0]


def layer_rows(network):
    """One :class:`Row` per layer of ``network``, sizes checked (ValueError naming the layer if one does not fit)."""
    shape = tuple(network.input_shape)
    rows = []
    for layer in network.layers:
        try:
            if isinstance(layer, Conv):
                channels, side = shape
                groups = positive_int("groups", layer.groups)
                if channels % groups or layer.out_channels % groups:
                    raise ValueError(f"{groups} groups must divide both {channels} input and "
                                     f"{layer.out_channels} output channels")
                one_group = ConvShape(side, channels // groups, layer.kernel, layer.out_channels // groups,
                                      layer.stride, layer.padding)
                counts = convolution_formula(one_group, biases=False)
                weights, macs = groups * counts.weights, groups * counts.macs
                if weights != layer.out_channels * (channels // groups) * layer.kernel ** 2:
                    raise ValueError("some kernel cells only ever meet padding; use less padding")
                out = (layer.out_channels, one_group.out_side)
                kind, biases = "convolution", layer.out_channels
            elif isinstance(layer, Pool):
                channels, side = shape
                out = (channels, output_side(side, layer.kernel, layer.stride))
                kind, weights, biases, macs = "pooling", 0, 0, 0
            elif isinstance(layer, Dense):
                out = (positive_int("units", layer.units),)
                kind, weights, biases = "fully connected", _size(shape) * layer.units, layer.units
                macs = weights
            else:
                raise ValueError(f"unknown layer type {type(layer).__name__}; use Conv, Pool or Dense")
        except ValueError as error:
            raise ValueError(f"{network.name}, layer {layer.name}: {error}") from None
        fc_replacement = _size(shape) * _size(out) if kind == "convolution" else weights
        rows.append(Row(layer.name, kind, shape, out, weights, biases, fc_replacement, macs))
        shape = out
    return rows


def total_parameters(network):
    """Weights and biases of every layer of ``network``."""
    return sum(row.parameters for row in layer_rows(network))


def _sum_by_kind(network, field):
    """``field`` of each layer row summed over the convolution layers and over the fully connected ones."""
    totals = {"convolution": 0, "fully connected": 0}
    for row in layer_rows(network):
        if row.kind in totals:
            totals[row.kind] += getattr(row, field)
    return totals


def parameters_by_kind(network):
    """Parameters in the network's convolution layers and in its fully connected layers: a dict by kind."""
    return _sum_by_kind(network, "parameters")


def macs_by_kind(network):
    """Multiply-accumulates per image in the convolution layers and in the fully connected layers: a dict by kind."""
    return _sum_by_kind(network, "macs")


def conv_as_fully_connected(network):
    """Weights that the convolution layers would need as dense layers with the same inputs and outputs."""
    return sum(row.fc_replacement for row in layer_rows(network) if row.kind == "convolution")


LENET5 = Network(
    "LeNet-5", (1, 32), (
        Conv("C1", 6, 5), Pool("S2", 2, 2), Conv("C3", 16, 5), Pool("S4", 2, 2), Conv("C5", 120, 5),
        Dense("F6", 84), Dense("output", 10),
    ),
    "LeCun et al.'s layout on a 32x32 gray image, as it is usually rebuilt today: C3 wired to all "
    "six maps of S2 (the original wires each of its maps to a subset), pooling without the "
    "original's trainable coefficient and bias, and a 10-way dense output instead of radial basis units",
    "lecun1998gradient",
)

ALEXNET = Network(
    "AlexNet", (3, 227), (
        Conv("conv1", 96, 11, stride=4), Pool("pool1", 3, 2),
        Conv("conv2", 256, 5, padding=2, groups=2), Pool("pool2", 3, 2),
        Conv("conv3", 384, 3, padding=1), Conv("conv4", 384, 3, padding=1, groups=2),
        Conv("conv5", 256, 3, padding=1, groups=2), Pool("pool5", 3, 2),
        Dense("fc6", 4096), Dense("fc7", 4096), Dense("fc8", 1000),
    ),
    "the paper's network, split over two GPUs: conv2, conv4 and conv5 each see only the half "
    "of the channels on their own GPU (2 groups), on a 227x227 colour image (the size at which "
    "the paper's stride 4 fits; the paper says 224)",
    "krizhevsky2012imagenet",
)

def _vgg16_layers():
    """VGG-16's layers: five blocks of 3x3 convolutions (padding 1), each closed by 2x2 max pooling, then three dense."""
    layers = []
    for block, (channels, convolutions) in enumerate(((64, 2), (128, 2), (256, 3), (512, 3), (512, 3)), 1):
        layers += [Conv(f"conv{block}_{k}", channels, 3, padding=1) for k in range(1, convolutions + 1)]
        layers.append(Pool(f"pool{block}", 2, 2))
    return tuple(layers) + (Dense("fc1", 4096), Dense("fc2", 4096), Dense("predictions", 1000))


VGG16 = Network(
    "VGG-16", (3, 224), _vgg16_layers(),
    "configuration D of the paper on a 224x224 colour image, as keras.applications.VGG16 builds it",
    "simonyan2015very",
)

#: The three networks, oldest first.
NETWORKS = (LENET5, ALEXNET, VGG16)


def by_name(name):
    """One of :data:`NETWORKS` by its name."""
    for network in NETWORKS:
        if network.name == name:
            return network
    raise ValueError(f"no network {name!r}; networks: {[network.name for network in NETWORKS]}")


def _shape_text(shape):
    """A shape as compact text: ``3×224×224`` for feature maps, ``4096`` for features."""
    return "\u00d7".join(str(dim) for dim in (shape[0], shape[1], shape[1])) if len(shape) == 2 else str(shape[0])


def rows_markdown(network):
    """The network's layers as a Markdown table: output size, weights, biases, and the dense layer a convolution replaces.

    The first row is the input; each layer reads the output of the row above it. The layers'
    names tell their kind (conv, pool, fc; LeNet-5's C, S, F), so no column does.
    """
    header = ("layer", "output", "weights", "biases", "parameters", "as fully connected: weights")
    rows = [("input", _shape_text(network.input_shape), "", "", "", "")]
    for row in layer_rows(network):
        replacement = compact(row.fc_replacement) if row.kind == "convolution" else ""
        rows.append((row.name, _shape_text(row.output_shape), f"{row.weights:,}", f"{row.biases:,}",
                     f"{row.parameters:,}", replacement))
    rows.append(("**total**", "", "", "", f"**{total_parameters(network):,}**", ""))
    return markdown_table(header, rows, right=range(2, 6)) + "\n"

#: The size each network's paper gives (rounded, and for LeNet-5 of the paper's own variant), and the source.
PUBLISHED = {
    "LeNet-5": ("about 60,000 trainable parameters", "lecun1998gradient"),  # its C3 and output layer differ
    "AlexNet": ("60 million parameters", "krizhevsky2012imagenet"),
    "VGG-16": ("138 million parameters", "simonyan2015very"),
}

#: VGG16's size in the table of models of the Keras documentation (keras.io/api/applications).
KERAS_DOCS_VGG16 = "138.4M"


def ungrouped(network):
    """The same network with every grouped convolution made whole (``groups=1``): each kernel sees all channels."""
    layers = tuple(Conv(layer.name, layer.out_channels, layer.kernel, layer.stride, layer.padding)
                   if isinstance(layer, Conv) else layer for layer in network.layers)
    return Network(f"{network.name}, ungrouped", network.input_shape, layers,
                   network.variant + "; every convolution sees all channels", network.source)


def largest_layer(network):
    """The :class:`Row` of the layer with the most parameters."""
    return max(layer_rows(network), key=lambda row: row.parameters)
