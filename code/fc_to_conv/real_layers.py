"""Beyond the article: channels, stride, padding, dilation and biases, built as Layers and counted, with closed forms.

The input is an ``n x n`` image with ``C_in`` channels, flattened channel by channel
(pixel ``(c, r, col)`` has index ``c*n*n + r*n + col``). A convolution with ``C_out``
kernels of ``k x k``, stride ``s``, dilation ``d`` and zero padding ``p`` on every side has
``m x m`` outputs per channel, ``m = (n + 2p - (d(k-1) + 1)) / s + 1``, flattened the same
way (neuron ``(o, i, j)`` has index ``o*m*m + i*m + j``): output channel ``o`` is the group
of the earlier chapters. A dilated kernel (``d > 1``, the *atrous* convolution) spreads its
cells ``d`` pixels apart, so its ``k x k`` weights reach a window of side ``d(k-1) + 1``.
The padding may also differ between the two ends of an axis, as frameworks pad
(:func:`side_padding`: ``(before, after)``, or Keras's ``"same"``).

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

import itertools
from dataclasses import dataclass

import numpy as np

from .fully_connected import fully_connected
from .validate import DENSE_LIMIT, boolean, check_dense, divisors, positive_int
from .validate import padding as validate_padding
from .wiring import NO_WIRE, Layer

#: Most wires (and kernel cells) :func:`convolution_wires` enumerates: 2**28, about 268 million, a second or so.
WIRE_LIMIT = 2 ** 28
#: Wires per chunk of :func:`convolution_wires`: 2**20, so a chunk's arrays take some tens of MiB.
WIRE_CHUNK = 2 ** 20


def extent(kernel, dilation=1):
    """The side of the window a ``kernel x kernel`` kernel reaches with cells ``dilation`` pixels apart: ``dilation*(kernel-1) + 1``."""
    return positive_int("dilation", dilation) * (positive_int("kernel side", kernel) - 1) + 1


def side_padding(side, kernel, stride=1, padding=0, dilation=1):
    """The zeros added along each axis as ``(before, after)``: before the first pixel (top, left), after the last (bottom, right).

    ``padding`` is one of: a whole number ``p >= 0``, ``p`` zeros at both ends (PyTorch's
    ``padding=p``); a pair ``(before, after)`` of them, the same on both axes (Keras's
    ``ZeroPadding2D(((before, after), (before, after)))``, which MobileNet puts before its
    stride-2 depthwise layers as ``(0, 1)``); or ``"same"``, as Keras and TensorFlow pad: the
    output side is ``ceil(side / stride)``, which needs ``(out - 1)*stride + extent - side`` zeros
    (none if that is negative), half of them before and the odd one after. Sources: the notes
    on SAME padding in TensorFlow's ``tf.nn`` documentation; PyTorch's ``padding="same"``
    (stride 1 only) pads the odd zero after as well (pytorch/pytorch pull request 45667).
    Raises ValueError for any other value.
    """
    side, kernel, stride = positive_int("image side", side), positive_int("kernel side", kernel), positive_int("stride", stride)
    padding = validate_padding("padding", padding)
    if padding == "same":
        total = max(0, (-(-side // stride) - 1) * stride + extent(kernel, dilation) - side)
        return total // 2, total - total // 2
    return (padding, padding) if isinstance(padding, int) else padding


def output_side(side, kernel, stride=1, padding=0, floor=False, dilation=1):
    """Outputs per row (and per column) of a ``kernel x kernel`` kernel on a padded ``side x side`` image.

    ``(side + before + after - extent) / stride + 1``, with ``(before, after)`` the padding of
    :func:`side_padding` (``2*padding`` for a whole number) and ``extent = dilation*(kernel-1) + 1``
    the window a dilated kernel reaches. Raises ValueError, saying what is allowed, for sizes
    that are not whole numbers >= 1 (padding >= 0), a kernel larger than the padded image, or a
    stride that does not divide ``side + before + after - extent`` unless ``floor`` is true or
    the padding is ``"same"`` (then the last rows and columns that the kernel cannot fully reach
    are dropped, as deep-learning libraries do).
    """
    side = positive_int("image side", side)
    kernel = positive_int("kernel side", kernel)
    stride = positive_int("stride", stride)
    dilation = positive_int("dilation", dilation)
    floor = boolean("floor", floor)
    padding = validate_padding("padding", padding)
    before, after = side_padding(side, kernel, stride, padding, dilation)
    reach = extent(kernel, dilation)
    padded = side + before + after
    padded_words = f"side {side} + " + (f"2 x padding {before}" if before == after else f"padding {before} + {after}")
    spread = f" (dilation {dilation}: a {reach}x{reach} window)" if reach > kernel else ""
    if reach > padded:
        raise ValueError(
            f"kernel {kernel}x{kernel}{spread} is larger than the padded image {padded}x{padded} "
            f"({padded_words}); the kernel side may be at most {(padded - 1) // dilation + 1}, "
            f"or pad by at least {-(-(reach - side) // 2)} on every side ({reach - side} in all)"
        )
    span = padded - reach
    if span % stride and not (floor or padding == "same"):
        allowed = divisors(span) if span else [1]
        raise ValueError(
            f"stride {stride} does not fit: the kernel{spread} can move {span} pixels "
            f"({padded_words} - {'window' if spread else 'kernel'} {reach}), which is not a multiple of {stride}, "
            f"so the output size would not be a whole number; strides that fit: {allowed} "
            f"(or change the padding, or pass floor=True to drop the last positions as libraries do)"
        )
    return span // stride + 1


@dataclass(frozen=True)
class ConvShape:
    """The sizes of one layer: ``side x side`` image with ``in_channels``, ``out_channels`` kernels of ``kernel x kernel``.

    ``padding`` as :func:`side_padding` takes it (``pads`` gives it as ``(before, after)``),
    ``dilation`` the spacing of the kernel's cells (``extent`` the window it reaches). Checked
    when made (see :func:`output_side`), and every size stored as a Python int (numpy integers
    are converted), so that every count made from it is exact at any size; ``out_side`` is the
    output's side.
    """

    side: int
    in_channels: int
    kernel: int
    out_channels: int
    stride: int = 1
    padding: int = 0
    floor: bool = False
    dilation: int = 1

    def __post_init__(self):
        output_side(self.side, self.kernel, self.stride, self.padding, self.floor, self.dilation)
        checked = {"side": positive_int("image side", self.side), "kernel": positive_int("kernel side", self.kernel),
                   "stride": positive_int("stride", self.stride), "padding": validate_padding("padding", self.padding),
                   "in_channels": positive_int("in_channels", self.in_channels),
                   "out_channels": positive_int("out_channels", self.out_channels),
                   "floor": boolean("floor", self.floor), "dilation": positive_int("dilation", self.dilation)}
        for field, value in checked.items():
            object.__setattr__(self, field, value)

    @property
    def pads(self):
        """The padding along each axis as ``(before, after)``: zeros at the top (left) and at the bottom (right)."""
        return side_padding(self.side, self.kernel, self.stride, self.padding, self.dilation)

    @property
    def extent(self):
        """The side of the window the kernel reaches: ``dilation*(kernel-1) + 1``, the kernel side without dilation."""
        return extent(self.kernel, self.dilation)

    @property
    def out_side(self):
        """Outputs per row and per column of each output channel."""
        return output_side(self.side, self.kernel, self.stride, self.padding, self.floor, self.dilation)

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
    positions = (np.arange(shape.out_side)[:, None] * shape.stride + np.arange(shape.kernel)[None, :] * shape.dilation
                 - shape.pads[0])
    return positions, (positions >= 0) & (positions < shape.side)


def convolution_wires(shape, chunk=WIRE_CHUNK):
    """The convolution's wires in sparse form: arrays ``(neuron, pixel, id)``, a chunk of wires at a time.

    The same structure as :func:`convolution_ids` without its dense array, so memory stays
    bounded whatever the size: only wires exist. Along one axis, output position ``i`` reads,
    through kernel offset ``a``, pixel ``i*s + a*d - p`` when that is inside the image, with ``d``
    the dilation and ``p`` the padding before the first pixel (the pairs
    :func:`axis_hits` counts); a wire is a pair of such axis wires, one per axis, for each
    output channel ``o`` and input channel ``c``, with id ``((o*C_in + c)*k + a)*k + b``.
    A chunk is whole rows of such pairs: at most ``chunk`` wires, or one row if a row is longer.
    Raises ValueError, before anything is built, if the layer is beyond :func:`check_wire_limit`;
    :func:`convolution_formula` counts any size.
    """
    check_wire_limit(shape)
    return wire_chunks(shape, chunk)


def check_wire_limit(shape):
    """Raise ValueError, before anything is allocated, if the structural count of ``shape`` would exceed its limits.

    What is counted: the wires (from :func:`convolution_formula`, in O(1) memory) and the kernel
    cells, at most :data:`WIRE_LIMIT` of each, and the (output position, kernel offset) pairs of
    one axis, at most :data:`~fc_to_conv.validate.DENSE_LIMIT`: each pair takes some tens of
    bytes in the arrays that find its pixel, whether or not it lands on one (padding).
    """
    total = convolution_formula(shape, biases=False).wires
    cells = shape.out_channels * shape.in_channels * shape.kernel ** 2
    pairs = shape.out_side * shape.kernel
    if max(total, cells) > WIRE_LIMIT or pairs > DENSE_LIMIT:
        raise ValueError(
            f"{shape} has {total:,} wires, {cells:,} kernel cells and {pairs:,} (position, offset) pairs per axis; "
            f"the structural count enumerates at most {WIRE_LIMIT:,} wires and kernel cells and {DENSE_LIMIT:,} pairs. "
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

    Neuron ``(o, i, j)`` reads, through kernel cell ``(c, a, b)``, pixel ``(c, i*s + a*d - p,
    j*s + b*d - p)`` when that is inside the image (``d`` the dilation, ``p`` the padding before
    the first pixel); cells on the padding get no wire. Ids of
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
    dilated = f", dilation {shape.dilation}" if shape.dilation > 1 else ""
    return Layer(compact, f"convolution {shape.kernel}x{shape.kernel}, stride {shape.stride}, padding {shape.padding}"
                 f"{dilated}", shape.out_channels)


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

    Offset ``a`` at output position ``i`` reads pixel ``i*s + a*d - p`` (``p`` the padding before
    the first pixel); it is in the image for ``i`` from ``ceil((p - a*d) / s)`` to
    ``floor((n - 1 + p - a*d) / s)``, clipped to ``0 .. m-1``. An array with one entry per offset:
    raises ValueError for kernels longer than :data:`~fc_to_conv.validate.DENSE_LIMIT`
    (:func:`axis_counts` gives the count of offsets reached and the sum, in O(1) memory).
    """
    if shape.kernel > DENSE_LIMIT:
        raise ValueError(f"axis_hits makes one entry per kernel offset, at most {DENSE_LIMIT:,}; {shape} has "
                         f"{shape.kernel:,}. fc_to_conv.real_layers.axis_counts counts them in O(1) memory.")
    a = np.arange(shape.kernel) * shape.dilation
    before = shape.pads[0]
    first = np.maximum(0, -((a - before) // shape.stride))
    last = np.minimum(shape.out_side - 1, (shape.side - 1 + before - a) // shape.stride)
    return np.maximum(0, last - first + 1)


def _floor_sum(count, divisor, slope, start):
    """``sum((slope*i + start) // divisor for i in range(count))`` for whole numbers (``divisor >= 1``), in O(log) steps.

    The Euclid-like reduction of AtCoder Library's ``floor_sum``: take the whole multiples of
    ``divisor`` out of ``slope`` and ``start``, then count the lattice points under the line with
    the axes swapped. O(1) memory and exact in Python ints, where a loop would take ``count`` steps.
    """
    total = 0
    while True:
        total += (count - 1) * count // 2 * (slope // divisor) + count * (start // divisor)
        slope, start = slope % divisor, start % divisor
        top = slope * count + start
        if top < divisor:
            return total
        count, start, divisor, slope = top // divisor, top % divisor, slope, divisor


def _padding_pairs(pad, kernel, stride, positions, dilation):
    """The (position ``i``, offset ``a``) pairs with ``i*stride + a*dilation < pad``, ``i < positions``, ``a < kernel``, in O(log).

    With ``pad`` the padding on one side, these are the pairs whose kernel offset lands on that
    side's padding. Position ``i`` puts ``clip(ceil((pad - i*stride) / dilation), 0, kernel)``
    offsets there: all ``kernel`` for the first ``full`` positions, fewer up to position
    ``touching``, a sum of floors that :func:`_floor_sum` adds up (positions taken last to first).
    """
    touching = min(positions, max(0, -(-pad // stride)))  # positions i with pad - i*s > 0
    reach = (kernel - 1) * dilation  # full: pad - i*s > (k-1)*d, so every offset is on the padding
    full = min(touching, max(0, -(-(pad - reach) // stride)))
    partial = touching - full
    return full * kernel + _floor_sum(partial, dilation, stride, pad + dilation - 1 - (touching - 1) * stride)


def axis_counts(shape):
    """(offsets reached, pairs on pixels) along one axis, in O(log) time and O(1) memory: the ``t`` and ``r`` of :func:`convolution_formula`.

    With ``p`` the padding before the first pixel and ``d`` the dilation, ``r`` counts the
    (output position ``i``, kernel offset ``a``) pairs with ``i*s + a*d - p`` inside the image:
    all ``m*k`` pairs less those on the padding before it and those on the padding after it
    (read up to ``(m-1)*s + d*(k-1) + 1 - p - n`` zeros: the padding after, unless ``floor``
    dropped positions); the second is the first mirrored (``i -> m-1-i``, ``a -> k-1-a``).
    ``t`` counts the offsets ``a`` that some position puts on a pixel: offset ``a`` reads the
    pixels ``[p - a*d, p - a*d + n - 1]`` shifted by the window starts ``0, s, .. (m-1)*s``; when
    ``n >= s`` every such interval that overlaps the starts' range holds one, so ``t`` counts the
    ``a < k`` with ``a*d`` in ``[max(0, p - (m-1)*s), p + n - 1]``; when ``n <= s`` the offsets
    reached by different positions are disjoint, so ``t = r``. (The sum of :func:`axis_hits` is ``r``.)
    """
    n, k, s, d, m = shape.side, shape.kernel, shape.stride, shape.dilation, shape.out_side
    before = shape.pads[0]
    after = (m - 1) * s + shape.extent - before - n
    pairs = m * k - _padding_pairs(before, k, s, m, d) - _padding_pairs(after, k, s, m, d)
    low = max(0, before - (m - 1) * s)
    offsets = pairs if n <= s else max(0, min(k - 1, (before + n - 1) // d) - -(-low // d) + 1)
    return offsets, pairs


def convolution_formula(shape, biases=True):
    """The convolution's Counts in closed form.

    weights = ``C_out * C_in * t**2``, with ``t`` the kernel offsets per axis that ever land on
    a pixel (``t = k`` unless some kernel rows only ever meet padding);
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
    weights that can reach an output, when some kernel cells only ever meet padding (wide
    padding on a small map, or a stride that skips every position where they would meet a pixel): such a cell multiplies zeros, so its weight never changes an
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
    """A grid of small layers, every stride, padding and dilation that fits, for :func:`check_closed_forms`."""
    shapes = []
    for side, kernel, stride, padding, dilation, (in_channels, out_channels) in itertools.product(
            (1, 2, 3, 4, 5, 7), (1, 2, 3), (1, 2, 3), (0, 1, 2, (0, 1), (2, 1), "same"), (1, 2), ((1, 1), (2, 3))):
        try:
            shapes.append(ConvShape(side, in_channels, kernel, out_channels, stride, padding, True, dilation))
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
