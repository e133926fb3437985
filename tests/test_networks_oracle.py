"""The three networks' totals against an independent oracle: Keras 3 (JAX backend, CPU) building the same models.

Keras is a test-only dependency (requirements-test.txt). Marked slow: importing Keras and
JAX and building VGG-16 takes several seconds.
"""

import os

import pytest

from fc_to_conv import claims, networks

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
}


def test_keras_runs_on_the_jax_backend():
    assert keras.backend.backend() == "jax"


@pytest.mark.parametrize("claim_id", sorted(MODELS))
def test_keras_counts_the_registered_total(claim_id):
    network, build = MODELS[claim_id]
    model = build()
    claim = claims.by_id(claim_id)
    assert f"{model.count_params():,}" == claim.article == claims.check(claim)
    assert model.count_params() == networks.total_parameters(network)


@pytest.mark.parametrize("claim_id", sorted(MODELS))
def test_keras_counts_every_layer_alike(claim_id):
    network, build = MODELS[claim_id]
    counted = [layer.count_params() for layer in build().layers if layer.count_params()]
    ours = [row.parameters for row in networks.layer_rows(network) if row.parameters]
    assert counted == ours


def test_keras_counts_the_ungrouped_alexnet_alike():
    assert keras_alexnet(groups=1).count_params() == networks.total_parameters(networks.ungrouped(networks.ALEXNET))
