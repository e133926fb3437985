"""What deep-learning frameworks store for a convolution: the book's kernels in PyTorch's and Keras's tensors.

PyTorch's ``torch.nn.Conv2d`` keeps its kernels in ``weight``, a tensor of shape
``(C_out, C_in / groups, k, k)``, and reads images as ``(batch, C_in, rows, cols)``; Keras's
``keras.layers.Conv2D`` keeps them in ``kernel``, shape ``(k, k, C_in / groups, C_out)``, and
reads images as ``(batch, rows, cols, C_in)`` (its default, channels last). Both compute a
cross-correlation, the kernel not flipped. (Sources: the PyTorch documentation of
``torch.nn.Conv2d``, its variable ``weight``; the Keras documentation of ``Conv2D``;
``tests/test_networks_oracle.py`` runs Keras's layer and checks the layout and the outputs.)

The book's kernels, one per output channel (:func:`fc_to_conv.convolution.kernels`, and
:func:`fc_to_conv.real_layers.kernel_weights` for several input channels), are an array of
shape ``(C_out, C_in, k, k)``: PyTorch's order. :data:`AXES` says where each of its axes goes
in each framework's tensor; :func:`to_framework` moves them there. :func:`torch_conv2d` and
:func:`keras_conv2d` compute, in NumPy, what each framework's layer computes from its own
tensors (stride 1, no padding, no bias, one channel group), so that the book can show that the
moved weights give the book's outputs.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .text import markdown_table

#: For each framework, the order in which its kernel tensor holds the book's axes
#: (output channel, input channel, kernel row, kernel column): ``numpy.transpose`` axes.
AXES = {"PyTorch": (0, 1, 2, 3), "Keras": (2, 3, 1, 0)}
#: Each framework's tensor, its layer and the shape it documents.
TENSORS = {"PyTorch": ("Conv2d.weight", "(C_out, C_in/groups, k, k)"),
           "Keras": ("Conv2D.kernel", "(k, k, C_in/groups, C_out)")}


def _kernels4d(kernels):
    """``kernels`` as a float array of shape (C_out, C_in, k, k); ValueError for any other number of axes."""
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim != 4:
        raise ValueError(f"kernels must have shape (C_out, C_in, k, k), 4 axes; got shape {kernels.shape}")
    return kernels


def _framework(name):
    """``name`` if it is a framework of :data:`AXES`, else ValueError naming them."""
    if name not in AXES:
        raise ValueError(f"unknown framework {name!r}; frameworks: {list(AXES)}")
    return name


def to_framework(kernels, framework):
    """The book's kernels, shape (C_out, C_in, k, k), as ``framework``'s kernel tensor ("PyTorch" or "Keras")."""
    return _kernels4d(kernels).transpose(AXES[_framework(framework)]).copy()


def weight_positions(kernels_shape):
    """Where each weight of kernels of shape (C_out, C_in, k, k) sits: one dict per weight, in the book's id order.

    Each has ``weight`` (the book's index), ``channel`` (output), ``input`` (input channel),
    ``cell`` (kernel row, column) and, per framework, its index in that framework's tensor,
    found by putting the weights' indices into the tensor with :func:`to_framework` and
    looking each one up.
    """
    ids = np.arange(int(np.prod(kernels_shape))).reshape(kernels_shape)
    _kernels4d(ids)
    placed = {name: to_framework(ids, name) for name in AXES}
    rows = []
    for weight, (o, c, a, b) in enumerate(np.argwhere(ids >= 0).tolist()):
        row = {"weight": weight, "channel": o, "input": c, "cell": (a, b)}
        for name, tensor in placed.items():
            [index] = np.argwhere(tensor == weight).tolist()
            row[name] = tuple(index)
        rows.append(row)
    return rows


def positions_markdown(kernels_shape, symbol="w"):
    """:func:`weight_positions` as a Markdown table: weight, output channel, kernel cell and its index in each tensor."""
    header = ("weight", "output channel (group)", "kernel cell (row, column)") + tuple(
        f"PyTorch `{TENSORS['PyTorch'][0].split('.')[1]}`" if name == "PyTorch" else f"Keras `{TENSORS[name][0].split('.')[1]}`"
        for name in AXES)
    rows = [(f"${symbol}_{{{r['weight']}}}$", r["channel"], f"({r['cell'][0]}, {r['cell'][1]})")
            + tuple("[" + ", ".join(map(str, r[name])) + "]" for name in AXES) for r in weight_positions(kernels_shape)]
    return markdown_table(header, rows, right=(1,)) + "\n"


def torch_conv2d(images, weight):
    """What ``torch.nn.Conv2d`` computes (stride 1, no padding, no bias), in NumPy.

    ``images``: (batch, C_in, rows, cols); ``weight``: (C_out, C_in, k, k). Returns (batch, C_out,
    rows - k + 1, cols - k + 1): output ``[n, o, i, j]`` is the sum over ``c, a, b`` of
    ``images[n, c, i + a, j + b] * weight[o, c, a, b]``.
    """
    images, weight = np.asarray(images, dtype=float), _kernels4d(weight)
    _check_channels(images.shape[1], weight.shape[1], weight.shape[2:], images.shape[2:])
    windows = sliding_window_view(images, weight.shape[2:], axis=(2, 3))
    return np.einsum("ncijab,ocab->noij", windows, weight)


def keras_conv2d(images, kernel):
    """What ``keras.layers.Conv2D`` computes (stride 1, ``padding="valid"``, no bias, channels last), in NumPy.

    ``images``: (batch, rows, cols, C_in); ``kernel``: (k, k, C_in, C_out). Returns (batch,
    rows - k + 1, cols - k + 1, C_out): output ``[n, i, j, o]`` is the sum over ``a, b, c`` of
    ``images[n, i + a, j + b, c] * kernel[a, b, c, o]``.
    """
    images, kernel = np.asarray(images, dtype=float), _kernels4d(kernel)
    _check_channels(images.shape[3], kernel.shape[2], kernel.shape[:2], images.shape[1:3])
    windows = sliding_window_view(images, kernel.shape[:2], axis=(1, 2))
    return np.einsum("nijcab,abco->nijo", windows, kernel)


def _check_channels(image_channels, kernel_channels, kernel_shape, image_shape):
    """ValueError unless the images have the kernels' input channels and the kernel fits on them."""
    if image_channels != kernel_channels:
        raise ValueError(f"the images have {image_channels} channels, the kernels expect {kernel_channels}")
    if any(k > n for k, n in zip(kernel_shape, image_shape)):
        raise ValueError(f"a kernel of {tuple(kernel_shape)} does not fit on images of {tuple(image_shape)}")


def framework_maps(image, kernels):
    """The feature maps, shape (C_out, rows - k + 1, cols - k + 1), that each framework computes from the book's kernels.

    ``image`` is one gray image (rows, cols); ``kernels`` the book's, shape (C_out, 1, k, k). The
    kernels are moved into each framework's tensor (:func:`to_framework`), the image into its
    input layout, and the framework's outputs are brought back to the book's (channel, row, column).
    Returns ``{"PyTorch": maps, "Keras": maps}``.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image must be 2-D (rows, cols), got shape {image.shape}")
    return {"PyTorch": torch_conv2d(image[None, None], to_framework(kernels, "PyTorch"))[0],
            "Keras": keras_conv2d(image[None, :, :, None], to_framework(kernels, "Keras"))[0].transpose(2, 0, 1)}


# ---------------------------------------------------------------- one kernel across input channels

#: The input channels of the colour example, in order, as :func:`colour_example` names them.
CHANNELS = ("red", "green", "blue")


def colour_example():
    """A 3x3 colour image and one kernel for it: ``(image, kernel)``, shapes (3, 3, 3) and (3, 2, 2).

    The image's red channel is the article's gray image, its green one the same transposed
    and its blue one the negative (255 minus it); the kernel has one 2x2 slice per channel, of
    small whole numbers. It is one output channel's part of a framework's tensor: PyTorch's
    ``weight[o]``, Keras's ``kernel[:, :, :, o]`` moved to (C_in, k, k).
    """
    from .image import example_image

    gray = example_image()
    image = np.stack([gray, gray.T, 255 - gray])
    kernel = np.array([[[1, 0], [0, -1]], [[0, 1], [1, 0]], [[-1, 1], [0, 0]]], dtype=float)
    return image, kernel


def channel_sums(image, kernel):
    """One kernel of ``C_in`` slices on an image of ``C_in`` channels: each channel's map, and their sum, the output map.

    ``image`` (C_in, rows, cols), ``kernel`` (C_in, k, k). Returns ``(maps, output)``: ``maps[c]``
    is slice ``c`` slid over channel ``c`` (:func:`fc_to_conv.convolution.cross_correlate`),
    ``output`` their sum, the single map the kernel makes; :func:`torch_conv2d` gives the
    same output in one sum (the tests check it).
    """
    from .convolution import cross_correlate

    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel, dtype=float)
    if image.ndim != 3 or kernel.ndim != 3 or image.shape[0] != kernel.shape[0]:
        raise ValueError(f"image (C_in, rows, cols) and kernel (C_in, k, k) must have the same channels; "
                         f"got shapes {image.shape} and {kernel.shape}")
    maps = np.stack([cross_correlate(channel, piece) for channel, piece in zip(image, kernel)])
    return maps, maps.sum(axis=0)
