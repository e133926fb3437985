"""fc_to_conv.costs: each layer's stored bytes and multiply-accumulates, counted on the built layers and in closed form."""

import re

import numpy as np
import pytest
from matplotlib.colors import to_hex

from conftest import REPO
from fc_to_conv import costs, figures, learning, networks, real_layers, stages, style
from fc_to_conv.real_layers import ConvShape
from fc_to_conv.text import byte_size, compact
from fc_to_conv.validate import DENSE_LIMIT

NAMES = [stage.name for stage in stages.STAGES]


def test_closed_forms_equal_the_counts_on_the_four_built_layers():
    shapes = real_layers.small_shapes() + [size.shape for size in costs.SIZES[:2]]
    assert costs.check_costs(shapes) == len(shapes)


def test_the_built_layers_are_the_article_and_learning_chapters_layers():
    """The generalised grouped and locally connected layers are the book's own where the book builds them."""
    for built, book in ((costs.built_stages(costs.SIZES[0].shape), stages.article_stages()),
                        (costs.built_stages(costs.SIZES[1].shape), learning.layers().values())):
        assert list(built) == NAMES
        for layer, theirs in zip(built.values(), book):
            np.testing.assert_array_equal(layer.ids, theirs.ids)


def test_a_mismatch_names_the_shape_and_the_layer(monkeypatch):
    shape = ConvShape(4, 2, 3, 3, padding=1)
    true = costs.stage_costs(shape)
    monkeypatch.setattr(costs, "stage_costs", lambda s: {**true, "grouped": costs.Cost(true["grouped"].weights + 1,
                                                                                          true["grouped"].macs)})
    with pytest.raises(ArithmeticError, match=r"grouped layer of ConvShape\(side=4"):
        costs.check_costs([shape])


def test_vgg16s_first_layer_costs_exact_ints_from_the_textbook_formulas():
    shape = costs.SIZES[-1].shape
    assert (shape.side, shape.in_channels, shape.kernel, shape.out_channels, shape.stride, shape.padding) == \
        (224, 3, 3, 64, 1, 1) == (networks.VGG16.input_shape[1], networks.VGG16.input_shape[0], 3, 64, 1, 1)
    pixels = 224 * 224
    r = 224 * 3 - 2  # per axis, (position, offset) pairs on pixels: all but the two on the padding
    expected = {"fully connected": (3 * pixels * 64 * pixels,) * 2, "grouped": (64 * 3 * pixels, 3 * pixels * 64 * pixels),
                "locally connected": (3 * 64 * r * r,) * 2, "convolutional": (64 * 3 * 9, 3 * 64 * r * r)}
    found = costs.stage_costs(shape)
    assert {name: (cost.weights, cost.macs) for name, cost in found.items()} == expected
    assert all(type(value) is int for cost in found.values() for value in (cost.weights, cost.macs, cost.bytes))
    assert found["fully connected"].bytes == 4 * 3 * pixels * 64 * pixels == 1_933_540_589_568


def test_sizes_grow_and_keep_vgg16s_kernels_from_the_third_on():
    shapes = [size.shape for size in costs.SIZES]
    assert [s.inputs for s in shapes] == sorted(s.inputs for s in shapes)
    assert shapes[0] == ConvShape(3, 1, 2, 4) and shapes[0].outputs == stages.NEURONS
    for shape in shapes[2:]:
        assert (shape.kernel, shape.out_channels, shape.stride, shape.padding, shape.out_side) == (3, 64, 1, 1, shape.side)
    assert [size.image for size in costs.SIZES][-1] == "224\u00d7224\u00d73"


def test_what_the_section_says_about_the_four_layers_holds_at_every_size():
    """Sharing alone keeps the fully connected layer's work; locality alone keeps the convolution's; the convolution
    stores least and the fully connected layer most; the locally connected layer stores more than the grouped one."""
    for size, by_stage in costs.table():
        fc, grouped, local, conv = (by_stage[name] for name in NAMES)
        assert grouped.macs == fc.macs and local.macs == conv.macs < fc.macs
        assert conv.bytes < grouped.bytes < local.bytes < fc.bytes, size
        assert fc.macs == fc.weights and local.macs == local.weights


def test_the_table_has_a_row_per_size_and_layer_with_its_bytes():
    lines = costs.table_markdown().split("\n")
    assert len(lines) == 2 + 4 * len(costs.SIZES)
    assert "| 224\u00d7224\u00d73, VGG-16's first layer | fully connected | 483,385,147,392 | 1.93 TB |" in lines[-4]


def test_building_is_refused_above_the_dense_limit_naming_the_closed_forms():
    with pytest.raises(ValueError, match="stage_costs") as error:
        costs.built_stages(costs.SIZES[-1].shape)
    assert f"{DENSE_LIMIT:,}" in str(error.value)


def test_the_figures_series_are_the_tables_costs():
    images, stored, macs = costs.series()
    rows = costs.table()
    assert images == [size.image for size, _ in rows] and list(stored) == list(macs) == NAMES
    for k, (_, by_stage) in enumerate(rows):
        assert all((stored[name][k], macs[name][k]) == (by_stage[name].bytes, by_stage[name].macs) for name in NAMES)


def test_the_figure_plots_every_value_in_its_layers_colour_and_marker():
    images, stored, macs = costs.series()
    fig = figures.draw_costs(images, stored, macs)
    for ax, values in zip(fig.axes, (stored, macs)):
        lines = ax.get_lines()
        assert [line.get_label() for line in lines] == NAMES
        assert len({(to_hex(line.get_color()), line.get_marker()) for line in lines}) == 4
        for line, name in zip(lines, NAMES):
            assert list(line.get_ydata()) == [float(v) for v in values[name]]
            assert np.allclose(np.round(line.get_xdata()), range(len(images)))
    assert len({tuple(np.round(line.get_xdata(), 6)) for line in fig.axes[1].get_lines()}) == 4, "equal values side by side"
    assert [label.get_text() for label in fig.axes[1].get_xticklabels()] == images
    assert [label.get_text() for label in fig.axes[0].get_yticklabels()][:4] == ["1 byte", "1 kB", "1 MB", "1 GB"]


def test_the_alt_text_says_what_the_figure_draws():
    images, stored, macs = costs.series()
    alt = figures.costs_alt_text(images, stored, macs)
    fig = figures.draw_costs(images, stored, macs)
    for line in fig.axes[0].get_lines():
        colour, marker = style.COLOUR_NAMES[to_hex(line.get_color()).upper()], style.MARKER_NAMES[line.get_marker()]
        assert f"{line.get_label()} ({colour} {marker})" in alt
    top, bottom = alt.split(" Top, ")[1].split(" Bottom, ")
    for part, values, write in ((top, stored, byte_size), (bottom, macs, compact)):
        for name, series in values.items():
            assert f"{name} from {write(min(series))} to {write(max(series))}" in part  # each layer grows left to right
    assert f"from {images[0]} to {images[-1]}, evenly spaced rather than to scale" in alt
    assert np.allclose(np.diff([tick for tick in fig.axes[1].get_xticks()]), 1)  # one step per column, whatever the sizes
    assert "level" not in top  # no two layers store the same at every size
    assert bottom.endswith("In every column of the bottom chart the grouped layer's dots are level with the fully connected layer's and the "
                           "convolutional layer's dots are level with the locally connected layer's.")


def test_a_chapter_that_shows_the_figure_shows_its_generated_alt_text():
    """The alt text cannot be glued, so the chapter types it: it must be what costs_alt_text writes for the data."""
    shown = [(path.name, found.group(1)) for path in sorted((REPO / "book").glob("*.md"))
             for found in [re.search(r"```\{glue:figure\} fig-costs\n:alt: ([^\n]*)\n", path.read_text())] if found]
    if not shown:
        pytest.skip("no chapter shows fig-costs yet (the section is in the coordinator's hands)")
    assert len(shown) == 1 and shown[0][1] == figures.costs_alt_text(*costs.series()), shown
