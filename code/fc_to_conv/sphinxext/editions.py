"""Sphinx extension for the book's editions beyond the site: the PDF (``make pdf``: LaTeX, then
latexmk with Debian's TeX Live) and the EPUB (``make epub``).

- The PDF's title page and the EPUB's metadata give the book's version and the source commit,
  as the site's footer does, and no build date: two builds of one commit give the same PDF text.
- The PDF's chapters are the site's pages, in the table of contents' order: the root page
  (the introduction) is an unnumbered chapter in front, its sections sections, not chapters;
  the chapters follow, numbered from 1; a page whose front matter says ``pdf: unnumbered``
  (references, glossary) is a chapter without a number, and the pages from the first that says
  ``pdf: appendix`` on are appendices A, B, ... The bibliography closes the references page
  instead of a chapter of its own, and there is no index: the PDF's table of contents and
  outline list what the site's sidebar does.
- The EPUB draws its mathematics as SVG images (``sphinx.ext.imgmath`` with dvisvgm, from TeX
  Live): e-book readers run no MathJax. The site keeps MathJax.
- The EPUB is valid EPUB 3 (``epubcheck`` finds nothing). It holds sphinx-exercise's stylesheet,
  which sphinx-exercise copies only when a build finishes, after the EPUB is zipped; it does not
  link myst-nb's, whose colour-scheme rules (``:is()``, empty custom properties) EPUB's CSS does
  not have, and which styles notebook cells for the site's themes. Its inline SVG (sphinx-design's
  icons) is in the SVG namespace, in pages whose manifest entry declares the ``svg`` property.
- Captions keep the article's figure numbers only: LaTeX's own "Figure n:" is switched off.
- Characters the book writes that pdflatex's fonts lack (the execution report's check mark)
  are mapped to LaTeX commands.
- The site links to the PDF from every page's footer when the build is given one
  (``$BOOK_PDF``, the path of the PDF ``make pdf`` wrote): it is copied into the site.
  A build without it (a local ``make book``) shows no link.
"""

import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.builders.latex.nodes import thebibliography
from sphinx.errors import ConfigError, ExtensionError
from sphinx_exercise import copy_asset_files

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
    0x230A: r"\ensuremath{\lfloor}",  # left floor: the worked answer of a question on the output's side
    0x230B: r"\ensuremath{\rfloor}",  # right floor
}

PREAMBLE = "\n".join([
    r"\AtBeginDocument{\date{}}",  # no build date on the title page
    r"\pdfinfoomitdate=1\pdftrailerid{}",  # nor in the file
    r"\hypersetup{bookmarksnumbered}",  # the outline shows chapter numbers and appendix letters
    # Unnumbered chapters (and their sections) for the front matter and pages like the references: they
    # still go in the table of contents.
    r"\AtBeginDocument{\edef\fccsecnumdepth{\arabic{secnumdepth}}}",
    r"\newcommand{\fccunnumbered}{\setcounter{secnumdepth}{-1}}",
    r"\newcommand{\fccnumbered}{\setcounter{secnumdepth}{\fccsecnumdepth}}",
    # The bibliography in the references chapter, under its heading, not as a chapter of its own.
    r"\makeatletter\renewenvironment{sphinxthebibliography}[1]"
    r"{\begingroup\def\chapter*##1{}\let\@mkboth\@gobbletwo\begin{thebibliography}{#1}}{\end{thebibliography}\endgroup}\makeatother",
    r"\usepackage{pifont}",
    r"\usepackage{caption}",
    r"\captionsetup{labelformat=empty}",  # captions carry the article's figure numbers
    *(fr"\DeclareUnicodeCharacter{{{code:04X}}}{{{command}}}" for code, command in UNICODE_COMMANDS.items()),
])


def configure(app, config):
    """Version and commit (for the PDF's title page and the EPUB's metadata), LaTeX's release label and preamble.

    Set before any builder starts: the LaTeX builder reads ``release`` when it starts.
    """
    config.version = __version__
    config.release = f"{__version__}, source commit {source_commit(app.srcdir)}"
    config.latex_elements = {**config.latex_elements, "releasename": "Version", "printindex": "",
                             "preamble": config.latex_elements.get("preamble", "") + PREAMBLE}


#: What a page's front matter may say it is in the PDF (``pdf: ...``); any other page is a numbered chapter.
PDF_KINDS = ("unnumbered", "appendix")


def _latex(code):
    """A node of LaTeX that only the PDF gets."""
    return nodes.raw("", code, format="latex")


def pdf_chapters(app, doctree, docname):
    """Give the PDF the site's chapters: the root page's text as an unnumbered chapter, then its pages.

    The LaTeX builder gives this event the whole book as one doctree, the pages inlined where
    the root page's table of contents lists them. LaTeX takes the root page's title as the
    book's and makes each of its sections a chapter; here its text and sections move into a
    chapter of their own, with the root page's title, ahead of the other pages, and each page
    gets the number its front matter asks for (:data:`PDF_KINDS`). The bibliography, which
    Sphinx moves to the end of the book, goes back to the end of the page that lists it.
    """
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    root = next(iter(doctree.findall(nodes.section)))
    toctrees = [child for child in root.children if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]]
    text = [child for child in root.children[1:] if child not in toctrees]
    title = root[0]
    root.clear()
    root.extend([title, _latex(r"\fccunnumbered"), nodes.section("", title.deepcopy(), *text), _latex(r"\fccnumbered"),
                 *toctrees])
    kind = None
    for toctree in toctrees:
        for page in list(toctree.findall(addnodes.start_of_file)):
            if page.parent is not toctree:
                continue
            wanted = app.env.metadata.get(page["docname"], {}).get("pdf")
            if wanted is not None and wanted not in PDF_KINDS:
                raise ExtensionError(f"{page['docname']}: pdf: {wanted!r} in its front matter; allowed: {', '.join(PDF_KINDS)}")
            if kind == "appendix" and wanted != "appendix":
                raise ExtensionError(f"{page['docname']} follows an appendix, so it must be one (pdf: appendix)")
            if wanted != kind:
                code = {"unnumbered": r"\fccunnumbered", "appendix": r"\fccnumbered\appendix"}.get(wanted, r"\fccnumbered")
                toctree.insert(toctree.index(page), _latex(code))
                kind = wanted
    for bibliography in list(doctree.findall(thebibliography)):
        pages = {citation["docname"] for citation in bibliography.findall(nodes.citation)}
        home = next((page for page in doctree.findall(addnodes.start_of_file) if page["docname"] in pages), None)
        if home is not None:
            bibliography.parent.remove(bibliography)
            next(iter(home.findall(nodes.section))).append(bibliography)


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


def epub_stylesheet(app):
    """Copy sphinx-exercise's stylesheet into an EPUB before the EPUB builder lists and zips its files.

    sphinx-exercise copies it on ``build-finished``, too late for the EPUB; ``html-collect-pages``
    comes before. Adds no page.
    """
    if app.builder.name == "epub":
        copy_asset_files(app, None)
    return []


#: An ``<svg`` start tag without a namespace (HTML allows it, XHTML does not).
BARE_SVG = re.compile(r"<svg(?![^>]*\sxmlns=)")


def epub_page(app, pagename, templatename, context, doctree):
    """An EPUB page without myst-nb's stylesheet, its inline SVG in the SVG namespace (a bare ``<svg>`` is no SVG in XHTML)."""
    if app.builder.name == "epub":
        context["css_files"] = [css for css in context.get("css_files", [])
                                if not Path(getattr(css, "filename", css)).name.startswith("mystnb.")]
        if "body" in context:
            context["body"] = BARE_SVG.sub('<svg xmlns="http://www.w3.org/2000/svg"', context["body"])


class EpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the ``svg`` property on the manifest entry of each page that draws inline SVG."""

    def build_content(self):
        """Write ``content.opf`` as Sphinx does, then declare the pages with inline SVG."""
        super().build_content()
        opf = Path(self.outdir, "content.opf")

        def declare(item):
            page = Path(self.outdir, unquote(html.unescape(item["href"])))
            return item[0].replace(" />", ' properties="svg" />') if "<svg" in page.read_text() else item[0]

        opf.write_text(re.sub(r'<item id="[^"]*" href="(?P<href>[^"]*)" media-type="application/xhtml\+xml" />',
                              declare, opf.read_text()))


def setup(app):
    """Register the LaTeX settings, the EPUB's mathematics and the PDF link with Sphinx."""
    app.setup_extension("sphinx.ext.imgmath")
    app.add_config_value("epub_math_renderer", "imgmath", "env")  # Sphinx looks up <builder>_math_renderer first
    app.connect("config-inited", configure)
    app.connect("config-inited", find_pdf)
    app.connect("doctree-resolved", pdf_chapters)
    app.connect("html-page-context", link_pdf)
    app.connect("html-page-context", epub_page)
    app.connect("html-collect-pages", epub_stylesheet)
    app.add_builder(EpubBuilder, override=True)
    app.connect("build-finished", copy_pdf)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
