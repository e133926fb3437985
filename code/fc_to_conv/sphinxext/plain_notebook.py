"""A chapter's executed notebook as plain Jupyter, JupyterLab and Colab read it: no MyST left.

A chapter's notebook, as myst-nb reads it, keeps its Markdown cells in MyST: glued values are
``{glue:text}`` roles, figures ``{glue:figure}`` directives, exercises ``{exercise}`` and
``{solution}`` blocks, cross-references ``{doc}``, ``{ref}``, ``{term}`` and ``{cite:p}`` roles,
which a Jupyter without the book's Sphinx shows as their source. :func:`plain_markdown` writes
each of them as plain Markdown says what the site shows:

- a glued value as its text (formatted as myst-nb's role formats it), a glued figure as an HTML
  image of its SVG (a ``data:`` address) with its caption, an interactive figure as the static
  stand-in the PDF shows. JupyterLab (so Notebook 7) renders no SVG attachment (its attachment
  resolver takes raster types only) and no SVG output in a notebook it does not trust, as a
  downloaded one is; Markdown parsers refuse ``data:image/svg+xml`` in Markdown's own image
  syntax (markdown-it, mistune); an ``<img>`` in the Markdown passes them all, and it stays when
  the notebook is run again, which an output would not;
- an admonition or exercise as a block quote under its title, a dropdown or solution folded
  in ``<details>`` (a solution left out when the build leaves solutions out);
- a cross-reference or citation as a link to its page on the site when the build knows the
  site's address (``html_baseurl``), else as its text; a ``literalinclude`` as the code it includes.

A construct it does not know raises :class:`UnknownMyST` (the build turns it into a warning, an
error under ``-W``), so no MyST reaches a reader unconverted.

The cells are parsed with the parser myst-parser itself builds (markdown-it-py with
mdit-py-plugins' MyST plugins, :func:`myst_parser.parsers.mdit.create_md_parser`, with the
book's extensions), not with regular expressions: it finds the roles and directives exactly
where the site's build finds them, and not inside code spans, code blocks or maths.
"""

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.renderer import RendererHTML
from mdit_py_plugins.myst_role.index import myst_role
from myst_nb.core.variables import format_plain_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx.directives.code import LiteralIncludeReader
from sphinx.util import docname_join

#: A glued bundle's MIME types, best first for a Markdown cell: a figure's static stand-in
#: (Markdown text or a picture) before its HTML, whose script a notebook does not load.
PASTE_ORDER = ("text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/html", "text/plain")
IMAGES = ("image/svg+xml", "image/png", "image/jpeg")
#: Characters that would turn a pasted value into Markdown (or maths, ``$``, or a table's cell end, ``|``).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~#])")
#: Inline tokens whose source text is kept as it is: a role to replace, code or maths to step over.
VERBATIM = ("myst_role", "code_inline", "math_inline", "math_inline_double")
#: A role's target with its own text: ``text <target>``.
TEXT_AND_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)
#: A directive's option line: ``:name: value``.
OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


class UnknownMyST(ValueError):
    """A MyST role or directive with no plain-Markdown form here."""


@dataclass
class Book:
    """What the build knows that a chapter's Markdown refers to.

    ``labels`` maps a label to (docname, anchor, title), ``terms`` a glossary term (lower case)
    to (docname, anchor), ``citations`` a BibTeX key to (docname, anchor, label as cited);
    ``titles`` maps a docname to its title. ``url`` is the site's address ("" when unknown).
    """

    docname: str
    url: str
    glue: dict
    titles: dict
    labels: dict
    terms: dict
    citations: dict
    source_dir: Path
    sphinx_config: object = None
    solutions: bool = True
    only: object = None  #: evaluates an ``{only}`` directive's expression (Sphinx's tags)
    parser_config: object = None  #: myst-parser's configuration (the book's extensions)
    exercises: dict = field(default_factory=dict)  #: exercise label -> title, as they are met

    def link(self, text, docname, anchor=""):
        """``text`` as a Markdown link to ``docname``'s page on the site, or plain when no address is known."""
        if not self.url:
            return text
        target = f"{self.url.rstrip('/')}/{docname}.html" + (f"#{anchor}" if anchor else "")
        return f"[{text}]({target})"


def escape(text):
    """``text`` as Markdown that shows it as it is."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def text_and_target(content):
    """A role's (own text or None, target)."""
    match = TEXT_AND_TARGET.match(content.strip())
    return (match[1], match[2].strip()) if match else (None, content.strip())


def parser(book):
    """myst-parser's Markdown parser for ``book``, its role rule noting each role's source text."""
    md = create_md_parser(book.parser_config, RendererHTML)

    def role_with_source(state, silent):
        start = state.pos
        if not myst_role(state, silent):
            return False
        if not silent:
            state.tokens[-1].meta["source"] = state.src[start:state.pos]
        return True

    md.inline.ruler.at("myst_role", role_with_source)
    return md


def glue_text(book, content):
    """A ``{glue:text}``/``{glue}`` role's value: ``key`` or ``key:format``, formatted as myst-nb formats it."""
    key, _, spec = content.partition(":")
    if "::" in content or key not in book.glue or "text/plain" not in book.glue[key]:
        raise UnknownMyST(f"{book.docname}: no glued text {content!r} in this chapter")
    return escape(format_plain_text(book.glue[key]["text/plain"], spec or "s"))


def role(book, name, content):
    """The plain Markdown of the role ``{name}`content```."""
    if name in ("glue:text", "glue", "glue:any"):
        return glue_text(book, content)
    text, target = text_and_target(content)
    if name == "doc":
        docname = docname_join(book.docname, target)
        return book.link(escape(text or book.titles[docname]), docname)
    if name == "ref":
        docname, anchor, title = book.labels[target.lower()]
        return book.link(escape(text or title), docname, anchor)
    if name == "term":
        docname, anchor = book.terms[target.lower()]
        return book.link(escape(text or target), docname, anchor)
    if name in ("cite:p", "cite:t", "cite"):
        cited = [book.citations[key.strip()] for key in content.split(",")]
        return "[" + "; ".join(book.link(escape(label), docname, anchor) for docname, anchor, label in cited) + "]"
    raise UnknownMyST(f"{book.docname}: no plain-Markdown form for the role {{{name}}}")


def directive_parts(token):
    """A directive token's (name, argument, options, body)."""
    name, _, argument = token.info.strip()[1:].partition("}")
    lines = token.content.splitlines()
    options = {}
    while lines and (match := OPTION.match(lines[0])):
        options[match[1]] = match[2]
        lines.pop(0)
    return name, argument.strip(), options, "\n".join(lines).strip("\n")


def quoted(text):
    """``text`` as a Markdown block quote."""
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


def folded(md, summary, body):
    """``body`` folded under ``summary`` (HTML ``<details>``, in which Jupyter renders Markdown)."""
    return f"<details>\n<summary>{md.renderInline(summary)}</summary>\n\n{body}\n\n</details>"


def anchor(name):
    """An HTML anchor for the site's label ``name``, so a link to it within the notebook lands."""
    return f'<a id="{name}"></a>' if name else ""


def pasted(book, key, alt=""):
    """A glued bundle as Markdown: its stand-in text, or its picture (an ``<img>`` of its data)."""
    if key not in book.glue:
        raise UnknownMyST(f"{book.docname}: no glued output {key!r} in this chapter")
    bundle = book.glue[key]
    mime = next(mime for mime in PASTE_ORDER if mime in bundle)
    if mime in IMAGES:
        data = bundle[mime]
        if mime == "image/svg+xml":  # outputs keep SVG as text, raster images as base64
            data = base64.b64encode(data.encode()).decode()
        return f'<img src="data:{mime};base64,{data}" alt="{html.escape(alt)}">'
    if mime == "text/plain":
        return escape(format_plain_text(bundle[mime], "s"))
    return bundle[mime]


def directive(book, md, token):
    """The plain Markdown of a directive's token."""
    name, argument, options, body = directive_parts(token)
    convert = lambda text: plain_markdown(book, text)  # noqa: E731
    if name == "admonition":
        return quoted(f"**{convert(argument)}**\n\n{convert(body)}")
    if name == "dropdown":
        return folded(md, convert(argument), convert(body))
    if name == "exercise":
        title = f"Exercise ({convert(argument)})" if argument else "Exercise"
        book.exercises[options.get("label", "")] = title
        return quoted(f"{anchor(options.get('label'))}**{title}**\n\n{convert(body)}")
    if name == "solution":
        if not book.solutions:
            return ""
        return folded(md, f"Solution to {book.exercises.get(argument, 'the exercise')}", convert(body))
    if name == "glue:figure":
        picture = pasted(book, argument, options.get("alt", ""))
        return f"{picture}\n\n{anchor(options.get('name'))}{convert(body)}".rstrip()
    if name == "glue":
        return pasted(book, argument)
    if name == "glue:md":
        text = book.glue.get(argument, {}).get("text/markdown")
        if text is None:
            raise UnknownMyST(f"{book.docname}: no glued Markdown {argument!r} in this chapter")
        return convert(text) if options.get("format", "commonmark") == "myst" else text
    if name == "literalinclude":
        path = (book.source_dir / argument).resolve()
        code, _ = LiteralIncludeReader(str(path), options, book.sphinx_config).read()
        language = options.get("language", "python" if path.suffix == ".py" else "")
        return f"```{language}\n{code.rstrip()}\n```"
    if name == "only":
        return convert(body) if book.only(argument) else ""
    raise UnknownMyST(f"{book.docname}: no plain-Markdown form for the directive {{{name}}}")


def plain_markdown(book, text):
    """A Markdown cell's MyST ``text`` as plain Markdown."""
    md = parser(book)
    lines = text.splitlines(keepends=True)
    blocks = []  # (first line, line after, replacement) of the directives and MyST-only blocks
    roles = []  # (first line, line after, [(source, replacement)]) of each run of inline text
    place = None
    for token in md.parse(text):
        place = token.map or place
        inside = any(start <= place[0] < end for start, end, _ in blocks) if place else False
        if inside:
            continue
        if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            if token.level:
                raise UnknownMyST(f"{book.docname}: a directive inside a list or quote: {token.info}")
            converted = directive(book, md, token)
            blocks.append((*token.map, converted and converted + "\n"))
        elif token.type in ("myst_line_comment", "myst_block_break"):
            blocks.append((*token.map, ""))
        elif token.type == "myst_target":
            blocks.append((*token.map, anchor(token.content) + "\n"))
        elif token.type == "inline":
            found = [(child.meta["source"], role(book, child.meta["name"], child.content)) if child.type == "myst_role"
                     else (child.content, None) for child in token.children or [] if child.type in VERBATIM]
            if any(replacement is not None for _, replacement in found):
                roles.append((*place, found))
    for start, end, found in roles:
        run, cursor = "".join(lines[start:end]), 0
        for source, replacement in found:  # in order, stepping over code and maths that may look like roles
            at = run.find(source, cursor)
            if at < 0 and replacement is None:
                continue
            if at < 0:
                raise UnknownMyST(f"{book.docname}: could not place the role {source!r} in its text")
            replacement = source if replacement is None else replacement
            run, cursor = run[:at] + replacement + run[at + len(source):], at + len(replacement)
        lines[start:end] = [run] + [""] * (end - start - 1)
    for start, end, replacement in sorted(blocks, reverse=True):
        if not replacement and end < len(lines) and not lines[end].strip():
            end += 1  # a block left out takes the blank line after it along
        lines[start:end] = [replacement] + [""] * (end - start - 1)
    return "".join(lines).strip("\n")

