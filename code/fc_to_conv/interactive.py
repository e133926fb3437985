"""The book's interactive figures, for a static site: annotated SVG and the data the widgets run on.

A figure drawn by :mod:`fc_to_conv.figures` with SVG ids (``draw_network(..., gids=True)``,
``draw_sliding_steps``) is turned into inline SVG whose wires, pixels and neurons carry their
weight ids and indices, read from the layer's id matrix; the page's script
(``fc_to_conv/sphinxext/static/fc_to_conv.js``) highlights, steps and counts with nothing but that markup and the
JSON this module embeds next to it. The stages' counts come from :class:`~fc_to_conv.wiring.Layer`
objects; the calculator for real layers computes in the browser with the closed forms of
:func:`fc_to_conv.real_layers.derivation_counts`, which the tests check against built layers.
"""

import html
import json
import re
from xml.dom import minidom


from . import style
from .convolution import slide
from .figures import draw_network, draw_sliding_steps
from .networks import MOBILENET, RESNET50, VGG16, layer_rows
from .real_layers import ConvShape, Counts, allocated_weights, derivation_counts, products_with_padding, side_padding
from .stages import GROUPS, IMAGE_SHAPE, KERNEL_SHAPE, registry
from .summary import reduction_text
from .svg import to_svg
from .text import COUNT, factor, number
from .wiring import NO_WIRE, Layer, reduction

#: SVG ids that the figures give the parts of an interactive figure.
WIRE_GID = re.compile(r"wire-(\d+)-(\d+)")
NODE_GID = re.compile(r"(pixel|neuron)-(\d+)")
LABEL_GID = re.compile(r"(pixel|neuron)-(\d+)-label")
STEP_GID = re.compile(r"window-(\d+)(?:-.+)?")
OUTPUT_GID = re.compile(r"output-(\d+)")
#: Radius (SVG units, points) of the ring drawn around a node when it is lit or focused.
RING_RADIUS = style.NODE_SIZE / 2 + 2.5
#: Counts from this size on are not shown: JavaScript numbers are exact only below 2**53.
BROWSER_LIMIT = 2 ** 53
#: The calculator's inputs: field (ConvShape's, and the channel groups), label, smallest value allowed.
CALC_INPUTS = (("side", "image side (pixels)", 1), ("in_channels", "input channels", 1),
               ("kernel", "kernel side", 1), ("out_channels", "kernels (output channels)", 1),
               ("stride", "stride", 1), ("padding", "padding", 0), ("groups", "channel groups", 1),
               ("dilation", "dilation", 1))
CALC_FIELDS = tuple(name for name, _, _ in CALC_INPUTS)
#: The calculator's columns: Counts fields, and their headers.
CALC_COLUMNS = ("wires", "weights", "biases", "parameters", "macs")
CALC_HEADERS = ("wires", "weights", "biases", "parameters", "multiply-accumulates")
#: The calculator's summary of the convolution: keys of :func:`calculator_counts`, and their labels.
CALC_SUMMARY = (("out_side", "output side"), ("parameters", "convolution's parameters"),
                ("macs", "its multiply-accumulates, pixels only"),
                ("padded_macs", "the same with padding products (profilers' count)"))
#: Small layers the browser test checks the calculator on (side, in, kernel, out, stride, padding, groups, dilation),
#: some impossible; dilated ones on sides where a spread kernel still fits, or just does not.
CALC_GRID = [(side, c_in, kernel, c_out, stride, padding, groups, 1)
             for side in (1, 2, 3, 5) for kernel in (1, 2, 3, 6) for stride in (1, 2, 3) for padding in (0, 1, 2)
             for c_in, c_out, groups in ((1, 1, 1), (2, 3, 1), (4, 6, 2))]
CALC_GRID += [(side, c_in, kernel, c_out, stride, padding, groups, dilation)
              for side in (2, 4, 7) for kernel in (2, 3) for stride in (1, 2) for padding in (0, 1, 3) for dilation in (2, 3)
              for c_in, c_out, groups in ((1, 1, 1), (4, 6, 2))]
#: Real layers: VGG-16's first, ResNet-50's first, a 3x3 kernel on a 1x1 map, MobileNet's first depthwise layer,
#: layers beyond 2**53, channel groups that do not divide the channels, a dilated 3x3 of DeepLab's kind (dilation
#: 2, padding 2: the side kept), and a dilation so wide that only the kernel's centre meets the image.
CALC_REAL = [(224, 3, 3, 64, 1, 1, 1, 1), (224, 3, 7, 64, 2, 3, 1, 1), (1, 256, 3, 84, 1, 1, 1, 1),
             (56, 256, 3, 256, 1, 1, 1, 1), (112, 32, 3, 32, 1, 1, 32, 1), (4096, 512, 3, 512, 1, 1, 1, 1),
             (10 ** 6, 1, 3, 1, 1, 1, 1, 1), (1, 1, 10 ** 8, 1, 1, 10 ** 8, 1, 1), (5, 4, 3, 6, 1, 0, 3, 1),
             (64, 256, 3, 256, 1, 2, 1, 2), (10 ** 6, 1, 3, 1, 1, 10 ** 6, 1, 10 ** 6)]
#: The layers the text names, as presets: the button's label, the network and the layer whose sizes it takes.
CALC_PRESETS = (("VGG-16's first layer", VGG16, "conv1_1"),
                ("a ResNet-50 bottleneck's 3×3", RESNET50, "conv2_block1_2_conv"),
                ("a MobileNet depthwise layer", MOBILENET, "conv_dw_1"))
#: What a cell shows for a count the stage does not have.
DASH = "\u2014"


def _prefix_references(value, prefix):
    """An attribute value with every ``url(#id)`` pointing at ``prefix-id`` instead."""
    return re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", value)


def _ring(doc, element):
    """A ``<circle class="fcc-ring">`` around the node drawn by ``element`` (its marker's ``<use>``)."""
    [use] = element.getElementsByTagName("use")[:1] or [None]
    if use is None:
        raise ValueError(f"node {element.getAttribute('id')!r} has no marker to ring")
    ring = doc.createElement("circle")
    for name, value in (("class", "fcc-ring"), ("cx", use.getAttribute("x")), ("cy", use.getAttribute("y")),
                        ("r", f"{RING_RADIUS:g}")):
        ring.setAttribute(name, value)
    return ring


def _attribute(name):
    """A keyword argument's name as an attribute name: ``data_kind`` -> ``data-kind``, ``class_`` -> ``class``."""
    return name.rstrip("_").replace("_", "-")


def _set(element, **attributes):
    """Set attributes on a DOM element, named as keyword arguments (see :func:`_attribute`)."""
    for name, value in attributes.items():
        element.setAttribute(_attribute(name), str(value))


def annotate_svg(svg, prefix, layer=None, *, label, traceable=True, step=None):
    """Matplotlib's SVG text as inline SVG for a page, its parts marked for the page's script.

    Parameters
    ----------
    svg : str
        From :func:`fc_to_conv.svg.to_svg` of a figure drawn with SVG ids.
    prefix : str
        Prefixed to every id left in the SVG (and every reference to one), so several SVGs
        can share a page: matplotlib reuses ids such as marker and clip-path names. The
        figure's own ids (``wire-0-4``) are dropped once read: their classes and data
        attributes say what they said.
    layer : Layer, optional
        The layer the wires belong to: wire ``wire-j-i`` gets ``data-weight`` =
        ``layer.ids[j, i]``. Required if the SVG has wires.
    label : str
        The SVG's accessible name (a text description of the figure).
    traceable : bool
        The page's script makes the wires, pixels and neurons of a traceable SVG (class
        ``fcc-traceable``) keyboard-focusable buttons, and widens the wires' pointer targets;
        the markup here stays lean, and a page without the script shows a plain picture.
    step : int, optional
        The step of an animation shown before the script runs: parts of window ``step`` get
        class ``fcc-current``, outputs up to ``step`` class ``fcc-done``.

    Returns
    -------
    str
        The ``<svg>`` element, without XML prolog, width or height (it scales with the page)
        and without matplotlib's page-wide ``<style>`` (the book's CSS scopes it); its
        ``--fcc-min-width`` is its width in units, as CSS pixels: the width a phone draws it at (labels
        at their drawn size), and a quarter more is the widest a desktop draws it.

    Raises
    ------
    ValueError
        If a wire has no layer, or the layer has no wire there (``-1``).
    """
    doc = minidom.parseString(svg.encode("utf-8"))
    root = doc.documentElement
    for name in ("width", "height"):
        root.removeAttribute(name)
    for css in list(root.getElementsByTagName("style")):
        css.parentNode.removeChild(css)
    # On a phone the drawing keeps one CSS pixel per unit of its width at least (the book's CSS), so
    # that its labels, 10 units or more, stay 10 px or more.
    width = float(root.getAttribute("viewBox").split()[2])
    _set(root, class_="fcc-svg fcc-traceable" if traceable else "fcc-svg", role="group" if traceable else "img",
         aria_label=label, style=f"--fcc-min-width: {width:g}px")
    for element in root.getElementsByTagName("*"):
        for name, value in list(element.attributes.items()):
            if name in ("xlink:href", "href") and value.startswith("#"):
                element.setAttribute(name, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.setAttribute(name, _prefix_references(value, prefix))
        gid = element.getAttribute("id")
        if not gid:
            continue
        element.removeAttribute("id")  # a figure's gid: what it says goes into classes and data attributes
        if match := WIRE_GID.fullmatch(gid):
            neuron, pixel = map(int, match.groups())
            if layer is None or layer.ids[neuron, pixel] == NO_WIRE:
                raise ValueError(f"{gid} is drawn, but the layer has no wire from pixel {pixel} to neuron {neuron}")
            weight = int(layer.ids[neuron, pixel])
            _set(element, class_="fcc-wire", data_kind="wire", data_neuron=neuron, data_pixel=pixel,
                 data_weight=weight)
        elif match := NODE_GID.fullmatch(gid):
            kind, index = match.group(1), int(match.group(2))
            _set(element, class_=f"fcc-node fcc-{kind}", data_kind=kind, **{f"data_{kind}": index})
            element.appendChild(_ring(doc, element))
        elif LABEL_GID.fullmatch(gid):
            _set(element, class_="fcc-label")
        elif match := OUTPUT_GID.fullmatch(gid):
            index = int(match.group(1))
            _set(element, class_="fcc-output" + (" fcc-done" if step is not None and index <= step else ""),
                 data_step=index)
        elif match := STEP_GID.fullmatch(gid):
            index = int(match.group(1))
            _set(element, class_="fcc-step" + (" fcc-current" if index == step else ""), data_step=index)
        else:
            element.setAttribute("id", f"{prefix}-{gid}")  # referred to (a clip path, a marker): unique on the page
    return root.toxml()


def _json_script(data):
    """Data for the page's script, as a ``<script type="application/json" class="fcc-data">`` block."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" class="fcc-data">{text}</script>'


def _p(cls, text, **attributes):
    """A paragraph of class ``cls``; ``text`` is HTML, the attributes are escaped."""
    extra = "".join(f' {_attribute(name)}="{html.escape(str(v))}"' for name, v in attributes.items())
    return f'<p class="{cls}"{extra}>{text}</p>'


def _scroll_box(svg):
    """A figure in a box of its own that scrolls sideways when the figure is wider than the screen.

    On a phone a figure keeps the width at which its labels stay legible (the book's CSS), so it may
    be wider than the column: it then scrolls in this box, under a hint the page's script shows.
    """
    return f'<div class="fcc-scroll">{svg}</div>'


def _panel(content, svg, cls=""):
    """A ``<div>`` holding ``content`` in a row of panels (``fcc-panels``), as wide as ``svg``'s drawing.

    Panels sit side by side where the column has room for their drawings, sharing what is left
    in proportion to their widths, and one under the other on a phone.
    """
    width = float(re.search(r'viewBox="[^"]*? [^"]*? ([\d.]+)', svg).group(1))
    return f'<div class="{cls}" style="flex: {width:g} 1 {width:g}px">{content}</div>'


def _widget(kind, title, help_text, body):
    """An interactive figure: a labelled, described group holding its title, help text and ``body``."""
    return (
        f'<div class="fcc-widget fcc-{kind}" role="group" aria-labelledby="fcc-{kind}-title" '
        f'aria-describedby="fcc-{kind}-help">'
        + _p("fcc-title", title, id=f"fcc-{kind}-title")
        + _p("fcc-help", help_text, id=f"fcc-{kind}-help")
        + body
        + "</div>"
    )


# ---------------------------------------------------------------- 1 and 2: the stages, traceable

def stage_counts(layers):
    """Per stage (in order): slug, name, grid position, wires, distinct weights and reduction, counted on the layers.

    Each layer's name must be a stage of :data:`fc_to_conv.stages.STAGES` (ValueError otherwise);
    the first layer is the reference the reductions are counted from.
    """
    first = layers[0]
    return [{
        "slug": registry(layer.name).slug,
        "name": layer.name,
        "sharing": registry(layer.name).sharing,
        "connectivity": registry(layer.name).connectivity,
        "wires": layer.wires,
        "weights": layer.weights,
        "wires_text": COUNT.format(layer.wires),
        "weights_text": COUNT.format(layer.weights),
        "reduction": reduction(first, layer),
        "reduction_text": reduction_text(layer, first),
    } for layer in layers]


def describe_stage(layer):
    """A sentence saying what a stage's network figure shows, with the layer's own counts."""
    per_neuron = {len(layer.wired_pixels(j)) for j in range(layer.neurons)}
    reach = (f"every one of the {layer.pixels} pixels" if per_neuron == {layer.pixels}
             else f"{'/'.join(map(str, sorted(per_neuron)))} of the {layer.pixels} pixels")
    sharing = ("every wire has a weight of its own" if layer.weights == layer.wires
               else f"the {COUNT.format(layer.wires)} wires share {COUNT.format(layer.weights)} weights")
    grouping = f", in {layer.groups} groups," if layer.groups is not None else ""
    return (f"The {layer.name} layer: each of the {layer.neurons} neurons{grouping} is wired to {reach}; "
            f"{sharing}.")


def network_svg(layer, prefix, *, title, label, neuron_header="hidden layer", traceable=True):
    """A layer's network drawn :data:`fc_to_conv.style.WIDGET_WIDTH` wide, as inline SVG (:func:`annotate_svg`).

    At that width a phone shows the whole network, its labels at their drawn size: the neurons that
    light up stay on screen while the reader points at a pixel.
    """
    height = max(layer.pixels, layer.neurons) * style.NODE_SPACING / 72 + 1.6
    fig = style.figure(style.WIDGET_WIDTH, height)
    draw_network(layer, title=title, gids=True, ax=fig.add_subplot(), neuron_header=neuron_header)
    return annotate_svg(to_svg(fig), prefix, layer, label=label, traceable=traceable)


def stage_svg(layer):
    """A stage's network figure as traceable inline SVG."""
    return network_svg(layer, f"fcc-{registry(layer.name).slug}", title=f"{layer.name} layer",
                       label=describe_stage(layer))


STEPPER_HELP = ("Choose a stage, then point at or tap a wire, a pixel or a neuron: every wire with the same "
                "weight, or every wire of that pixel or neuron, lights up.")
#: A tracing widget's status line before anything is traced: the help above it says what to do.
IDLE = "Nothing traced yet."
#: How to trace with the keyboard, folded away under the one-line help; the stepper's arrow keys
#: also move between its stages (STAGE_KEYS, before this).
KEYBOARD_HELP = (
    "Tab into the figure to trace: up and down go to the next wire at the same end, left and right "
    "cross a wire to its pixel or neuron; Enter or a click pins the highlight, Escape clears it."
)
STAGE_KEYS = "The arrow keys move between stages. "


def _keyboard_help(stages=False):
    """The keyboard help, folded away in a ``<details>`` element; with ``stages``, the stage keys first."""
    text = (STAGE_KEYS if stages else "") + KEYBOARD_HELP
    return f'<details class="fcc-keys"><summary>Keyboard</summary>{_p("fcc-help", text)}</details>'


def stepper_html(layers):
    """The derivation step by step: a stage control, the stage's counts and its traceable network."""
    stages = stage_counts(layers)
    buttons = "".join(
        f'<button type="button" role="radio" class="fcc-stage" data-stage="{s["slug"]}" '
        f'aria-checked="{"true" if k == 0 else "false"}" tabindex="{0 if k == 0 else -1}">'
        f'{s["name"]}'
        f' <span class="fcc-stage-grid">({s["sharing"]}, {s["connectivity"]})</span></button>'
        for k, s in enumerate(stages))
    first = stages[0]
    counter = "".join(
        f'<div><dt>{term}</dt><dd data-count="{key}">{first[key + "_text"]}</dd></div>'
        for key, term in (("wires", "wires"), ("weights", "distinct weights"),
                          ("reduction", "fewer weights than fully connected")))
    panels = "".join(
        f'<div class="fcc-panel fcc-net" data-stage="{registry(layer.name).slug}"{" hidden" if k else ""}>'
        f'{_scroll_box(stage_svg(layer))}{_p("fcc-caption", html.escape(describe_stage(layer)))}</div>'
        for k, layer in enumerate(layers))
    return _widget(
        "stepper", "Step through the derivation", STEPPER_HELP,
        _keyboard_help(stages=True)
        + f'<div class="fcc-stages" role="radiogroup" aria-label="stage of the derivation">{buttons}</div>'
        + f'<dl class="fcc-counter" aria-live="polite">{counter}</dl>'
        + _p("fcc-status", IDLE, aria_live="polite")
        + panels
        + "<noscript>" + _p("fcc-help", "Without JavaScript only the first stage is shown; the weight-id "
                            "arrays above show all four.") + "</noscript>"
        + _json_script(stages))


TRACE_HELP = "Point at or tap a wire: every wire with the same weight lights up."


def trace_html(layers, titles):
    """Group 0 of each layer, its neurons and their wires, as traceable networks side by side, each
    with its own status line.

    For comparing sharing rules on the same wiring (``titles`` names each rule); the page's
    script lights every wire of the weight pointed at, as in the stepper. Only group 0's
    neurons are drawn: the other groups have no wire to trace, and without them the networks
    are less than half as tall.
    Each layer's group 0 must use weight ids 0 to k-1 (ValueError otherwise).
    """
    panels = []
    for k, (layer, title) in enumerate(zip(layers, titles)):
        size = layer.neurons // layer.groups
        group = Layer(layer.ids[:size], name=layer.name, groups=1, image_shape=layer.image_shape,
                      kernel_shape=layer.kernel_shape)
        label = f"{title}: group 0's {size} neurons and their wires; {group.weights} distinct weights"
        svg = network_svg(group, f"fcc-trace-{k}", title=title, label=label, neuron_header="group 0")
        panels.append(_panel(_p("fcc-status", IDLE, aria_live="polite") + _scroll_box(svg),
                             svg, "fcc-net"))
    return _widget("trace", "Trace the shared weights of group 0", TRACE_HELP,
                   _keyboard_help() + '<div class="fcc-panels">' + "".join(panels) + "</div>")


# ---------------------------------------------------------------- 3: the kernel slides

def worked_sums(image, kernel):
    """Each window's output written out by hand, e.g. "48·1 + 160·(−1) + 224·1 + 16·(−1) = 96", window by window.

    The products pair each pixel of the window with the kernel weight at its position, row by
    row; the value after "=" is :func:`fc_to_conv.detector.feature_map`'s output for that window.
    """
    return _worked_sums(slide(image, kernel))


def _worked_sums(sliding):
    """:func:`worked_sums` of a :class:`~fc_to_conv.convolution.Slide`."""
    pixels = sliding.image.ravel()
    return [" + ".join(f"{number(pixels[p])}\u00b7{factor(w)}" for p, w in zip(window, sliding.kernel.ravel()))
            + f" = {number(output)}" for window, output in zip(sliding.windows, sliding.outputs.ravel())]


def slide_steps(sliding):
    """One step per position of the kernel (a :class:`~fc_to_conv.convolution.Slide`): window, pixels, neuron,
    and the output the group computes there."""
    outputs = sliding.outputs
    steps = []
    for k, ((r, c), under, worked) in enumerate(zip(sliding.corners.tolist(), sliding.windows, _worked_sums(sliding))):
        steps.append({
            "window": k, "corner": [r, c], "pixels": under.tolist(), "neuron": k,
            "output": float(outputs[r, c]), "output_text": number(outputs[r, c]),
            "text": (f"Step {k + 1} of {outputs.size}: the kernel covers the window at row {r}, column {c} "
                     f"(pixels {', '.join(map(str, under.tolist()))}); neuron {k} of the group computes "
                     f"{worked}."),
        })
    return steps


SLIDE_HELP = (
    "The kernel moves one window at a time; at each step the neuron of the group that reads that "
    "window lights up in the group's network, with its four wires, and its output appears in "
    "the group's outputs. Play runs through the steps to the last one and stops; Back and Next move one "
    "step, and Next on the last step starts again at the first."
)


def slide_html(image, kernel):
    """The sliding kernel as an animation: play/pause and step buttons, one output per step."""
    sliding = slide(image, kernel)
    steps = slide_steps(sliding)
    windows = annotate_svg(to_svg(draw_sliding_steps(image, kernel)), "fcc-slide", traceable=False, step=0,
                           label="The image with the kernel on one window, and the group's outputs so far.")
    network = network_svg(sliding.group, "fcc-slide-net", title="the group's neurons", neuron_header="one group",
                          traceable=False, label="The network of the group's neurons, the current neuron's "
                                                 "wires lit.")
    controls = "".join(
        f'<button type="button" data-action="{action}">{text}</button>'
        for action, text in (("prev", "\u25c0 Back"), ("play", "\u25b6 Play"), ("next", "Next \u25b6")))
    return _widget(
        "slide", "Watch the kernel slide", SLIDE_HELP,
        # The buttons right above the drawings and the status under them, so that on a phone the window,
        # the output and the neuron that a press of Next moves are on screen with the buttons.
        f'<div class="fcc-controls">{controls}</div>'
        + f'<div class="fcc-panels">{_panel(_scroll_box(windows), windows)}{_panel(_scroll_box(network), network)}</div>'
        + _p("fcc-status", html.escape(steps[0]["text"]), aria_live="polite")
        + _json_script({"image": sliding.image.tolist(), "kernel": sliding.kernel.tolist(), "steps": steps}))


# ---------------------------------------------------------------- 4: your own sizes

def grouped_stage_counts(shape, groups=1):
    """:class:`~fc_to_conv.real_layers.Counts` of the four stages for ``shape`` with its channels cut into ``groups``.

    ``groups`` channel groups make ``groups`` independent layers side by side, each from
    ``C_in / groups`` input channels to ``C_out / groups`` output channels (AlexNet's split,
    MobileNet's depthwise layers; :class:`fc_to_conv.networks.Conv` counts them alike). So every
    stage but the first is ``groups`` times the stage of one group
    (:func:`~fc_to_conv.real_layers.derivation_counts`); the fully connected layer, the reference,
    keeps every input and output. Raises ValueError unless ``groups`` divides both channel counts.
    """
    if shape.in_channels % groups or shape.out_channels % groups:
        raise ValueError(f"{groups} channel groups must divide both {shape.in_channels} input and "
                         f"{shape.out_channels} output channels")
    one = ConvShape(shape.side, shape.in_channels // groups, shape.kernel, shape.out_channels // groups,
                    shape.stride, shape.padding, shape.floor, shape.dilation)
    fc = derivation_counts(shape)[0]
    return [fc] + [Counts(groups * c.weights, groups * c.biases, groups * c.wires) for c in derivation_counts(one)[1:]]


def calculator_counts(shape, groups=1):
    """What the calculator shows for ``shape`` and ``groups``: the stages' counts and the convolution's summary.

    Returns ``{"stages": [...], "out_side": m, "parameters": ..., "macs": ..., "padded_macs": ...}``:
    per stage [wires, weights, biases, parameters, multiply-accumulates] from
    :func:`grouped_stage_counts`, then the output side and the convolution's parameters and
    multiply-accumulates, on pixels only and with the padding products too
    (:func:`~fc_to_conv.real_layers.products_with_padding` of one group, times the groups). A
    count that reaches :data:`BROWSER_LIMIT` maps to None (the browser could not show it
    exactly), a stage with one such count too, and every count but the output side when the
    kernels' allocated cells reach it (the page then refuses the kernel).
    """
    def shown(value):
        return value if value < BROWSER_LIMIT else None

    stages = grouped_stage_counts(shape, groups)
    per_group = ConvShape(shape.side, shape.in_channels // groups, shape.kernel, shape.out_channels // groups,
                          shape.stride, shape.padding, shape.floor, shape.dilation)
    if allocated_weights(per_group) * groups >= BROWSER_LIMIT:
        return {"stages": [None] * 4, "out_side": shape.out_side, "parameters": None, "macs": None, "padded_macs": None}
    rows = []
    for counts in stages:
        values = [counts.wires, counts.weights, counts.biases, counts.parameters, counts.macs]
        rows.append(values if max(values) < BROWSER_LIMIT else None)
    conv = stages[3]
    return {"stages": rows, "out_side": shape.out_side, "parameters": shown(conv.parameters), "macs": shown(conv.macs),
            "padded_macs": shown(groups * products_with_padding(per_group))}


#: What the calculator shows for sizes that make no layer: dashes everywhere.
NO_LAYER = {"stages": [None] * 4, "out_side": None, "parameters": None, "macs": None, "padded_macs": None}


def calculator_table(shapes=None):
    """Rows for checking the calculator in the browser: sizes, and what it must show for each (None: a dash).

    ``shapes`` (dicts of :data:`CALC_FIELDS`) defaults to :data:`CALC_GRID` and :data:`CALC_REAL`;
    a combination whose kernel does not fit, or whose groups do not divide the channels, gets
    :data:`NO_LAYER`. Every row's sizes name every field, ``groups`` and ``dilation`` 1 where not given.
    """
    rows = []
    for sizes in shapes or [dict(zip(CALC_FIELDS, values, strict=True)) for values in CALC_GRID + CALC_REAL]:
        sizes = {"groups": 1, "dilation": 1, **sizes}
        groups = sizes["groups"]
        try:
            shown = calculator_counts(ConvShape(**{k: v for k, v in sizes.items() if k != "groups"}, floor=True), groups)
        except ValueError:
            shown = NO_LAYER
        rows.append({"sizes": {name: sizes[name] for name in CALC_FIELDS}, **shown})
    return rows


def preset_sizes(network, name):
    """The calculator's sizes (:data:`CALC_FIELDS`) of the convolution called ``name`` in ``network``, from its row.

    The calculator pads both ends alike, so the layer's padding (:func:`~fc_to_conv.real_layers.side_padding`,
    ``"same"`` included) must come to as many zeros before as after; ValueError otherwise.
    """
    layer = {layer.name: layer for layer in network.layers}[name]
    row = {row.name: row for row in layer_rows(network)}[name]
    channels, side = row.input_shape
    before, after = side_padding(side, layer.kernel, layer.stride, layer.padding, layer.dilation)
    if before != after:
        raise ValueError(f"{network.name}, layer {name}: padding {before} before and {after} after; "
                         f"the calculator pads both ends alike")
    return {"side": side, "in_channels": channels, "kernel": layer.kernel, "out_channels": layer.out_channels,
            "stride": layer.stride, "padding": before, "groups": layer.groups, "dilation": layer.dilation}


CALC_HELP = (
    "Enter a convolutional layer: the image's side and channels, the kernels' side, how many kernels "
    "(output channels), the stride, the padding, the channel groups (1: every kernel sees every input "
    "channel) and the dilation (1: the kernel's cells side by side; d: d pixels apart, so a kernel of side k "
    "spans d(k \u2212 1) + 1 pixels), or pick a layer the text names. Each stage's card gives its wires, weights, biases, "
    "parameters and multiply-accumulates; the neurons follow from the sizes."
)


def _shown(value):
    """A count as the calculator shows it: thousands separators, or a dash for None."""
    return DASH if value is None else COUNT.format(value)


def _calc_card(layer, counts):
    """One stage's card: its name, then its counts with thousands separators, or dashes."""
    items = "".join(f'<div><dt>{header}</dt><dd data-count="{name}">{_shown(value)}</dd></div>'
                    for name, header, value in zip(CALC_COLUMNS, CALC_HEADERS, counts or [None] * len(CALC_COLUMNS)))
    impossible = "" if counts else " fcc-impossible"
    return (f'<div class="fcc-card{impossible}" data-stage="{registry(layer.name).slug}">'
            f'<p class="fcc-card-name">{layer.name}</p><dl>{items}</dl></div>')


def calculator_html(layers, shape=None):
    """The calculator for a real layer, showing ``shape`` (default: the article's example) before the script runs.

    ``layers`` are the article's stages (:func:`fc_to_conv.stages.article_stages`): they give
    the rows' names, and for the article's example their counted wires and weights must equal
    the closed forms the page computes with (ArithmeticError otherwise).
    """
    article = ConvShape(IMAGE_SHAPE[0], 1, KERNEL_SHAPE[0], GROUPS)
    if shape is None:
        shape = article
        formulas = [(c.wires, c.weights) for c in derivation_counts(shape)]
        counted = [(layer.wires, layer.weights) for layer in layers]
        if formulas != counted:
            raise ArithmeticError(f"the stages count {counted}, the calculator's closed forms {formulas}")
    sizes = {name: getattr(shape, name, 1) for name in CALC_FIELDS}
    inputs = "".join(
        f'<label><span>{text}</span><input type="text" name="{name}" inputmode="numeric" '
        f'pattern="[0-9]*" data-min="{minimum}" required value="{sizes[name]}"></label>'
        for name, text, minimum in CALC_INPUTS)
    presets = [(label, preset_sizes(network, name)) for label, network, name in CALC_PRESETS]
    presets.append(("Reset: the article's layer", {name: getattr(article, name, 1) for name in CALC_FIELDS}))
    buttons = "".join(
        f'<button type="button" data-sizes="{html.escape(json.dumps(values, separators=(",", ":")))}">{label}</button>'
        for label, values in presets)
    shown = calculator_counts(shape)
    summary = "".join(f'<div><dt>{label}</dt><dd data-summary="{key}">{_shown(shown[key])}</dd></div>'
                      for key, label in CALC_SUMMARY)
    cards = "".join(_calc_card(layer, counts) for layer, counts in zip(layers, shown["stages"]))
    return _widget(
        "calc", "Calculator for a real layer", CALC_HELP,
        f'<div class="fcc-presets" role="group" aria-label="layers the text names">{buttons}</div>'
        + f'<form class="fcc-inputs" novalidate>{inputs}</form>'
        + _p("fcc-neurons", "", aria_live="polite")
        + '<ul class="fcc-messages" aria-live="polite"></ul>'
        + f'<dl class="fcc-summary" aria-live="polite">{summary}</dl>'
        + f'<div class="fcc-cards">{cards}</div>')
