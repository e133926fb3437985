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

Counts come from the built structures: weights are the distinct ids, wires are the entries
``>= 0``, and each wire is one multiply-accumulate (one product added to a neuron's sum).
A convolution is built densely (:func:`convolution_layer`) only while its array stays small
(:data:`~fc_to_conv.validate.DENSE_LIMIT`); :func:`convolution_counts` counts any real layer
on a sparse form of the same ids, its wires only (:func:`convolution_wires`).
Biases are counted separately: one per output neuron for the fully connected layer, one
per output channel (shared by all its neurons, like the kernel) for the convolution.
:func:`convolution_formula` and :func:`fully_connected_formula` give the same counts in
closed form; the tests check the two agree, and for large sizes the book uses the forms.
"""

from dataclasses import dataclass

import numpy as np

from .fully_connected import fully_connected
from .validate import boolean, check_dense, divisors, non_negative_int, positive_int
from .wiring import NO_WIRE, Layer

#: Most wires (and kernel cells) :func:`convolution_wires` enumerates: 2**28, about 268 million, a second or so.
WIRE_LIMIT = 2 ** 28
#: Wires per chunk of :func:`convolution_wires`: 2**20, so a chunk's arrays take some tens of MiB.
WIRE_CHUNK = 2 ** 20


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
    floor = boolean("floor", floor)
    padded = side + 2 * padding
    if kernel > padded:
        raise ValueError(
            f"kernel {kernel}x{kernel} is larger than the padded image {padded}x{padded} "
            f"(side {side} + 2 x padding {padding}); the kernel side may be at most {padded}, "
            f"or pad by at least {-(-(kernel - side) // 2)}"
        )
    span = padded - kernel
    if span % stride and not floor:
        allowed = divisors(span) if span else [1]
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

    Checked when made (see :func:`output_side`), and every size stored as a Python int (numpy
    integers are converted), so that every count made from it is exact at any size;
    ``out_side`` is the output's side.
    """

    side: int
    in_channels: int
    kernel: int
    out_channels: int
    stride: int = 1
    padding: int = 0
    floor: bool = False

    def __post_init__(self):
        output_side(self.side, self.kernel, self.stride, self.padding, self.floor)
        checked = {"side": positive_int("image side", self.side), "kernel": positive_int("kernel side", self.kernel),
                   "stride": positive_int("stride", self.stride), "padding": non_negative_int("padding", self.padding),
                   "in_channels": positive_int("in_channels", self.in_channels),
                   "out_channels": positive_int("out_channels", self.out_channels),
                   "floor": boolean("floor", self.floor)}
        for field, value in checked.items():
            object.__setattr__(self, field, value)

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


def pixel_positions(shape):
    """Per axis, the pixel under each (output position, kernel offset), shape (m, k), and whether it is in the image."""
    positions = np.arange(shape.out_side)[:, None] * shape.stride + np.arange(shape.kernel)[None, :] - shape.padding
    return positions, (positions >= 0) & (positions < shape.side)


def convolution_wires(shape, chunk=WIRE_CHUNK):
    """The convolution's wires in sparse form: arrays ``(neuron, pixel, id)``, a chunk of wires at a time.

    The same structure as :func:`convolution_ids` without its dense array, so memory stays
    bounded whatever the size: only wires exist. Along one axis, output position ``i`` reads,
    through kernel offset ``a``, pixel ``i*s + a - p`` when that is inside the image (the pairs
    :func:`axis_hits` counts); a wire is a pair of such axis wires, one per axis, for each
    output channel ``o`` and input channel ``c``, with id ``((o*C_in + c)*k + a)*k + b``.
    A chunk is whole rows of such pairs: at most ``chunk`` wires, or one row if a row is longer.
    Raises ValueError, before anything is built, if the layer has more than
    :data:`WIRE_LIMIT` wires or kernel cells; :func:`convolution_formula` counts any size.
    """
    check_wire_limit(shape)
    return wire_chunks(shape, chunk)


def check_wire_limit(shape):
    """Raise ValueError, before anything is allocated, if the structural count of ``shape`` would exceed :data:`WIRE_LIMIT`.

    What is counted: the wires (from :func:`convolution_formula`, in O(1) memory), the kernel
    cells, and the (output position, kernel offset) pairs of one axis.
    """
    total = convolution_formula(shape, biases=False).wires
    cells = shape.out_channels * shape.in_channels * shape.kernel ** 2
    pairs = shape.out_side * shape.kernel
    if max(total, cells, pairs) > WIRE_LIMIT:
        raise ValueError(
            f"{shape} has {total:,} wires, {cells:,} kernel cells and {pairs:,} (position, offset) pairs per axis; "
            f"the structural count enumerates at most {WIRE_LIMIT:,} of each. "
            f"Use fc_to_conv.real_layers.convolution_formula, which counts any size."
        )


def wire_chunks(shape, chunk):
    """The generator behind convolution_wires, for a size it has checked: the wires, a chunk at a time.

    A wire pairs a row-axis wire with a column-axis one (pixel_positions); ids as convolution_wires says.
    """
    k, n, m = shape.kernel, shape.side, shape.out_side
    c_in, c_out = shape.in_channels, shape.out_channels
    positions, inside = pixel_positions(shape)
    out_pos, offset = np.nonzero(inside)
    pixel = positions[out_pos, offset]
    rows = c_out * c_in * out_pos.size  # (output channel, input channel, row-axis wire) triples
    step = max(1, chunk // max(1, out_pos.size))
    for start in range(0, rows, step):
        pair, row = np.divmod(np.arange(start, min(start + step, rows)), out_pos.size)
        o, c = np.divmod(pair, c_in)
        yield (((o * m + out_pos[row]) * m)[:, None] + out_pos[None, :]).ravel(), \
              (((c * n + pixel[row]) * n)[:, None] + pixel[None, :]).ravel(), \
              ((((o * c_in + c) * k + offset[row]) * k)[:, None] + offset[None, :]).ravel()


def _used_ids(shape):
    """The ids that some wire of the convolution uses, in increasing order, and the number of wires."""
    check_wire_limit(shape)
    used = np.zeros(shape.out_channels * shape.in_channels * shape.kernel ** 2, dtype=bool)
    wires = 0
    for _, _, ids in convolution_wires(shape):
        used[ids] = True
        wires += ids.size
    return np.flatnonzero(used), wires


def convolution_ids(shape):
    """The convolution's raw id array, shape (outputs, inputs): :func:`convolution_wires` written densely, -1 elsewhere.

    Neuron ``(o, i, j)`` reads, through kernel cell ``(c, a, b)``, pixel ``(c, i*s + a - p,
    j*s + b - p)`` when that is inside the image; cells on the padding get no wire. Ids of
    kernel cells that only ever land on padding are absent, so the used ids may skip
    values; :func:`convolution_layer` numbers them 0.. in order. Raises ValueError above
    :data:`~fc_to_conv.validate.DENSE_LIMIT` entries (:func:`convolution_counts` counts larger layers).
    """
    check_dense(shape.outputs, shape.inputs, f"the dense layer of {shape}",
                "fc_to_conv.real_layers.convolution_counts counts it on its sparse wires.")
    ids = np.full((shape.outputs, shape.inputs), NO_WIRE, dtype=np.int64)
    for neuron, pixel, wire_ids in convolution_wires(shape):
        ids[neuron, pixel] = wire_ids
    return ids


def convolution_layer(shape):
    """The convolution of :class:`ConvShape` ``shape`` as a Layer over the unpadded, flattened image."""
    ids = convolution_ids(shape)
    compact = np.where(ids != NO_WIRE, np.searchsorted(_used_ids(shape)[0], ids), NO_WIRE)
    return Layer(compact, f"convolution {shape.kernel}x{shape.kernel}, stride {shape.stride}, padding {shape.padding}",
                 shape.out_channels)


def fully_connected_layer(shape):
    """The fully connected layer with the convolution's inputs and outputs: every input wired to every output."""
    return fully_connected(shape.inputs, shape.outputs)


def convolution_counts(shape, biases=True):
    """:class:`Counts` of the convolution, counted on its sparse wires (:func:`convolution_wires`); one bias per output channel.

    Weights are the distinct ids among the wires. Memory stays bounded at any size; layers
    above :data:`WIRE_LIMIT` wires are refused with a ValueError naming :func:`convolution_formula`.
    """
    used, wires = _used_ids(shape)
    return Counts(used.size, shape.out_channels if biases else 0, wires)


def fully_connected_counts(shape, biases=True):
    """:class:`Counts` of the fully connected layer, counted on the built layer; one bias per output neuron.

    Raises ValueError above :data:`~fc_to_conv.validate.DENSE_LIMIT` wires (every wire exists, so
    there is no sparse form); :func:`fully_connected_formula` counts any size.
    """
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


def _padding_pairs(pad, kernel, stride, positions):
    """Sum over output positions ``i`` in ``0 .. positions-1`` of ``clip(pad - i*stride, 0, kernel)``, in O(1).

    With ``pad`` the padding on one side, this is the number of (position, offset) pairs whose
    kernel offset lands on that side's padding.
    """
    touching = min(positions, max(0, -(-pad // stride)))  # positions i with pad - i*s > 0
    full = min(touching, (pad - kernel) // stride + 1) if pad >= kernel else 0  # those with pad - i*s >= k
    partial = touching - full
    return full * kernel + partial * pad - stride * (full + touching - 1) * partial // 2


def axis_counts(shape):
    """(offsets reached, pairs on pixels) along one axis, in O(1) time and memory: the ``t`` and ``r`` of :func:`convolution_formula`.

    ``r`` counts the (output position ``i``, kernel offset ``a``) pairs with ``i*s + a - p``
    inside the image: all ``m*k`` pairs less those on the left padding and those on the
    right padding (whose width, ``(m-1)*s + k - p - n``, is ``p`` unless ``floor`` dropped
    positions). ``t`` counts the offsets ``a`` that some position puts on a pixel: offset ``a``
    reads the pixels ``[p - a, p - a + n - 1]`` shifted by the window starts ``0, s, .. (m-1)*s``;
    when ``n >= s`` every such interval that overlaps the starts' range holds one, so ``t`` is
    the length of ``[max(0, p - (m-1)*s), min(k-1, p+n-1)]``; when ``n <= s`` the offsets reached
    by different positions are disjoint, so ``t = r``. (The sum of :func:`axis_hits` is ``r``.)
    """
    n, k, s, p, m = shape.side, shape.kernel, shape.stride, shape.padding, shape.out_side
    right = (m - 1) * s + k - p - n
    pairs = m * k - _padding_pairs(p, k, s, m) - _padding_pairs(right, k, s, m)
    offsets = pairs if n <= s else max(0, min(k - 1, p + n - 1) - max(0, p - (m - 1) * s) + 1)
    return offsets, pairs


def convolution_formula(shape, biases=True):
    """The convolution's Counts in closed form.

    weights = ``C_out * C_in * t**2``, with ``t`` the kernel offsets per axis that ever land on
    a pixel (``t = k`` unless the padding is so wide that some kernel rows only meet padding);
    wires = multiply-accumulates = ``C_out * C_in * r**2``, with ``r`` the (output position,
    kernel offset) pairs per axis that land on a pixel (``r = m*k`` without padding); biases =
    ``C_out``. Both come from axis_counts in O(1) time and memory, and every count is a Python
    int, exact at any size.
    """
    reached, per_axis = axis_counts(shape)
    pairs = shape.out_channels * shape.in_channels
    return Counts(pairs * reached ** 2, shape.out_channels if biases else 0, pairs * per_axis ** 2)


def fully_connected_formula(shape, biases=True):
    """:class:`Counts` of the fully connected layer in closed form: ``inputs * outputs`` weights and wires."""
    return Counts(shape.inputs * shape.outputs, shape.outputs if biases else 0, shape.inputs * shape.outputs)


def derivation_counts(shape):
    """:class:`Counts` of the derivation's four stages for a real layer, in the order of :mod:`fc_to_conv.stages`.

    Fully connected; grouped (every input wired to every neuron, and an input's wires into
    one output channel, the group, share a weight); locally connected (the convolution's
    wires, each with a weight of its own); convolution. Biases are shared as the weights
    are: one per neuron where nothing is shared, one per output channel where a group
    shares. Closed forms (:func:`fully_connected_formula`, :func:`convolution_formula`),
    so any size answers; the tests check them against the built stages.
    """
    fc, conv = fully_connected_formula(shape), convolution_formula(shape)
    return [
        fc,
        Counts(shape.out_channels * shape.inputs, shape.out_channels, fc.wires),
        Counts(conv.wires, shape.outputs, conv.wires),
        conv,
    ]


def allocated_weights(shape):
    """Weights a framework allocates for the convolution: ``C_out * C_in * k**2``, every kernel cell (biases apart).

    Keras and Caffe count these. They exceed ``convolution_formula(shape).weights``, the
    weights that can reach an output, when the padding is so wide that some kernel cells
    only ever meet padding: such a cell multiplies zeros, so its weight never changes an
    output (and its gradient is always zero), but it is stored all the same.
    """
    return shape.out_channels * shape.in_channels * shape.kernel ** 2


def products_with_padding(shape):
    """Multiply-accumulates if the padded zeros were multiplied too: ``C_out * m**2 * C_in * k**2``.

    What profilers usually report for a convolution (often doubled, as FLOPs); libraries
    such as Keras report parameters, not work.
    """
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
    used, _ = _used_ids(shape)
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
