"""The training code of fc_to_conv.learning: its gradients, the shared-weight rule, determinism."""

import numpy as np
import pytest

from fc_to_conv import learning
from fc_to_conv.stages import STAGES

SIDE = 5  # a small image keeps the finite differences fast; the code is the same at 8x8
LAYERS = learning.layers(SIDE, kernel_side=3, groups=2)
POOL = learning.pooling(2, 3, 3)  # global pooling of the 3x3 maps


def small_problem(layer, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.random((7, SIDE * SIDE))
    labels = rng.integers(0, 3, 7)
    return learning.network(layer, POOL, 3, seed), images, labels


@pytest.mark.parametrize("name", [s.name for s in STAGES])
def test_gradients_match_finite_differences(name):
    net, images, labels = small_problem(LAYERS[name])
    _, grads = learning.loss_and_gradients(net, images, labels)
    for param, grad in zip(net.params(), grads):
        for index in range(0, param.size, max(1, param.size // 12)):
            flat = param.reshape(-1)
            saved = flat[index]
            flat[index] = saved + 1e-6
            up = learning.loss_and_gradients(net, images, labels)[0]
            flat[index] = saved - 1e-6
            down = learning.loss_and_gradients(net, images, labels)[0]
            flat[index] = saved
            assert grad.reshape(-1)[index] == pytest.approx((up - down) / 2e-6, rel=1e-4, abs=1e-8)


def test_a_shared_weights_gradient_is_the_sum_over_its_wires():
    layer = LAYERS["convolutional"]
    per_wire = np.random.default_rng(1).normal(size=layer.ids.shape)
    summed = learning.wire_gradients_to_weights(layer, per_wire)
    for weight in range(layer.weights):
        assert summed[weight] == pytest.approx(per_wire[layer.ids == weight].sum())
    assert (np.bincount(layer.ids[layer.ids >= 0]) > 1).all(), "every kernel weight is used by several wires"


def test_training_is_deterministic_and_learns():
    layer = LAYERS["convolutional"]
    net, images, labels = small_problem(layer)
    before = learning.loss_and_gradients(net, images, labels)[0]
    runs = [learning.train(small_problem(layer)[0], images, labels, seed=3, steps=50, batch=4) for _ in range(2)]
    assert np.array_equal(runs[0].weights, runs[1].weights)
    assert learning.loss_and_gradients(runs[0], images, labels)[0] < before


def test_the_four_layers_at_digit_size_have_the_same_neurons():
    layers = learning.layers()
    assert {layer.neurons for layer in layers.values()} == {learning.GROUPS * 6 * 6}
    assert layers["convolutional"].weights == learning.GROUPS * learning.KERNEL_SIDE ** 2
    assert layers["fully connected"].weights == 64 * learning.GROUPS * 36


def test_pooling_refuses_a_pool_that_does_not_divide_the_map():
    with pytest.raises(ValueError, match="must divide"):
        learning.pooling(2, 6, 4)
