"""Training the four layers of the grid on real images: one small network, one training loop.

The network is ``image -> layer -> ReLU -> average pooling -> linear readout -> softmax``.
The first layer is any :class:`~fc_to_conv.wiring.Layer`, given by its weight ids: the forward
pass gathers each wire's weight by its id (:meth:`~fc_to_conv.wiring.Layer.matrix`), and the
backward pass adds each wire's gradient into its id, so the gradient of a shared weight is the
sum of the gradients of the wires that use it. Every layer is trained by the same code, with
the same readout, optimiser (Adam), step count and seeds.

The images are scikit-learn's handwritten digits (1,797 images of 8x8 pixels, gray values
0..16, shipped inside the scikit-learn package, so nothing is downloaded): :func:`experiment`
trains the four layers on them with all and with fewer training images. :func:`positions`
trains them on small patterns at some positions and tests them at positions never seen.
"""

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from .stages import STAGES
from .text import markdown_table
from .wiring import NO_WIRE
from .validate import positive_int

#: The digits' side (pixels) and their largest gray value.
DIGIT_SIDE = 8
DIGIT_MAX = 16.0
#: The experiment's sizes: a 3x3 kernel, 8 groups (kernels), maps of 6x6 pooled 2x2 to 3x3.
KERNEL_SIDE = 3
GROUPS = 8
MAP_SIDE = DIGIT_SIDE - KERNEL_SIDE + 1
POOL = 2
#: Training: Adam on random batches, constant learning rate, the same for every layer.
STEPS = 200
BATCH = 64
LEARNING_RATE = 0.02
#: The seeds every layer is trained with (the spread over them is reported), and the split's seed.
SEEDS = (0, 1, 2, 3, 4)
SPLIT_SEED = 0
TEST_FRACTION = 0.4
#: Numbers of training images for the learning curve (:func:`experiment` adds the whole training set).
FEWER = (25, 50, 200)

#: Positions never seen in training: four small patterns (a plus, a cross, a ring, a corner), each
#: placed on an 8x8 image of faint noise with its top-left corner in any row and, for training, in
#: the left columns only; tested there and in the right columns, where no pattern was seen.
PATTERNS = {
    "plus": ((0, 1, 0), (1, 1, 1), (0, 1, 0)),
    "cross": ((1, 0, 1), (0, 1, 0), (1, 0, 1)),
    "ring": ((1, 1, 1), (1, 0, 1), (1, 1, 1)),
    "corner": ((1, 1, 0), (1, 0, 0), (0, 0, 0)),
}
SEEN_COLUMNS = (0, 1, 2)
UNSEEN_COLUMNS = (3, 4, 5)
NOISE = 0.3
PLACED = 500


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


def fewer(data, size, seed=SPLIT_SEED):
    """``data`` = (x_train, y_train, x_test, y_test) with only ``size`` training images, the test set unchanged.

    The images kept are drawn stratified (each digit in its share of the training set) with
    ``seed``. ``size`` equal to the training set's returns ``data`` as it is. Raises ValueError
    unless ``size`` lies between the number of classes and the training set's size.
    """
    from sklearn.model_selection import train_test_split

    x_train, y_train, x_test, y_test = data
    size, classes = positive_int("size", size), len(np.unique(y_train))
    if size == len(y_train):
        return data
    if not classes <= size < len(y_train):
        raise ValueError(f"size must lie between the {classes} classes and the {len(y_train)} training images, "
                         f"got {size}")
    x, _, y, _ = train_test_split(x_train, y_train, train_size=size, random_state=seed, stratify=y_train)
    return x, y, x_test, y_test


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


def pooling(map_side, pool):
    """The (positions, pooled) matrix that averages one map over ``pool`` x ``pool`` blocks.

    Position ``r * map_side + c`` of a map goes to output ``(r // pool) * (map_side // pool) + c // pool``,
    with weight 1 / pool**2; every map (group) of a layer is pooled by the same matrix. ``pool =
    map_side`` averages the map over all its positions (global pooling). Raises ValueError if
    ``pool`` does not divide ``map_side``.
    """
    if map_side % pool:
        raise ValueError(f"pool {pool} must divide the map side {map_side}")
    out = map_side // pool
    r, c = np.meshgrid(np.arange(map_side), np.arange(map_side), indexing="ij")
    target = ((r // pool) * out + c // pool).ravel()
    matrix = np.zeros((map_side * map_side, out * out))
    matrix[np.arange(target.size), target] = 1.0 / pool ** 2
    return matrix


@dataclass
class Network:
    """Parameters of the network on one layer: ``weights`` (layer.weights,), ``readout`` (pooled, classes),
    ``bias`` (classes,). ``layer`` and ``pool`` (:func:`pooling`'s matrix for one map) are fixed; the
    layer's neurons are read as consecutive maps of ``pool.shape[0]`` positions."""

    layer: object
    pool: np.ndarray
    weights: np.ndarray
    readout: np.ndarray
    bias: np.ndarray

    def params(self):
        return [self.weights, self.readout, self.bias]


def network(layer, pool, classes, seed):
    """A network with random starting weights: He-scaled for the layer (by wires per neuron), small for the readout.

    Raises ValueError unless the layer's neurons fill whole maps of the pooling's positions.
    """
    positions, per_map = pool.shape
    if layer.neurons % positions:
        raise ValueError(f"{layer.name} has {layer.neurons} neurons, which do not fill maps of {positions} positions")
    pooled = layer.neurons // positions * per_map
    rng = np.random.default_rng(seed)
    fan_in = layer.wires / layer.neurons
    weights = rng.normal(0.0, np.sqrt(2.0 / fan_in), layer.weights)
    readout = rng.normal(0.0, 1.0 / np.sqrt(pooled), (pooled, classes))
    return Network(layer, pool, weights, readout, np.zeros(classes))


def forward(net, images):
    """The class scores (logits), shape (images, classes), and what the backward pass needs."""
    matrix = net.layer.matrix(net.weights)  # gather: each wire's weight by its id
    pre = images @ matrix.T
    hidden = np.maximum(pre, 0.0)
    pooled = (hidden.reshape(-1, net.pool.shape[0]) @ net.pool).reshape(len(images), -1)  # each map alone
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
    d_pooled = d_logits @ net.readout.T
    d_pre = (d_pooled.reshape(-1, net.pool.shape[1]) @ net.pool.T).reshape(pre.shape) * (pre > 0)
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


def mean_and_spread(values):
    """The mean of accuracies (one per seed) and their spread: the standard deviation over the seeds (ddof 1)."""
    values = np.asarray(values, dtype=float)
    return float(values.mean()), float(values.std(ddof=1)) if values.size > 1 else 0.0


def spread_cell(values):
    """Accuracies (one per seed) as a table cell: mean ± spread in percent, one decimal (``97.4 ± 0.5%``), with
    no-break spaces around the ± so that a narrow column never breaks the cell there."""
    mean, spread = mean_and_spread(values)
    return f"{mean * 100:.1f}\u00a0\u00b1\u00a0{spread:.1%}"


def verdict(a, b):
    """How accuracies ``a`` compare with ``b`` (one per seed each): "more accurate than", "less accurate than" or
    "as accurate as".

    The means differ only when the gap between them is larger than the two spreads
    (:func:`mean_and_spread`) together; a smaller gap is within what the seeds alone change.
    """
    (mean_a, spread_a), (mean_b, spread_b) = mean_and_spread(a), mean_and_spread(b)
    if abs(mean_a - mean_b) <= spread_a + spread_b:
        return "as accurate as"
    return "more accurate than" if mean_a > mean_b else "less accurate than"


@dataclass(frozen=True)
class Result:
    """Per layer name: ``weights`` (free weights, int), ``train`` and ``test`` (accuracies, one per seed),
    ``nets`` (the trained networks, one per seed); ``images``, the number of training images."""

    weights: dict
    train: dict
    test: dict
    nets: dict
    images: int

    def test_mean(self, name):
        """The layer's mean test accuracy over the seeds."""
        return mean_and_spread(self.test[name])[0]

    def accuracy_on(self, name, images, labels):
        """The layer's accuracy on other ``images`` and ``labels``, one per seed."""
        return [accuracy(net, images, labels) for net in self.nets[name]]

    def markdown(self):
        """A Markdown table: per layer its free weights, test accuracy (mean ± spread, %) and mean training accuracy (%)."""
        rows = []
        for name, weights in self.weights.items():
            rows.append([name, f"{weights:,}", spread_cell(self.test[name]),
                         f"{mean_and_spread(self.train[name])[0]:.1%}"])
        return markdown_table(["first layer", "free weights", "test accuracy", "training accuracy"], rows, right=(1, 2, 3))


def run(layers_by_name, pool, data, seeds=SEEDS, steps=STEPS):
    """Train every layer with every seed on ``data`` = (x_train, y_train, x_test, y_test).

    Returns a :class:`Result`. NumPy's linear algebra (BLAS) runs on one thread meanwhile:
    these products are too small to gain from more, on a busy two-core machine more threads
    made training 18 times slower, and one thread adds up every product in the same order.
    """
    x_train, y_train, x_test, y_test = data
    classes = int(max(y_train.max(), y_test.max())) + 1
    weights, train_acc, test_acc, nets = {}, {}, {}, {}
    with threadpool_limits(limits=1, user_api="blas"):
        for name, layer in layers_by_name.items():
            weights[name] = layer.weights
            train_acc[name], test_acc[name], nets[name] = [], [], []
            for seed in seeds:
                net = train(network(layer, pool, classes, seed), x_train, y_train, seed, steps)
                train_acc[name].append(accuracy(net, x_train, y_train))
                test_acc[name].append(accuracy(net, x_test, y_test))
                nets[name].append(net)
    return Result(weights, train_acc, test_acc, nets, len(y_train))


def by_training_size(layers_by_name, pool, data, sizes, seeds=SEEDS, steps=STEPS):
    """{size: :class:`Result`} for each number of training images in ``sizes`` (:func:`fewer` draws them)."""
    return {size: run(layers_by_name, pool, fewer(data, size), seeds, steps) for size in sizes}


@dataclass(frozen=True)
class Experiment:
    """The chapter's experiment: the ``layers`` (name -> Layer), the ``pool`` matrix, the split ``data``
    (x_train, y_train, x_test, y_test) and ``curve``, {training images: Result}, whose largest size is
    the whole training set (:attr:`result`)."""

    layers: dict
    pool: np.ndarray
    data: tuple
    curve: dict

    @property
    def result(self):
        """The four layers trained on all the training images."""
        return self.curve[max(self.curve)]


def experiment(sizes=FEWER, seeds=SEEDS, steps=STEPS):
    """The four layers of :func:`layers` trained on the digits' fixed split with each of ``sizes``
    training images and all of them, with every seed: an :class:`Experiment`."""
    data = split(*digits())
    by_name = layers()
    pool = pooling(MAP_SIDE, POOL)
    return Experiment(by_name, pool, data, by_training_size(by_name, pool, data, tuple(sizes) + (len(data[1]),),
                                                            seeds, steps))


def placed_patterns(count, columns, seed, side=DIGIT_SIDE, noise=NOISE):
    """``count`` images (count, side * side) of one of :data:`PATTERNS` on noise, and their labels (count,).

    Each image is uniform noise in [0, ``noise``) with a pattern drawn in at 1 (the brighter of
    the two), its top-left corner in a random row and in a random one of ``columns``; the
    label is the pattern's index in :data:`PATTERNS`. ``seed`` draws everything. Raises
    ValueError for a column where the pattern does not fit.
    """
    shapes = np.array(list(PATTERNS.values()), dtype=float)
    k = shapes.shape[1]
    if not set(columns) <= set(range(side - k + 1)):
        raise ValueError(f"a {k}x{k} pattern fits on a {side}x{side} image at columns 0..{side - k}, got {columns}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(shapes), count)
    rows, cols = rng.integers(0, side - k + 1, count), rng.choice(columns, count)
    images = rng.uniform(0.0, noise, (count, side, side))
    for image, label, r, c in zip(images, labels, rows, cols):
        image[r:r + k, c:c + k] = np.maximum(image[r:r + k, c:c + k], shapes[label])
    return images.reshape(count, side * side), labels


@dataclass(frozen=True)
class Positions:
    """Accuracy at positions seen and never seen in training, per (layer name, pooling side), one per seed.

    Pooling side :data:`MAP_SIDE` averages each map over all its positions (global pooling);
    :data:`POOL` is the chapter's 2x2 pooling, which keeps where on the map a value was.
    """

    seen: dict
    unseen: dict


def positions_markdown(placed):
    """A Markdown table of a :class:`Positions`: per network its test accuracy at seen and unseen positions (%)."""
    rows = [[name, "global" if side == MAP_SIDE else f"{side} \u00d7 {side}", spread_cell(placed.seen[name, side]),
             spread_cell(placed.unseen[name, side])] for name, side in placed.seen]
    return markdown_table(["first layer", "pooling", "seen positions", "unseen positions"], rows, right=(2, 3))


def positions(seeds=SEEDS, steps=STEPS, count=PLACED):
    """The four layers with global pooling, and the convolution with 2x2 pooling, trained on
    patterns in :data:`SEEN_COLUMNS` and tested there and in :data:`UNSEEN_COLUMNS`: :class:`Positions`."""
    by_name = layers()
    train_data = placed_patterns(count, SEEN_COLUMNS, seed=1)
    seen_data, unseen_data = placed_patterns(count, SEEN_COLUMNS, seed=2), placed_patterns(count, UNSEEN_COLUMNS, seed=3)
    seen, unseen = {}, {}
    for side, names in ((MAP_SIDE, list(by_name)), (POOL, ["convolutional"])):
        result = run({name: by_name[name] for name in names}, pooling(MAP_SIDE, side), train_data + seen_data,
                     seeds, steps)
        for name in names:
            seen[name, side] = result.test[name]
            with threadpool_limits(limits=1, user_api="blas"):
                unseen[name, side] = result.accuracy_on(name, *unseen_data)
    return Positions(seen, unseen)


def blank_pixels(images):
    """Indices of the pixels that are 0 in every one of ``images`` (images, pixels)."""
    return np.flatnonzero((np.asarray(images) == 0).all(axis=0))


def never_moved(trained, start):
    """Number of free weights of ``trained`` still exactly at their values in ``start`` (the same network untrained).

    A weight whose wires only ever carry 0 (a pixel blank in every training image) gets a
    gradient of 0 at every step, and Adam leaves it where it started.
    """
    return int(np.count_nonzero(trained.weights == start.weights))


def weights_on_image(net, neuron, image_shape=(DIGIT_SIDE, DIGIT_SIDE)):
    """The weights of one neuron of ``net`` laid out on the image (rows, cols), cropped to the pixels it is wired to.

    A convolution's neuron gives its group's kernel (the window's shape), a fully connected
    neuron an array of the image's shape.
    """
    layer = net.layer
    row = layer.matrix(net.weights)[neuron].reshape(image_shape)
    wired = (layer.ids[neuron] != NO_WIRE).reshape(image_shape)
    rows, cols = np.flatnonzero(wired.any(axis=1)), np.flatnonzero(wired.any(axis=0))
    return row[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
