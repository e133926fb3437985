"""fc_to_conv.learning: its gradients, the shared-weight rule, determinism, and what the chapter says its experiments found."""

import numpy as np
import pytest

from fc_to_conv import figures, learning
from fc_to_conv.stages import STAGES

SIDE = 5  # a small image keeps the finite differences fast; the code is the same at 8x8
LAYERS = learning.layers(SIDE, kernel_side=3, groups=2)
POOL = learning.pooling(3, 3)  # global pooling of the 3x3 maps


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


def test_pooling_averages_each_block_of_each_map():
    maps = np.random.default_rng(2).random((5, 6, 6))  # five maps of 6x6
    pooled = maps.reshape(5, 36) @ learning.pooling(6, 2)
    np.testing.assert_allclose(pooled.reshape(5, 3, 3), maps.reshape(5, 3, 2, 3, 2).mean(axis=(2, 4)))
    np.testing.assert_allclose(maps.reshape(5, 36) @ learning.pooling(6, 6), maps.mean(axis=(1, 2))[:, None])
    with pytest.raises(ValueError, match="288 neurons, which do not fill maps of 25 positions"):
        learning.network(learning.layers()["convolutional"], learning.pooling(5, 5), 10, 0)


def test_pooling_refuses_a_pool_that_does_not_divide_the_map():
    with pytest.raises(ValueError, match="must divide"):
        learning.pooling(6, 4)


# --- the chapter's experiment and what its page says about it ------------------------------

DATA = learning.split(*learning.digits())


def test_fewer_keeps_each_digits_share_and_the_test_set():
    x, y, x_test, y_test = learning.fewer(DATA, 50)
    assert len(y) == 50 and (np.bincount(y) == 5).all()
    assert x_test is DATA[2] and y_test is DATA[3]
    assert learning.fewer(DATA, len(DATA[1])) is DATA
    for size in (9, len(DATA[1]) + 1):
        with pytest.raises(ValueError, match="size must lie between the 10 classes"):
            learning.fewer(DATA, size)


def test_a_table_cell_never_breaks_around_its_plus_minus():
    cell = learning.spread_cell([0.97, 0.98])
    mean, spread = learning.mean_and_spread([0.97, 0.98])
    assert cell == f"{100 * mean:.1f}\u00a0\u00b1\u00a0{spread:.1%}" and " " not in cell


def test_verdict_calls_a_gap_real_only_beyond_both_spreads():
    assert learning.mean_and_spread([0.9, 0.92]) == pytest.approx((0.91, np.std([0.9, 0.92], ddof=1)))
    assert learning.verdict([0.90, 0.92], [0.93, 0.95]) == "less accurate than"
    assert learning.verdict([0.93, 0.95], [0.90, 0.92]) == "more accurate than"
    assert learning.verdict([0.90, 0.94], [0.93, 0.95]) == "as accurate as"


def test_weights_on_image_gives_a_convolutions_kernel_and_a_fully_connected_neurons_image():
    layers = learning.layers()
    pool = learning.pooling(learning.MAP_SIDE, learning.POOL)
    conv = learning.network(layers["convolutional"], pool, 10, 0)
    per_group = layers["convolutional"].neurons // learning.GROUPS
    for group in (0, 3):
        kernel = conv.weights[group * 9:(group + 1) * 9].reshape(3, 3)
        for position in (0, 7, per_group - 1):  # every neuron of the group applies the same kernel
            np.testing.assert_array_equal(learning.weights_on_image(conv, group * per_group + position), kernel)
    fc = learning.network(layers["fully connected"], pool, 10, 0)
    np.testing.assert_array_equal(learning.weights_on_image(fc, 5), fc.layer.matrix(fc.weights)[5].reshape(8, 8))


@pytest.fixture(scope="module")
def run():
    """The chapter's experiment, as the chapter runs it."""
    return learning.experiment()


SLOW = pytest.mark.slow


@SLOW
def test_the_learning_curve_ends_with_the_whole_training_set(run):
    assert sorted(run.curve) == sorted(learning.FEWER + (len(run.data[1]),))
    assert run.result.images == len(run.data[1]) and run.result is run.curve[max(run.curve)]
    assert {name: run.result.weights[name] for name in run.layers} == {"fully connected": 18432, "grouped": 512,
                                                                       "locally connected": 2592, "convolutional": 72}


@SLOW
def test_what_the_accuracy_figure_and_its_text_say_holds(run):
    from test_figure_texts import figure_text

    alt, _ = figure_text("learning", "fig-learning-accuracies")
    result = run.result
    means = {name: result.test_mean(name) for name in run.layers}
    assert len(learning.SEEDS) == 5 and "five open circles" in alt
    for name in run.layers:  # the diamond lies right of every test circle
        assert learning.mean_and_spread(result.train[name])[0] > max(result.test[name]), name
    assert min(means, key=means.get) == "grouped" and "The grouped row lies furthest left" in alt
    others = [means[name] for name in run.layers if name != "grouped"]
    assert max(others) - min(others) < 0.02 and "the other three rows lie close together" in alt
    # "Giving up most of the weights cost little accuracy": within two points of the fully connected layer.
    assert means["fully connected"] - means["convolutional"] < 0.02
    # "Nor do fewer weights alone mean a smaller gap ...": every gap is small, and the grouped layer's, with far fewer
    # weights, is larger than the fully connected layer's (the page computes the gaps from the rounded percentages).
    gap = {name: round(100 * learning.mean_and_spread(result.train[name])[0], 1) - round(100 * means[name], 1)
           for name in run.layers}
    assert all(0 < value < 5 for value in gap.values()), gap
    assert gap["grouped"] > gap["fully connected"] and result.weights["grouped"] < result.weights["fully connected"]
    ax = figures.draw_accuracies(result).axes[0]
    assert [label.get_text().split("\n")[0] for label in ax.get_yticklabels()] == list(run.layers)


@SLOW
def test_what_the_learning_curve_and_its_text_say_holds(run):
    from test_figure_texts import figure_text

    alt, _ = figure_text("learning", "fig-learning-curve")
    sizes = sorted(run.curve)
    ax = figures.draw_learning_curve(run.curve).axes[0]
    assert list(ax.get_xticks()) == sizes and ax.get_xscale() == "log" and "ticked at each size used" in alt
    for name in run.layers:
        means = [run.curve[size].test_mean(name) for size in sizes]
        assert means == sorted(means), f"{name}: the line does not rise"
    assert "Every line rises from left to right" in alt
    for size in sizes:
        means = {name: run.curve[size].test_mean(name) for name in run.layers}
        assert min(means, key=means.get) == "grouped", size  # the takeaway: worst at every training size
        others = [means[name] for name in run.layers if name != "grouped"]
        assert max(others) - min(others) < 0.03, size
        assert abs(means["fully connected"] - means["locally connected"]) < 0.01, size
    assert "grouped layer's line lies below the other three at every size" in alt
    assert "the other three stay within three percentage points of each other, and the fully connected and locally " \
           "connected lines lie almost on top of each other" in alt
    # "Size by size ...": the chapter glues the verdict at each size, and says the saving in data does not show.
    assert all(learning.verdict(run.curve[size].test["convolutional"], run.curve[size].test["fully connected"])
               != "more accurate than" for size in sizes)


@SLOW
def test_what_the_learned_weights_figure_and_its_text_say_holds(run):
    from test_figure_texts import figure_text

    from fc_to_conv.detector import VERTICAL_EDGE

    alt, _ = figure_text("learning", "fig-learned-kernels")
    conv, fc = run.result.nets["convolutional"][0], run.result.nets["fully connected"][0]
    per_group = run.layers["convolutional"].neurons // learning.GROUPS
    kernels = [learning.weights_on_image(conv, g * per_group) for g in range(learning.GROUPS)]
    assert learning.GROUPS == 8 and "the eight 3 by 3 kernels" in alt and "the first neuron of each of the eight groups" in alt
    drawn = [ax.get_title() for ax in figures.draw_learned_weights(VERTICAL_EDGE, kernels, kernels).axes if ax.get_title()]
    assert drawn[:2] == ["hand-made, 2 \u00d7 2", "kernel 0, 3 \u00d7 3"] and len(drawn) == 1 + 2 * len(kernels)
    # the lower row is labelled by group, not neuron number; both rows count from 0, as the book's groups do
    assert drawn[1 + len(kernels)] == "group 0, 3 \u00d7 3" and drawn[len(kernels)] == f"kernel {len(kernels) - 1}, 3 \u00d7 3"
    assert all(kernel.shape == (3, 3) and kernel.min() < 0 < kernel.max() for kernel in kernels)
    assert "each with purple and orange cells" in alt
    assert (VERTICAL_EDGE[:, 0] > 0).all() and (VERTICAL_EDGE[:, 1] < 0).all()
    assert VERTICAL_EDGE.shape == (2, 2) and "2 by 2, purple on the left column and orange on the right" in alt
    assert learning.weights_on_image(fc, 0).shape == (8, 8) and "an 8 by 8 image" in alt
    # The weights that never moved: at least every wire from a pixel blank in every training image.
    start = learning.network(fc.layer, run.pool, 10, learning.SEEDS[0])
    blank = learning.blank_pixels(run.data[0])
    assert 0 in blank  # the exercise: the top-left pixel is blank in every training image
    unmoved = fc.layer.matrix(fc.weights)[:, blank] == fc.layer.matrix(start.weights)[:, blank]
    assert unmoved.all()
    assert learning.never_moved(fc, start) >= len(blank) * fc.layer.neurons
    assert learning.never_moved(conv, learning.network(conv.layer, run.pool, 10, learning.SEEDS[0])) == 0


@SLOW
def test_the_built_page_shows_the_computed_tables(built_book, run, placed):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_book / "book" / "learning.html").read_text(encoding="utf-8"), "html.parser")
    tables = [[[cell.get_text(strip=True) for cell in row.select("td")] for row in table.select("tbody tr")]
              for table in soup.select("table")]

    def rows(markdown):
        return [[cell.strip() for cell in line.strip("|").split("|")] for line in markdown.splitlines()[2:]]

    from fc_to_conv import costs

    shown = [[[cell.replace("\u2019", "'") for cell in row] for row in table] for table in tables]  # smart quotes
    # The learning tables, then the time-and-memory section's table of every layer at every size.
    assert shown == [rows(run.result.markdown()), rows(learning.positions_markdown(placed)), rows(costs.table_markdown())]
    pasted = [span.get_text() for span in soup.select("span.pasted-text")]
    assert f"{run.result.test_mean('convolutional'):.0%}" in pasted
    assert f"{learning.mean_and_spread(placed.unseen['convolutional', learning.MAP_SIDE])[0]:.0%}" in pasted


def test_placed_patterns_draw_each_pattern_in_the_columns_asked_for():
    images, labels = learning.placed_patterns(60, (4, 5), seed=0)
    shapes = np.array(list(learning.PATTERNS.values()), dtype=float)
    for image, label in zip(images.reshape(-1, 8, 8), labels):
        found = [(r, c) for r in range(6) for c in range(6)
                 if (image[r:r + 3, c:c + 3][shapes[label] == 1] == 1).all()]
        assert any(c in (4, 5) for _, c in found), label
        assert (image[:, :4] < learning.NOISE).all()  # nothing left of column 4 but noise
    assert set(labels) == set(range(len(shapes)))
    with pytest.raises(ValueError, match="fits on a 8x8 image at columns 0..5"):
        learning.placed_patterns(5, (6,), seed=0)


@pytest.fixture(scope="module")
def placed():
    """The chapter's positions experiment, as the chapter runs it."""
    return learning.positions()


@SLOW
def test_what_the_positions_figure_and_its_text_say_holds(placed):
    from test_figure_texts import figure_text

    alt, _ = figure_text("learning", "fig-learning-positions")
    chance = 1 / len(learning.PATTERNS)
    mean = {key: learning.mean_and_spread(values)[0] for key, values in placed.unseen.items()}
    seen = {key: learning.mean_and_spread(values)[0] for key, values in placed.seen.items()}
    conv = ("convolutional", learning.MAP_SIDE)
    assert abs(mean[conv] - seen[conv]) < 0.1 and mean[conv] > 0.8
    assert "Only the convolution with global pooling keeps its open square near its filled dot, far right" in alt
    assert all(abs(mean[key] - chance) < 0.1 for key in mean if key != conv)
    assert "for every other network the open square lies near the dashed line" in alt
    assert set(placed.seen) == {(name, learning.MAP_SIDE) for name in learning.layers()} | {("convolutional", learning.POOL)}
    # "no other layer with global pooling reaches more than ..., below the ... a blind guess gets"
    assert all(mean[name, learning.MAP_SIDE] < chance for name in learning.layers() if name != "convolutional")
    # The examples: three at seen columns lie in the left part of the image, three at unseen ones in the middle or
    # right (columns 3 to 7).
    for columns, seed, part in ((learning.SEEN_COLUMNS, 2, slice(0, 5)), (learning.UNSEEN_COLUMNS, 3, slice(3, 8))):
        images, _ = learning.placed_patterns(8, columns, seed)
        for image in images[:3].reshape(-1, 8, 8):
            outside = np.ones((8, 8), dtype=bool)
            outside[:, part] = False
            assert (image[outside] < 1).all() and (image[:, part] == 1).any()
    assert "three with a white pattern in the left part of the image and three with one in the middle or right part" in alt


def test_unseen_patterns_land_on_pixels_that_were_only_noise_in_training():
    """The chapter: training patterns reach at most column 4, columns 5 to 7 were only noise, and every unseen
    pattern but a corner in the first unseen column puts white pixels there; no unseen pattern sits where a
    training pattern sat."""
    last_seen = max(learning.SEEN_COLUMNS) + learning.KERNEL_SIDE - 1
    train, _ = learning.placed_patterns(200, learning.SEEN_COLUMNS, seed=1)
    assert (train.reshape(-1, 8, 8)[:, :, last_seen + 1:] < learning.NOISE).all()
    assert (train.reshape(-1, 8, 8)[:, :, last_seen] == 1).any()
    assert not set(learning.SEEN_COLUMNS) & set(learning.UNSEEN_COLUMNS)
    missing = [(name, column) for name, shape in learning.PATTERNS.items() for column in learning.UNSEEN_COLUMNS
               if not any(column + c > last_seen for c in np.nonzero(np.array(shape).any(axis=0))[0])]
    assert missing == [("corner", learning.UNSEEN_COLUMNS[0])]
