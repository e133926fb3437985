"""Sphinx extension that makes every page citable and says which edition of the book it is.

- **The edition.** A build is a release when its source commit carries a tag ``vX.Y.Z``
  (``git tag --points-at HEAD``) and ``CITATION.cff`` names version X.Y.Z, released on the tag's
  date: any clone of the tag builds that edition, with no other input. The build stops when a
  release tag and ``CITATION.cff`` disagree. Any other commit is an unreleased state.
- Every page ends with a "Cite this chapter" box: a BibTeX ``@incollection`` entry and an
  APA-style line, each in a code block (so sphinx-copybutton gives it a copy button), and the
  licences under which the chapter may be reused. They are generated from ``CITATION.cff``
  (book title, authors, year, licences), the edition (a release's version, or "unreleased
  state"), the source commit, the book's DOI when there is one (``$BOOK_DOI``, else
  ``CITATION.cff``'s ``doi``) and the page's own title and address (``html_baseurl``, which
  :mod:`fc_to_conv.sphinxext.site` points into the edition's folder, + page name + ``.html``; a
  build that was given no site address cites without one). The box is a docutils node added
  at ``doctree-resolved``, so it is part of the page body and of the search index. It is the
  theme's "tip" admonition; one CSS rule lets the APA line wrap. Pages that are not chapters
  (references, glossary, appendices) opt out with ``no-cite-box: true`` in their front matter.
- The site carries its edition's ``CITATION.cff``, with the DOI and the edition's address
  when the build knows them.
- The footer names the edition, the source commit (``$SOURCE_COMMIT`` if set, else
  ``git rev-parse --short=12 HEAD``, a fixed length so every clone names it alike, else
  ``unknown``) and the licences.
"""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

CITATION_FILE = "CITATION.cff"
KEY_PREFIX = "fctoconv"
BOX_CLASS = "cite-this-chapter"
CSS_FILE = "fc-to-conv-cite.css"
NO_BOX = "no-cite-box"  # front-matter key of the pages that are not chapters
CSS = f".{BOX_CLASS} pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}\n"
#: A release's tag: ``v`` and the version CITATION.cff names.
RELEASE_TAG = re.compile(r"v(\d+\.\d+\.\d+)")
#: The unreleased state's folder on the site, and its version for Sphinx and the version switcher.
UNRELEASED_FOLDER = "main"
UNRELEASED_VERSION = "dev"
#: What the environment variable holding the book's DOI is called, and what a DOI looks like.
DOI_VARIABLE = "BOOK_DOI"
DOI = re.compile(r"10\.\d{4,9}/\S+")
#: What each licence named in CITATION.cff covers (the files LICENSE and LICENSE-CONTENT hold
#: their texts; tests check the three agree): SPDX id -> (name, deed, what it covers).
LICENCES = {
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/", "text and figures"),
    "MIT": ("MIT", "https://opensource.org/license/mit", "code"),
}


def git(folder, *arguments):
    """What ``git arguments`` prints in ``folder``, stripped; None where git is missing or fails."""
    try:
        result = subprocess.run(["git", *arguments], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def source_commit(folder):
    """The commit the site is built from: $SOURCE_COMMIT, else git's short hash, else "unknown"."""
    if os.environ.get("SOURCE_COMMIT", "").strip():
        return os.environ["SOURCE_COMMIT"].strip()
    return git(folder, "rev-parse", "--short=12", "HEAD") or "unknown"


def release_tags(folder):
    """The release tags (``vX.Y.Z``) on the commit checked out in ``folder``; [] outside a git work tree."""
    return [tag for tag in (git(folder, "tag", "--points-at", "HEAD") or "").split() if RELEASE_TAG.fullmatch(tag)]


def tag_date(folder, tag):
    """The day ``tag`` was made (``YYYY-MM-DD``: an annotated tag's own date, else its commit's)."""
    return git(folder, "for-each-ref", "--format=%(creatordate:short)", f"refs/tags/{tag}")


def release(folder, citation):
    """The version X.Y.Z when the commit checked out in ``folder`` is a release, None when it is not.

    A release is a tag ``vX.Y.Z`` on the commit whose ``citation`` (CITATION.cff, or None when the
    book has none: then nothing is a release) names version X.Y.Z and, as ``date-released``, the
    tag's date. Raises ValueError when the commit has a release tag and ``citation`` disagrees
    with it, naming both.
    """
    tags = release_tags(folder)
    if not tags or citation is None:
        return None
    version, released = str(citation["version"]), str(citation["date-released"])
    if f"v{version}" not in tags:
        raise ValueError(f"the source commit is tagged {', '.join(tags)} but {CITATION_FILE} names version "
                         f"{version}: a release's tag must be v and the version {CITATION_FILE} names")
    tagged = tag_date(folder, f"v{version}")
    if tagged != released:
        raise ValueError(f"tag v{version} was made on {tagged} but {CITATION_FILE} says date-released "
                         f"{released}: set date-released to the day of the release and tag that commit")
    return version


@dataclass(frozen=True)
class Edition:
    """What a build is an edition of: a release's ``version`` (None for an unreleased state), its ``commit``."""

    version: str | None
    commit: str

    @classmethod
    def of(cls, folder, citation):
        """The edition checked out in ``folder`` (see :func:`release`)."""
        return cls(release(folder, citation), source_commit(folder))

    @property
    def folder(self):
        """The edition's folder on the site: its version, or ``main`` for the unreleased state."""
        return self.version or UNRELEASED_FOLDER

    @property
    def name(self):
        """How citations and the footer name it: "version X.Y.Z" or "unreleased state"."""
        return f"version {self.version}" if self.version else "unreleased state"


def book_doi(citation, environ=os.environ):
    """The book's DOI: ``$BOOK_DOI``, else CITATION.cff's ``doi``, else None.

    Raises ValueError for a value that is not a DOI (``10.<registrant>/<suffix>``), naming it.
    """
    value = environ.get(DOI_VARIABLE, "").strip() or str((citation or {}).get("doi") or "").strip()
    if value and not DOI.fullmatch(value):
        raise ValueError(f"{DOI_VARIABLE} (or {CITATION_FILE}'s doi) is {value!r}; a DOI looks like 10.5281/zenodo.1234, "
                         "without https://doi.org/")
    return value or None


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


def bibtex_entry(citation, docname, title, url, edition, doi=None):
    """A BibTeX @incollection entry for one chapter of the book in ``edition``: a release's ``version``
    field, or a note that it is an unreleased state; no ``url`` or ``doi`` field when they are None."""
    year = str(citation["date-released"])[:4]
    fields = {
        "title": bibtex_escape(title),
        "booktitle": bibtex_escape(citation["title"]),
        "author": author_names(citation, bibtex=True),
        "year": year,
    }
    if edition.version:
        fields["version"] = edition.version
    fields["note"] = f"Source commit {edition.commit}" if edition.version else (
        f"Unreleased state, source commit {edition.commit}")
    if doi:
        fields["doi"] = doi
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields.items())
    return f"@incollection{{{KEY_PREFIX}{year}-{docname.split('/')[-1]},\n{body}\n}}"


def apa_line(citation, title, url, edition, doi=None):
    """An APA-style reference to one chapter of the book in ``edition``, ending with the book's DOI
    and the chapter's address when there are."""
    authors = author_names(citation, bibtex=False)
    year = str(citation["date-released"])[:4]
    line = (f"{authors}{'' if authors.endswith('.') else '.'} ({year}). {title}. "
            f"In {citation['title']} ({edition.name.capitalize()}, source commit {edition.commit}).")
    return " ".join([line] + ([f"https://doi.org/{doi}"] if doi else []) + ([url] if url else []))


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


def cite_box(citation, docname, title, url, edition, doi=None):
    """The "Cite this chapter" admonition: BibTeX and APA, each in a copyable code block, and the licences."""
    box = nodes.admonition(classes=[BOX_CLASS, "tip"])
    box += nodes.title("", "Cite this chapter")
    for label, text, language in (
        ("BibTeX", bibtex_entry(citation, docname, title, url, edition, doi), "bibtex"),
        ("APA", apa_line(citation, title, url, edition, doi), "text"),
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
    box = cite_box(citation, docname, title, url, app.fc_to_conv_edition, book_doi(citation))
    (sections[0] if sections else doctree).append(box)


def licence_html(citation):
    """The footer's sentence on reuse, each licence linked to its text."""
    parts = [f'{covers} under <a href="{deed}">{name}</a>' for name, deed, covers in licences(citation)]
    return f'<p class="licence">Reuse: {"; ".join(parts)}.</p>'


def set_edition(app, config):
    """Find the edition being built (stopping the build when a release tag and CITATION.cff disagree)
    and check the DOI; Sphinx's ``version`` and ``release`` become the release's version, or ``dev``."""
    citation = load_citation(app.srcdir)
    app.fc_to_conv_edition = Edition.of(app.srcdir, citation)
    book_doi(citation)
    config.version = config.release = app.fc_to_conv_edition.version or UNRELEASED_VERSION


def set_footer(app, config):
    """Put the edition, the source commit and the licences in the theme's footer."""
    citation = load_citation(app.srcdir)
    if citation is None:
        logger.info("fc_to_conv: no %s in %s, so no cite boxes", CITATION_FILE, app.srcdir)
    edition = app.fc_to_conv_edition
    footer = f'<p class="build-info">{edition.name.capitalize()}, built from source commit <code>{edition.commit}</code>.</p>'
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


def published_citation(citation, doi, url):
    """CITATION.cff's text for the site: ``citation`` with the book's ``doi`` and the edition's ``url``
    when they are known (the repository's file names neither: they depend on where it is published)."""
    extra = {key: value for key, value in (("doi", doi), ("url", url)) if value}
    return yaml.safe_dump({**citation, **extra}, sort_keys=False, allow_unicode=True, width=100)


def write_citation(app, exception):
    """Put the edition's CITATION.cff in the site's root, after a successful HTML build."""
    citation = load_citation(app.srcdir)
    if exception is None and app.builder.format == "html" and citation is not None:
        text = published_citation(citation, book_doi(citation), app.config.html_baseurl or None)
        (Path(app.outdir) / CITATION_FILE).write_text(text, encoding="utf-8")


def setup(app):
    """Register the edition, the cite box, its stylesheet, the footer and the published CITATION.cff with Sphinx."""
    app.connect("config-inited", set_edition, priority=400)  # before the others read the edition
    app.connect("config-inited", set_footer)
    app.connect("builder-inited", write_css)
    app.add_css_file(CSS_FILE)
    app.connect("doctree-resolved", add_cite_box)
    app.connect("build-finished", write_citation)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
