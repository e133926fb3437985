"""What a chapter's hidden cells call: check the chapter's claims and glue values and figures."""

from IPython.display import SVG, Markdown
from myst_nb import glue

from . import claims
from .questions import questions_html, questions_markdown
from .svg import to_svg


def glue_claims(chapter, also=()):
    """Check every claim registered for ``chapter`` against the article and glue its text under its key.

    ``also`` names claims stated in other chapters that this one repeats (e.g. ``["C2"]``);
    a chapter with no claims of its own (the introduction) must name some.
    Raises ClaimMismatch (so the cell, and the build, fails) naming the claim, the
    chapter, the article's value and the computed one, and ValueError if there is nothing to glue.
    """
    registered = claims.for_chapter(chapter)
    if not registered and not also:
        raise ValueError(f"no claims are registered for chapter {chapter!r}, and none are named in also")
    for claim in registered + [claims.by_id(claim_id) for claim_id in also]:
        glue(claim.key, claims.check(claim), display=False)


def glue_text(key, value, fmt="{}"):
    """Glue a computed value, formatted with ``fmt``, for ``{glue:text}`` in the prose."""
    glue(key, fmt.format(value), display=False)


def glue_figure(key, fig, source=None):
    """Glue a figure as deterministic SVG for a ``{glue:figure}`` directive.

    ``source`` credits what the figure shows that is not the book's own (a photograph: e.g.
    :func:`fc_to_conv.correlation.cameraman_credit`'s ``text``); the SVG carries it in its metadata.
    """
    glue(key, SVG(to_svg(fig, source)), display=False)


def glue_markdown(key, text):
    """Glue Markdown text (a table, say) for a ``{glue:md}`` directive."""
    glue(key, Markdown(text), display=False)


class Interactive:
    """An interactive figure's HTML, with a static stand-in for outputs that run no script.

    Its display data holds the HTML (which web pages show) and the stand-in: the SVG of a
    matplotlib figure, or Markdown text, which the PDF shows (``nb_mime_priority_overrides``
    in _config.yml ranks them above the HTML for LaTeX).
    """

    def __init__(self, html, static):
        self.html, self.static = html, static

    def _repr_mimebundle_(self, include=None, exclude=None):
        """The HTML and the stand-in, by MIME type."""
        if isinstance(self.static, str):
            return {"text/html": self.html, "text/markdown": self.static}
        return {"text/html": self.html, "image/svg+xml": to_svg(self.static)}

    def __repr__(self):
        return "Interactive figure (runs in a web page)"


def glue_html(key, text, static):
    """Glue HTML (an interactive figure of :mod:`fc_to_conv.interactive`) for a ``{glue}`` directive.

    It is pasted as it is, inline SVG included, for the book's script (``_static/``) to bring to
    life; ``static`` (a matplotlib figure, or Markdown text) stands in for it in the PDF.
    """
    glue(key, Interactive(text, static), display=False)


def glue_questions(chapter):
    """Glue a chapter's self-check questions (:mod:`fc_to_conv.questions`) under ``questions``, for a
    ``{glue} questions`` directive: graded by the page's script, printed with their answers in the PDF."""
    glue("questions", Interactive(questions_html(chapter), questions_markdown(chapter)), display=False)
