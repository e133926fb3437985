"""Sphinx extension that makes every page citable and says what built the site.

- Every page ends with a "Cite this chapter" box: a BibTeX ``@incollection`` entry and an
  APA-style line, each in a code block (so sphinx-copybutton gives it a copy button), and the
  licences under which the chapter may be reused. They are generated from ``CITATION.cff``
  (book title, authors, version, year, licences), the source commit and the page's own
  title and address (``html_baseurl`` + page name + ``.html``; a build that was given no site
  address, see :mod:`fc_to_conv.sphinxext.site`, cites without one). The box is a docutils node
  added at ``doctree-resolved``, so it is part of the page body and of the search index. It
  is the theme's "tip" admonition; one CSS rule lets the APA line wrap. Pages that are not
  chapters (references, glossary, appendices) opt out with ``no-cite-box: true`` in their
  front matter.
- The footer shows the book's version (the package's ``__version__``), the source commit
  (``$SOURCE_COMMIT`` if set, else ``git rev-parse --short=12 HEAD``, a fixed length so every
  clone names it alike, else ``unknown``) and the licences.
"""

import os
import re
import subprocess
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util import logging

from .. import __version__

logger = logging.getLogger(__name__)

CITATION_FILE = "CITATION.cff"
KEY_PREFIX = "fctoconv"
BOX_CLASS = "cite-this-chapter"
CSS_FILE = "fc-to-conv-cite.css"
NO_BOX = "no-cite-box"  # front-matter key of the pages that are not chapters
CSS = f".{BOX_CLASS} pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}\n"
#: What each licence named in CITATION.cff covers (the files LICENSE and LICENSE-CONTENT hold
#: their texts; tests check the three agree): SPDX id -> (name, deed, what it covers).
LICENCES = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "text and figures"),
    "MIT": ("MIT", "https://opensource.org/license/mit", "code"),
}


def source_commit(folder):
    """The commit the site is built from: $SOURCE_COMMIT, else git's short hash, else "unknown"."""
    if os.environ.get("SOURCE_COMMIT", "").strip():
        return os.environ["SOURCE_COMMIT"].strip()
    try:
        result = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=folder,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "unknown"


def load_citation(folder):
    """CITATION.cff from the book's folder as a dict, or None when the book has none."""
    path = Path(folder) / CITATION_FILE
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def author_names(citation, bibtex):
    """The authors, "and"-joined for BibTeX (an entity braced whole) or comma-joined for APA."""
    names = []
    for author in citation["authors"]:
        if "name" in author:  # an entity: one name, never split into first and last
            names.append("{" + bibtex_escape(author["name"]) + "}" if bibtex else author["name"])
        else:
            names.append(f"{author['family-names']}, {author.get('given-names', '')}".strip(", "))
    return (" and " if bibtex else ", ").join(names)


def bibtex_escape(text):
    """Escape the characters that BibTeX or LaTeX would read as markup."""
    return re.sub(r"([&%$#_])", r"\\\1", text)


def bibtex_entry(citation, docname, title, url, commit):
    """A BibTeX @incollection entry for one chapter of the book (no ``url`` field when ``url`` is None)."""
    year = str(citation["date-released"])[:4]
    fields = {
        "title": bibtex_escape(title),
        "booktitle": bibtex_escape(citation["title"]),
        "author": author_names(citation, bibtex=True),
        "year": year,
        "version": str(citation["version"]),
        "note": f"Source commit {commit}",
    }
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields.items())
    return f"@incollection{{{KEY_PREFIX}{year}-{docname.split('/')[-1]},\n{body}\n}}"


def apa_line(citation, title, url, commit):
    """An APA-style reference to one chapter of the book, ending with its address when there is one."""
    authors = author_names(citation, bibtex=False)
    year = str(citation["date-released"])[:4]
    line = (f"{authors}{'' if authors.endswith('.') else '.'} ({year}). {title}. "
            f"In {citation['title']} (Version {citation['version']}, source commit {commit}).")
    return f"{line} {url}" if url else line


def licences(citation):
    """(name, deed, what it covers) of each licence CITATION.cff's ``license`` names (one SPDX id or a list).

    Raises ValueError for an id that :data:`LICENCES` does not describe.
    """
    ids = citation["license"] if isinstance(citation["license"], list) else [citation["license"]]
    unknown = [spdx for spdx in ids if spdx not in LICENCES]
    if unknown:
        raise ValueError(f"{CITATION_FILE} names licences {unknown}; the cite box can describe {sorted(LICENCES)}")
    return [LICENCES[spdx] for spdx in ids]


def licence_paragraph(citation):
    """A paragraph saying which licence covers what, each licence linked to its text."""
    paragraph = nodes.paragraph("", "Reuse: ")
    for number, (name, deed, covers) in enumerate(licences(citation)):
        if number:
            paragraph += nodes.Text("; ")
        paragraph += nodes.Text(f"{covers} under ")
        paragraph += nodes.reference("", name, refuri=deed)
    paragraph += nodes.Text(".")
    return paragraph


def cite_box(citation, docname, title, url, commit):
    """The "Cite this chapter" admonition: BibTeX and APA, each in a copyable code block, and the licences."""
    box = nodes.admonition(classes=[BOX_CLASS, "tip"])
    box += nodes.title("", "Cite this chapter")
    for label, text, language in (
        ("BibTeX", bibtex_entry(citation, docname, title, url, commit), "bibtex"),
        ("APA", apa_line(citation, title, url, commit), "text"),
    ):
        box += nodes.paragraph("", "", nodes.strong("", label))
        box += nodes.literal_block(text, text, language=language)
    box += licence_paragraph(citation)
    return box


def add_cite_box(app, doctree, docname):
    """Append the cite box to the end of the page's top section (or of the page), unless the page opts out."""
    citation = load_citation(app.srcdir)
    if citation is None or docname not in app.env.titles or NO_BOX in app.env.metadata.get(docname, {}):
        return
    title = app.env.titles[docname].astext()
    base = app.config.html_baseurl
    url = base.rstrip("/") + "/" + docname + ".html" if base else None
    sections = [child for child in doctree.children if isinstance(child, nodes.section)]
    box = cite_box(citation, docname, title, url, source_commit(app.srcdir))
    (sections[0] if sections else doctree).append(box)


def licence_html(citation):
    """The footer's sentence on reuse, each licence linked to its text."""
    parts = [f'{covers} under <a href="{deed}">{name}</a>' for name, deed, covers in licences(citation)]
    return f'<p class="licence">Reuse: {"; ".join(parts)}.</p>'


def set_footer(app, config):
    """Put the book's version, the source commit and the licences in the theme's footer."""
    citation = load_citation(app.srcdir)
    if citation is None:
        logger.info("fc_to_conv: no %s in %s, so no cite boxes", CITATION_FILE, app.srcdir)
    footer = (f'<p class="build-info">Version {__version__}, built from source commit '
              f'<code>{source_commit(app.srcdir)}</code>.</p>')
    if citation is not None:
        footer += licence_html(citation)
    options = config.html_theme_options
    options["extra_footer"] = (options.get("extra_footer") or "") + footer


def write_css(app):
    """Write the box's stylesheet into the site's _static folder."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / CSS_FILE).write_text(CSS, encoding="utf-8")


def setup(app):
    """Register the cite box, its stylesheet and the footer with Sphinx."""
    app.connect("config-inited", set_footer)
    app.connect("builder-inited", write_css)
    app.add_css_file(CSS_FILE)
    app.connect("doctree-resolved", add_cite_box)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
