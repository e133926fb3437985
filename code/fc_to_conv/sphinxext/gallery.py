"""Sphinx extension: the figure gallery, every figure of the book with its files and a credit line, for slides.

A teacher who puts a figure on a slide needs the file under a name that says what it is, a
bitmap for the programs that take no SVG, and a credit line to paste. The ``figure-gallery``
directive (on ``book/figures.md``) lists, in reading order:

- **Every figure of the chapters**: each figure node with an id (each ``{glue:figure}`` with a
  ``:name:``), collected from the chapters' doctrees once they are read, numbered in reading
  order (the table of contents' order, then the order in the page: the chapters' captions give
  the article's figure numbers, the gallery counts the book's), shown as the very image file the
  chapter shows, with its caption as the chapter writes it, a link to it in its chapter, its
  SVG (the chapter's file, byte for byte) and a PNG drawn from that SVG, under readable names
  (``fig-07-groups.svg``: number and the figure's name) in ``_static/figures/``.
- **The interactive figures at rest**: each widget's drawings (:mod:`fc_to_conv.interactive`) as
  they stand before the reader touches them, with the book's stylesheet rules that apply to them
  at rest written into them (:func:`resting_svg`), as SVG and PNG files
  (``interactive-convolution-slide-1.svg``). A widget that draws nothing (the calculator) has no file.
- **A credit line** for each: the book's title (Sphinx's ``project``, from ``_config.yml``), its
  authors (``author``) and the licence that ``CITATION.cff`` gives its figures
  (:func:`figure_licence`), the figure's address when the build knows the site's, and what the
  figure shows that is not the book's own: an SVG's ``<dc:source>`` (a photograph's
  photographer and licence, which :func:`fc_to_conv.glue.glue_figure` writes there).

The PNG files are drawn by resvg (the ``resvg-py`` wheel, no system library), with
matplotlib's own DejaVu fonts rather than the machine's, at twice the SVG's size; a file already
written from the same SVG is kept, so a rebuild draws only what changed. The PDF and the EPUB,
which carry no downloads and have every figure in its chapter already, get the list of figures
with their captions and credit lines, without pictures or files.
"""

import html
import posixpath
import re
from pathlib import Path
from xml.dom import minidom

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .citation import load_citation, licences

#: Where the site keeps the gallery's files, under readable names.
FOLDER = "_static/figures"
#: The gallery's stylesheet (in this package's ``static/``, which fc_to_conv.sphinxext.widgets ships).
CSS_FILE = "fc_to_conv_gallery.css"
#: The PNG's scale: twice the SVG's size (a 540 pt figure is 1440 px wide), sharp on a projector.
PNG_DPI = 2 * 96.0
#: A widget's outer element, its kind and its title, in the markup of :mod:`fc_to_conv.interactive`.
WIDGET = re.compile(r'<div class="fcc-widget fcc-(?P<kind>[\w-]+)"')
TITLE = re.compile(r'<p class="fcc-title"[^>]*>(?P<title>.*?)</p>', re.S)
#: Within a title, the wording for paper (:func:`fc_to_conv.interactive._widget`): it names what a drawing at rest
#: shows, where the screen's names what a reader does with it; the gallery takes it when there is one.
PRINT_TITLE = re.compile(r'<span class="fcc-print"[^>]*>(?P<title>.*?)</span>', re.S)
#: Within a title, the screen's wording, which names the widget (the calculator, which draws nothing, by it).
SCREEN_TITLE = re.compile(r'<span class="fcc-screen"[^>]*>(?P<title>.*?)</span>', re.S)


def _text(markup):
    """The text of HTML ``markup``: its tags dropped, its entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))
SVG_ELEMENT = re.compile(r"<svg\b[^>]*\bclass=\"fcc-svg\b.*?</svg>", re.S)
#: The Dublin Core credit an SVG carries for what it shows that is not the book's (fc_to_conv.svg.to_svg).
SOURCE = re.compile(r"<dc:source>(?P<source>.*?)</dc:source>", re.S)
#: A CSS rule at the top level of a stylesheet (comments removed, @media blocks skipped).
RULE = re.compile(r"(?P<selectors>[^{}@]+)\{(?P<declarations>[^{}]*)\}")
#: An @-block (``@media print { ... }``), whose rules are not the drawing's own at rest.
AT_BLOCK = re.compile(r"@[^{;]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}")
#: A compound selector the resting state can match: classes, each perhaps negated, or ``*``.
COMPOUND = re.compile(r"\*|(?:\.[\w-]+|:not\(\.[\w-]+\))+")


class gallery_placeholder(nodes.General, nodes.Element):
    """Where the ``figure-gallery`` directive puts the gallery, filled in once every chapter is read."""


class FigureGallery(SphinxDirective):
    """``:::{figure-gallery}``: every figure of the book, with its files and credit line."""

    def run(self):
        self.env.__dict__.setdefault("fc_to_conv_gallery_pages", set()).add(self.env.docname)
        return [gallery_placeholder(docname=self.env.docname)]


def figure_licence(citation):
    """(name, deed) of the licence that ``citation`` (CITATION.cff's data) gives the book's figures.

    Raises ValueError when none of its licences covers figures (:data:`fc_to_conv.sphinxext.citation.LICENCES`).
    """
    for name, deed, covers in licences(citation):
        if "figures" in covers:
            return name, deed
    raise ValueError(f"no licence in CITATION.cff covers figures; it names {[name for name, _, _ in licences(citation)]}")


def slug(figure_id):
    """A figure's name for its files: its id without the ``fig-`` that every figure id starts with."""
    return figure_id.removeprefix("fig-")


def _figures(doctree, srcdir):
    """The figures of a page, in order: id, image node, caption's nodes, the SVG file's path."""
    found = []
    for figure in doctree.findall(nodes.figure):
        image, caption = figure.next_node(nodes.image), figure.next_node(nodes.caption)
        if not figure["ids"] or image is None or caption is None:
            continue
        found.append({"id": figure["ids"][0], "image": image.deepcopy(), "caption": [child.deepcopy() for child in caption.children],
                      "path": str((Path(srcdir) / image["uri"]).resolve())})
    return found


def _widgets(doctree):
    """The interactive figures of a page, in order: kind, title and the drawings (SVG markup) each shows."""
    found = []
    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        widget = WIDGET.search(text)
        if raw.get("format") != "html" or widget is None:
            continue
        title = TITLE.search(text)
        printed = PRINT_TITLE.search(title["title"]) if title else None
        screen = SCREEN_TITLE.search(title["title"]) if title else None
        found.append({"kind": widget["kind"],
                      "title": _text((printed or screen or title)["title"]) if title else widget["kind"],
                      "name": _text((screen or title)["title"]) if title else widget["kind"],
                      "svgs": SVG_ELEMENT.findall(text)})
    return found


def collect(app, doctree):
    """Keep each page's figures and widgets in the environment, for the gallery."""
    env = app.env
    if env.docname in env.__dict__.get("fc_to_conv_gallery_pages", set()):
        return
    env.__dict__.setdefault("fc_to_conv_gallery", {})[env.docname] = {
        "figures": _figures(doctree, app.srcdir), "widgets": _widgets(doctree)}


def purge(app, env, docname):
    """Forget what a page held before it is read again."""
    env.__dict__.get("fc_to_conv_gallery", {}).pop(docname, None)
    env.__dict__.get("fc_to_conv_gallery_pages", set()).discard(docname)


def merge(app, env, docnames, other):
    """Take what a parallel reader collected."""
    env.__dict__.setdefault("fc_to_conv_gallery", {}).update(other.__dict__.get("fc_to_conv_gallery", {}))
    env.__dict__.setdefault("fc_to_conv_gallery_pages", set()).update(other.__dict__.get("fc_to_conv_gallery_pages", set()))


def outdated(app, env, added, changed, removed):
    """The gallery page is out of date whenever any page is read again: it shows their figures."""
    return sorted(env.__dict__.get("fc_to_conv_gallery_pages", set())) if added | changed | removed else []


def reading_order(env):
    """Every page, in the table of contents' order from the root page."""
    order, pending = [], [env.config.root_doc]
    while pending:
        docname = pending.pop(0)
        if docname not in order:
            order.append(docname)
            pending[0:0] = env.toctree_includes.get(docname, [])
    return order


def entries(env):
    """The gallery's entries in reading order: the figures (numbered from 1), the widgets' drawings, and
    the titles of the widgets that draw nothing (the calculator).

    Each entry is a dict with ``docname``, ``stem`` (the files' name without suffix), ``svg`` (the SVG's
    text), and for figures ``number``, ``id``, ``image``, ``caption``; for drawings ``title``, ``label``
    (its accessible name) and ``anchor`` (the widget's title, in its page).
    Raises ValueError if two entries would get the same file name.
    """
    collected = env.__dict__.get("fc_to_conv_gallery", {})
    figures, drawings, undrawn = [], [], []
    for docname in reading_order(env):
        page = collected.get(docname, {"figures": [], "widgets": []})
        for figure in page["figures"]:
            number = len(figures) + 1
            figures.append({**figure, "docname": docname, "number": number, "stem": f"fig-{number:02d}-{slug(figure['id'])}",
                            "svg": Path(figure["path"]).read_text(encoding="utf-8")})
        for widget in page["widgets"]:
            several = len(widget["svgs"]) > 1
            if not widget["svgs"]:
                undrawn.append(widget["name"])
            for index, svg in enumerate(widget["svgs"], 1):
                label = re.search(r'aria-label="([^"]*)"', svg)
                drawings.append({"docname": docname, "title": widget["title"], "label": html.unescape(label[1]) if label else "",
                                 "anchor": f"fcc-{widget['kind']}-title",
                                 "stem": f"interactive-{posixpath.basename(docname)}-{widget['kind']}" + (f"-{index}" if several else ""),
                                 "svg": svg})
    stems = [entry["stem"] for entry in figures + drawings]
    repeated = sorted({stem for stem in stems if stems.count(stem) > 1})
    if repeated:
        raise ValueError(f"figure gallery: several figures would be saved as {repeated}; give them distinct names")
    return figures, drawings, undrawn


# ---------------------------------------------------------------- the widgets' drawings at rest

def _rules(css):
    """(compound selectors, declarations) of each top-level rule of ``css`` whose selectors the resting state can match.

    A selector with a state the reader causes (``:focus-visible``, ``[aria-pressed]``, ``:hover``) is
    left out: at rest it matches nothing. Rules inside ``@media`` blocks (print, narrow screens) are
    left out too: they are not the drawing's own.
    """
    css = AT_BLOCK.sub("", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    kept = []
    for rule in RULE.finditer(css):
        for selector in rule["selectors"].split(","):
            parts = selector.split()
            if parts and all(COMPOUND.fullmatch(part) for part in parts):
                kept.append((parts, rule["declarations"].strip().rstrip(";")))
    return kept


def _matches(element, compound):
    """Whether ``element`` matches one compound selector of :data:`COMPOUND`."""
    if compound == "*":
        return True
    classes = set(element.getAttribute("class").split())
    return all((name[len(":not(."):-1] not in classes) if name.startswith(":not(")
               else (name[1:] in classes) for name in re.findall(r":not\(\.[\w-]+\)|\.[\w-]+", compound))


def _selected(element, parts):
    """Whether ``element`` matches the descendant selector ``parts`` (compounds, outermost first)."""
    if not _matches(element, parts[-1]):
        return False
    wanted, ancestor = list(parts[:-1]), element.parentNode
    while wanted and ancestor is not None and ancestor.nodeType == ancestor.ELEMENT_NODE:
        if _matches(ancestor, wanted[-1]):
            wanted.pop()
        ancestor = ancestor.parentNode
    return not wanted


def resting_svg(svg, css):
    """A widget's drawing ``svg`` as a file that looks as the page shows it before the reader touches it.

    The page styles the drawing with its stylesheet ``css`` (rings and halos unpainted, only the
    current window of an animation shown); a file opened on its own has no stylesheet. Every rule
    of ``css`` that matches an element inside the drawing at rest (:func:`_rules`) is written into
    that element's ``style``, ahead of its own (which wins, as in the page). The drawing gets its
    size (``width`` and ``height`` from its ``viewBox``, which the page scales instead) and keeps
    everything else. Raises ValueError if ``svg`` has no ``viewBox``.

    The size is in points, one per unit, as in the matplotlib figure the drawing was made from
    (:func:`fc_to_conv.interactive.annotate_svg`), so it opens at the static figures' scale.
    """
    doc = minidom.parseString(svg.encode("utf-8"))
    root = doc.documentElement
    box = root.getAttribute("viewBox").split()
    if len(box) != 4:
        raise ValueError(f"a widget's drawing needs a viewBox to get a size; it has {root.getAttribute('viewBox')!r}")
    for name, size in (("width", box[2]), ("height", box[3])):
        root.setAttribute(name, f"{size}pt")  # units of the figure it was drawn from: the static figures' scale
    rules = _rules(css)
    for element in root.getElementsByTagName("*"):
        styles = [declarations for parts, declarations in rules if _selected(element, parts)]
        if styles:
            own = element.getAttribute("style")
            element.setAttribute("style", "; ".join(styles + ([own] if own else [])))
    return root.toxml()


def png_of(svg):
    """The PNG bytes of ``svg`` drawn at :data:`PNG_DPI`, on white, with matplotlib's DejaVu fonts (not the machine's)."""
    import matplotlib
    import resvg_py

    fonts = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, skip_system_fonts=True, font_dirs=[fonts], dpi=PNG_DPI,
                                       background="#ffffff"))


def write_files(outdir, files):
    """Write each ``{stem: svg}`` of ``files`` as ``stem.svg`` and ``stem.png`` under ``outdir``/:data:`FOLDER`.

    A PNG is drawn again only when its SVG changed (or either file is missing).
    """
    folder = Path(outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stem, svg in files.items():
        svg_path, png_path = folder / f"{stem}.svg", folder / f"{stem}.png"
        if svg_path.is_file() and png_path.is_file() and svg_path.read_text(encoding="utf-8") == svg:
            continue
        svg_path.write_text(svg, encoding="utf-8")
        png_path.write_bytes(png_of(svg))


# ---------------------------------------------------------------- the page

def credit(app, number=None, title=None, source=None, docname=None, anchor=None):
    """The credit line's nodes: "Figure 7 from *Title* by Authors, CC BY 4.0", the address when known, a third party's credit."""
    citation = load_citation(app.srcdir)
    if citation is None:
        raise ValueError("the figure gallery's credit lines need CITATION.cff (its licences)")
    name, deed = figure_licence(citation)
    what = f"Figure {number}" if number is not None else f"Interactive figure \u201c{title}\u201d"
    paragraph = nodes.paragraph("", "", classes=["fcc-credit"])
    paragraph += nodes.Text(f"{what} from ")
    paragraph += nodes.emphasis("", app.config.project)
    paragraph += nodes.Text(f" by {app.config.author}, ")
    paragraph += nodes.reference("", name, refuri=deed)
    base = app.config.html_baseurl
    if base and docname:
        address = f"{base.rstrip('/')}/{docname}.html" + (f"#{anchor}" if anchor else "")
        paragraph += nodes.Text(", ")
        paragraph += nodes.reference("", address, refuri=address)
    if source:
        paragraph += nodes.Text(f"; {source}")
    paragraph += nodes.Text(".")
    return paragraph


def _downloads(app, docname, stem):
    """The paragraph with the SVG and PNG downloads of ``stem``, as raw HTML (``download`` keeps the readable name)."""
    links = " ".join(f'<a class="fcc-download" href="{html.escape(relative_uri(app.builder.get_target_uri(docname), f"{FOLDER}/{stem}.{kind}"))}" '
                     f'download>{kind.upper()}<span class="visually-hidden"> of {html.escape(stem)}</span></a>'
                     for kind in ("svg", "png"))
    return nodes.raw("", f'<p class="fcc-downloads">Download: {links} <code>{html.escape(stem)}</code></p>', format="html")


class FillGallery(SphinxPostTransform):
    """Replace the gallery's placeholder with its entries, before cross-references are resolved (the
    captions' ``{doc}`` links then resolve as in their chapters), and write its files for the site."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs):
        placeholders = list(self.document.findall(gallery_placeholder))
        if not placeholders:
            return
        app, docname = self.app, placeholders[0]["docname"]  # the LaTeX builder transforms the whole book at once
        on_site = app.builder.format == "html" and app.builder.name != "epub"
        figures, drawings, undrawn = entries(self.env)
        grid = nodes.container(classes=["fcc-gallery"])
        content = [grid] if on_site else [self._elsewhere(docname), grid]
        for figure in figures:
            entry = self._entry(docname, figure["stem"], f"Figure {figure['number']}", figure["docname"], figure["id"])
            if on_site:
                entry += figure["image"].deepcopy()
            entry += nodes.paragraph("", "", *[node.deepcopy() for node in figure["caption"]], classes=["fcc-gallery-caption"])
            if on_site:
                entry += _downloads(app, docname, figure["stem"])
            source = SOURCE.search(figure["svg"])
            entry += credit(app, number=figure["number"], source=html.unescape(source["source"]) if source else None,
                            docname=figure["docname"], anchor=figure["id"])
            grid += entry
        if on_site and drawings:
            section = nodes.section(ids=["gallery-interactive"])
            section += nodes.title("", "The interactive figures, at rest")
            about = nodes.paragraph("", "Each drawing of the interactive figures, as its page shows it before a reader touches it.")
            if undrawn:
                one = len(undrawn) == 1
                names = " and ".join(f"\u201c{title}\u201d" for title in undrawn)
                about += nodes.Text(f" {names} draw{'s' if one else ''} nothing, so {'it has' if one else 'they have'} no file here.")
            section += about
            css = (Path(__file__).parent / "static" / "fc_to_conv.css").read_text(encoding="utf-8")
            grid = nodes.container(classes=["fcc-gallery"])
            section += grid
            for drawing in drawings:
                drawing["file"] = resting_svg(drawing["svg"], css)
                entry = self._entry(docname, drawing["stem"], drawing["title"], drawing["docname"], drawing["anchor"])
                entry += self._thumbnail(docname, drawing)
                entry += _downloads(app, docname, drawing["stem"])
                entry += credit(app, title=drawing["title"], docname=drawing["docname"], anchor=drawing["anchor"])
                grid += entry
            content.append(section)
        for placeholder in placeholders:
            placeholder.replace_self([node.deepcopy() for node in content])
        if on_site:
            write_files(app.outdir, {**{f["stem"]: f["svg"] for f in figures}, **{d["stem"]: d["file"] for d in drawings}})

    def _elsewhere(self, page):
        """The sentence that the PDF and EPUB print instead of the files: where the site keeps them (the gallery
        ``page`` there), when known."""
        base = self.app.config.html_baseurl
        paragraph = nodes.paragraph("", "This edition lists the figures with their captions and credit lines; their SVG and "
                                        "PNG files are on this page of the book's web edition")
        if base:
            address = f"{base.rstrip('/')}/{page}.html"
            paragraph += nodes.Text(", ")
            paragraph += nodes.reference("", address, refuri=address)
        paragraph += nodes.Text(".")
        return paragraph

    def _entry(self, page, stem, title, docname, anchor=None):
        """An entry's section on the gallery ``page``: its title and a link to where it is, ``anchor`` in page
        ``docname`` (its top when None)."""
        entry = nodes.section(ids=[f"gallery-{stem}"], classes=["fcc-gallery-item"])
        entry += nodes.title("", title)
        uri = self.app.builder.get_relative_uri(page, docname) + (f"#{anchor}" if anchor else "")
        entry += nodes.paragraph("", "In ", nodes.reference("", self.env.titles[docname].astext(), internal=True, refuri=uri))
        return entry

    def _thumbnail(self, docname, drawing):
        """The drawing's file shown as the page shows images: a link to itself, lazily loaded, with its size."""
        root = minidom.parseString(drawing["file"].encode("utf-8")).documentElement
        width, height = (round(float(root.getAttribute(name).removesuffix("pt")) * 4 / 3) for name in ("width", "height"))
        uri = html.escape(relative_uri(self.app.builder.get_target_uri(docname), f"{FOLDER}/{drawing['stem']}.svg"))
        return nodes.raw("", f'<a class="reference internal image-reference" href="{uri}"><img loading="lazy" width="{width}" '
                             f'height="{height}" alt="{html.escape(drawing["label"])}" src="{uri}" /></a>', format="html")


def add_stylesheet(app, pagename, templatename, context, doctree):
    """Give the gallery's page, and only it, the gallery's stylesheet."""
    if pagename in app.env.__dict__.get("fc_to_conv_gallery_pages", set()):
        app.add_css_file(CSS_FILE)


def setup(app):
    """Register the directive, the collection of every page's figures and the gallery's transform with Sphinx."""
    app.add_node(gallery_placeholder)
    app.add_directive("figure-gallery", FigureGallery)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-get-outdated", outdated)
    app.add_post_transform(FillGallery)
    app.connect("html-page-context", add_stylesheet)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
