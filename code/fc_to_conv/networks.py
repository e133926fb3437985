"""Five real networks as lists of layers, with every layer's parameters and its fully connected price.

A network is an input (channels, side) and a list of :class:`Conv`, :class:`Pool`,
:class:`GlobalPool`, :class:`BatchNorm`, :class:`Add` and :class:`Dense` layers; each
reads the output of the layer before it unless it names its ``source`` (a residual
network's shortcuts), and a :class:`Dense` layer after a spatial one reads the flattened
feature maps. Each layer checks its own settings when it is made, and a network its input
and its list of layers, each refusal a ValueError that names the layer, the value and what
is allowed. :func:`layer_rows` walks the list, checks every size with
:func:`fc_to_conv.real_layers.output_side` and counts each layer: a convolution's weights
are all its kernel cells, as frameworks store them
(:func:`fc_to_conv.real_layers.allocated_weights`), plus one bias per output channel unless
it has none, and its multiply-accumulates come from
:func:`fc_to_conv.real_layers.convolution_formula` (checked against built layers in the
tests); a dense layer has
``inputs * outputs`` weights plus one bias per output. Batch normalisation has four
parameters per channel: a scale and a shift that training learns, and a moving mean and
variance that it only tracks (Keras's non-trainable parameters). Pooling, residual
additions, dropout and the activations of these networks (ReLU, ReLU6, softmax; some
others, such as PReLU, do learn parameters) have none; dropout and activations do not
change sizes either, so they are left out.

Padding is given per side as frameworks pad (:func:`fc_to_conv.real_layers.side_padding`: a
number for every side, a pair ``(before, after)``, or ``"same"`` as Keras and TensorFlow pad,
the odd zero at the bottom and right), so a network's layers give Keras's sizes at any input
side (:func:`on_input`).

The totals are checked, in ``tests/test_networks_oracle.py``, against Keras 3 building
the same models, layer by layer; they are registered as claims N1 to N5 in
:mod:`fc_to_conv.claims`. :func:`pytorch_parameters` counts as PyTorch does (no moving
statistics), and :data:`TORCHVISION` holds the models torchvision builds, whose totals are
claims N7 to N9, checked against torchvision's documentation.
"""

from dataclasses import dataclass, replace

from .real_layers import ConvShape, allocated_weights, convolution_formula, output_side
from .text import compact, markdown_table
from .validate import boolean, checked_fields, layer_name, layer_names, optional_layer_name, positive_int
from .validate import padding as validate_padding


def _check_fields(layer, **checks):
    """Check ``layer``'s name and fields (:func:`fc_to_conv.validate.checked_fields`); a refusal names its class and name."""
    kind = type(layer).__name__
    layer_name(f"a {kind}'s name", layer.name)
    checked_fields(layer, f"{kind} {layer.name!r}", **checks)


@dataclass(frozen=True)
class Conv:
    """A convolution: ``out_channels`` kernels of ``kernel x kernel``, stride, zero padding, channel groups, dilation.

    ``padding``: a number for every side, a pair ``(before, after)`` or ``"same"``, as
    :func:`fc_to_conv.real_layers.side_padding` takes it. With ``groups`` > 1 (AlexNet's split
    over two GPUs) the channels are cut into ``groups`` independent convolutions, each from
    ``C_in / groups`` to ``C_out / groups``; with one group per input channel it is a depthwise
    convolution (MobileNet's). ``bias``: one per output channel, or none (a batch
    normalisation's shift replaces it). ``floor``: drop the last positions that a stride cannot
    reach, as Keras does. ``source``: the name of the layer whose output it reads, if not the
    previous one. ``dilation``: the spacing of the kernel's cells (Keras's ``dilation_rate``).
    Raises ValueError, naming the layer, for a setting of the wrong kind.
    """

    name: str
    out_channels: int
    kernel: int
    stride: int = 1
    padding: int = 0
    groups: int = 1
    bias: bool = True
    floor: bool = False
    source: str = None
    dilation: int = 1

    def __post_init__(self):
        _check_fields(self, out_channels=positive_int, kernel=positive_int, stride=positive_int,
                      padding=validate_padding, groups=positive_int, bias=boolean, floor=boolean,
                      source=optional_layer_name, dilation=positive_int)


@dataclass(frozen=True)
class Pool:
    """Max or average pooling over ``kernel x kernel`` windows: no parameters, only a smaller output.

    ``padding`` and ``floor`` as for :class:`Conv`.
    """

    name: str
    kernel: int
    stride: int
    padding: int = 0
    floor: bool = False

    def __post_init__(self):
        _check_fields(self, kernel=positive_int, stride=positive_int, padding=validate_padding, floor=boolean)


@dataclass(frozen=True)
class GlobalPool:
    """Global average pooling: each channel's map averaged to one value; no parameters."""

    name: str

    def __post_init__(self):
        _check_fields(self)


@dataclass(frozen=True)
class BatchNorm:
    """Batch normalisation of each channel: a learnt scale and shift, a tracked moving mean and variance."""

    name: str

    def __post_init__(self):
        _check_fields(self)


@dataclass(frozen=True)
class Add:
    """A residual addition: the sum of the outputs of the layers named in ``sources``, all of one shape."""

    name: str
    sources: tuple

    def __post_init__(self):
        _check_fields(self, sources=layer_names)


@dataclass(frozen=True)
class Dense:
    """A fully connected layer to ``units`` outputs, each with its own bias."""

    name: str
    units: int

    def __post_init__(self):
        _check_fields(self, units=positive_int)


#: The kinds of layer a :class:`Network` is made of.
LAYER_TYPES = (Conv, Pool, GlobalPool, BatchNorm, Add, Dense)
#: Those that read feature maps ``(channels, side)``, so they cannot follow a dense layer.
SPATIAL_TYPES = (Conv, Pool, GlobalPool)


@dataclass(frozen=True)
class Network:
    """A network: input ``(channels, side)`` (or ``(features,)``) and its layers, with the variant modelled and its source.

    Checked when made: the input positive whole numbers, one or two of them; the layers a
    non-empty tuple (or list) of :data:`LAYER_TYPES` with distinct names (layers read each
    other by name). Each refusal is a ValueError naming the network, the value and what is
    allowed; sizes that do not fit are found by :func:`layer_rows`.
    """

    name: str
    input_shape: tuple
    layers: tuple
    variant: str
    source: str

    def __post_init__(self):
        layer_name("a network's name", self.name)
        where = f"network {self.name!r}"
        shape = self.input_shape
        if isinstance(shape, str) or not isinstance(shape, (tuple, list)) or len(shape) not in (1, 2):
            raise ValueError(f"{where}: input_shape must be (channels, side) or (features,), got {shape!r}")
        try:
            shape = tuple(positive_int(f"input_shape[{k}]", size) for k, size in enumerate(shape))
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        layers = self.layers
        if isinstance(layers, str) or not isinstance(layers, (tuple, list)) or not layers:
            raise ValueError(f"{where}: layers must be a non-empty tuple of layers, got {layers!r}")
        allowed = ", ".join(kind.__name__ for kind in LAYER_TYPES)
        seen = {}
        for k, layer in enumerate(layers):
            if not isinstance(layer, LAYER_TYPES):
                raise ValueError(f"{where}: layer {k} is {layer!r} ({type(layer).__name__}); a layer must be one of "
                                 f"{allowed}")
            if layer.name in seen:
                raise ValueError(f"{where}: layers {seen[layer.name]} and {k} are both named {layer.name!r}; "
                                 f"names must differ, since layers name the layers they read")
            seen[layer.name] = k
        for field in ("variant", "source"):
            if not isinstance(getattr(self, field), str):
                raise ValueError(f"{where}: {field} must be a string, got {getattr(self, field)!r}")
        object.__setattr__(self, "input_shape", shape)
        object.__setattr__(self, "layers", tuple(layers))


@dataclass(frozen=True)
class Row:
    """One layer's sizes and counts. ``fc_replacement``: weights of a dense layer from its input to its output.

    ``weights`` and ``biases`` are trained (for batch normalisation: its scales and shifts);
    ``statistics`` are not (batch normalisation's moving means and variances).
    ``macs``: multiply-accumulates for one image, one per wire (none for pooling, additions
    and normalisation, whose one multiply and add per value are not wires).
    """

    name: str
    kind: str
    input_shape: tuple
    output_shape: tuple
    weights: int
    biases: int
    fc_replacement: int
    macs: int
    statistics: int = 0

    @property
    def trainable(self):
        """Weights and biases: the parameters that training learns."""
        return self.weights + self.biases

    @property
    def parameters(self):
        """Every parameter the layer stores: trainable ones and statistics (what Keras's ``count_params`` counts)."""
        return self.trainable + self.statistics


def _size(shape):
    """Values in a shape: ``channels * side * side`` for feature maps ``(channels, side)``, else ``features``."""
    return shape[0] * shape[1] * shape[1] if len(shape) == 2 else shape[0]


def _one_group(layer, shape):
    """The :class:`~fc_to_conv.real_layers.ConvShape` of one channel group of a :class:`Conv` on input ``(channels, side)``."""
    channels, side = shape
    groups = layer.groups
    if channels % groups or layer.out_channels % groups:
        raise ValueError(f"{groups} groups must divide both {channels} input and "
                         f"{layer.out_channels} output channels")
    return ConvShape(side, channels // groups, layer.kernel, layer.out_channels // groups,
                     layer.stride, layer.padding, layer.floor, layer.dilation)


def _conv_row(layer, shape):
    """(output shape, weights, biases, multiply-accumulates) of a :class:`Conv` on input ``shape``.

    The weights are every kernel cell, as frameworks store them, even a cell that only ever
    meets padding (on small maps; see :func:`idle_weights`); the multiply-accumulates are the
    wires, padding apart.
    """
    groups, one_group = layer.groups, _one_group(layer, shape)
    macs = groups * convolution_formula(one_group, biases=False).macs
    biases = layer.out_channels if layer.bias else 0
    return (layer.out_channels, one_group.out_side), groups * allocated_weights(one_group), biases, macs


def _layer_row(layer, shape, outputs):
    """(kind, output shape, weights, biases, statistics, multiply-accumulates) of one layer."""
    if isinstance(layer, Conv):
        out, weights, biases, macs = _conv_row(layer, shape)
        return "convolution", out, weights, biases, 0, macs
    if isinstance(layer, Pool):
        channels, side = shape
        return "pooling", (channels, output_side(side, layer.kernel, layer.stride, layer.padding, layer.floor)), 0, 0, 0, 0
    if isinstance(layer, GlobalPool):
        return "pooling", (shape[0], 1), 0, 0, 0, 0
    if isinstance(layer, BatchNorm):
        return "normalisation", shape, shape[0], shape[0], 2 * shape[0], 0
    if isinstance(layer, Add):
        missing = [source for source in layer.sources if source not in outputs]
        if missing:
            raise ValueError(f"no earlier layer is named {missing[0]!r}; a source must name a layer before this one: "
                             f"{list(outputs)}")
        shapes = {outputs[source] for source in layer.sources}
        if len(shapes) != 1:
            raise ValueError(f"an addition needs inputs of one shape, got {sorted(shapes)}")
        return "addition", shapes.pop(), 0, 0, 0, 0
    units = layer.units  # a Dense layer, the last of LAYER_TYPES (a Network admits no other)
    return "fully connected", (units,), _size(shape) * units, units, 0, _size(shape) * units


def layer_rows(network):
    """One :class:`Row` per layer of ``network``, sizes checked.

    Raises ValueError naming the layer if one does not fit, reads a layer that is not before
    it, or needs feature maps (a convolution or pooling) where it reads a dense layer's features.
    """
    shape = tuple(network.input_shape)
    outputs = {}
    rows = []
    previous = None
    for layer in network.layers:
        try:
            source = getattr(layer, "source", None)
            if source is not None and source not in outputs:
                raise ValueError(f"no earlier layer is named {source!r}; a source must name a layer before this one: "
                                 f"{list(outputs)}")
            read = outputs[source] if source else shape
            if isinstance(layer, SPATIAL_TYPES) and len(read) != 2:
                what = f"layer {source or previous!r}" if source or previous else "the network's input"
                raise ValueError(f"a {type(layer).__name__} reads feature maps (channels, side), but {what} gives "
                                 f"{read[0]:,} features without a side; convolutions and pooling must come before "
                                 f"the first Dense layer")
            kind, out, weights, biases, statistics, macs = _layer_row(layer, read, outputs)
        except ValueError as error:
            raise ValueError(f"{network.name}, layer {layer.name}: {error}") from None
        previous = layer.name
        fc_replacement = {"convolution": _size(read) * _size(out), "fully connected": weights}.get(kind, 0)
        rows.append(Row(layer.name, kind, read, out, weights, biases, fc_replacement, macs, statistics))
        outputs[layer.name] = shape = out
    return rows


def total_parameters(network):
    """Weights and biases of every layer of ``network``."""
    return sum(row.parameters for row in layer_rows(network))


def structural_kind(row):
    """A layer's kind by its structure: ``"fully connected"`` for a convolution that is one, else ``row.kind``.

    A convolution is fully connected when every output reads every input with a weight of its
    own, that is when its weights are as many as the dense layer's that would replace it: its
    kernel covers its whole input, so it has one position (LeNet-5's C5, MobileNet's
    ``conv_preds`` on its 1x1 map). No sharing and no locality are left.
    """
    return "fully connected" if row.kind == "convolution" and row.weights == row.fc_replacement else row.kind


def fully_connected_convolutions(network):
    """Names of the network's convolutions that are fully connected layers by structure (:func:`structural_kind`)."""
    return [row.name for row in layer_rows(network) if row.kind == "convolution" and structural_kind(row) != row.kind]


def _sum_by_kind(network, field):
    """``field`` of each layer row summed by :func:`structural_kind`: convolutions, normalisation, fully connected."""
    totals = {"convolution": 0, "normalisation": 0, "fully connected": 0}
    for row in layer_rows(network):
        if structural_kind(row) in totals:
            totals[structural_kind(row)] += getattr(row, field)
    return totals


def weights_by_kind(network):
    """Weights (biases apart) in the network's convolution, normalisation (scales) and fully connected layers: a dict by kind.

    Kinds by structure (:func:`structural_kind`), here and in :func:`parameters_by_kind` and
    :func:`macs_by_kind`: a convolution that is a fully connected layer counts as one.
    """
    return _sum_by_kind(network, "weights")


def parameters_by_kind(network):
    """Parameters in the network's convolution, normalisation and fully connected layers: a dict by kind."""
    return _sum_by_kind(network, "parameters")


def macs_by_kind(network):
    """Multiply-accumulates per image in the convolution, normalisation (none) and fully connected layers: a dict by kind."""
    return _sum_by_kind(network, "macs")


def depthwise_split(network):
    """Parameters and multiply-accumulates of the depthwise convolutions (one group per input channel) and of the other ones.

    Returns ``{"depthwise": (parameters, macs), "other": (parameters, macs)}`` over the convolution layers.
    """
    split = {"depthwise": [0, 0], "other": [0, 0]}
    for layer, row in zip(network.layers, layer_rows(network)):
        if row.kind == "convolution":
            part = split["depthwise" if layer.groups == row.input_shape[0] > 1 else "other"]
            part[0] += row.parameters
            part[1] += row.macs
    return {name: tuple(values) for name, values in split.items()}


def idle_weights(network):
    """Weights the convolutions store for kernel cells that only ever meet padding, so never change an output.

    Per convolution, every kernel cell (:func:`fc_to_conv.real_layers.allocated_weights`, what
    the rows count, as Keras does) less the cells that some position puts on a pixel
    (:func:`fc_to_conv.real_layers.convolution_formula`); summed over the network. Such cells
    appear on small maps, where a kernel is longer than the map and its padding on one side.
    """
    idle = 0
    for layer, row in zip(network.layers, layer_rows(network)):
        if row.kind == "convolution":
            idle += row.weights - layer.groups * convolution_formula(_one_group(layer, row.input_shape)).weights
    return idle


def conv_as_fully_connected(network):
    """Weights that the convolution layers (by :func:`structural_kind`) would need as dense layers with the same inputs and outputs."""
    return sum(row.fc_replacement for row in layer_rows(network) if structural_kind(row) == "convolution")


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


def _bottleneck(name, source, filters, stride, shortcut):
    """One residual block of ResNet-50, named as Keras names it: 1x1, 3x3 and 1x1 convolutions, each normalised, then the addition.

    The first 1x1 convolution narrows the channels to ``filters`` (with the block's stride),
    the last widens them to ``4 * filters``; the block's input is added to that, through a
    1x1 convolution (``shortcut``) where the sizes change.
    """
    layers = []
    if shortcut:
        layers += [Conv(f"{name}_0_conv", 4 * filters, 1, stride, floor=True, source=source), BatchNorm(f"{name}_0_bn")]
    layers += [Conv(f"{name}_1_conv", filters, 1, stride, floor=True, source=source), BatchNorm(f"{name}_1_bn"),
               Conv(f"{name}_2_conv", filters, 3, padding="same"), BatchNorm(f"{name}_2_bn"),
               Conv(f"{name}_3_conv", 4 * filters, 1), BatchNorm(f"{name}_3_bn"),
               Add(f"{name}_add", (f"{name}_0_bn" if shortcut else source, f"{name}_3_bn"))]
    return layers


def _resnet50_layers():
    """ResNet-50's layers: a 7x7 convolution and pooling, 16 bottleneck blocks in four stages, global pooling, one dense layer."""
    layers = [Conv("conv1_conv", 64, 7, stride=2, padding=3, floor=True), BatchNorm("conv1_bn"),
              Pool("pool1_pool", 3, 2, padding=1, floor=True)]
    source = "pool1_pool"
    for stage, (filters, blocks, stride) in enumerate(((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)), 2):
        for block in range(1, blocks + 1):
            name = f"conv{stage}_block{block}"
            layers += _bottleneck(name, source, filters, stride if block == 1 else 1, shortcut=block == 1)
            source = f"{name}_add"
    return tuple(layers) + (GlobalPool("avg_pool"), Dense("predictions", 1000))


RESNET50 = Network(
    "ResNet-50", (3, 224), _resnet50_layers(),
    "the paper's 50-layer network on a 224x224 colour image, as keras.applications.ResNet50 builds it "
    "(ResNet v1: the stride, in the stages that have one, in their first 1x1 convolution; convolutions with biases)",
    "he2016deep",
)


def _mobilenet_layers():
    """MobileNet v1's layers (width 1.0): a 3x3 convolution, 13 depthwise separable blocks, global pooling, a 1x1 convolution.

    Padded as Keras pads them: ``"same"`` for the first convolution and the stride-1 depthwise
    ones; one row and column at the bottom and right, ``(0, 1)``, for the stride-2 depthwise ones
    (Keras's ``ZeroPadding2D(((0, 1), (0, 1)))`` before a ``"valid"`` convolution, which floors).
    """
    layers = [Conv("conv1", 32, 3, stride=2, padding="same", bias=False), BatchNorm("conv1_bn")]
    channels = 32
    for block, (out, stride) in enumerate(((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)) + ((512, 1),) * 5
                                          + ((1024, 2), (1024, 1)), 1):
        padding = "same" if stride == 1 else (0, 1)
        layers += [Conv(f"conv_dw_{block}", channels, 3, stride, padding, groups=channels, bias=False, floor=True),
                   BatchNorm(f"conv_dw_{block}_bn"),
                   Conv(f"conv_pw_{block}", out, 1, bias=False), BatchNorm(f"conv_pw_{block}_bn")]
        channels = out
    return tuple(layers) + (GlobalPool("global_pool"), Conv("conv_preds", 1000, 1))


MOBILENET = Network(
    "MobileNet", (3, 224), _mobilenet_layers(),
    "MobileNet v1 at width 1.0 on a 224x224 colour image, as keras.applications.MobileNet builds it, "
    "padded as Keras pads it: \"same\" (an odd zero at the bottom and right) for the first convolution and the "
    "stride-1 depthwise ones, and one row and column at the bottom and right only before each depthwise "
    "convolution of stride 2",
    "howard2017mobilenets",
)

#: The five networks, oldest first.
NETWORKS = (LENET5, ALEXNET, VGG16, RESNET50, MOBILENET)
#: Input sides at which ``tests/test_networks_oracle.py`` checks ResNet-50 and MobileNet against Keras, layer by
#: layer: the default; an odd side, where "same" pads one zero before and one after while MobileNet's stride-2
#: layers pad only after; sides whose halvings turn odd at other depths; the smallest Keras accepts, where
#: ResNet-50's last 3x3 kernels see 1x1 maps (cells that only meet padding, :func:`idle_weights`).
CHECKED_SIDES = (224, 225, 193, 160, 97, 32)


def by_name(name):
    """One of :data:`NETWORKS` by its name."""
    for network in NETWORKS:
        if network.name == name:
            return network
    raise ValueError(f"no network {name!r}; networks: {[network.name for network in NETWORKS]}")


def _shape_text(shape):
    """A shape as compact text: ``3×224×224`` for feature maps, ``4096`` for features."""
    return "\u00d7".join(str(dim) for dim in (shape[0], shape[1], shape[1])) if len(shape) == 2 else str(shape[0])


def shape_words(shape):
    """Feature maps ``(channels, side)`` as prose, ``512\u00a0×\u00a07\u00a0×\u00a07``: no-break spaces keep it on one line."""
    return "\u00a0\u00d7\u00a0".join(str(dim) for dim in (shape[0], shape[1], shape[1]))


def summary_markdown(networks):
    """One row per network: its parameters, their shares by kind, and the share of multiply-accumulates in convolutions."""
    header = ("network", "parameters", "in convolutions", "in normalisation", "in fully connected",
              "multiply-accumulates in convolutions")
    rows = []
    for network in networks:
        total, split, work = total_parameters(network), parameters_by_kind(network), macs_by_kind(network)
        cells = [network.name, f"{total:,}"]
        cells += [f"{split[kind] / total:.1%}" for kind in ("convolution", "normalisation", "fully connected")]
        cells.append(f"{work['convolution'] / sum(work.values()):.1%}")
        rows.append(cells)
    return markdown_table(header, rows, right=range(1, len(header))) + "\n"


def _field_text(field):
    """A receptive field as a table cell: ``side, jump, start`` (a minus sign for a start in the padding)."""
    if field is None:
        return "every pixel"
    return f"{field.side}, {field.jump}, {field.start}".replace("-", "\u2212")


def rows_markdown(network, fields=None):
    """The network's layers as a Markdown table: output size, weights, biases, multiply-accumulates, and the dense
    layer a convolution replaces.

    The first row is the input; each layer reads the output of the row above it unless it
    names another (a residual network's shortcuts). The layers' names tell their kind (conv,
    pool, fc, bn, add; LeNet-5's C, S, F), so no column does. A column of moving statistics
    appears when the network has batch normalisation. Multiply-accumulates are per image, as
    :func:`macs_by_kind` sums them (none for pooling, normalisation and additions), written
    short from ten million on (:func:`fc_to_conv.text.compact`), as the dense replacements are.
    ``fields``, the layers' receptive fields as :func:`fc_to_conv.receptive_fields.fields` gives
    them, adds a last column: side, jump and start in input pixels (the input's own ``1, 1, 0``).
    A name may break after an underscore (``<wbr/>``, which only HTML reads), so that the long
    names of ResNet-50 and MobileNet let their tables fit a desktop's text column.
    """
    rows = layer_rows(network)
    statistics = any(row.statistics for row in rows)
    header = ("layer", "output", "weights", "biases") + ("moving statistics",) * statistics + (
        "parameters", "multiply-accumulates", "as fully connected: weights")
    table = [("input", _shape_text(network.input_shape)) + ("",) * (len(header) - 2)]
    for row in rows:
        replacement = compact(row.fc_replacement) if row.kind == "convolution" else ""
        table.append((row.name.replace("_", "_<wbr/>"), _shape_text(row.output_shape), f"{row.weights:,}", f"{row.biases:,}") + (
            (f"{row.statistics:,}",) * statistics) + (f"{row.parameters:,}", compact(row.macs), replacement))
    macs = sum(macs_by_kind(network).values())
    table.append(("**total**",) + ("",) * (len(header) - 4) + (f"**{total_parameters(network):,}**",
                                                               f"**{compact(macs)}**", ""))
    if fields is not None:
        header += ("receptive field: side, jump, start",)
        column = ["1, 1, 0"] + [_field_text(field) for _, field in fields] + [""]
        table = [line + (cell,) for line, cell in zip(table, column, strict=True)]
    return markdown_table(header, table, right=range(2, len(header))) + "\n"

#: The size each network's paper gives (rounded, and for LeNet-5 of the paper's own variant), and the source.
PUBLISHED = {
    "LeNet-5": ("about 60,000 trainable parameters", "lecun1998gradient"),  # its C3 and output layer differ
    "AlexNet": ("60 million parameters", "krizhevsky2012imagenet"),
    "VGG-16": ("138 million parameters", "simonyan2015very"),
}


def ungrouped(network):
    """The same network with every grouped convolution made whole (``groups=1``): each kernel sees all channels."""
    layers = tuple(replace(layer, groups=1) if isinstance(layer, Conv) else layer for layer in network.layers)
    return Network(f"{network.name}, ungrouped", network.input_shape, layers,
                   network.variant + "; every convolution sees all channels", network.source)


def on_input(network, input_shape):
    """The same layers on another input ``(channels, side)``: every size follows, as Keras's model built with another ``input_shape``."""
    shape = Network(network.name, input_shape, network.layers, network.variant, network.source).input_shape
    return Network(f"{network.name} on {_shape_text(shape)}", shape, network.layers,
                   f"{network.variant}; on a {_shape_text(shape)} input", network.source)


def without_global_pooling(network):
    """The same network with its global pooling left out: the layer after it reads the whole feature maps."""
    layers = tuple(layer for layer in network.layers if not isinstance(layer, GlobalPool))
    return Network(f"{network.name}, without global pooling", network.input_shape, layers,
                   network.variant + "; no global pooling", network.source)


def largest_layer(network):
    """The :class:`Row` of the layer with the most parameters."""
    return max(layer_rows(network), key=lambda row: row.parameters)


# ---------------------------------------------------------------- how PyTorch and torchvision count

def pytorch_parameters(network):
    """Parameters as PyTorch counts them, ``sum(p.numel() for p in model.parameters())``: weights and biases only.

    PyTorch keeps batch normalisation's moving mean and variance as buffers, not parameters,
    where Keras's ``count_params`` counts them (as non-trainable): :func:`total_parameters`.
    """
    return sum(row.trainable for row in layer_rows(network))


def without_normalised_biases(network):
    """The same network with no bias on a convolution that batch normalisation follows, as torchvision builds ResNet-50.

    The normalisation's learnt shift does a bias's work, so torchvision's convolutions have
    none there; Keras's ResNet50 keeps them.
    """
    layers = list(network.layers)
    for k, layer in enumerate(layers[:-1]):
        if isinstance(layer, Conv) and isinstance(layers[k + 1], BatchNorm):
            layers[k] = replace(layer, bias=False)
    return Network(f"{network.name}, without biases before normalisation", network.input_shape, tuple(layers),
                   network.variant + "; no bias on a convolution that batch normalisation follows", network.source)


#: torchvision's AlexNet: the single-GPU variant of Krizhevsky's "One weird trick" paper, as torchvision.models.alexnet
#: builds it (64, 192, 384, 256 and 256 kernels, none grouped), on a 224x224 image.
TORCHVISION_ALEXNET = Network(
    "AlexNet (torchvision)", (3, 224), (
        Conv("features.0", 64, 11, stride=4, padding=2, floor=True), Pool("features.2", 3, 2),
        Conv("features.3", 192, 5, padding=2), Pool("features.5", 3, 2),
        Conv("features.6", 384, 3, padding=1), Conv("features.8", 256, 3, padding=1),
        Conv("features.10", 256, 3, padding=1), Pool("features.12", 3, 2),
        Dense("classifier.1", 4096), Dense("classifier.4", 4096), Dense("classifier.6", 1000),
    ),
    "torchvision's single-GPU AlexNet (from Krizhevsky's later paper, One weird trick for parallelizing "
    "convolutional neural networks): 64, 192, 384, 256 and 256 kernels, no groups, on a 224x224 colour image",
    "torchvision2016",
)

#: The model torchvision builds for each of the book's networks that it has (by the book's network name):
#: its own AlexNet variant, VGG-16 as the book's, and ResNet-50 without biases before normalisation
#: (torchvision's ResNet-50 is "v1.5", its stride moved to the 3x3 convolution, which changes no count).
#: torchvision has no LeNet-5 and no MobileNet v1 (only versions 2 and 3).
TORCHVISION = {
    "AlexNet": TORCHVISION_ALEXNET,
    "VGG-16": VGG16,
    "ResNet-50": without_normalised_biases(RESNET50),
}


def conventions_markdown(networks):
    """One row per network: its parameters as Keras counts them, as PyTorch counts the same model, and torchvision's model's."""
    header = ("network", "Keras: count_params()", "PyTorch: parameters(), same model", "torchvision's model: parameters()")
    rows = []
    for network in networks:
        model = TORCHVISION.get(network.name)
        rows.append((network.name, f"{total_parameters(network):,}", f"{pytorch_parameters(network):,}",
                     f"{pytorch_parameters(model):,}" if model else "(not in torchvision)"))
    return markdown_table(header, rows, right=(1, 2, 3)) + "\n"
