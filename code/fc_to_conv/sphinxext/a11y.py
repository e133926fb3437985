"""Sphinx extension that fixes the accessibility faults axe-core finds in the theme's and docutils' markup.

The book is checked against WCAG 2.1 AA in light and dark mode (tests/test_accessibility.py).
Where the markup we are given fails, it is corrected here, at the source, rather than the
rule being switched off:

- **Bibliography.** docutils writes a citation list as ``role="list"`` holding entries with
  ``role="doc-biblioentry"``, a role ARIA has deprecated and that is not a list item, so
  the list has no items (axe: aria-required-children, aria-deprecated-role). The entries
  are written with ``role="listitem"`` instead.
- **Search and colour-mode buttons.** pydata-sphinx-theme's buttons have accessible names
  that do not contain their visible text (axe: label-content-name-mismatch, WCAG 2.5.3).
  Two of the theme's components are overridden from ``templates/`` in this package.
- **Execution report.** myst-nb marks each notebook's status with the emoji ✅ or ❌,
  which shows as an empty box where no emoji font is installed. They become words with a
  mark from ordinary text fonts, as in the claims ledger.
"""

from pathlib import Path

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent / "templates"
#: myst-nb's status emoji in the execution report, and the text that replaces each (a no-break space after the mark).
STATUS_TEXT = {"\u2705": "\u2713\u00a0succeeded", "\u274c": "\u2717\u00a0failed"}


class AccessibleCitationsTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, writing citations as items of the list that holds them."""

    def visit_citation(self, node):
        """As docutils' ``visit_citation``, with ``role="listitem"`` for the deprecated ``doc-biblioentry``."""
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


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
    app.set_translator("html", AccessibleCitationsTranslator)
    app.connect("config-inited", add_templates)
    app.connect("doctree-resolved", status_in_words)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
