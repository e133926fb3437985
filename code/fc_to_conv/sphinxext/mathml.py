"""Sphinx extension: the book's mathematics as MathML, written while the book builds.

Without it, every page with a formula loads MathJax (1.1 MB of script, 260 KB compressed,
plus its fonts) to typeset the formulas in the reader's browser, and the text moves when it
has. Here each formula is converted once, by latex2mathml, into MathML, the W3C's markup for
mathematics, which browsers draw natively (MathML Core: Chromium since 109, Firefox,
Safari) and screen readers read. The LaTeX source stays with each formula as its ``alttext``.

The extension registers the HTML math renderer ``mathml`` and selects it unless the
configuration names another (``html_math_renderer``). A formula that latex2mathml cannot
convert (it passes unknown commands and ``&`` through as text) is a warning, which ``-W``
makes a failed build, so no formula is shown half converted.
"""

import html
import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)
#: What latex2mathml writes for LaTeX it does not know: a command or an alignment mark as a token.
UNCONVERTED = re.compile(r"<m[ion]>(\\[A-Za-z]+|&amp;|&)</m[ion]>")


def mathml(latex, display, node):
    """MathML for ``latex`` (``display``: "inline" or "block"), with the source as its alttext."""
    markup = convert(latex, display=display)
    bad = UNCONVERTED.search(markup)
    if bad:
        logger.warning("latex2mathml cannot convert %r in formula %r; rewrite it with commands it knows",
                       html.unescape(bad.group(1)), latex, location=node)
    return markup.replace("<math ", f'<math alttext="{html.escape(latex.strip())}" ', 1)


def visit_math(self, node):
    """An inline formula: ``<span class="math">`` holding its MathML."""
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(mathml(node.astext(), "inline", node) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node):
    """A displayed formula: ``<div class="math">`` holding one MathML block per equation of its source."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:  # as sphinx.ext.mathjax numbers a labelled equation
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    equations = [node.astext()] if node["nowrap"] else [p for p in node.astext().split("\n\n") if p.strip()]
    self.body.extend(mathml(equation, "block", node) for equation in equations)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def select(app, config):
    """Use this renderer unless the configuration names one."""
    if not config.html_math_renderer:
        config.html_math_renderer = "mathml"


def setup(app):
    """Register the renderer with Sphinx."""
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", select)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
