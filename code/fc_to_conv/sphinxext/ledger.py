"""Sphinx extension: the ``claims-ledger`` directive, which draws the claims ledger while the book builds.

The ledger is one table computed from the claims registry (:func:`fc_to_conv.claims.ledger_markdown`),
parsed as MyST Markdown so that its ``{doc}`` links resolve like any other. Drawing it needs
no notebook: a kernel started only to print a table cost the cold build over a second.
``fc_to_conv.sphinxext.checks`` does the checking: it fails the build at its start if any claim
has drifted, fails it if the drawn table disagrees with the registry, and re-reads every
page, this one included, when the package's source changes.
"""

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import claims


class ClaimsLedger(SphinxDirective):
    """``:::{claims-ledger}``: the ledger table, one row per registered claim."""

    def run(self):
        container = nodes.container()
        self.state.nested_parse(StringList(claims.ledger_markdown().splitlines(), source=self.env.docname),
                                self.content_offset, container)
        for table in container.findall(nodes.table):
            table["classes"].append("fcc-ledger")  # seven columns: fc_to_conv/sphinxext/static/fc_to_conv.css fits them to the page
        return container.children


def setup(app):
    """Register the directive with Sphinx."""
    app.add_directive("claims-ledger", ClaimsLedger)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
