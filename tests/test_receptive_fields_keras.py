"""Receptive fields against Keras: the gradient of one output with respect to the input is nonzero exactly on its field.

Each network's spatial layers, up to the last with a field of its own, are rebuilt in Keras 3
(JAX backend) with one channel, kernels of ones and no bias or activation, so that every chain of
wires carries a positive product: a pixel changes the output exactly when a chain leads from it.
Pooling is averaged rather than maxed (a max passes its gradient to one pixel of the window
only), and padding is Keras's own: ``padding="same"`` where the layer says "same", a
``ZeroPadding2D`` of the given zeros otherwise. The pixels with a nonzero gradient are
compared with :func:`fc_to_conv.receptive_fields.reaching_pixels`, traced on the package's wiring.
"""

import os

import numpy as np
import pytest

from fc_to_conv import networks, receptive_fields

pytestmark = pytest.mark.slow

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras", reason="Keras is installed by requirements-test.txt (make test)")
jax = pytest.importorskip("jax")
layers = keras.layers


def _windowed(layer, tensor, make):
    """``tensor`` through Keras's padding for ``layer`` and the windowed layer ``make(padding)``."""
    if layer.padding == "same":
        return make("same")(tensor)
    pads = (layer.padding,) * 2 if isinstance(layer.padding, int) else tuple(layer.padding)
    return make("valid")(layers.ZeroPadding2D((pads, pads))(tensor) if any(pads) else tensor)


def keras_spatial(network):
    """A one-channel Keras model of ``network``'s layers up to its last with a field (positive, linear), and that layer's name."""
    last, _ = receptive_fields.last_field(network)
    inputs = keras.Input((network.input_shape[1], network.input_shape[1], 1))
    outputs, previous = {}, inputs
    for layer in network.layers:
        read = outputs[layer.source] if getattr(layer, "source", None) else previous
        if isinstance(layer, networks.Conv):
            tensor = _windowed(layer, read, lambda padding: layers.Conv2D(
                1, layer.kernel, strides=layer.stride, padding=padding, dilation_rate=layer.dilation, use_bias=False,
                kernel_initializer="ones"))
        elif isinstance(layer, networks.Pool):
            tensor = _windowed(layer, read, lambda padding: layers.AveragePooling2D(layer.kernel, layer.stride, padding))
        elif isinstance(layer, networks.Add):
            tensor = layers.Add()([outputs[name] for name in layer.sources])
        else:  # batch normalisation: value by value, the identity here
            tensor = read
        outputs[layer.name] = previous = tensor
        if layer.name == last:
            return keras.Model(inputs, tensor), last
    raise AssertionError(f"{network.name} has no layer {last}")


@pytest.mark.parametrize("network", [networks.ALEXNET, networks.VGG16, networks.RESNET50, networks.MOBILENET],
                         ids=lambda network: network.name)
def test_the_pixels_with_a_gradient_are_the_traced_receptive_field(network):
    model, last = keras_spatial(network)
    side = network.input_shape[1]
    out_side = model.output_shape[1]
    image = np.ones((1, side, side, 1), dtype="float32")
    for position in [(0, 0), (out_side // 2, out_side - 1)]:
        gradient = jax.grad(lambda x: model(x)[0, position[0], position[1], 0])(image)[0, :, :, 0]
        traced, _ = receptive_fields.reaching_pixels(network, last, position)
        assert np.array_equal(np.asarray(gradient) > 0, traced), (network.name, position)
