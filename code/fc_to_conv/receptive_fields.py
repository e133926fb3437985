"""Receptive fields of real networks: which input pixels can change one output of each layer.

Every layer of a :class:`fc_to_conv.networks.Network` gets a :class:`Field`: its side ``r``
(the receptive field size), its jump ``j`` (input pixels between neighbouring outputs, the
effective stride) and ``start``, the input index of the first pixel of the first output's
window (negative when it lies in the padding). Two ways, which the tests check agree:

- :func:`fields`, the standard recurrence, layer by layer from the input (``r = 1, j = 1,
  start = 0``): a layer of kernel ``k``, dilation ``d``, stride ``s`` and ``p`` zeros before
  the first pixel gives ``r + d(k-1) * j``, ``j * s`` and ``start - p * j``. A residual
  addition takes the union of its sources' fields (their jumps must agree). Source: Araujo,
  Norris and Sim, "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019
  (doi:10.23915/distill.00021), whose effective padding is ``-start``.
- :func:`reaching_pixels`, a structural count: the input pixels from which a chain of wires
  leads to one output, traced backwards through each layer's own windows (pooling included).

Convention: the side counts the padded extent, as Distill does, the window as if the
padding were pixels, so it is the same for every output; an output near the border reads
zeros there, and the pixels of the image that reach it are fewer (:meth:`Field.clipped`).
Layers that read a whole map (global pooling, a dense layer, and what follows them) have
no field of their own: every pixel reaches each of their outputs (``None``).
"""

import functools
from dataclasses import dataclass

import numpy as np

from .networks import Add, Conv, Dense, GlobalPool, Pool, layer_rows
from .real_layers import extent, side_padding
from .validate import DENSE_LIMIT, non_negative_int


@dataclass(frozen=True)
class Field:
    """One layer's receptive field along each axis (the same on both): ``side`` and ``jump`` in input pixels, ``start`` an input index.

    ``start`` is where output 0's window begins (``-start`` zeros of padding before it when
    negative); output ``i``'s begins at ``start + i * jump``.
    """

    side: int
    jump: int
    start: int

    @property
    def centre(self):
        """The input coordinate of output 0's window centre: ``start + (side - 1) / 2`` (a half for an even side)."""
        return self.start + (self.side - 1) / 2

    def span(self, position):
        """(first, last) input index of output ``position``'s window, padding included."""
        first = self.start + non_negative_int("position", position) * self.jump
        return first, first + self.side - 1

    def clipped(self, input_side, position=0):
        """Pixels of an ``input_side``-pixel axis inside output ``position``'s window: its side with the padding cut off."""
        first, last = self.span(position)
        return max(0, min(last, input_side - 1) - max(first, 0) + 1)


#: The input's own field: each pixel reaches itself, neighbours one pixel apart, the first at 0.
INPUT = Field(1, 1, 0)
#: :func:`fc_to_conv.networks.layer_rows`, kept for the last networks asked about (a network is immutable, so
#: hashable): tracing every layer of ResNet-50 walks its rows hundreds of times.
_rows = functools.lru_cache(maxsize=8)(layer_rows)


def _window(field, kernel, stride, before, dilation=1):
    """The field after a window of ``kernel`` cells ``dilation`` apart, ``stride`` and ``before`` zeros of padding."""
    return Field(field.side + (extent(kernel, dilation) - 1) * field.jump, field.jump * stride,
                 field.start - before * field.jump)


def _union(network, layer, sources):
    """The field of a residual addition: the smallest window holding its sources' windows, which must move together."""
    if None in sources:
        return None
    jumps = {field.jump for field in sources}
    if len(jumps) != 1:
        raise ValueError(f"{network.name}, layer {layer.name}: its sources move by different jumps {sorted(jumps)}, "
                         f"so its outputs have no one receptive field")
    first = min(field.start for field in sources)
    last = max(field.start + field.side - 1 for field in sources)
    return Field(last - first + 1, jumps.pop(), first)


def fields(network):
    """Each layer's :class:`Field` by the recurrence, in layer order: a list of ``(layer name, Field or None)``.

    ``None`` for a layer each of whose outputs every pixel reaches (global pooling, dense
    layers, and anything after them). Sizes are checked as :func:`fc_to_conv.networks.layer_rows`
    checks them (its ValueError names the layer).
    """
    rows = _rows(network)
    by_name, result, previous = {}, [], INPUT
    for layer, row in zip(network.layers, rows):
        source = by_name[layer.source] if getattr(layer, "source", None) else previous
        if isinstance(layer, (Conv, Pool)) and source is not None:
            before = side_padding(row.input_shape[1], layer.kernel, layer.stride, layer.padding,
                                  getattr(layer, "dilation", 1))[0]
            field = _window(source, layer.kernel, layer.stride, before, getattr(layer, "dilation", 1))
        elif isinstance(layer, (GlobalPool, Dense)) or source is None:
            field = None
        elif isinstance(layer, Add):
            field = _union(network, layer, [by_name[name] for name in layer.sources])
        else:  # BatchNorm: value by value, the field of what it reads
            field = source
        by_name[layer.name] = previous = field
        result.append((layer.name, field))
    return result


def field_of(network, name):
    """The :class:`Field` (or ``None``) of the layer called ``name``; ValueError if there is none."""
    for layer_name, field in fields(network):
        if layer_name == name:
            return field
    raise ValueError(f"{network.name} has no layer {name!r}")


def last_field(network):
    """``(name, Field)`` of the network's last layer with a field of its own: the last before global pooling or dense layers.

    Where Araujo, Norris and Sim measure a network (the final feature maps of its
    convolutional part): VGG-16's last pooling, ResNet-50's last residual addition.
    """
    return [(name, field) for name, field in fields(network) if field is not None][-1]


def _back_through_window(mask, origin, layer, in_side, padded):
    """The input positions that reach the marked outputs of a Conv or Pool ``layer``: (mask, origin) as :func:`reaching_pixels`.

    ``mask[i, j]`` marks output ``(origin[0] + i, origin[1] + j)``; through kernel cell
    ``(a, b)`` it reads input ``(r*s + a*d - p, c*s + b*d - p)``. Unless ``padded``, only
    positions inside the ``in_side x in_side`` input are kept: a padded zero reaches nothing.
    """
    dilation = getattr(layer, "dilation", 1)
    before = side_padding(in_side, layer.kernel, layer.stride, layer.padding, dilation)[0]
    stride, reach = layer.stride, extent(layer.kernel, dilation)
    height, width = mask.shape
    reached = np.zeros(((height - 1) * stride + reach, (width - 1) * stride + reach), dtype=bool)
    for a in range(0, reach, dilation):
        for b in range(0, reach, dilation):
            reached[a:a + (height - 1) * stride + 1:stride, b:b + (width - 1) * stride + 1:stride] |= mask
    origin = (origin[0] * stride - before, origin[1] * stride - before)
    return (reached, origin) if padded else _inside(reached, origin, in_side)


def _inside(mask, origin, side):
    """The part of ``mask`` (its ``[0, 0]`` at ``origin``) inside a ``side x side`` map, as a full ``side x side`` mask."""
    inside = np.zeros((side, side), dtype=bool)
    top, left = max(origin[0], 0), max(origin[1], 0)
    bottom, right = min(origin[0] + mask.shape[0], side), min(origin[1] + mask.shape[1], side)
    if bottom > top and right > left:
        inside[top:bottom, left:right] = mask[top - origin[0]:bottom - origin[0], left - origin[1]:right - origin[1]]
    return inside, (0, 0)


def reaching_pixels(network, name, position=(0, 0), padded=False):
    """The input pixels from which some chain of wires leads to output ``position`` (row, col) of layer ``name``.

    Traced backwards from that output through every layer's own windows, stride, padding and
    dilation, pooling, normalisation (value by value) and residual additions (every source)
    included; global pooling and dense layers read all of their input. Returns ``(mask,
    origin)``: ``mask[i, j]`` is true when input pixel ``(origin[0] + i, origin[1] + j)`` reaches
    the output. Without ``padded`` a padded zero reaches nothing, and the mask covers the
    image, origin ``(0, 0)``. With ``padded``, every map is taken to go on past its border, the
    padding read as if it were outputs of the layer before, so the mask may reach into the
    padding of the image (negative coordinates, or past its last pixel): the padded extent that
    :class:`Field` measures. Raises ValueError for a position outside the layer's output, an
    unknown layer, or a mask of more than :data:`~fc_to_conv.validate.DENSE_LIMIT` pixels.
    """
    rows = _rows(network)
    side = network.input_shape[1]
    if side * side > DENSE_LIMIT:
        raise ValueError(f"reaching_pixels marks every input pixel: {side}x{side} is more than {DENSE_LIMIT:,}")
    names = [layer.name for layer in network.layers]
    if name not in names:
        raise ValueError(f"{network.name} has no layer {name!r}")
    last = names.index(name)
    shape = rows[last].output_shape
    if len(shape) == 2:
        row, col = (non_negative_int("position", value) for value in position)
        if max(row, col) >= shape[1]:
            raise ValueError(f"position {position} is outside the {shape[1]}x{shape[1]} output of layer {name!r}")
        target = (np.ones((1, 1), dtype=bool), (row, col))
    else:
        target = (np.ones((1, shape[0]), dtype=bool), (0, 0))
    masks = {name: target}
    for k in range(last, -1, -1):
        layer, read = network.layers[k], rows[k].input_shape
        if layer.name not in masks:
            continue
        mask, origin = masks.pop(layer.name)
        if isinstance(layer, (Conv, Pool)) and len(read) == 2:
            back = _back_through_window(mask, origin, layer, read[1], padded)
        elif isinstance(layer, (GlobalPool, Dense)) or len(read) != 2:
            back = (np.ones((read[1], read[1]) if len(read) == 2 else (1, read[0]), dtype=bool), (0, 0))
        else:  # BatchNorm and Add read their sources value by value
            back = (mask, origin)
        sources = layer.sources if isinstance(layer, Add) else [getattr(layer, "source", None) or
                                                                (names[k - 1] if k else None)]
        for source in sources:
            masks[source] = _merge(masks[source], back) if source in masks else back
    mask, origin = masks[None]
    if mask.shape[0] * mask.shape[1] > DENSE_LIMIT:
        raise ValueError(f"the padded extent is {mask.shape}, more than {DENSE_LIMIT:,} pixels")
    return mask, origin


def _merge(one, other):
    """The union of two (mask, origin) pairs, on the smallest rectangle holding both."""
    top = min(one[1][0], other[1][0])
    left = min(one[1][1], other[1][1])
    bottom = max(one[1][0] + one[0].shape[0], other[1][0] + other[0].shape[0])
    right = max(one[1][1] + one[0].shape[1], other[1][1] + other[0].shape[1])
    union = np.zeros((bottom - top, right - left), dtype=bool)
    for mask, (r, c) in (one, other):
        union[r - top:r - top + mask.shape[0], c - left:c - left + mask.shape[1]] |= mask
    return union, (top, left)


def extent_of(mask, origin):
    """(first, side) of the rows a mask marks, as input coordinates, and the same for its columns."""
    rows, cols = np.nonzero(mask)
    return ((origin[0] + int(rows.min()), int(rows.max() - rows.min() + 1)),
            (origin[1] + int(cols.min()), int(cols.max() - cols.min() + 1)))


def structural_field(network, name):
    """The layer's :class:`Field` counted on :func:`reaching_pixels` (padded), not by the recurrence.

    Side and start: the extent of the pixels that reach output ``(0, 0)``, which must be a
    square; jump: how far the extent of output ``(0, 1)`` starts from it, or ``None`` when the
    layer has a single output per row, with no neighbour to measure against. For a layer
    whose outputs every pixel reaches (global pooling, dense layers: ``None`` in :func:`fields`)
    the answer describes nothing; :func:`reaching_pixels` shows it marks the whole image.
    """
    (top, side), (left, width) = extent_of(*reaching_pixels(network, name, (0, 0), padded=True))
    if (top, side) != (left, width):
        raise ArithmeticError(f"{network.name}, layer {name}: the pixels that reach output (0, 0) span rows "
                              f"{top}..{top + side - 1} but columns {left}..{left + width - 1}")
    out_side = {row.name: row for row in _rows(network)}[name].output_shape[1]
    jump = extent_of(*reaching_pixels(network, name, (0, 1), padded=True))[1][0] - left if out_side > 1 else None
    return Field(side, jump, top)


def square(network, name, position, padded=False):
    """``(top, left, side)`` of the smallest square holding the pixels that reach output ``position`` of layer ``name``.

    Counted on :func:`reaching_pixels`; with ``padded``, the square reaches into the padding.
    """
    (top, rows), (left, cols) = extent_of(*reaching_pixels(network, name, position, padded))
    return top, left, max(rows, cols)


def centre_squares(network, names):
    """For each named layer, ``(name, top, left, side)``: the square of its centre output (``(m - 1) // 2`` on each axis)."""
    sides = {row.name: row.output_shape[-1] for row in _rows(network)}
    return [(name, *square(network, name, ((sides[name] - 1) // 2,) * 2)) for name in names]
