"""Training the four layers of the grid on real images: one small network, one training loop.

The network is ``image -> layer -> ReLU -> average pooling -> linear readout -> softmax``.
The first layer is any :class:`~fc_to_conv.wiring.Layer`, given by its weight ids: the forward
pass gathers each wire's weight by its id (:meth:`~fc_to_conv.wiring.Layer.matrix`), and the
backward pass adds each wire's gradient into its id, so the gradient of a shared weight is the
sum of the gradients of the wires that use it. Every layer is trained by the same code, with
the same readout, optimiser (Adam), step count and seeds.

The images are scikit-learn's handwritten digits (1,797 images of 8x8 pixels, gray values
0..16, shipped inside the scikit-learn package, so nothing is downloaded).
"""

from dataclasses import dataclass

import numpy as np

from .stages import STAGES
from .wiring import NO_WIRE
from .validate import positive_int

#: The digits' side (pixels) and their largest gray value.
DIGIT_SIDE = 8
DIGIT_MAX = 16.0
#: The experiment's sizes: a 3x3 kernel, 8 groups (kernels), maps of 6x6 pooled 2x2 to 3x3.
KERNEL_SIDE = 3
GROUPS = 8
POOL = 2
#: Training: Adam on random batches, constant learning rate, the same for every layer.
STEPS = 200
BATCH = 64
LEARNING_RATE = 0.02
#: The seeds every layer is trained with (the spread over them is reported), and the split's seed.
SEEDS = (0, 1, 2, 3, 4)
SPLIT_SEED = 0
TEST_FRACTION = 0.4


def digits():
    """scikit-learn's digits: images (1797, 64) scaled to 0..1 (row-major 8x8), labels (1797,) in 0..9."""
    from sklearn.datasets import load_digits

    data = load_digits()
    return data.data / DIGIT_MAX, data.target


def split(images, labels, test_fraction=TEST_FRACTION, seed=SPLIT_SEED):
    """A fixed, stratified train/test split: (train images, train labels, test images, test labels)."""
    from sklearn.model_selection import train_test_split

    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=test_fraction, random_state=seed, stratify=labels)
    return x_train, y_train, x_test, y_test


def layers(image_side=DIGIT_SIDE, kernel_side=KERNEL_SIDE, groups=GROUPS):
    """The grid's four layers on an image of ``image_side`` squared, by the package's builders.

    Every layer has the same neurons: ``groups`` maps of (side - kernel + 1)^2 positions, so the
    fully connected and grouped layers have as many outputs as the convolution. Returns a dict
    name -> Layer in the order of :data:`~fc_to_conv.stages.STAGES`.
    """
    side = positive_int("image_side", image_side)
    positions = (side - kernel_side + 1) ** 2
    return {s.name: s.build((side, side), (kernel_side, kernel_side), groups, groups * positions)
            for s in STAGES}


def pooling(groups, map_side, pool):
    """The (neurons, pooled) matrix that averages each group's map over ``pool`` x ``pool`` blocks.

    Neuron ``g * map_side**2 + r * map_side + c`` (group g, map position (r, c)) goes to output
    ``g * (map_side // pool)**2 + (r // pool) * (map_side // pool) + c // pool``, with weight
    1 / pool**2. ``pool = map_side`` averages each map over all its positions (global pooling).
    Raises ValueError if ``pool`` does not divide ``map_side``.
    """
    if map_side % pool:
        raise ValueError(f"pool {pool} must divide the map side {map_side}")
    out = map_side // pool
    g, r, c = np.meshgrid(np.arange(groups), np.arange(map_side), np.arange(map_side), indexing="ij")
    target = (g * out * out + (r // pool) * out + c // pool).ravel()
    matrix = np.zeros((groups * map_side * map_side, groups * out * out))
    matrix[np.arange(target.size), target] = 1.0 / pool ** 2
    return matrix


@dataclass
class Network:
    """Parameters of the network on one layer: ``weights`` (layer.weights,), ``readout`` (pooled, classes),
    ``bias`` (classes,). ``layer`` and ``pool`` (the pooling matrix) are fixed."""

    layer: object
    pool: np.ndarray
    weights: np.ndarray
    readout: np.ndarray
    bias: np.ndarray

    def params(self):
        return [self.weights, self.readout, self.bias]


def network(layer, pool, classes, seed):
    """A network with random starting weights: He-scaled for the layer (by wires per neuron), small for the readout."""
    rng = np.random.default_rng(seed)
    fan_in = layer.wires / layer.neurons
    weights = rng.normal(0.0, np.sqrt(2.0 / fan_in), layer.weights)
    readout = rng.normal(0.0, 1.0 / np.sqrt(pool.shape[1]), (pool.shape[1], classes))
    return Network(layer, pool, weights, readout, np.zeros(classes))


def forward(net, images):
    """The class scores (logits), shape (images, classes), and what the backward pass needs."""
    matrix = net.layer.matrix(net.weights)  # gather: each wire's weight by its id
    pre = images @ matrix.T
    hidden = np.maximum(pre, 0.0)
    pooled = hidden @ net.pool
    return pooled @ net.readout + net.bias, (pre, pooled)


def loss_and_gradients(net, images, labels):
    """Mean softmax cross-entropy and its gradients for (weights, readout, bias).

    The layer's gradient is taken on the dense matrix, one number per wire, then added into
    the wires' weight ids (``np.bincount``): a shared weight's gradient is the sum over its wires.
    """
    logits, (pre, pooled) = forward(net, images)
    logits = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    n = len(labels)
    loss = -np.mean(np.log(probs[np.arange(n), labels]))
    d_logits = probs
    d_logits[np.arange(n), labels] -= 1.0
    d_logits /= n
    d_readout = pooled.T @ d_logits
    d_bias = d_logits.sum(axis=0)
    d_pre = (d_logits @ net.readout.T @ net.pool.T) * (pre > 0)
    return loss, [wire_gradients_to_weights(net.layer, d_pre.T @ images), d_readout, d_bias]


def wire_gradients_to_weights(layer, per_wire):
    """Sum a (neurons, pixels) array of per-wire gradients into one gradient per weight id, shape (weights,)."""
    wired = layer.ids != NO_WIRE
    return np.bincount(layer.ids[wired], weights=per_wire[wired], minlength=layer.weights)


def train(net, images, labels, seed, steps=STEPS, rate=LEARNING_RATE, batch=BATCH):
    """Adam (beta1 0.9, beta2 0.999, eps 1e-8) for ``steps`` steps on random batches of ``batch`` images.

    ``seed`` draws the batches. Changes ``net`` in place and returns it.
    """
    rng = np.random.default_rng(seed)
    first = [np.zeros_like(p) for p in net.params()]
    second = [np.zeros_like(p) for p in net.params()]
    for step in range(1, steps + 1):
        chosen = rng.choice(len(labels), size=min(batch, len(labels)), replace=False)
        _, grads = loss_and_gradients(net, images[chosen], labels[chosen])
        for p, g, m, v in zip(net.params(), grads, first, second):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return net


def accuracy(net, images, labels):
    """Fraction of images whose largest class score is their label."""
    return float(np.mean(forward(net, images)[0].argmax(axis=1) == labels))


@dataclass(frozen=True)
class Result:
    """Per layer name: ``weights`` (free weights, int), ``train`` and ``test`` (accuracies, one per seed)."""

    weights: dict
    train: dict
    test: dict
    nets: dict


def run(layers_by_name, pool, data, seeds=SEEDS, steps=STEPS):
    """Train every layer with every seed on ``data`` = (x_train, y_train, x_test, y_test).

    Returns a :class:`Result`; ``nets[name]`` is the network trained with the first seed.
    """
    x_train, y_train, x_test, y_test = data
    classes = int(max(y_train.max(), y_test.max())) + 1
    weights, train_acc, test_acc, nets = {}, {}, {}, {}
    for name, layer in layers_by_name.items():
        weights[name] = layer.weights
        train_acc[name], test_acc[name] = [], []
        for seed in seeds:
            net = train(network(layer, pool, classes, seed), x_train, y_train, seed, steps)
            train_acc[name].append(accuracy(net, x_train, y_train))
            test_acc[name].append(accuracy(net, x_test, y_test))
            nets.setdefault(name, net)
    return Result(weights, train_acc, test_acc, nets)
