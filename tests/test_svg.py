"""fc_to_conv.svg.compact: shorter SVG that draws exactly what matplotlib's SVG draws."""

import base64
import io
import re
from xml.dom import minidom

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from PIL import Image
from skimage import data

from fc_to_conv import figures, svg
from fc_to_conv.image import example_image
from fc_to_conv.stages import article_stages

STAGES = article_stages()
WEIGHTS = np.arange(1.0, 37.0)


def matplotlib_svg(fig, monkeypatch):
    """The figure's SVG as matplotlib writes it, before compacting."""
    with monkeypatch.context() as patch:
        patch.setattr(svg, "compact", lambda text: text)
        return svg.to_svg(fig)


FIGURES = {
    "network with gids": lambda: figures.draw_network(STAGES[0], gids=True),
    "grouped network": lambda: figures.draw_network(STAGES[1], groups=4, highlight_ids=[0]),
    "stage matrices": lambda: figures.draw_stage_matrices(STAGES),
    "sliding steps": lambda: figures.draw_sliding_steps(example_image(), WEIGHTS[:4].reshape(2, 2)),
    "line plot": lambda: figures.draw_correlation_by_distance(np.arange(1, 6), {"horizontal": np.linspace(1, .2, 5)}),
    "photograph": lambda: figures.draw_cameraman(data.camera(), (100, 260), [(101, 260)], {"sky": (50, 420)}),
}


def pixels(href):
    """An embedded PNG's pixels as RGBA, whatever channels the PNG stores."""
    png = base64.b64decode(href.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def drawn(text):
    """Every shape, text and image the SVG draws, in order, with what it inherits from its groups.

    For each: its tag, its own attributes (without id, style and clip-path), its text, the style
    properties in effect (ancestors' overridden by its own), the clip paths and transforms on
    the way down to it. Two SVGs with equal lists draw the same picture.
    """
    root = minidom.parseString(text.encode()).documentElement
    result = []

    def visit(element, inherited, clips, transforms):
        own = dict(inherited)
        for part in filter(str.strip, element.getAttribute("style").split(";")):
            name, value = part.split(":", 1)
            own[name.strip()] = value.strip()
        transform = element.getAttribute("transform")
        if transform and not svg.NO_ROTATION.fullmatch(transform):
            transforms = transforms + (transform,)
        if element.getAttribute("clip-path"):
            clips = clips + (element.getAttribute("clip-path"),)
        children = [c for c in element.childNodes if c.nodeType == c.ELEMENT_NODE]
        if element.tagName in ("defs", "clipPath", "pattern", "style"):
            return
        if element.tagName not in ("g", "svg"):
            attributes = {k: v for k, v in element.attributes.items() if k not in ("id", "style", "clip-path", "transform")}
            if attributes.get("xlink:href", "").startswith("data:"):
                image = pixels(attributes.pop("xlink:href"))
                attributes["pixels"] = (image.shape, image.tobytes())
            content = "".join(c.data for c in element.childNodes if c.nodeType == c.TEXT_NODE)
            result.append((element.tagName, attributes, content, own, clips, transforms))
        for child in children:
            visit(child, own, clips, transforms)

    visit(root, {}, (), ())
    return result


@pytest.mark.parametrize("name", FIGURES)
def test_compact_svg_draws_the_same_shapes_with_the_same_effective_style(name, monkeypatch):
    raw = matplotlib_svg(FIGURES[name](), monkeypatch)
    compact = svg.compact(raw)
    assert drawn(compact) == drawn(raw)
    assert len(drawn(raw)) > 10


@pytest.mark.parametrize("name", ["network with gids", "stage matrices", "photograph"])
def test_compact_svg_is_at_most_two_thirds_of_matplotlibs(name, monkeypatch):
    raw = matplotlib_svg(FIGURES[name](), monkeypatch)
    assert len(svg.compact(raw)) <= 2 / 3 * len(raw)


def test_compact_svg_keeps_the_figures_ids_and_every_referenced_id_and_drops_matplotlibs_own(monkeypatch):
    raw = matplotlib_svg(FIGURES["network with gids"](), monkeypatch)
    compact = svg.compact(raw)
    ids = set(re.findall(r' id="([^"]+)"', compact))
    references = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', compact))
    assert references and references <= ids
    assert {f"wire-{j}-{i}" for j in range(16) for i in range(9)} <= ids
    assert {f"pixel-{k}" for k in range(9)} | {f"neuron-{k}" for k in range(16)} <= ids
    assert not [i for i in ids if svg.AUTO_ID.fullmatch(i)]
    assert "text_1" in re.findall(r' id="([^"]+)"', raw)


def test_compact_svg_groups_only_what_a_group_can_carry():
    clip = '<clipPath id="c"><rect x="0" y="0" width="5" height="5"/></clipPath>'
    text = (
        f'<svg xmlns="http://www.w3.org/2000/svg"><defs>{clip}</defs>'
        '<path d="M 0 0 L 1 1" style="stroke: red" clip-path="url(#c)"/>'
        '<path d="M 0 1 L 1 0" style="stroke: red" clip-path="url(#c)"/>'
        '<path d="M 0 0 L 1 1" style="opacity: 0.5"/><path d="M 0 1 L 1 0" style="opacity: 0.5"/>'
        '<path d="M 0 0 L 1 1" style="fill: blue" clip-path="url(#c)" transform="scale(2)"/>'
        '<path d="M 0 1 L 1 0" style="fill: blue" clip-path="url(#c)" transform="scale(2)"/>'
        "</svg>"
    )
    root = minidom.parseString(svg.compact(text)).documentElement
    groups = root.getElementsByTagName("g")
    assert [(g.getAttribute("style"), g.getAttribute("clip-path")) for g in groups] == [("stroke: red", "url(#c)")]
    assert len(groups[0].getElementsByTagName("path")) == 2
    assert drawn(svg.compact(text)) == drawn(text)


def test_a_gray_opaque_image_is_stored_with_one_channel_and_the_same_pixels():
    gray = np.repeat(np.arange(0, 256, 16, dtype=np.uint8)[:, None], 8, axis=1)
    rgba = np.dstack([gray, gray, gray, np.full_like(gray, 255)])
    colour = rgba.copy()
    colour[0, 0, 0] = 7
    transparent = rgba.copy()
    transparent[0, 0, 3] = 254
    for image, mode in ((rgba, "L"), (colour, "RGB"), (transparent, "RGBA")):
        png = io.BytesIO()
        Image.fromarray(image).save(png, format="PNG")
        smaller = Image.open(io.BytesIO(svg.smaller_png(png.getvalue())))
        assert smaller.mode == mode
        assert (np.asarray(smaller.convert("RGBA")) == image).all()


def test_compact_svg_keeps_whitespace_inside_text_only():
    text = '<svg xmlns="http://www.w3.org/2000/svg">\n <g id="text_1">\n  <text x="1" y="2">a  b </text>\n </g>\n</svg>'
    assert svg.compact(text) == '<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">a  b </text></svg>'
