"""The convolutional network of fc_to_conv.learning against Keras: same weights, same batch, same loss and gradients.

Keras 3 on its JAX backend (test-only, requirements-test.txt) builds the network as a library
does, ``Conv2D -> ReLU -> AveragePooling2D -> Dense``, and JAX differentiates it; the package
gathers weights by id and adds each wire's gradient into its id. The finite-difference checks
of every layer kind are in test_learning.py. Marked slow: importing Keras and JAX takes seconds.
"""

import os

import numpy as np
import pytest

from fc_to_conv import learning
from fc_to_conv.convolution import kernels

pytestmark = pytest.mark.slow

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras", reason="Keras is installed by requirements-test.txt (make test)")
jax = pytest.importorskip("jax")

#: A 6x6 image, 2 kernels of 3x3 (maps of 4x4), pooled 2x2 to 2x2, 3 classes: every map position
#: reaches the readout through a pooled position of its own, so a transposed map would show.
SIDE, KERNEL, GROUPS, POOL, CLASSES, BATCH = 6, 3, 2, 2, 3, 7
MAP = SIDE - KERNEL + 1


def package_network(seed):
    layer = learning.layers(SIDE, kernel_side=KERNEL, groups=GROUPS)["convolutional"]
    return learning.network(layer, learning.pooling(MAP, POOL), CLASSES, seed)


def keras_network(net):
    """The same network in Keras, with ``net``'s weights: Permute puts the pooled maps channel first, as the package flattens them."""
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((SIDE, SIDE, 1)), layers.Conv2D(GROUPS, KERNEL, use_bias=False), layers.ReLU(),
        layers.AveragePooling2D(POOL), layers.Permute((3, 1, 2)), layers.Flatten(), layers.Dense(CLASSES),
    ])
    # Keras's kernel is (rows, cols, in channels, out channels); the package's id is (group, cell row, cell col).
    conv_kernel = kernels(net.weights, (KERNEL, KERNEL), GROUPS).transpose(1, 2, 0)[:, :, None, :]
    model.layers[0].set_weights([conv_kernel])
    model.layers[-1].set_weights([net.readout, net.bias])
    return model


def keras_loss_and_gradients(model, images, labels):
    """Keras's mean softmax cross-entropy and JAX's gradients for (conv kernel, readout, bias), as numpy arrays."""
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    x = images.reshape(-1, SIDE, SIDE, 1).astype("float32")

    def value(trainable):
        logits, _ = model.stateless_call(trainable, model.non_trainable_variables, x)
        return loss(labels, logits)

    trainable = [variable.value for variable in model.trainable_variables]
    result, grads = jax.value_and_grad(value)(trainable)
    return float(result), [np.asarray(g, dtype=float) for g in grads]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_convolutions_gradients_are_keras_gradients(seed):
    net = package_network(seed)
    rng = np.random.default_rng(seed)
    images, labels = rng.random((BATCH, SIDE * SIDE)), rng.integers(0, CLASSES, BATCH)
    loss, (d_weights, d_readout, d_bias) = learning.loss_and_gradients(net, images, labels)
    keras_value, (d_kernel, keras_readout, keras_bias) = keras_loss_and_gradients(keras_network(net), images, labels)
    assert loss == pytest.approx(keras_value, rel=1e-5)
    # Keras computes in float32: compare to a tolerance relative to each gradient's size.
    for ours, theirs in ((d_weights, d_kernel.transpose(3, 0, 1, 2).reshape(-1)), (d_readout, keras_readout),
                         (d_bias, keras_bias)):
        assert np.abs(theirs).max() > 1e-3, "a gradient that vanishes would compare nothing"
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5 * np.abs(theirs).max())
