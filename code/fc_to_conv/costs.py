"""Beyond the article: what each layer of the grid costs to store and to run, from the article's image to a photograph.

Two costs per layer, for one image: the bytes that hold its free weights, at
:data:`BYTES_PER_WEIGHT` bytes each, and its multiply-accumulates, one per wire (a product
added to a neuron's sum). The four layers are the corners of the grid
(:data:`~fc_to_conv.stages.STAGES`), generalised to channels, stride and padding as the
general-case chapter and its calculator do (:func:`~fc_to_conv.real_layers.derivation_counts`):
the grouped layer keeps every wire of the fully connected one and shares, within an output
channel, one weight per input; the locally connected layer has the convolution's wires, each
with a weight of its own. Padding is missing wires, as in :mod:`~fc_to_conv.real_layers`.
Biases are left out: the article's layers and the learning chapter's first layers have none.

:func:`stage_costs` takes the closed forms, Python ints exact at any size; :func:`built_stages`
builds the four layers as id arrays while they are small, and :func:`check_costs` compares
the two ways of counting.
"""

from dataclasses import dataclass, replace

from . import learning, networks, stages
from .grouping import grouped
from .real_layers import ConvShape, convolution_layer, derivation_counts, fully_connected_layer
from .text import COUNT, byte_size, markdown_table
from .validate import check_dense
from .wiring import Layer, unshared

#: Bytes per stored weight: a float32, the 32-bit floating-point number deep-learning libraries
#: train in by default (Keras's ``keras.config.floatx()`` is ``"float32"``).
BYTES_PER_WEIGHT = 4


@dataclass(frozen=True)
class Cost:
    """What one layer costs for one image: ``weights`` (free weights) and ``macs`` (multiply-accumulates), ints."""

    weights: int
    macs: int

    @property
    def bytes(self):
        """Bytes to store the weights, :data:`BYTES_PER_WEIGHT` each."""
        return self.weights * BYTES_PER_WEIGHT


@dataclass(frozen=True)
class Size:
    """One layer of the comparison: ``name`` says where it comes from, ``shape`` is its :class:`~fc_to_conv.real_layers.ConvShape`."""

    name: str
    shape: ConvShape

    @property
    def image(self):
        """The input as rows × columns × channels, e.g. ``224×224×3``."""
        return f"{self.shape.side}\u00d7{self.shape.side}\u00d7{self.shape.in_channels}"


def vgg16_first_layer():
    """VGG-16's first convolution as a ConvShape, read from :data:`fc_to_conv.networks.VGG16`."""
    channels, side = networks.VGG16.input_shape
    first = networks.VGG16.layers[0]
    return ConvShape(side, channels, first.kernel, first.out_channels, first.stride, first.padding)


#: The layers compared, smallest first: the article's (a 3x3 image, 4 kernels of 2x2), the learning
#: chapter's on the 8x8 digits, then VGG-16's first layer (64 kernels of 3x3, stride 1, padding 1:
#: the output as large as the image) on a gray 28x28 image, colour 32x32 and 64x64, and its own 224x224.
SIZES = (
    Size("the article's layer", ConvShape(stages.IMAGE_SHAPE[0], 1, stages.KERNEL_SHAPE[0], stages.GROUPS)),
    Size("the digits' layer", ConvShape(learning.DIGIT_SIDE, 1, learning.KERNEL_SIDE, learning.GROUPS)),
    Size("VGG-16's first layer made for one channel, on a smaller image", replace(vgg16_first_layer(), side=28, in_channels=1)),
    Size("VGG-16's first layer on a smaller image", replace(vgg16_first_layer(), side=32)),
    Size("VGG-16's first layer on a smaller image", replace(vgg16_first_layer(), side=64)),
    Size("VGG-16's first layer", vgg16_first_layer()),
)


def stage_costs(shape):
    """Per stage name, in the order of :data:`~fc_to_conv.stages.STAGES`, the :class:`Cost` of that layer of ``shape``.

    From the closed forms of :func:`~fc_to_conv.real_layers.derivation_counts` (weights without
    biases; multiply-accumulates = wires), so any size answers, exactly.
    """
    return {stage.name: Cost(counts.weights, counts.macs) for stage, counts in zip(stages.STAGES, derivation_counts(shape))}


def built_stages(shape):
    """The four layers of ``shape`` built as :class:`~fc_to_conv.wiring.Layer` id arrays, by stage name.

    Fully connected and convolutional as :mod:`~fc_to_conv.real_layers` builds them; grouped:
    every input wired to every neuron, weight id (output channel, input); locally connected: the
    convolution's wires, each with a weight of its own (:func:`~fc_to_conv.wiring.unshared`).
    Raises ValueError, before building anything, above :data:`~fc_to_conv.validate.DENSE_LIMIT`
    entries per array (:func:`stage_costs` counts any size).
    """
    check_dense(shape.outputs, shape.inputs, f"the four layers of {shape}",
                "fc_to_conv.costs.stage_costs counts them in closed form.")
    conv = convolution_layer(shape)
    built = (fully_connected_layer(shape), grouped(shape.inputs, shape.outputs, shape.out_channels),
             Layer(unshared(conv.ids), "locally connected", shape.out_channels), conv)
    return {stage.name: layer for stage, layer in zip(stages.STAGES, built)}


def check_costs(shapes):
    """Count every shape's four layers on :func:`built_stages` and in closed form; return how many shapes were checked.

    Raises ArithmeticError naming the first shape and layer whose two counts differ.
    """
    checked = 0
    for shape in shapes:
        formula = stage_costs(shape)
        for name, layer in built_stages(shape).items():
            counted = Cost(layer.weights, layer.wires)
            if counted != formula[name]:
                raise ArithmeticError(f"{name} layer of {shape}: counted on the layer {counted}, closed form {formula[name]}")
        checked += 1
    return checked


def table(sizes=SIZES):
    """Per size, the :func:`stage_costs` of its layer: a list of (Size, {stage name: Cost})."""
    return [(size, stage_costs(size.shape)) for size in sizes]


def series(sizes=SIZES):
    """What :func:`fc_to_conv.figures.draw_costs` draws: (the images, {stage name: bytes per size}, {stage name: multiply-accumulates per size})."""
    rows = table(sizes)
    names = [stage.name for stage in stages.STAGES]
    return ([size.image for size, _ in rows], {name: [by_stage[name].bytes for _, by_stage in rows] for name in names},
            {name: [by_stage[name].macs for _, by_stage in rows] for name in names})


def table_markdown(sizes=SIZES):
    """A Markdown table, one row per size and layer: the image, the layer, its weights, their bytes and its multiply-accumulates."""
    header = ("image", "layer", "weights", "stored (float32)", "multiply-accumulates per image")
    rows = [(f"{size.image}, {size.name}" if k == 0 else "", name, COUNT.format(cost.weights), byte_size(cost.bytes),
             COUNT.format(cost.macs))
            for size, by_stage in table(sizes) for k, (name, cost) in enumerate(by_stage.items())]
    return markdown_table(header, rows, right={2, 3, 4})
