"""Sphinx extension: the ``claims-ledger`` directive, which draws the claims ledger while the book builds.

The ledger is one table computed from the claims registry (:func:`fc_to_conv.claims.ledger_markdown`),
parsed as MyST Markdown so that its ``{doc}`` links resolve like any other. Drawing it needs
no notebook: a kernel started only to print a table cost the cold build over a second. In the
PDF, the table gets column widths of its own (:data:`LATEX_WIDTHS`).
``fc_to_conv.sphinx_checks`` does the checking: it fails the build at its start if any claim
has drifted, fails it if the drawn table disagrees with the registry, and re-reads every
page, this one included, when the package's source changes.
"""

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from . import claims

#: Each column's share of the line in the PDF, where LaTeX would otherwise cut the longest function
#: names and totals short; the table is set in a smaller type there, with narrower gaps.
LATEX_WIDTHS = {"Claim": 0.06, "The article states": 0.18, "Article": 0.12, "Computed": 0.12,
                "Computed by": 0.27, "Chapter": 0.18, "Check": 0.07}


class ClaimsLedger(SphinxDirective):
    """``:::{claims-ledger}``: the ledger table, one row per registered claim."""

    def run(self):
        container = nodes.container()
        self.state.nested_parse(StringList(claims.ledger_markdown().splitlines(), source=self.env.docname),
                                self.content_offset, container)
        for table in container.findall(nodes.table):
            table["classes"].append("fcc-ledger")  # seven columns: _static/fc_to_conv.css fits them to the page
        spec = addnodes.tabular_col_spec()
        spec["spec"] = "".join(rf">{{\raggedright\arraybackslash}}\Y{{{LATEX_WIDTHS[column]}}}"
                               for column in claims.LEDGER_COLUMNS)
        return [nodes.raw("", r"\begingroup\footnotesize\setlength{\tabcolsep}{3pt}", format="latex"), spec,
                *container.children, nodes.raw("", r"\endgroup", format="latex")]


def setup(app):
    """Register the directive with Sphinx."""
    app.add_directive("claims-ledger", ClaimsLedger)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
