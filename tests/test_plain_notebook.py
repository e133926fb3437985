"""A chapter's MyST as plain Markdown (fc_to_conv.sphinxext.plain_notebook), on small made-up cells.

The real book's downloaded notebooks are checked in tests/test_site.py (no MyST left, every
glued value and figure shown, links that land) and run in tests/test_downloaded_notebooks.py.
"""

import base64

import pytest
import yaml
from myst_parser.config.main import MdParserConfig
from sphinx.config import Config
from sphinx.util.tags import Tags

from conftest import REPO
from fc_to_conv.sphinxext.plain_notebook import Book, UnknownMyST, plain_markdown

EXTENSIONS = set(yaml.safe_load((REPO / "_config.yml").read_text())["parse"]["myst_enable_extensions"])
SITE = "https://example.org/book/main/"


def book(url=SITE, solutions=True):
    return Book(
        docname="book/grouping", url=url,
        glue={"n": {"text/plain": "'3,136'"}, "share": {"text/plain": "0.25"}, "star": {"text/plain": "'a*b_c'"},
              "fig": {"image/svg+xml": "<svg/>", "text/plain": "<SVG>"},
              "widget": {"text/html": "<div>", "text/markdown": "*Stand-in.*", "text/plain": "x"}},
        titles={"book/locality": "Spatial correlation of pixels"},
        labels={"vgg-first-layer": ("book/general_case", "vgg-first-layer", "VGG-16's first layer")},
        terms={"filter": ("book/glossary", "term-filter")},
        citations={"gad2018derivation": ("book/references", "id4", "Gad, 2018")},
        source_dir=REPO / "book", sphinx_config=Config(), solutions=solutions,
        only=Tags(["solutions"] if solutions else []).eval_condition,
        parser_config=MdParserConfig(enable_extensions=EXTENSIONS),
    )


def test_glued_values_are_written_as_myst_nb_formats_them():
    text = plain_markdown(book(), "It has {glue:text}`n` weights, {glue:text}`share:.0%` of them, {glue:text}`star`.")
    assert text == r"It has 3,136 weights, 25% of them, a\*b\_c."


def test_roles_in_code_and_maths_are_left_alone():
    source = "Write `{glue:text}`n`` or $\\{x\\}$ and {glue:text}`n`."
    assert plain_markdown(book(), source) == "Write `{glue:text}`n`` or $\\{x\\}$ and 3,136."


def test_references_link_the_site_or_read_as_their_text():
    source = "See {doc}`locality`, {doc}`there <locality>`, {ref}`vgg-first-layer`, a {term}`kernel <filter>` {cite:p}`gad2018derivation`."
    linked = plain_markdown(book(), source)
    assert linked == (f"See [Spatial correlation of pixels]({SITE}book/locality.html), [there]({SITE}book/locality.html), "
                      f"[VGG-16's first layer]({SITE}book/general_case.html#vgg-first-layer), "
                      f"a [kernel]({SITE}book/glossary.html#term-filter) [[Gad, 2018]({SITE}book/references.html#id4)].")
    offline = plain_markdown(book(url=""), source)
    assert offline == "See Spatial correlation of pixels, there, VGG-16's first layer, a kernel [Gad, 2018]."


def test_a_glued_figure_is_its_picture_with_its_caption():
    source = "```{glue:figure} fig\n:alt: Two [groups] \"here\"\n:name: fig-x\n\nThe {glue:text}`n` wires.\n```\n\nAfter."
    svg = base64.b64encode(b"<svg/>").decode()
    assert plain_markdown(book(), source) == (f'<img src="data:image/svg+xml;base64,{svg}" alt="Two [groups] &quot;here&quot;">\n\n'
                                              '<a id="fig-x"></a>The 3,136 wires.\n\nAfter.')
    assert plain_markdown(book(), "```{glue} widget\n```") == "*Stand-in.*"


def test_exercises_are_quoted_and_solutions_folded_or_left_out():
    source = ("```{exercise} Count\n:label: ex-a\n:nonumber:\n\nHow many?\n```\n\n"
              "```{solution} ex-a\n:class: dropdown\n\n{glue:text}`n`.\n```\n\n"
              ":::{admonition} Note\n:class: tip\nA *note*.\n:::\n\n```{only} solutions\nWith solutions.\n```")
    text = plain_markdown(book(), source)
    assert text == ('> <a id="ex-a"></a>**Exercise (Count)**\n>\n> How many?\n\n'
                    "<details>\n<summary>Solution to Exercise (Count)</summary>\n\n3,136.\n\n</details>\n\n"
                    "> **Note**\n>\n> A *note*.\n\nWith solutions.")
    homework = plain_markdown(book(solutions=False), source)
    assert homework == '> <a id="ex-a"></a>**Exercise (Count)**\n>\n> How many?\n\n> **Note**\n>\n> A *note*.'


def test_an_included_listing_is_its_code():
    text = plain_markdown(book(), "```{literalinclude} ../code/fc_to_conv/grouping.py\n:pyobject: grouped_ids\n```")
    assert text.startswith("```python\ndef grouped_ids(") and text.endswith("\n```")
    assert text.count("def ") == 1


@pytest.mark.parametrize("source", ["{math}`x`", "```{figure} a.png\n```", "{glue:text}`missing`"])
def test_what_has_no_plain_form_is_refused(source):
    with pytest.raises(UnknownMyST):
        plain_markdown(book(), source)


def test_targets_and_comments():
    assert plain_markdown(book(), "(here)=\n## Title\n\n% a comment\nText.") == '<a id="here"></a>\n## Title\n\nText.'
