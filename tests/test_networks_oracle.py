"""The five networks' totals against an independent oracle: Keras 3 (JAX backend, CPU) building the same models.

Keras is a test-only dependency (requirements-test.txt). Marked slow: importing Keras and
JAX and building VGG-16, ResNet-50 and MobileNet takes some seconds.
"""

import math
import os

import numpy as np
import pytest

from fc_to_conv import claims, costs, real_layers, networks

pytestmark = pytest.mark.slow

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras", reason="Keras is installed by requirements-test.txt (make test)")
layers = keras.layers


def keras_lenet5():
    return keras.Sequential([
        keras.Input((32, 32, 1)), layers.Conv2D(6, 5), layers.AveragePooling2D(2), layers.Conv2D(16, 5),
        layers.AveragePooling2D(2), layers.Conv2D(120, 5), layers.Flatten(), layers.Dense(84), layers.Dense(10),
    ])


def keras_alexnet(groups=2):
    return keras.Sequential([
        keras.Input((227, 227, 3)), layers.Conv2D(96, 11, strides=4), layers.MaxPooling2D(3, 2),
        layers.Conv2D(256, 5, padding="same", groups=groups), layers.MaxPooling2D(3, 2),
        layers.Conv2D(384, 3, padding="same"), layers.Conv2D(384, 3, padding="same", groups=groups),
        layers.Conv2D(256, 3, padding="same", groups=groups), layers.MaxPooling2D(3, 2), layers.Flatten(),
        layers.Dense(4096), layers.Dense(4096), layers.Dense(1000),
    ])


MODELS = {
    "N1": (networks.LENET5, keras_lenet5),
    "N2": (networks.ALEXNET, keras_alexnet),
    "N3": (networks.VGG16, lambda: keras.applications.VGG16(weights=None)),
    "N4": (networks.RESNET50, lambda: keras.applications.ResNet50(weights=None)),
    "N5": (networks.MOBILENET, lambda: keras.applications.MobileNet(weights=None)),
}
#: The networks whose layers the package names as Keras does, so that layers can be compared by name.
NAMED_LIKE_KERAS = ("N4", "N5")


def test_keras_runs_on_the_jax_backend():
    assert keras.backend.backend() == "jax"


@pytest.mark.parametrize("claim_id", sorted(MODELS))
def test_keras_counts_the_registered_total(claim_id):
    network, build = MODELS[claim_id]
    model = build()
    claim = claims.by_id(claim_id)
    assert f"{model.count_params():,}" == claim.article == claims.check(claim)
    assert model.count_params() == networks.total_parameters(network)


@pytest.mark.parametrize("claim_id", sorted(set(MODELS) - set(NAMED_LIKE_KERAS)))
def test_keras_counts_every_layer_alike(claim_id):
    network, build = MODELS[claim_id]
    counted = [layer.count_params() for layer in build().layers if layer.count_params()]
    ours = [row.parameters for row in networks.layer_rows(network) if row.parameters]
    assert counted == ours


def test_keras_stores_a_weight_in_the_bytes_the_costs_count():
    """fc_to_conv.costs prices a weight as a float32; Keras's default stores a kernel so."""
    layer = layers.Conv2D(2, 3)
    layer.build((None, 5, 5, 1))
    assert keras.config.floatx() == layer.kernel.dtype == "float32"
    assert costs.BYTES_PER_WEIGHT == np.dtype(layer.kernel.dtype).itemsize


def test_keras_counts_the_ungrouped_alexnet_alike():
    assert keras_alexnet(groups=1).count_params() == networks.total_parameters(networks.ungrouped(networks.ALEXNET))


def _keras_counts(model):
    """Per layer with parameters, by name: (trainable, non-trainable) parameters as Keras counts them."""
    return {layer.name: (sum(math.prod(v.shape) for v in layer.trainable_weights),
                         sum(math.prod(v.shape) for v in layer.non_trainable_weights))
            for layer in model.layers if layer.count_params()}


@pytest.mark.parametrize("claim_id", NAMED_LIKE_KERAS)
def test_keras_counts_every_layer_alike_by_name_trainable_and_not(claim_id):
    """Same layers with parameters, by name; per layer, trainable = weights + biases and non-trainable = statistics."""
    network, build = MODELS[claim_id]
    ours = {row.name: (row.trainable, row.statistics) for row in networks.layer_rows(network) if row.parameters}
    assert ours == _keras_counts(build())


@pytest.mark.parametrize("claim_id", NAMED_LIKE_KERAS)
def test_keras_gives_every_layer_the_same_output_size(claim_id):
    """Per layer the package lists, by name: Keras's channels (last axis) and number of values are the package's.

    Keras numbers the names of some layers without parameters (MobileNet's global pooling), so
    those are left out; every layer with parameters is compared.
    """
    network, build = MODELS[claim_id]
    model = build()
    names = {layer.name for layer in model.layers}
    rows = [row for row in networks.layer_rows(network) if row.name in names]
    assert {row.name for row in rows} >= {row.name for row in networks.layer_rows(network) if row.parameters}
    for row in rows:
        shape = model.get_layer(row.name).output.shape[1:]
        values = row.output_shape[0] * (row.output_shape[1] ** 2 if len(row.output_shape) == 2 else 1)
        assert (shape[-1], math.prod(shape)) == (row.output_shape[0], values), row.name


@pytest.mark.parametrize("side", networks.CHECKED_SIDES)
@pytest.mark.parametrize("claim_id", NAMED_LIKE_KERAS)
def test_the_same_layers_give_kerass_sizes_and_counts_at_any_input_side(claim_id, side):
    """Keras built with ``input_shape=(side, side, 3)``; the package's same layers on a (3, side) input: layer by layer.

    Every layer the package lists that Keras names alike has Keras's channels (last axis) and
    number of values (so its side) and Keras's parameter count; every layer with parameters is
    among them.
    """
    network, build = MODELS[claim_id]
    model = {"N4": keras.applications.ResNet50, "N5": keras.applications.MobileNet}[claim_id](
        weights=None, input_shape=(side, side, 3))
    rows = networks.layer_rows(networks.on_input(network, (3, side)))
    named = {layer.name: layer for layer in model.layers}
    compared = [row for row in rows if row.name in named]
    assert {row.name for row in compared} >= {row.name for row in rows if row.parameters}
    for row in compared:
        shape = named[row.name].output.shape[1:]
        values = row.output_shape[0] * (row.output_shape[1] ** 2 if len(row.output_shape) == 2 else 1)
        assert (shape[-1], math.prod(shape), named[row.name].count_params()) == (
            row.output_shape[0], values, row.parameters), (side, row.name)


def test_a_depthwise_convolution_is_a_convolution_with_one_group_per_channel():
    """Keras's DepthwiseConv2D and Conv2D(groups=channels) hold the same parameters, which the package counts."""
    inputs = keras.Input((16, 16, 8))
    depthwise = layers.DepthwiseConv2D(3, padding="same", use_bias=False)
    grouped = layers.Conv2D(8, 3, padding="same", groups=8, use_bias=False)
    depthwise(inputs), grouped(inputs)
    net = networks.Network("one", (8, 16), (networks.Conv("dw", 8, 3, padding=1, groups=8, bias=False),), "", "")
    assert depthwise.count_params() == grouped.count_params() == networks.total_parameters(net)


def test_keras_allocates_weights_for_kernel_cells_that_only_meet_padding():
    """3x3, padding 1, on a 1x1 image, 256 to 84 channels: Keras counts every cell, the package tells both."""
    model = keras.Sequential([keras.Input((1, 1, 256)), layers.Conv2D(84, 3, padding="same")])
    shape = real_layers.ConvShape(side=1, in_channels=256, kernel=3, out_channels=84, padding=1)
    assert model.count_params() == real_layers.allocated_weights(shape) + shape.out_channels
    assert real_layers.convolution_counts(shape).parameters < model.count_params()


def test_keras_conv2d_with_the_books_weights_in_its_layout_gives_the_books_feature_maps_on_the_cameraman():
    """The article's layer as Conv2D(4, 2, use_bias=False): its kernel tensor's shape, and the book's outputs, exactly.

    The weights are the convolution chapter's (small whole numbers), so float32 sums of gray
    values are exact and the maps must be equal, not close: the whole photograph against the
    book's sliding windows, and a crop against the book's layer itself (its id array).
    """
    import numpy as np

    from fc_to_conv import frameworks
    from fc_to_conv.convolution import convolutional, cross_correlate, feature_maps, kernels
    from fc_to_conv.correlation import cameraman

    weights = np.random.default_rng(8).integers(-2, 3, size=16).astype(float)
    book_kernels = kernels(weights, kernel_shape=(2, 2), groups=4)[:, None]
    photo = cameraman()
    conv = layers.Conv2D(4, 2, use_bias=False)
    conv.build((1, *photo.shape, 1))
    assert tuple(conv.kernel.shape) == frameworks.to_framework(book_kernels, "Keras").shape == (2, 2, 1, 4)
    conv.kernel.assign(frameworks.to_framework(book_kernels, "Keras"))
    keras_maps = np.asarray(conv(photo[None, :, :, None].astype("float32")))[0].transpose(2, 0, 1)
    assert np.array_equal(keras_maps, np.stack([cross_correlate(photo, k[0]) for k in book_kernels]))
    assert np.array_equal(keras_maps, frameworks.framework_maps(photo, book_kernels)["Keras"])
    crop = photo[100:124, 200:224]
    layer = convolutional(crop.shape, (2, 2), groups=4)
    conv_crop = np.asarray(conv(crop[None, :, :, None].astype("float32")))[0].transpose(2, 0, 1)
    assert np.array_equal(conv_crop, feature_maps(layer, crop, weights, (2, 2), 4))
