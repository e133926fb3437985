"""Translation equivariance: move the picture, and a convolution's output moves with it; a fully connected layer's does not.

Both layers are built as :class:`~fc_to_conv.wiring.Layer` objects and applied to a crop
of the cameraman photograph and to the same scene moved by a few pixels. For the
convolution (the layer derived in this book, :func:`fc_to_conv.convolution.convolutional`)
the output of the moved picture equals the moved output wherever both are defined, that
is away from the borders, where the moved picture shows new content. For a fully
connected layer with random weights, arranged as a map of the same size, it does not.
"""

from dataclasses import dataclass

import numpy as np

from .convolution import convolutional
from .fully_connected import fully_connected
from .real_layers import ConvShape, convolution_layer, kernel_weights
from .validate import image2d, positive_int

#: The crop of the cameraman photograph: its side and top-left corner (row, col), around the man's head.
CROP_SIDE = 48
CROP_CORNER = (112, 196)
#: How far the scene moves: rows down, columns right.
SHIFT = (3, 5)
#: The convolution's kernel side.
KERNEL_SIDE = 3
#: Largest difference between "shift, then convolve" and "convolve, then shift" that counts as equal.
TOLERANCE = 1e-9
#: White on the photograph's 0..255 scale, the scale of the earlier chapters; the experiment divides by it.
WHITE = 255


def moved_crops(photo, corner=CROP_CORNER, side=CROP_SIDE, shift=SHIFT):
    """A ``side x side`` crop of ``photo`` and the same scene moved by ``shift`` = (rows down, cols right).

    ``moved[r, c] == crop[r - dy, c - dx]`` wherever that pixel is in the crop; elsewhere the
    moved crop shows the photograph's pixels that come into view, as a camera panning would.
    Gray values are scaled to 0..1: a photograph of 0..255 values is divided by :data:`WHITE`.
    """
    photo = image2d(photo)
    side = positive_int("side", side)
    (row, col), (dy, dx) = corner, shift
    if min(row, col, row - dy, col - dx) < 0 or max(row, row - dy) + side > photo.shape[0] \
            or max(col, col - dx) + side > photo.shape[1]:
        raise ValueError(f"a {side}x{side} crop at {corner} moved by {shift} must stay inside the "
                         f"{photo.shape[0]}x{photo.shape[1]} photograph")
    scale = float(WHITE) if photo.max() > 1 else 1.0
    crop = photo[row:row + side, col:col + side] / scale
    moved = photo[row - dy:row - dy + side, col - dx:col - dx + side] / scale
    return crop, moved


def shift_map(values, shift):
    """``values`` moved by ``shift`` = (rows down, cols right), with NaN where nothing moved in."""
    values = image2d(values)
    dy, dx = shift
    rows, cols = values.shape
    out = np.full(values.shape, np.nan)
    out[max(dy, 0):rows + min(dy, 0), max(dx, 0):cols + min(dx, 0)] = \
        values[max(-dy, 0):rows - max(dy, 0), max(-dx, 0):cols - max(dx, 0)]
    return out


def gap(of_moved, moved_output):
    """(largest absolute difference, relative difference) where the moved output is defined.

    The relative difference is the root-mean-square of the difference divided by the
    root-mean-square of ``moved_output``, both over the positions where it is defined:
    0 when the two agree, 1 when the difference is as large as the output on average.
    """
    defined = ~np.isnan(moved_output)
    difference = of_moved[defined] - moved_output[defined]
    return float(np.abs(difference).max()), float(np.linalg.norm(difference) / np.linalg.norm(moved_output[defined]))


@dataclass(frozen=True)
class Experiment:
    """The pictures and outputs of :func:`experiment`: for each layer, f(moved picture) and moved f(picture)."""

    crop: np.ndarray
    moved: np.ndarray
    shift: tuple
    conv_of_moved: np.ndarray
    conv_moved: np.ndarray
    fc_of_moved: np.ndarray
    fc_moved: np.ndarray

    @property
    def conv_gap(self):
        """(largest absolute difference, relative difference) for the convolution."""
        return gap(self.conv_of_moved, self.conv_moved)

    @property
    def fc_gap(self):
        """(largest absolute difference, relative difference) for the fully connected layer."""
        return gap(self.fc_of_moved, self.fc_moved)


def experiment(photo, corner=CROP_CORNER, side=CROP_SIDE, shift=SHIFT, kernel_side=KERNEL_SIDE, seed=0):
    """Apply a convolution and a fully connected layer, random weights each, to the crop and to the moved crop.

    The fully connected layer has the convolution's inputs and outputs, its outputs arranged
    as a map of the convolution's output size so that "moved" means the same for both.
    """
    crop, moved = moved_crops(photo, corner, side, shift)
    rng = np.random.default_rng(seed)
    kernel = (kernel_side, kernel_side)
    conv = convolutional(crop.shape, kernel, groups=1)
    out_shape = (side - kernel_side + 1,) * 2
    conv_weights = rng.normal(size=conv.weights) / kernel_side
    dense = fully_connected(conv.pixels, conv.neurons)
    dense_weights = rng.normal(size=dense.weights) / np.sqrt(dense.pixels)
    return Experiment(crop, moved, tuple(shift),
                      conv.apply_as_maps(moved, conv_weights, out_shape),
                      shift_map(conv.apply_as_maps(crop, conv_weights, out_shape), shift),
                      dense.apply_as_maps(moved, dense_weights, out_shape),
                      shift_map(dense.apply_as_maps(crop, dense_weights, out_shape), shift))


def verify_equivariance(result, tolerance=TOLERANCE):
    """Return the convolution's largest difference; raise ArithmeticError if it exceeds ``tolerance``."""
    largest, _ = result.conv_gap
    if not largest <= tolerance:
        raise ArithmeticError(
            f"the convolution is not translation equivariant here: moving the picture by {result.shift} "
            f"changes its output by up to {largest:.3g} beyond moving it, more than {tolerance:g}"
        )
    return largest


def strided_gap(photo, stride, shift, corner=CROP_CORNER, side=32, kernel_side=KERNEL_SIDE, seed=0):
    """:func:`gap` for a convolution with ``stride``, the picture moved by ``shift`` and its output by ``shift / stride``.

    The output is moved by ``shift // stride`` (whole outputs); the difference is zero up to
    rounding only when the stride divides the shift.
    """
    crop, moved = moved_crops(photo, corner, side, shift)
    shape = ConvShape(side, 1, kernel_side, 1, stride=stride, floor=True)
    layer = convolution_layer(shape)
    kernels = np.random.default_rng(seed).normal(size=(1, 1, kernel_side, kernel_side))
    weights = kernel_weights(shape, kernels)
    out_shape = (shape.out_side, shape.out_side)
    of_moved = layer.apply_as_maps(moved, weights, out_shape)
    moved_output = shift_map(layer.apply_as_maps(crop, weights, out_shape), (shift[0] // stride, shift[1] // stride))
    return gap(of_moved, moved_output)


def random_layer_gap(layer, photo, out_shape, shift=SHIFT, corner=CROP_CORNER, seed=0):
    """Relative difference between "move, then apply" and "apply, then move" for any layer with random weights.

    ``layer`` reads a square crop of the photograph (its pixel count fixes the side) and its
    neurons are arranged as a map of ``out_shape``.
    """
    side = int(round(np.sqrt(layer.pixels)))
    crop, moved = moved_crops(photo, corner, side, shift)
    weights = np.random.default_rng(seed).normal(size=layer.weights)
    of_moved = layer.apply_as_maps(moved, weights, out_shape)
    moved_output = shift_map(layer.apply_as_maps(crop, weights, out_shape), shift)
    return gap(of_moved, moved_output)[1]
