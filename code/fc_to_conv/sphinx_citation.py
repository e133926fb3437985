"""Sphinx extension that makes every page citable and says what built the site.

- Every page ends with a "Cite this chapter" box: a BibTeX ``@incollection`` entry and an
  APA-style line, each in a code block (so sphinx-copybutton gives it a copy button). They
  are generated from ``CITATION.cff`` (book title, authors, version, year) and the page's
  own title and address (``html_baseurl`` + page name + ``.html``). The box is a docutils
  node added at ``doctree-resolved``, so it is part of the page body and of the search index.
  It is the theme's "tip" admonition; one CSS rule lets the APA line wrap. Pages that
  are not chapters (references, glossary, appendices) opt out with ``no-cite-box: true``
  in their front matter.
- The footer shows the book's version (the package's ``__version__``) and the source commit:
  ``$SOURCE_COMMIT`` if set, else ``git rev-parse --short=12 HEAD`` (a fixed length, so every clone names it alike), else ``unknown``.
"""

import os
import re
import subprocess
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util import logging

from . import __version__

logger = logging.getLogger(__name__)

CITATION_FILE = "CITATION.cff"
KEY_PREFIX = "fctoconv"
BOX_CLASS = "cite-this-chapter"
CSS_FILE = "fc-to-conv-cite.css"
NO_BOX = "no-cite-box"  # front-matter key of the pages that are not chapters
CSS = f".{BOX_CLASS} .highlight-text pre {{ white-space: pre-wrap; }}\n"


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


def bibtex_entry(citation, docname, title, url):
    """A BibTeX @incollection entry for one chapter of the book."""
    year = str(citation["date-released"])[:4]
    fields = {
        "title": bibtex_escape(title),
        "booktitle": bibtex_escape(citation["title"]),
        "author": author_names(citation, bibtex=True),
        "year": year,
        "version": str(citation["version"]),
        "url": url,
    }
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields.items())
    return f"@incollection{{{KEY_PREFIX}{year}-{docname.split('/')[-1]},\n{body}\n}}"


def apa_line(citation, title, url):
    """An APA-style reference to one chapter of the book."""
    authors = author_names(citation, bibtex=False)
    year = str(citation["date-released"])[:4]
    return (f"{authors}{'' if authors.endswith('.') else '.'} ({year}). {title}. "
            f"In {citation['title']} (Version {citation['version']}). {url}")


def cite_box(citation, docname, title, url):
    """The "Cite this chapter" admonition: BibTeX and APA, each in a copyable code block."""
    box = nodes.admonition(classes=[BOX_CLASS, "tip"])
    box += nodes.title("", "Cite this chapter")
    for label, text, language in (
        ("BibTeX", bibtex_entry(citation, docname, title, url), "bibtex"),
        ("APA", apa_line(citation, title, url), "text"),
    ):
        box += nodes.paragraph("", "", nodes.strong("", label))
        box += nodes.literal_block(text, text, language=language)
    return box


def add_cite_box(app, doctree, docname):
    """Append the cite box to the end of the page's top section (or of the page), unless the page opts out."""
    citation = load_citation(app.srcdir)
    if citation is None or docname not in app.env.titles or NO_BOX in app.env.metadata.get(docname, {}):
        return
    title = app.env.titles[docname].astext()
    url = app.config.html_baseurl.rstrip("/") + "/" + docname + ".html"
    sections = [child for child in doctree.children if isinstance(child, nodes.section)]
    (sections[0] if sections else doctree).append(cite_box(citation, docname, title, url))


def set_footer(app, config):
    """Put the book's version and the source commit in the theme's footer."""
    if load_citation(app.srcdir) is None:
        logger.info("fc_to_conv: no %s in %s, so no cite boxes", CITATION_FILE, app.srcdir)
    footer = (f'<p class="build-info">Version {__version__}, built from source commit '
              f'<code>{source_commit(app.srcdir)}</code>.</p>')
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
