"""Beyond the article: channels, stride, padding and biases, built as Layers and counted, with closed forms.

The input is an ``n x n`` image with ``C_in`` channels, flattened channel by channel
(pixel ``(c, r, col)`` has index ``c*n*n + r*n + col``). A convolution with ``C_out``
kernels of ``k x k``, stride ``s`` and zero padding ``p`` has ``m x m`` outputs per
channel, ``m = (n + 2p - k) / s + 1``, flattened the same way (neuron ``(o, i, j)`` has
index ``o*m*m + i*m + j``): output channel ``o`` is the group of the earlier chapters.

Padding is *not* made of pixels here. The layer is built over the unpadded image, and a
kernel cell that lands on the padding gets no wire: a padded zero contributes nothing
to the sum, so it costs no multiply-accumulate and is no input of the layer. The fully
connected layer it is compared with therefore has the same inputs (``C_in*n*n``) and
the same outputs (``C_out*m*m``).

Counts come from the built layers: weights are the distinct ids, wires are the entries
``>= 0``, and each wire is one multiply-accumulate (one product added to a neuron's sum).
Biases are counted separately: one per output neuron for the fully connected layer, one
per output channel (shared by all its neurons, like the kernel) for the convolution.
:func:`convolution_formula` and :func:`fully_connected_formula` give the same counts in
closed form; the tests check the two agree, and for large sizes the book uses the forms.
"""

from dataclasses import dataclass

import numpy as np

from .fully_connected import fully_connected
from .validate import non_negative_int, positive_int
from .wiring import NO_WIRE, Layer


def output_side(side, kernel, stride=1, padding=0, floor=False):
    """Outputs per row (and per column) of a ``kernel x kernel`` kernel on a padded ``side x side`` image.

    ``(side + 2*padding - kernel) / stride + 1``. Raises ValueError, saying what is allowed,
    for sizes that are not whole numbers >= 1 (padding >= 0), a kernel larger than the
    padded image, or a stride that does not divide ``side + 2*padding - kernel`` unless
    ``floor`` is true (then the last rows and columns that the kernel cannot fully reach
    are dropped, as deep-learning libraries do).
    """
    side = positive_int("image side", side)
    kernel = positive_int("kernel side", kernel)
    stride = positive_int("stride", stride)
    padding = non_negative_int("padding", padding)
    padded = side + 2 * padding
    if kernel > padded:
        raise ValueError(
            f"kernel {kernel}x{kernel} is larger than the padded image {padded}x{padded} "
            f"(side {side} + 2 x padding {padding}); the kernel side may be at most {padded}, "
            f"or pad by at least {-(-(kernel - side) // 2)}"
        )
    span = padded - kernel
    if span % stride and not floor:
        allowed = [s for s in range(1, span + 1) if span % s == 0] or [1]
        raise ValueError(
            f"stride {stride} does not fit: the kernel can move {span} pixels "
            f"(side {side} + 2 x padding {padding} - kernel {kernel}), which is not a multiple of {stride}, "
            f"so the output size would not be a whole number; strides that fit: {allowed} "
            f"(or change the padding, or pass floor=True to drop the last positions as libraries do)"
        )
    return span // stride + 1


@dataclass(frozen=True)
class ConvShape:
    """The sizes of one layer: ``side x side`` image with ``in_channels``, ``out_channels`` kernels of ``kernel x kernel``.

    Checked when made (see :func:`output_side`); ``out_side`` is the output's side.
    """

    side: int
    in_channels: int
    kernel: int
    out_channels: int
    stride: int = 1
    padding: int = 0
    floor: bool = False

    def __post_init__(self):
        positive_int("in_channels", self.in_channels)
        positive_int("out_channels", self.out_channels)
        output_side(self.side, self.kernel, self.stride, self.padding, self.floor)

    @property
    def out_side(self):
        """Outputs per row and per column of each output channel."""
        return output_side(self.side, self.kernel, self.stride, self.padding, self.floor)

    @property
    def inputs(self):
        """Inputs of the layer: ``in_channels * side * side`` (padding is no input)."""
        return self.in_channels * self.side * self.side

    @property
    def outputs(self):
        """Output neurons: ``out_channels * out_side * out_side``."""
        return self.out_channels * self.out_side * self.out_side


@dataclass(frozen=True)
class Counts:
    """What a layer costs: free weights, biases, parameters (both), wires, multiply-accumulates."""

    weights: int
    biases: int
    wires: int

    @property
    def parameters(self):
        """Weights and biases together."""
        return self.weights + self.biases

    @property
    def macs(self):
        """Multiply-accumulates for one image: one per wire."""
        return self.wires


def _pixel_positions(shape):
    """Per axis, the pixel under each (output position, kernel offset), shape (m, k), and whether it is in the image."""
    positions = np.arange(shape.out_side)[:, None] * shape.stride + np.arange(shape.kernel)[None, :] - shape.padding
    return positions, (positions >= 0) & (positions < shape.side)


def convolution_ids(shape):
    """The convolution's raw id array: id ``((o*C_in + c)*k + a)*k + b`` on each wire, -1 elsewhere.

    Neuron ``(o, i, j)`` reads, through kernel cell ``(c, a, b)``, pixel ``(c, i*s + a - p,
    j*s + b - p)`` when that is inside the image; cells on the padding get no wire. Ids of
    kernel cells that only ever land on padding are absent, so the used ids may skip
    values; :func:`convolution_layer` numbers them 0.. in order.
    """
    k, n, m = shape.kernel, shape.side, shape.out_side
    c_in, c_out = shape.in_channels, shape.out_channels
    positions, inside = _pixel_positions(shape)
    o, i, j, c, a, b = np.indices((c_out, m, m, c_in, k, k)).reshape(6, -1)
    wired = inside[i, a] & inside[j, b]
    o, i, j, c, a, b = (index[wired] for index in (o, i, j, c, a, b))
    ids = np.full((c_out * m * m, c_in * n * n), NO_WIRE, dtype=np.int64)
    ids[(o * m + i) * m + j, (c * n + positions[i, a]) * n + positions[j, b]] = ((o * c_in + c) * k + a) * k + b
    return ids


def convolution_layer(shape):
    """The convolution of :class:`ConvShape` ``shape`` as a Layer over the unpadded, flattened image."""
    ids = convolution_ids(shape)
    used = np.unique(ids[ids != NO_WIRE])
    compact = np.where(ids != NO_WIRE, np.searchsorted(used, ids), NO_WIRE)
    return Layer(compact, f"convolution {shape.kernel}x{shape.kernel}, stride {shape.stride}, padding {shape.padding}",
                 shape.out_channels)


def fully_connected_layer(shape):
    """The fully connected layer with the convolution's inputs and outputs: every input wired to every output."""
    return fully_connected(shape.inputs, shape.outputs)


def convolution_counts(shape, biases=True):
    """:class:`Counts` of the convolution, counted on the built layer; one bias per output channel."""
    layer = convolution_layer(shape)
    return Counts(layer.weights, shape.out_channels if biases else 0, layer.wires)


def fully_connected_counts(shape, biases=True):
    """:class:`Counts` of the fully connected layer, counted on the built layer; one bias per output neuron."""
    layer = fully_connected_layer(shape)
    return Counts(layer.weights, layer.neurons if biases else 0, layer.wires)


def axis_hits(shape):
    """Per kernel offset along one axis, how many output positions put it on a pixel rather than on padding.

    Offset ``a`` at output position ``i`` reads pixel ``i*s + a - p``; it is in the image for
    ``i`` from ``ceil((p - a) / s)`` to ``floor((n - 1 + p - a) / s)``, clipped to ``0 .. m-1``.
    """
    a = np.arange(shape.kernel)
    first = np.maximum(0, -((a - shape.padding) // shape.stride))
    last = np.minimum(shape.out_side - 1, (shape.side - 1 + shape.padding - a) // shape.stride)
    return np.maximum(0, last - first + 1)


def convolution_formula(shape, biases=True):
    """:class:`Counts` of the convolution in closed form.

    weights = ``C_out * C_in * t**2``, with ``t`` the kernel offsets per axis that ever land on
    a pixel (``t = k`` unless the padding is so wide that some kernel rows only meet padding);
    wires = multiply-accumulates = ``C_out * C_in * h**2``, with ``h`` the sum of
    :func:`axis_hits` (``h = m*k`` without padding); biases = ``C_out``.
    """
    hits = axis_hits(shape)
    reached, per_axis = int(np.count_nonzero(hits)), int(hits.sum())
    pairs = shape.out_channels * shape.in_channels
    return Counts(pairs * reached ** 2, shape.out_channels if biases else 0, pairs * per_axis ** 2)


def fully_connected_formula(shape, biases=True):
    """:class:`Counts` of the fully connected layer in closed form: ``inputs * outputs`` weights and wires."""
    return Counts(shape.inputs * shape.outputs, shape.outputs if biases else 0, shape.inputs * shape.outputs)


def products_with_padding(shape):
    """Multiply-accumulates if the padded zeros were multiplied too: ``C_out * m**2 * C_in * k**2`` (what libraries report)."""
    return shape.out_channels * shape.out_side ** 2 * shape.in_channels * shape.kernel ** 2


def check_closed_forms(shapes):
    """Build every shape's two layers and compare their counts with the closed forms; return how many were checked.

    Raises ArithmeticError naming the first shape whose counted and closed-form counts differ.
    """
    checked = 0
    for shape in shapes:
        for biases in (True, False):
            for kind, counted, formula in (
                ("convolution", convolution_counts(shape, biases), convolution_formula(shape, biases)),
                ("fully connected", fully_connected_counts(shape, biases), fully_connected_formula(shape, biases)),
            ):
                if counted != formula:
                    raise ArithmeticError(
                        f"{kind} layer of {shape} (biases={biases}): counted on the layer {counted}, "
                        f"closed form {formula}"
                    )
        checked += 1
    return checked


def small_shapes():
    """A grid of small layers, every stride and padding that fits, for :func:`check_closed_forms`."""
    shapes = []
    for side in (1, 2, 3, 4, 5, 7):
        for kernel in (1, 2, 3):
            for stride in (1, 2, 3):
                for padding in (0, 1, 2):
                    for in_channels, out_channels in ((1, 1), (2, 3)):
                        try:
                            shapes.append(ConvShape(side, in_channels, kernel, out_channels, stride, padding,
                                                    floor=True))
                        except ValueError:
                            continue
    return shapes


def kernel_weights(shape, kernels):
    """The layer's weight vector for kernels of shape (C_out, C_in, k, k): the used cells, in id order."""
    ids = convolution_ids(shape)
    used = np.unique(ids[ids != NO_WIRE])
    return np.asarray(kernels, dtype=float).reshape(-1)[used]


def sizes_table(sides, in_channels, kernel, out_channels, stride=1, padding=0):
    """Closed-form parameters and multiply-accumulates of both layers for each image side, biases included.

    Returns a dict of arrays: ``side``, ``fc_parameters``, ``fc_macs``, ``conv_parameters``, ``conv_macs``.
    """
    table = {name: [] for name in ("side", "fc_parameters", "fc_macs", "conv_parameters", "conv_macs")}
    for side in sides:
        shape = ConvShape(side, in_channels, kernel, out_channels, stride, padding)
        fc, conv = fully_connected_formula(shape), convolution_formula(shape)
        for name, value in (("side", side), ("fc_parameters", fc.parameters), ("fc_macs", fc.macs),
                            ("conv_parameters", conv.parameters), ("conv_macs", conv.macs)):
            table[name].append(value)
    return {name: np.array(values, dtype=float) for name, values in table.items()}
