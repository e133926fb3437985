"""Sphinx extension that fixes the accessibility faults axe-core finds in the theme's and docutils' markup.

The book is checked against WCAG 2.1 AA in light and dark mode (tests/test_accessibility.py).
Where the markup we are given fails, it is corrected here, at the source, rather than the
rule being switched off:

- **Bibliography.** docutils writes a citation list as ``role="list"`` holding entries with
  ``role="doc-biblioentry"``, a role ARIA has deprecated and that is not a list item, so
  the list has no items (axe: aria-required-children, aria-deprecated-role). The entries
  are written with ``role="listitem"`` instead.
- **Search, colour-mode and version buttons.** pydata-sphinx-theme's buttons have accessible
  names that do not contain their visible text (axe: label-content-name-mismatch, WCAG 2.5.3).
  Three of the theme's components are overridden from ``templates/`` in this package.
- **Execution report.** myst-nb marks each notebook's status with the emoji ✅ or ❌,
  which shows as an empty box where no emoji font is installed. They become words with a
  mark from ordinary text fonts, as in the claims ledger.
- **Figures on small screens.** A figure drawn into a phone's column shrinks its labels to a
  few pixels (WCAG 1.4.4 resize text). Every image in a page is written inside a link to its
  own file, as Sphinx already does for images scaled down with ``:width:``, so a tap opens it
  full size and the browser's zoom applies.
"""

import posixpath
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from sphinx.util.images import get_image_size
from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent / "templates"
#: myst-nb's status emoji in the execution report, and the text that replaces each (a no-break space after the mark).
STATUS_TEXT = {"\u2705": "\u2713\u00a0succeeded", "\u274c": "\u2717\u00a0failed"}


class AccessibleTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, writing citations as items of the list that holds them and images as links to themselves."""

    def visit_citation(self, node):
        """As docutils' ``visit_citation``, with ``role="listitem"`` for the deprecated ``doc-biblioentry``."""
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))

    def visit_image(self, node):
        """As Sphinx's ``visit_image``, inside a link to the image's file unless the image is already a link."""
        node["fcc_linked"] = not isinstance(node.parent, nodes.reference)
        source = node["uri"]
        if node["fcc_linked"]:
            uri = node["uri"]
            if uri in self.builder.images:
                uri = posixpath.join(self.builder.imgpath, quote(self.builder.images[uri]))
            self.body.append(f'<a class="reference internal image-reference" href="{self.attval(uri)}">')
        super().visit_image(node)
        # Speed, not accessibility, but the same tag: the page's first image is fetched early, the
        # others only when the reader scrolls near them, so they do not compete with the first
        # paint; each tag carries its image's size, so the text does not move when it arrives
        # (the theme's img rule, height auto and max-width 100%, still scales it to the column).
        first = not getattr(self, "fcc_image_seen", False)
        self.fcc_image_seen = True
        if self.body[-1].startswith("<img ") and " width=" not in self.body[-1]:
            hints = ['fetchpriority="high"' if first else 'loading="lazy"']
            size = get_image_size(str(Path(self.builder.srcdir) / source)) if "://" not in source else None
            if size:
                hints.append('width="%d" height="%d"' % size)
            self.body[-1] = self.body[-1].replace("<img ", f"<img {' '.join(hints)} ", 1)

    def depart_image(self, node):
        """Close the link ``visit_image`` opened."""
        super().depart_image(node)
        if node["fcc_linked"]:
            self.body.append("</a>")


def status_in_words(app, doctree, docname):
    """Replace the execution report's status emoji (a table cell's whole text) with :data:`STATUS_TEXT`."""
    for table in doctree.findall(nodes.table):
        for text in list(table.findall(nodes.Text)):
            if str(text) in STATUS_TEXT:
                text.parent.replace(text, nodes.Text(STATUS_TEXT[str(text)]))


def add_templates(app, config):
    """Put this package's template overrides ahead of the theme's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def setup(app):
    """Register the translator, the templates and the status words with Sphinx.

    pydata-sphinx-theme adds its Bootstrap mixin to whatever translator is registered, so
    this translator keeps the theme's own changes.
    """
    app.set_translator("html", AccessibleTranslator)
    app.connect("config-inited", add_templates)
    app.connect("doctree-resolved", status_in_words)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
