"""Sphinx extension: the ``claims-ledger`` directive, which draws the claims ledger while the book builds.

The ledger is one table computed from the claims registry (:data:`fc_to_conv.claims.CLAIMS`),
parsed as MyST Markdown so that its ``{doc}`` links resolve like any other. Drawing it needs
no notebook: a kernel started only to print a table cost the cold build over a second. In the
PDF, the table gets column widths of its own (:data:`LATEX_WIDTHS`). Since
the table is drawn from the registry, it lists every claim once by construction; what the
build checks here is that the ledger page (``fc_to_conv_ledger``) draws it, exactly once.
:mod:`fc_to_conv.sphinxext.checks` fails the build at its start if any claim has drifted.
"""

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import claims
from ..text import markdown_table

logger = logging.getLogger(__name__)

LEDGER = "book/claims_ledger"
#: The ledger's columns, in order. The third holds the value as its source states it: the article, or for N claims
#: Keras or a library's documentation (each claim's ``source``, which the page's introduction lists).
COLUMNS = ("Claim", "What is counted", "Stated value", "Computed", "Computed by", "Chapter", "Check")
EXPECTED_COLUMN = COLUMNS[2]
#: Each column's share of the line in the PDF, where LaTeX would otherwise cut the longest function
#: names and totals short; the table is set in a smaller type there, with narrower gaps.
LATEX_WIDTHS = dict(zip(COLUMNS, (0.06, 0.18, 0.12, 0.12, 0.27, 0.18, 0.07)))
PASS, FAIL = "\u2713 pass", "\u2717 fail"


def ledger_markdown(registered=None):
    """The claims ledger: a MyST Markdown table with one row per claim of ``registered`` (default: all).

    Each row gives the claim's id, its statement, the value its source states, the computed value,
    the function that computed it, a ``{doc}`` link to the chapter that states it, and a
    pass mark (:data:`PASS` when the computed value is the article's, else :data:`FAIL`).
    """
    rows = []
    for claim in claims.CLAIMS if registered is None else registered:
        computed = claim.computed()
        cells = (
            claim.id, claim.statement, claim.article, computed, f"`{claim.computed_by}`",
            f"{{doc}}`/{claim.chapter}`", PASS if computed == claim.article else FAIL,
        )
        rows.append(cells)
    return markdown_table(COLUMNS, rows) + "\n"


class ClaimsLedger(SphinxDirective):
    """``:::{claims-ledger}``: the ledger table, one row per registered claim."""

    def run(self):
        uses = self.env.__dict__.setdefault("fc_to_conv_ledger_uses", {})
        uses[self.env.docname] = uses.get(self.env.docname, 0) + 1
        container = nodes.container()
        self.state.nested_parse(StringList(ledger_markdown().splitlines(), source=self.env.docname),
                                self.content_offset, container)
        for table in container.findall(nodes.table):
            table["classes"].append("fcc-ledger")  # seven columns: static/fc_to_conv.css fits them to the page
        spec = addnodes.tabular_col_spec()
        spec["spec"] = "".join(rf">{{\raggedright\arraybackslash}}\Y{{{LATEX_WIDTHS[column]}}}" for column in COLUMNS)
        return [nodes.raw("", r"\begingroup\footnotesize\setlength{\tabcolsep}{3pt}", format="latex"), spec,
                *container.children, nodes.raw("", r"\endgroup", format="latex")]


def forget_doc(app, env, docname):
    """Drop a removed or re-read page's count of the directive."""
    getattr(env, "fc_to_conv_ledger_uses", {}).pop(docname, None)


def merge_uses(app, env, docnames, other):
    """Merge the counts of parallel readers."""
    env.__dict__.setdefault("fc_to_conv_ledger_uses", {}).update(getattr(other, "fc_to_conv_ledger_uses", {}))


def ledger_problem(ledger, found_docs, uses):
    """What is wrong with where the directive is used, or None: the ledger page, if the book has it,
    draws it exactly once, and no other page draws it."""
    if ledger in found_docs and uses.get(ledger, 0) != 1:
        return f"{ledger} draws the claims-ledger table {uses.get(ledger, 0)} times, not once"
    elsewhere = sorted(name for name, count in uses.items() if name != ledger and count)
    if elsewhere:
        return f"the claims-ledger table belongs on {ledger} only, but {elsewhere} draw it too"
    return None


def check_ledger(app, env):
    """Warn (an error under -W) when the ledger page does not draw the table exactly once."""
    ledger = app.config.fc_to_conv_ledger
    problem = ledger_problem(ledger, env.found_docs, getattr(env, "fc_to_conv_ledger_uses", {}))
    if problem:
        logger.warning("claims ledger: %s", problem, location=ledger, type="fc_to_conv", subtype="ledger")


def setup(app):
    """Register the directive and its check with Sphinx."""
    app.add_config_value("fc_to_conv_ledger", LEDGER, "env")
    app.add_directive("claims-ledger", ClaimsLedger)
    app.connect("env-purge-doc", forget_doc)
    app.connect("env-merge-info", merge_uses)
    app.connect("env-check-consistency", check_ledger)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
