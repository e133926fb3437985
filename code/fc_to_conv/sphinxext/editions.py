"""Sphinx extension for the book's editions beyond the site: the PDF (``make pdf``: LaTeX, then
latexmk with Debian's TeX Live) and the EPUB (``make epub``).

- The PDF's title page gives the book's version and the source commit, as the site's footer
  does; the EPUB's metadata the edition's version (``dev`` for an unreleased state).
- The EPUB draws its mathematics as SVG images (``sphinx.ext.imgmath`` with dvisvgm, from TeX
  Live): e-book readers run no MathJax. The site keeps MathJax.
- Captions keep the article's figure numbers only: LaTeX's own "Figure n:" is switched off.
- Characters the book writes that pdflatex's fonts lack (the execution report's check mark)
  are mapped to LaTeX commands.
- The site links to the PDF from every page's footer when the build is given one
  (``$BOOK_PDF``, the path of the PDF ``make pdf`` wrote): it is copied into the site.
  A build without it (a local ``make book``) shows no link.
"""

import os
import shutil
from pathlib import Path

from sphinx.errors import ConfigError

from .. import __version__
from .citation import source_commit

#: The PDF's file name in the site.
PDF_NAME = "fc-to-conv.pdf"

#: LaTeX for the characters the book uses that pdflatex's fonts do not have and Sphinx does not
#: map itself (it writes the claims ledger's check mark as ``\checkmark``), by code point.
UNICODE_COMMANDS = {
    0x2705: r"\ding{52}",  # white heavy check mark: the execution report's status of a notebook that ran
    0x2717: r"\ding{55}",  # ballot x: a claim or a notebook that failed
    0x2212: r"\ensuremath{-}",  # minus sign: negative numbers in glued text and generated captions
}

PREAMBLE = "\n".join([
    r"\usepackage{pifont}",
    r"\usepackage{caption}",
    r"\captionsetup{labelformat=empty}",  # captions carry the article's figure numbers
    *(fr"\DeclareUnicodeCharacter{{{code:04X}}}{{{command}}}" for code, command in UNICODE_COMMANDS.items()),
])


def configure(app, config):
    """LaTeX's release label and preamble."""
    config.latex_elements = {**config.latex_elements, "releasename": "Version",
                             "preamble": config.latex_elements.get("preamble", "") + PREAMBLE}


def label_title_page(app):
    """The PDF's title page names the version and the source commit.

    Only LaTeX's: Sphinx's ``release`` stays the bare version (fc_to_conv.sphinxext.citation), which
    the site's version switcher compares. The LaTeX builder has read it when it started, so its
    context is set here.
    """
    if app.builder.name == "latex":
        app.builder.context["release"] = f"{__version__}, source commit {source_commit(app.srcdir)}"


def find_pdf(app, config):
    """Check ``$BOOK_PDF`` when it is given: the PDF the site should offer."""
    pdf = os.environ.get("BOOK_PDF", "").strip()
    if pdf and not Path(pdf).is_file():
        raise ConfigError(f"BOOK_PDF names {pdf!r}, which is not a file: run `make pdf` first, or unset it")
    app.fc_to_conv_pdf = Path(pdf) if pdf else None


def link_pdf(app, pagename, templatename, context, doctree):
    """Add a link to the PDF, relative to the page, to its footer."""
    if app.fc_to_conv_pdf is not None:
        link = f'<a href="{context["pathto"](PDF_NAME, 1)}">{PDF_NAME}</a>'
        context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + (
            f'<p class="pdf-edition">The whole book as one PDF: {link}.</p>')


def copy_pdf(app, exception):
    """Put the PDF in the site's root, after a successful HTML build."""
    if exception is None and app.builder.name == "html" and app.fc_to_conv_pdf is not None:
        shutil.copyfile(app.fc_to_conv_pdf, Path(app.outdir) / PDF_NAME)


def setup(app):
    """Register the LaTeX settings, the EPUB's mathematics and the PDF link with Sphinx."""
    app.setup_extension("sphinx.ext.imgmath")
    app.add_config_value("epub_math_renderer", "imgmath", "env")  # Sphinx looks up <builder>_math_renderer first
    app.connect("config-inited", configure)
    app.connect("builder-inited", label_title_page)
    app.connect("config-inited", find_pdf)
    app.connect("html-page-context", link_pdf)
    app.connect("build-finished", copy_pdf)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
