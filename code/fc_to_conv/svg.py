"""Matplotlib's SVG text made about half as long, drawing exactly the same picture.

Matplotlib writes every text and line with the whole of its style inline, wraps each in a
group with a made-up id (``text_12``, ``line2d_3``), and gives upright text a
``rotate(-0 x y)``. A network diagram repeats the same style on 144 wires; most of the
bytes of the book's pages were that repetition. It also embeds every image as a PNG with
four channels, even a gray photograph with nothing transparent. :func:`compact` removes the
repetition and the unused channels without changing anything that draws: coordinates,
paths and colours are kept as written, and every image keeps every pixel's value.
:func:`to_svg` writes a figure as that compact SVG, the same bytes on every build.
"""

import base64
import io
import re
from xml.dom import minidom

import matplotlib
import numpy as np
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from PIL import Image

#: Ids matplotlib invents for artists without a gid (``figure_1``, ``matplotlib.axis_2``,
#: ``LineCollection_3``). Ids the figures set (``wire-0-4``) have no ``_N`` ending and are kept.
AUTO_ID = re.compile(r"[A-Za-z][\w.]*_\d+")
#: A rotation by zero degrees: matplotlib's transform for text that is not rotated.
NO_ROTATION = re.compile(r"rotate\(-?0 [-\d.e]+ [-\d.e]+\)")
#: Style properties that SVG elements inherit from their group: only a style made of these
#: can move from a run of siblings to a group around them and draw the same.
INHERITED = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "font-family", "font-size", "font-style", "font-weight", "font-stretch", "text-anchor",
})
#: Elements whose whitespace is text to draw.
TEXT_ELEMENTS = ("text", "tspan")
#: How matplotlib embeds an image: a PNG as a data URL.
PNG_DATA = "data:image/png;base64,"


def compact(svg):
    """``svg`` (matplotlib's output) as shorter SVG text that draws the same picture.

    1. Ids matplotlib made up are dropped, unless something refers to them (clip paths,
       markers, hatches); ids the figure set with ``set_gid`` are kept.
    2. Groups left with no attribute are replaced by their children.
    3. ``rotate(-0 x y)`` transforms are dropped.
    4. A run of two or more neighbouring elements with the same style (inherited properties
       only) and the same clip path gets one group carrying them.
    5. Whitespace between tags goes (not inside text).
    6. An embedded image that is opaque loses its alpha channel, and one that is also gray
       keeps a single channel (see :func:`smaller_png`).

    The XML prolog is not kept; the ``<svg>`` element is the whole result.
    """
    doc = minidom.parseString(svg.encode("utf-8"))
    root = doc.documentElement
    referenced = set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))
    for element in root.getElementsByTagName("*"):
        gid = element.getAttribute("id")
        if AUTO_ID.fullmatch(gid) and gid not in referenced:
            element.removeAttribute("id")
        if NO_ROTATION.fullmatch(element.getAttribute("transform")):
            element.removeAttribute("transform")
        for name in ("xlink:href", "href"):
            if element.tagName == "image" and element.getAttribute(name).startswith(PNG_DATA):
                png = base64.b64decode(element.getAttribute(name)[len(PNG_DATA):])
                element.setAttribute(name, PNG_DATA + base64.b64encode(smaller_png(png)).decode("ascii"))
    _drop_whitespace(root)
    for group in root.getElementsByTagName("g"):
        if not group.attributes.length:
            while group.firstChild is not None:
                group.parentNode.insertBefore(group.firstChild, group)
            group.parentNode.removeChild(group)
    for parent in [root, *root.getElementsByTagName("g")]:
        _group_runs(doc, parent)
    return root.toxml()


def smaller_png(png):
    """The same pixels as the PNG bytes ``png``, without channels they do not use.

    An RGBA image whose alpha is 255 everywhere becomes RGB, and one whose red, green and
    blue are also equal everywhere becomes gray (one channel): a quarter of the samples for
    the book's gray photographs, which is about half the compressed bytes.
    """
    image = Image.open(io.BytesIO(png))
    if image.mode != "RGBA":
        return png
    pixels = np.asarray(image)
    if (pixels[..., 3] != 255).any():
        return png
    gray = (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all()
    out = io.BytesIO()
    image.convert("L" if gray else "RGB").save(out, format="PNG")
    return out.getvalue()


def _drop_whitespace(node):
    """Remove whitespace-only text between tags, below ``node``, except inside text elements."""
    for child in list(node.childNodes):
        if child.nodeType == child.TEXT_NODE and not child.data.strip() and node.tagName not in TEXT_ELEMENTS:
            node.removeChild(child)
        elif child.nodeType == child.ELEMENT_NODE:
            _drop_whitespace(child)


def _carrier(element):
    """The element whose style ``element`` draws with: itself, or the only child of a group without a style.

    A figure's named artists (``wire-0-4``) are such groups of one styled shape, and a run of
    them can share that shape's style as well as a run of unnamed shapes can.
    """
    children = [child for child in element.childNodes if child.nodeType == child.ELEMENT_NODE]
    if element.tagName == "g" and len(children) == 1 and not element.hasAttribute("style"):
        return children[0]
    return element


def _shared_part(element):
    """What ``element`` could share with its neighbours through a group: (style, clip path), else None."""
    carrier = _carrier(element)
    style = carrier.getAttribute("style")
    clip = carrier.getAttribute("clip-path")
    properties = {part.split(":")[0].strip() for part in style.split(";") if part.strip()}
    if not style or carrier.hasAttribute("id") or not properties <= INHERITED:
        return None  # an element with an id may be drawn elsewhere by <use>, away from any group's style
    if clip and (carrier.hasAttribute("transform") or element.hasAttribute("transform")):
        return None  # a clip path is placed in the referring element's coordinates, which a transform changes
    return style, clip


def _group_runs(doc, parent):
    """Put each run of 2+ neighbouring children of ``parent`` with the same shared part in a group of their own."""
    children = [child for child in parent.childNodes if child.nodeType == child.ELEMENT_NODE]
    start = 0
    while start < len(children):
        shared = _shared_part(children[start])
        end = start + 1
        while shared is not None and end < len(children) and _shared_part(children[end]) == shared:
            end += 1
        if shared is not None and end - start >= 2:
            group = doc.createElement("g")
            style, clip = shared
            group.setAttribute("style", style)
            if clip:
                group.setAttribute("clip-path", clip)
            parent.insertBefore(group, children[start])
            for child in children[start:end]:
                carrier = _carrier(child)
                carrier.removeAttribute("style")
                if clip:
                    carrier.removeAttribute("clip-path")
                group.appendChild(child)
        start = end


#: Settings that make two SVG renderings of the same figure byte-identical.
#: Text stays text (selectable, read by screen readers, a fraction of the bytes of glyph paths),
#: set in DejaVu Sans where the reader has it, else Arial or the browser's sans-serif.
_SVG_RC = {"svg.hashsalt": "fc_to_conv", "svg.fonttype": "none", "svg.image_inline": True,
           "font.sans-serif": ["DejaVu Sans", "Arial"]}
#: No date, creator or licence block: nothing that changes between builds or links elsewhere.
_SVG_METADATA = {"Date": None, "Creator": None, "Type": None, "Format": None}


def to_svg(fig, source=None):
    """The figure as compact SVG text (:func:`compact`), identical bytes for identical figures.

    ``source``, when given, is written into the SVG's Dublin Core metadata (``<dc:source>``):
    the credit of what the figure shows that is not the book's own, a photograph say, so that
    the file carries it wherever it is reused (the figure gallery, ``fc_to_conv.sphinxext.gallery``,
    reads it from there).

    Constrained layout nudges fixed-aspect axes a little on every draw, so the layout the
    figure gets in this, its first rendering, is then frozen: every later rendering of it is
    the same. Laying out inside the one draw that writes the SVG, instead of in a draw of its
    own first, halves the time a figure takes.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        metadata = _SVG_METADATA if source is None else {**_SVG_METADATA, "Source": source}
        fig.savefig(buffer, format="svg", metadata=metadata, facecolor="white")
    if not isinstance(fig.get_layout_engine(), (type(None), PlaceHolderLayoutEngine)):
        fig.set_layout_engine("none")
    return compact(buffer.getvalue())
