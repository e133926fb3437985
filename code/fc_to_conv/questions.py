"""Self-check questions: each chapter's "Check yourself" section, graded in the reader's browser.

Two kinds of question, both written here as data that the page's script
(``fc_to_conv/sphinxext/static/fc_to_conv.js``) grades, with no kernel and nothing sent anywhere:

- :class:`Generated`: the page draws a small layer (sizes from :data:`KINDS`' ranges) and asks
  for one count the chapter taught. Every value a question shows or expects is counted by
  :func:`values`, with the calculator's own counts (:func:`fc_to_conv.interactive.calculator_counts`);
  the script has the twin of both, which the browser tests check against this module on many
  draws. The page first shows one fixed draw (:func:`fixed_draw`, seeded by the question's
  id), which the PDF and EPUB print with its worked answer.
- :class:`Choice`: a conceptual question whose every choice, right or wrong, says why.

A chapter gets its questions with two lines in a hidden cell, ``glue_questions("book/x")``
(:func:`fc_to_conv.glue.glue_questions`), and a ``{glue} questions`` directive; the
questions themselves are listed in :data:`QUESTIONS` under the chapter's name.
"""

import html
import random
from dataclasses import dataclass

from .convolution import cross_correlate, slide
from .interactive import _json_script, _worked_sums, calculator_counts
from .real_layers import ConvShape
from .text import COUNT, factor

#: Sizes of a layer: a ConvShape field, or its default when a kind does not draw it.
SHAPE_DEFAULTS = {"side": 1, "in_channels": 1, "kernel": 1, "out_channels": 1, "stride": 1, "padding": 0}
#: Where a question's state is kept in the reader's browser (localStorage), before the question's id.
STORAGE_PREFIX = "fc-to-conv:question:"


@dataclass(frozen=True)
class Kind:
    """A generated question: what it draws, what it asks, how it answers.

    ``ranges`` are (parameter, lowest, highest) drawn in order, uniformly and inclusive; a bound
    may name a parameter drawn before it. ``matrices`` are (name, side, lowest, highest): square
    matrices of integers drawn after them. ``prompt`` and ``worked`` are templates filled with
    :func:`values` (``{fc_wires}``); ``answer`` names the value the reader must type.
    """

    ranges: tuple
    answer: str
    prompt: str
    worked: str
    matrices: tuple = ()


KINDS = {
    "fc_wires": Kind(
        (("side", 2, 6), ("kernel", "side", "side"), ("out_channels", 2, 20)), "fc_wires",
        "A gray image of {side}\u00d7{side} pixels ({pixels} in all) feeds a fully connected layer of {neurons} neurons. "
        "How many wires does the layer have?",
        "Every neuron has a wire from every pixel: {neurons} \u00d7 {pixels} = {fc_wires} wires, each with a "
        "weight of its own."),
    "fc_parameters": Kind(
        (("side", 2, 6), ("kernel", "side", "side"), ("out_channels", 2, 20)), "fc_parameters",
        "A gray image of {side}\u00d7{side} pixels feeds a fully connected layer of {neurons} neurons, each with a bias. "
        "How many parameters (weights and biases) does the layer learn?",
        "One weight per wire, {neurons} \u00d7 {pixels} = {fc_weights}, and one bias per neuron, {fc_biases}: "
        "{fc_parameters} parameters."),
    "grouped_weights": Kind(
        (("side", 2, 6), ("kernel", 1, "side"), ("out_channels", 2, 5)), "grouped_weights",
        "An image of {side}\u00d7{side} pixels ({pixels} in all) is wired fully to {neurons} neurons in {out_channels} "
        "groups of {positions}. Inside a group, all the wires from one pixel share one weight. "
        "How many distinct weights does the layer have?",
        "One weight per pixel and group: {out_channels} \u00d7 {pixels} = {grouped_weights}, whatever the "
        "size of a group (here {positions})."),
    "positions": Kind(
        (("side", 2, 8), ("kernel", 2, "side")), "positions",
        "A {kernel}\u00d7{kernel} window moves one pixel at a time over an image of {side}\u00d7{side} pixels, and stays "
        "inside it. How many positions does it take?",
        "{side} \u2212 {kernel} + 1 = {out_side} per row and as many per column: "
        "{out_side} \u00d7 {out_side} = {positions}."),
    "local_wires": Kind(
        (("side", 3, 6), ("kernel", 2, "side"), ("out_channels", 2, 4)), "local_wires",
        "{out_channels} groups each have one neuron per position of a {kernel}\u00d7{kernel} window on an "
        "image of {side}\u00d7{side} pixels, wired only to the {window} pixels of its window. "
        "How many wires does the layer have?",
        "Groups \u00d7 positions \u00d7 pixels of a window: {out_channels} \u00d7 {positions} \u00d7 {window} = "
        "{local_wires}, against {fc_wires} if each of the {neurons} neurons saw all {pixels} pixels."),
    "conv_weights": Kind(
        (("side", 2, 8), ("kernel", 1, "side"), ("out_channels", 2, 6)), "conv_weights",
        "On an image of {side}\u00d7{side} pixels, {out_channels} groups of neurons each read every "
        "{kernel}\u00d7{kernel} window, and a group shares one weight per position in the window. "
        "How many distinct weights does the layer have?",
        "One weight per group and position in the window: {out_channels} \u00d7 {window} = {conv_weights}, "
        "{out_channels} kernels of {kernel}\u00d7{kernel}; the image's size does not change it."),
    "output_value": Kind(
        (("row", 0, 1), ("column", 0, 1)), "output",
        "The kernel with rows {kernel_rows} slides over the 3\u00d73 image with rows {image_rows}. What is "
        "its output at the window whose top-left pixel is in row {row}, column {column} (counting from 0)?",
        "The window's pixels, row by row, times the kernel's weights at the same places, added: {sum}.",
        # Small integers, so that the sum is done by hand.
        matrices=(("image", 3, 0, 9), ("kernel", 2, -2, 2))),
    "out_side": Kind(
        (("side", 5, 10), ("kernel", 1, 5), ("stride", 1, 3), ("padding", 0, 2)), "out_side",
        "A {kernel}\u00d7{kernel} kernel moves with stride {stride} over an image of {side}\u00d7{side} pixels "
        "with padding {padding} (rows and columns of zeros added on every side). How many outputs does each row of the "
        "output have?",
        "({side} + 2 \u00d7 {padding} \u2212 {kernel}) / {stride} + 1, the division rounded down: "
        "\u230a{span} / {stride}\u230b + 1 = {out_side}."),
    "conv_macs": Kind(
        (("side", 3, 8), ("kernel", 1, 3), ("in_channels", 2, 3), ("out_channels", 2, 4)), "conv_macs",
        "A layer of {out_channels} kernels of {kernel}\u00d7{kernel} runs with stride 1 and no padding over an "
        "image of {side}\u00d7{side} pixels with {in_channels} channels. How many multiply-accumulates does it do "
        "for one image?",
        "{neurons} outputs ({out_channels} \u00d7 {out_side} \u00d7 {out_side}), each a sum of {per_kernel} "
        "products ({kernel} \u00d7 {kernel} \u00d7 {in_channels}): {conv_macs}."),
    "fc_same_outputs": Kind(
        (("side", 3, 6), ("kernel", 1, 3), ("in_channels", 2, 3), ("out_channels", 2, 4)), "fc_weights",
        "A convolution of {out_channels} kernels of {kernel}\u00d7{kernel}, stride 1, no padding, takes an "
        "image of {side}\u00d7{side} pixels with {in_channels} channels. How many weights would a fully connected "
        "layer with the same inputs and outputs have?",
        "{inputs} inputs ({in_channels} \u00d7 {side} \u00d7 {side}) times {neurons} outputs "
        "({out_channels} \u00d7 {out_side} \u00d7 {out_side}): {fc_weights}, against the "
        "convolution's {conv_weights}."),
    "moved_outputs": Kind(
        (("side", 6, 10), ("kernel", 1, 3), ("shift", 1, 3)), "kept",
        "A {kernel}\u00d7{kernel} kernel slides with stride 1 over an image of {side}\u00d7{side} pixels. The "
        "picture moves {shift} pixels to the right, new pixels coming in at the left edge. In each row of the "
        "output, how many outputs are outputs of the first picture, moved?",
        "A row has {out_side} outputs; the first {shift} of them read windows that new pixels reach, the others "
        "read the first picture's windows, moved: {out_side} \u2212 {shift} = {kept}."),
    "conv_parameters": Kind(
        (("kernel", 1, 7), ("side", "kernel", 32), ("in_channels", 2, 64), ("out_channels", 2, 64)),
        "conv_parameters",
        "A convolutional layer has {out_channels} kernels of {kernel}\u00d7{kernel} and a bias per kernel; "
        "its input is a map of {side}\u00d7{side} positions with {in_channels} channels. How many parameters does it have?",
        "Each kernel holds {kernel} \u00d7 {kernel} \u00d7 {in_channels} = {per_kernel} weights; "
        "{out_channels} kernels hold {conv_weights}, and {conv_biases} biases make {conv_parameters}. "
        "The map's side does not matter."),
}


@dataclass(frozen=True)
class Generated:
    """A question the page draws afresh: one of :data:`KINDS`."""

    kind: str


@dataclass(frozen=True)
class Choice:
    """A question with choices: ``choices`` are (text, right, why), exactly one of them right."""

    prompt: str
    choices: tuple


def _choice(prompt, *choices):
    """A :class:`Choice`, written with the right choice first (the page shows them in :func:`choice_order`)."""
    return Choice(prompt, choices)


QUESTIONS = {
    "book/introduction": [
        _choice(
            "Which two constraints turn a fully connected layer into a convolution in this book?",
            ("Weight sharing and locality", True,
             "Neurons in a group reuse the same weights, and each neuron reads only a small window."),
            ("Fewer neurons and fewer pixels", False,
             "Neither constraint removes a neuron or a pixel: the image and the hidden layer keep their sizes."),
            ("Flipping the kernel and adding padding", False,
             "Neither is needed: the layer the book ends with computes a cross-correlation, and padding "
             "comes only in the general case."),
        ),
        _choice(
            "Every neuron now reads only its own window, but a group keeps one weight per pixel. Is the layer "
            "a convolution?",
            ("No: it keeps as many weights as with sharing alone", True,
             "A group must share one weight per position in the window; only then do its weights form a "
             "kernel that slides."),
            ("Yes: locality makes it a convolution", False,
             "Locality alone gives each neuron a window, but its weights still depend on the pixel, not on "
             "the position in the window: no kernel slides."),
            ("Yes, as soon as the windows overlap", False,
             "Overlapping windows are what a sliding kernel makes, but they do not make the weights a kernel: "
             "the sharing rule does."),
        ),
        Generated("fc_wires"),
    ],
    "book/fully_connected": [
        Generated("fc_wires"),
        Generated("fc_parameters"),
        _choice(
            "An image with w columns is flattened row by row. Which element of the vector is the pixel in "
            "row r, column c (both counted from 0)?",
            ("r \u00d7 w + c", True, "Each of the r rows above it holds w pixels, and c more come before it "
                                    "in its own row."),
            ("c \u00d7 w + r", False, "That reads the image column by column, and it is right only when the "
                                     "image is square and you flatten its transpose."),
            ("r + c", False, "That forgets that each row above holds w pixels: pixels (0, 1) and (1, 0) "
                             "would land on the same element."),
        ),
        _choice(
            "You shuffle the pixels of every image the same way, and train the fully connected layer again. "
            "What changes?",
            ("Nothing it can learn: the layer does not know which pixels are neighbours", True,
             "Flattening forgets the grid; the same shuffle of the weights gives the same outputs."),
            ("It learns worse, since neighbouring pixels are now apart", False,
             "Only a layer that uses the grid, such as a convolution, cares where a pixel sits; this one "
             "treats every pixel alike."),
            ("It needs more weights", False, "It still has one weight per wire, pixels times neurons, "
                                             "whatever order the pixels come in."),
        ),
    ],
    "book/parameter_count": [
        Generated("fc_parameters"),
        _choice(
            "You double the side of the image and keep the hidden layer. By how much does the first layer's "
            "number of weights grow?",
            ("It is multiplied by 4", True, "The weights grow with the pixels, the square of the side."),
            ("It is multiplied by 2", False, "That would hold if the weights grew with the side; they grow with "
                                              "the pixels, side times side."),
            ("It stays the same", False, "Every new pixel gets a wire to every neuron, each with its own weight."),
        ),
        _choice(
            "A network has two fully connected hidden layers. How do you count its weights?",
            ("Add the products of the sizes of each pair of consecutive layers", True,
             "Each layer's weights are its inputs times its neurons; the network's count is their sum."),
            ("Multiply the sizes of all the layers together", False,
             "A pixel's wires end in the first hidden layer; only consecutive layers are wired to each other."),
            ("Add the sizes of the layers", False, "That counts neurons, not wires: every pair of connected "
                                                   "neurons has a weight."),
        ),
    ],
    "book/grouping": [
        Generated("grouped_weights"),
        _choice(
            "Grouping alone already saves weights. What is its catch?",
            ("The neurons of a group compute the same output", True,
             "They see the same pixels with the same weights, so a group is worth one neuron: sharing "
             "alone saves weights but wastes neurons."),
            ("None: the layer computes what it computed before", False,
             "It computes less: inside a group every neuron repeats its neighbours' output."),
            ("It removes wires", False, "Every wire is still there; only the number of distinct weights falls."),
            ("It is already a convolution", False,
             "Each neuron still reads the whole image: without locality there is no window for a kernel."),
        ),
        _choice(
            "How many weights does a grouped layer need per pixel?",
            ("One per group", True, "Inside a group, all the wires from one pixel share one weight."),
            ("One per neuron", False, "That is the fully connected layer, before grouping."),
            ("One in all", False, "Then every group would compute the same thing; each group has its own."),
        ),
    ],
    "book/locality": [
        Generated("positions"),
        Generated("local_wires"),
        _choice(
            "Each neuron is wired to its own window, and a group keeps one weight per pixel. Is the layer a "
            "convolution?",
            ("No: it has as many weights as grouping alone", True,
             "Locality alone saves nothing here: a group must share one weight per position in the window, "
             "and then its weights form a kernel."),
            ("Yes: locality alone makes it a convolution", False,
             "Locality removes wires, not weights: a pixel's wires in a group still share that pixel's weight, "
             "so the group has one weight per pixel, not a kernel."),
            ("Yes, but only with stride 1", False, "Stride changes how many windows there are, not what the "
                                                   "weights are shared by."),
        ),
    ],
    "book/convolution": [
        Generated("output_value"),
        Generated("conv_weights"),
        _choice(
            "Do deep-learning libraries flip the kernel before they slide it (a textbook convolution)?",
            ("No: they compute a cross-correlation, the kernel as it is", True,
             "The layer of this book and the libraries' convolution layers slide the kernel unflipped; since "
             "the weights are learned, flipping would only mean learning the kernel flipped."),
            ("Yes: otherwise it would not be a convolution", False,
             "The name is kept from the textbook operation, but the libraries do not flip: the book checks "
             "its layer against both, and it matches the unflipped one."),
            ("Only for kernels of odd side", False, "Flipping does not depend on the kernel's size; the "
                                                    "libraries never flip."),
        ),
    ],
    "book/general_case": [
        Generated("out_side"),
        Generated("conv_macs"),
        Generated("fc_same_outputs"),
        _choice(
            "The same convolution runs on an image twice as wide and tall. What grows?",
            ("Its multiply-accumulates, not its weights", True,
             "The kernels stay k \u00d7 k \u00d7 channels each; there are more output positions to compute."),
            ("Its weights", False, "A kernel's size does not depend on the image: the same kernel slides "
                                   "over more positions."),
            ("Nothing", False, "More positions mean more outputs, each a sum of products."),
        ),
    ],
    "book/real_networks": [
        Generated("conv_parameters"),
        _choice(
            "In AlexNet and VGG-16, where are most of the parameters?",
            ("In the fully connected layers at the end", True,
             "Their weights are inputs times outputs; the convolutions hold few parameters but do most of "
             "the multiply-accumulates."),
            ("In the convolutions, since they do most of the work", False,
             "Work and parameters differ: a kernel is reused at every position, so the convolutions do most "
             "of the multiply-accumulates with few weights."),
            ("In the biases", False, "A layer has one bias per output channel or neuron, few beside its weights."),
        ),
        _choice(
            "Why is the fully connected part of ResNet-50 so small?",
            ("It pools each channel to one number before the classifier", True,
             "The classifier then reads one input per channel instead of one per position and channel."),
            ("It has no fully connected layer at all", False, "It keeps one, its classifier: small, because "
                                                              "of the pooling before it."),
            ("Its convolutions have no weights", False, "Its convolutions hold nearly all its parameters."),
        ),
    ],
    "book/equivariance": [
        Generated("moved_outputs"),
        _choice(
            "You move the picture three pixels to the right. What does a convolution's output do, away from "
            "the borders?",
            ("It moves three positions to the right, unchanged otherwise (equivariance)", True,
             "Every position uses the same kernel, so the moved pixels give the moved outputs."),
            ("It stays the same (invariance)", False,
             "That is invariance, which a convolution does not have: its output moves with the picture."),
            ("It changes in a way that depends on the weights", False,
             "That is what a fully connected layer does in general; a convolution's output only moves."),
        ),
        _choice(
            "A convolution has stride 2. To which moves of the picture is it equivariant?",
            ("To moves by a multiple of 2 pixels", True,
             "A move by one stride moves the output by one position; a move by one pixel lands between "
             "the positions the kernel visits."),
            ("To every move", False, "With stride 2 the kernel skips every other position, so a move by one "
                                     "pixel gives other outputs, not moved ones."),
            ("To none", False, "A move by two pixels moves the output by exactly one position."),
        ),
        _choice(
            "A fully connected layer with random weights sees the picture and the moved picture. Is its "
            "output moved too?",
            ("In general no: nothing forces it to be equivariant", True,
             "Each output has weights of its own for every pixel; only a layer whose matrix is a "
             "convolution's is equivariant."),
            ("Yes, every layer is equivariant", False, "The book measures a large relative difference for "
                                                       "random weights."),
            ("Yes, if it has as many neurons as pixels", False,
             "The number of neurons does not matter; its weights would have to repeat as a convolution's do."),
        ),
    ],
    "book/learning": [
        Generated("conv_weights"),
        _choice(
            "During training, which gradient does a weight that several wires share get?",
            ("The sum of the gradients of the wires that use it", True,
             "Every wire that uses the weight changes the loss, so the backward pass adds each wire's gradient into its weight id."),
            ("The gradient of one of its wires", False, "Every wire that uses the weight changes the output, so each one's gradient counts."),
            ("The mean of its wires' gradients", False, "The chain rule adds the wires' contributions; it does not average them."),
        ),
        _choice(
            "Why are the four layers trained with the same readout, optimiser, steps and seeds?",
            ("So that a difference in accuracy comes from the layer's wiring and sharing alone", True,
             "Everything else is held fixed, so the layer is the only thing that differs."),
            ("Because the four layers have the same number of weights", False, "Their weights differ by far; that difference is what the experiment compares."),
            ("Because a convolution needs no tuning", False, "Every layer is trained by the same code; none is tuned apart."),
        ),
    ],
}


def shape_of(params):
    """The ConvShape a generated question's ``params`` describe (defaults for what it does not draw)."""
    sizes = {name: params.get(name, default) for name, default in SHAPE_DEFAULTS.items()}
    return ConvShape(**sizes, floor=True)


def show(value):
    """A value as a question prints it: a count with thousands separators and a true minus sign."""
    return COUNT.format(value).replace("-", "\u2212") if isinstance(value, int) else value


def _rows(matrix):
    """A small integer matrix in words: its rows in brackets, "[3 1 4], [1 5 9] and [2 6 5]" (no line break in a row)."""
    rows = ["[" + "\u00a0".join(show(int(v)) for v in row) + "]" for row in matrix]
    return ", ".join(rows[:-1]) + " and " + rows[-1]


def values(kind, params):
    """Every value a generated question of ``kind`` may show or ask, for one draw ``params``.

    The counts are the calculator's (:func:`fc_to_conv.interactive.calculator_counts`: per stage
    wires, weights, biases, parameters, multiply-accumulates); the output value is
    :func:`fc_to_conv.convolution.cross_correlate`'s, its worked sum the sliding widget's.
    The page's script computes the same dictionary (the browser tests compare them).
    """
    if kind == "output_value":
        image, kernel = params["image"], params["kernel"]
        sums = _worked_sums(slide(image, kernel))
        output = int(cross_correlate(image, kernel)[params["row"], params["column"]])
        return {"row": params["row"], "column": params["column"], "image_rows": _rows(image),
                "kernel_rows": _rows(kernel), "output": output, "sum": sums[2 * params["row"] + params["column"]]}
    shape = shape_of(params)
    fc, grouped, local, conv = calculator_counts(shape)["stages"]
    return {
        "side": shape.side, "kernel": shape.kernel, "stride": shape.stride, "padding": shape.padding,
        "in_channels": shape.in_channels, "out_channels": shape.out_channels,
        "pixels": shape.side * shape.side, "inputs": shape.inputs, "window": shape.kernel * shape.kernel,
        "per_kernel": shape.kernel * shape.kernel * shape.in_channels,
        "span": shape.side + 2 * shape.padding - shape.kernel, "out_side": shape.out_side,
        "positions": shape.out_side * shape.out_side, "neurons": fc[2],
        "fc_wires": fc[0], "fc_weights": fc[1], "fc_biases": fc[2], "fc_parameters": fc[3],
        "grouped_weights": grouped[1], "local_wires": local[0],
        "conv_weights": conv[1], "conv_biases": conv[2], "conv_parameters": conv[3], "conv_macs": conv[4],
        # After a move of the picture by ``shift`` columns: the outputs of a row that are the first ones, moved.
        "shift": params.get("shift", 0), "kept": shape.out_side - params.get("shift", 0),
    }


def draw(kind, rng):
    """One random draw of a generated question's parameters, with ``rng`` (a :class:`random.Random`)."""
    params = {}
    for name, low, high in KINDS[kind].ranges:
        params[name] = rng.randint(params.get(low, low), params.get(high, high))
    for name, side, low, high in KINDS[kind].matrices:
        params[name] = [[rng.randint(low, high) for _ in range(side)] for _ in range(side)]
    return params


def fixed_draw(question_id, kind):
    """The draw a page shows first and the PDF prints: seeded by the question's id, the same every build."""
    return draw(kind, random.Random(question_id))


def fill(template, found):
    """A template filled with values, each as :func:`show` prints it."""
    return template.format(**{name: show(value) for name, value in found.items()})


def check_chapter(chapter):
    """The chapter's questions (ValueError if it has none, or a choice question has not exactly one right choice)."""
    if chapter not in QUESTIONS:
        raise ValueError(f"no questions for chapter {chapter!r}; chapters with questions: {sorted(QUESTIONS)}")
    for question in QUESTIONS[chapter]:
        if isinstance(question, Choice) and [right for _, right, _ in question.choices].count(True) != 1:
            raise ValueError(f"{question.prompt!r} must have exactly one right choice")
    return QUESTIONS[chapter]


def choice_order(qid, question):
    """The order a question's choices are shown in: shuffled, seeded by its id, so the same every build."""
    order = list(range(len(question.choices)))
    random.Random(qid).shuffle(order)
    return order


def question_ids(chapter):
    """The ids of a chapter's questions, in order: ``q-grouping-1``, ``q-grouping-2`` ..."""
    slug = chapter.rsplit("/", 1)[-1].replace("_", "-")
    return [f"q-{slug}-{k}" for k in range(1, len(check_chapter(chapter)) + 1)]


# ---------------------------------------------------------------- the page

QUIZ_HELP = ("Your answers are checked in this browser and kept only here, so that the page remembers "
             "them when you come back.")


def _generated_html(qid, question):
    """A generated question: prompt, answer field, feedback, worked answer and a new-question button."""
    kind = KINDS[question.kind]
    params = fixed_draw(qid, question.kind)
    found = values(question.kind, params)
    data = {"kind": question.kind, "ranges": kind.ranges, "matrices": kind.matrices, "defaults": SHAPE_DEFAULTS,
            "answer": kind.answer, "prompt": kind.prompt, "worked": kind.worked, "params": params}
    return (
        f'<li class="fcc-question fcc-generated" id="{qid}" data-kind="{question.kind}">'
        f'<form class="fcc-answer" novalidate>'
        f'<p class="fcc-prompt" id="{qid}-prompt">{html.escape(fill(kind.prompt, found))}</p>'
        f'<label for="{qid}-input">Your answer</label> '
        f'<input type="text" id="{qid}-input" name="answer" inputmode="numeric" autocomplete="off" '
        f'aria-describedby="{qid}-prompt {qid}-feedback">'
        f' <button type="submit">Check</button>'
        f' <button type="button" data-action="new">New question</button></form>'
        f'<p class="fcc-feedback" id="{qid}-feedback" aria-live="polite"></p>'
        f'<details class="fcc-worked"><summary>Worked answer</summary>'
        f'<p><span class="fcc-worked-text">{html.escape(fill(kind.worked, found))}</span> The answer: '
        f'<span class="fcc-answer-value">{show(found[kind.answer])}</span>.</p></details>'
        + _json_script(data) + "</li>")


def _choice_html(qid, question):
    """A question with choices: a fieldset of radio buttons, a check button, feedback and the explanation."""
    choices = "".join(
        f'<label class="fcc-choice"><input type="radio" name="{qid}" value="{k}"> '
        f'{html.escape(question.choices[k][0])}</label>' for k in choice_order(qid, question))
    [(right_text, _, right_why)] = [c for c in question.choices if c[1]]
    data = {"choices": [{"right": right, "why": why} for _, right, why in question.choices]}
    return (
        f'<li class="fcc-question fcc-choices" id="{qid}">'
        f'<form class="fcc-answer" novalidate><fieldset aria-describedby="{qid}-feedback">'
        f'<legend class="fcc-prompt">{html.escape(question.prompt)}</legend>{choices}</fieldset>'
        f'<button type="submit">Check</button></form>'
        f'<p class="fcc-feedback" id="{qid}-feedback" aria-live="polite"></p>'
        f'<details class="fcc-worked"><summary>The answer</summary>'
        f'<p><span class="fcc-answer-value">{html.escape(right_text)}</span>. {html.escape(right_why)}</p></details>'
        + _json_script(data) + "</li>")


def questions_html(chapter):
    """A chapter's "Check yourself" questions as one block of HTML for the page's script to grade."""
    parts = []
    for qid, question in zip(question_ids(chapter), check_chapter(chapter)):
        parts.append(_generated_html(qid, question) if isinstance(question, Generated) else _choice_html(qid, question))
    return (
        f'<div class="fcc-quiz" data-storage="{STORAGE_PREFIX}">'
        + f'<p class="fcc-help">{QUIZ_HELP} <button type="button" data-action="forget">Forget my answers</button> '
          '<span class="fcc-forgotten" aria-live="polite"></span></p>'
        + '<noscript><p class="fcc-help">Without JavaScript the page cannot check your answers: open each '
          "question's answer below it.</p></noscript>"
        + '<ol class="fcc-questions">' + "".join(parts) + "</ol></div>")


#: The appendix that prints the answers (book/answers.md), by its title.
ANSWERS_TITLE = "Answers to the questions"


def _printed(qid, question):
    """A question as printed, and its answer with why: generated ones with their fixed draw."""
    if isinstance(question, Generated):
        kind = KINDS[question.kind]
        found = values(question.kind, fixed_draw(qid, question.kind))
        return fill(kind.prompt, found), f"{show(found[kind.answer])}. {fill(kind.worked, found)}"
    options = "\n".join(f"   - {question.choices[c][0]}" for c in choice_order(qid, question))
    [(text, _, why)] = [c for c in question.choices if c[1]]
    return f"{question.prompt}\n\n{options}", f"{text}. {why}"


def questions_markdown(chapter):
    """A chapter's questions for the PDF and EPUB, which run no script: generated ones with their fixed draw;
    the answers are in the appendix (:func:`answers_markdown`)."""
    printed = [_printed(qid, q)[0] for qid, q in zip(question_ids(chapter), check_chapter(chapter))]
    return ("\n\n".join(f"{k}. {text}" for k, text in enumerate(printed, 1))
            + f"\n\nThe answers are in the appendix *{ANSWERS_TITLE}*.\n")


def answers_markdown():
    """Every chapter's questions with their answers, chapter by chapter, for the appendix (MyST: ``{doc}`` links)."""
    parts = []
    for chapter in QUESTIONS:
        answers = [f"{k}. {text}\n\n   *Answer:* {answer}"
                   for k, (text, answer) in enumerate((_printed(qid, q) for qid, q in
                                                       zip(question_ids(chapter), check_chapter(chapter))), 1)]
        parts.append(f"**{{doc}}`{chapter.rsplit('/', 1)[-1]}`**\n\n" + "\n\n".join(answers))
    return "\n\n".join(parts) + "\n"
