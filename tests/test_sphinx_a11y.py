"""fc_to_conv.sphinxext.a11y: the execution report's status emoji become words."""

from docutils import nodes
from myst_nb.ext.execution_tables import _key2transform

from fc_to_conv.sphinxext import a11y as sphinx_a11y


def test_the_status_words_replace_what_myst_nb_writes():
    assert set(sphinx_a11y.STATUS_TEXT) == {_key2transform["succeeded"](True), _key2transform["succeeded"](False)}


def test_status_cells_get_words_and_other_text_stays():
    doctree = nodes.document(None, None)
    table = nodes.table()
    for text in ("\u2705", "\u274c", "book/grouping"):
        table += nodes.entry("", nodes.paragraph(text=text))
    doctree += [table, nodes.paragraph(text="\u2705")]
    sphinx_a11y.status_in_words(None, doctree, "book/execution_report")
    assert [entry.astext() for entry in table.findall(nodes.entry)] == ["\u2713\u00a0succeeded", "\u2717\u00a0failed", "book/grouping"]
    assert doctree.children[-1].astext() == "\u2705"  # outside a table, text is left alone
