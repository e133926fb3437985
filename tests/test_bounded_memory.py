"""Every function that builds a structure for a caller's size answers in bounded memory or refuses up front.

Each call runs in a fresh Python process whose address space is capped at 2 GiB
(``RLIMIT_AS``): a dense array of a real layer would need terabytes, so a function that
tried to build one would die with MemoryError (or be killed) instead of giving the answer
or a ValueError that names the limit and what counts the layer instead.
"""

import json
import subprocess
import sys
import textwrap

import pytest

from fc_to_conv import real_layers
from fc_to_conv.real_layers import ConvShape
from fc_to_conv.validate import DENSE_LIMIT

CAP = 2 * 2 ** 30
#: VGG-16's first layer: 224 x 224 x 3 image, 64 kernels of 3 x 3, padding 1.
VGG_FIRST = "ConvShape(side=224, in_channels=3, kernel=3, out_channels=64, padding=1)"
#: Next to VGG_FIRST, VGG-16's second layer: 64 channels in, 1.8 billion wires.
VGG_SECOND = "ConvShape(side=224, in_channels=64, kernel=3, out_channels=64, padding=1)"


def run_capped(expression):
    """Evaluate ``expression`` in a Python process capped at :data:`CAP` bytes; return ("value", repr) or ("error", message)."""
    script = textwrap.dedent(f"""
        import json, resource
        resource.setrlimit(resource.RLIMIT_AS, ({CAP}, {CAP}))
        import numpy as np
        from fc_to_conv import fully_connected, real_layers, grouping, image, locality, convolution, costs
        from fc_to_conv.real_layers import ConvShape
        try:
            value = {expression}
        except ValueError as error:
            print(json.dumps(["error", str(error)]))
        else:
            print(json.dumps(["value", repr(value)]))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{expression} crashed under a {CAP:,}-byte cap:\n{result.stderr[-2000:]}"
    return tuple(json.loads(result.stdout))


def test_the_structural_count_answers_for_vgg16s_first_layer():
    """1,728 weights and 64 biases, counted on the sparse wires, equal to the closed form."""
    kind, value = run_capped(f"real_layers.convolution_counts({VGG_FIRST})")
    expected = real_layers.convolution_formula(ConvShape(side=224, in_channels=3, kernel=3, out_channels=64, padding=1))
    assert kind == "value" and value == repr(expected)
    assert (expected.weights, expected.biases) == (3 * 3 * 3 * 64, 64)


def test_the_kernel_weights_of_a_real_layer_come_from_its_sparse_wires():
    kind, value = run_capped(f"real_layers.kernel_weights({VGG_FIRST}, np.arange(64 * 3 * 3 * 3)).size")
    assert (kind, value) == ("value", repr(64 * 3 * 3 * 3))


#: What counts the layer instead (a phrase of the message) -> calls beyond the dense limit that must name it.
REFUSED_DENSE = {
    "convolution_counts": [f"real_layers.convolution_layer({VGG_FIRST})", f"real_layers.convolution_ids({VGG_FIRST})",
                           "locality.cell_ids((224, 224), (3, 3), 64)", "locality.local((224, 224), (3, 3), 64)",
                           "locality.local_grouped((224, 224), (3, 3), 64)",
                           "convolution.convolutional((224, 224), (3, 3), 64)"],
    "fully_connected_formula": [f"real_layers.fully_connected_counts({VGG_FIRST})",
                                f"real_layers.fully_connected_layer({VGG_FIRST})",
                                "fully_connected.fully_connected(224 * 224 * 3, 4096)",
                                "fully_connected.network([224 * 224 * 3, 4096, 10])",
                                "fully_connected.weights_by_size([224], [4096])"],
    "groups x pixels": ["grouping.grouped(224 * 224, 64 * 222 * 222, 64)"],
    "group_size": ["grouping.group_of(10 ** 12, 1)"],
    "stage_costs": [f"costs.built_stages({VGG_FIRST})"],
    "output_side": ["image.window_corners((10 ** 5, 10 ** 5), (3, 3))", "image.windows((10 ** 5, 10 ** 5), (3, 3))"],
    "one neuron per window": ["locality.window_of((224, 224), (3, 3), 10 ** 6)"],
}
REFUSED = [(expression, instead) for instead, expressions in REFUSED_DENSE.items() for expression in expressions]


@pytest.mark.parametrize("expression, instead", REFUSED, ids=[case[0] for case in REFUSED])
def test_structures_beyond_their_limit_are_refused_up_front(expression, instead):
    kind, message = run_capped(expression)
    assert kind == "error" and instead in message and f"{DENSE_LIMIT:,}" in message, message


@pytest.mark.parametrize("shape", [
    VGG_SECOND,  # 1.8 billion wires: refused before any is made
    "ConvShape(side=1, in_channels=1, kernel=1, out_channels=1, padding=2 ** 26)",  # 1 wire, 2**27 + 1 positions per axis
], ids=["vgg16-second-layer", "one-pixel-in-wide-padding"])
def test_the_structural_count_refuses_beyond_its_limits_naming_the_closed_form(shape):
    """Too many wires, or too many (position, offset) pairs to find their pixels in 2 GiB, even if they are padding."""
    kind, message = run_capped(f"real_layers.convolution_counts({shape})")
    assert kind == "error" and "convolution_formula" in message and f"{real_layers.WIRE_LIMIT:,}" in message, message


@pytest.mark.parametrize("expression", [
    "fully_connected.fully_connected(2 ** 12, 2 ** 12).wires",
    "real_layers.convolution_layer(ConvShape(side=64, in_channels=1, kernel=3, out_channels=1, padding=1)).wires",
    "image.windows((4096, 4096), (1, 1)).shape",  # 2**24 windows of one pixel: a list of tuples took > 2 GiB
    "image.window_corners((4096, 4096), (1, 1)).shape",
])
def test_structures_at_their_limit_are_built_under_the_cap(expression):
    """The largest dense structures allowed (exactly DENSE_LIMIT entries) are built within 2 GiB."""
    assert run_capped(expression)[0] == "value"


@pytest.mark.parametrize("expression", [
    "real_layers.output_side(10 ** 14, 3, 7)", "grouping.group_size(10 ** 15 + 3, 7)",
])
def test_refusals_of_huge_sizes_say_what_fits_without_hanging(expression):
    kind, message = run_capped(expression)
    assert kind == "error" and "divisors of" in message, message
