"""Fixes for sphinx-exercise: the book's figures stay unnumbered, and every id on a page is unique.

- **numfig.** The book has no book-wide figure numbers: captions carry the article's
  figure numbers (``numfig: false`` in _config.yml). sphinx-exercise sets ``numfig = True``
  when the configuration is read, to number its exercises, and with it every figure of the
  book would get a "Fig. N" too. This extension runs after it and restores the book's
  setting; the chapters mark their exercises ``:nonumber:`` and give each a title.
- **Duplicate ids.** sphinx-exercise gives the body of every exercise the id
  ``exercise-content`` and of every solution ``solution-content``, so a page with two
  exercises repeats an id (axe: duplicate-id). Each body gets its exercise's or solution's
  label instead: ``<label>-content``.
- **A title that opens the solution.** A solution's title is "Solution to" followed by a link
  back to its exercise (" Exercise (title)"), and the link, the title's most prominent words,
  scrolled to the exercise instead of opening the solution (only "Solution to" and the chevron
  did). The exercise sits right above its solution, so the link is turned into its text: a
  click or tap anywhere on the title opens the solution.
- **An edition without solutions**, for homework: ``BOOK_SOLUTIONS=off`` in the build's
  environment (``make book SOLUTIONS=off``, ``make pdf SOLUTIONS=off``) sets sphinx-exercise's
  ``hide_solutions``, which leaves every solution out; the exercises keep their titles and
  places. The default, ``on``, keeps them, and tags the build ``solutions``, so that prose about
  the solutions can sit in an ``{only} solutions`` block.
"""

import os

from docutils import nodes
from sphinx.errors import ConfigError

SHARED_IDS = ("exercise-content", "solution-content")


def keep_numfig_off(app, config):
    """Restore ``numfig: false`` after sphinx_exercise has switched it on."""
    config.numfig = False


#: The environment variable that chooses the edition, and its values.
SOLUTIONS_VARIABLE = "BOOK_SOLUTIONS"
SOLUTIONS_VALUES = ("on", "off")


def solutions_wanted(environ=os.environ):
    """Whether the build keeps the solutions: ``BOOK_SOLUTIONS`` is ``on`` (the default, also when blank) or ``off``.

    Raises ConfigError for any other value, naming it and the two allowed.
    """
    value = environ.get(SOLUTIONS_VARIABLE, "").strip().lower() or "on"
    if value not in SOLUTIONS_VALUES:
        raise ConfigError(f"{SOLUTIONS_VARIABLE}={environ[SOLUTIONS_VARIABLE]!r}: use on (keep the exercises' "
                          "solutions, the default) or off (an edition without them)")
    return value == "on"


def choose_edition(app, config):
    """Hide the solutions when ``BOOK_SOLUTIONS=off``; otherwise tag the build ``solutions``."""
    config.hide_solutions = not solutions_wanted()
    if not config.hide_solutions:
        app.tags.add("solutions")


def unique_content_ids(app, doctree, docname):
    """Give each exercise's and solution's body the id ``<label>-content`` instead of a shared one."""
    taken = set()
    for section in doctree.findall(nodes.section):
        shared = [name for name in section["ids"] if name in SHARED_IDS]
        if not shared:
            continue
        owner = section.parent
        while owner is not None and not owner.get("label"):
            owner = owner.parent
        base = f"{owner['label']}-content" if owner is not None else shared[0]
        unique, k = base, 1
        while unique in taken:
            k += 1
            unique = f"{base}-{k}"
        taken.add(unique)
        section["ids"] = [unique if name in SHARED_IDS else name for name in section["ids"]]


def solution_titles_without_links(app, doctree, docname):
    """Turn the link to the exercise in "Solution to Exercise (...)" titles into plain text, so the title toggles."""
    for title in doctree.findall(nodes.title):
        if not title.astext().startswith("Solution to"):
            continue
        for link in list(title.findall(nodes.reference)):
            link.parent.replace(link, nodes.Text(link.astext()))


def setup(app):
    """Register the handlers; the numfig one runs after sphinx_exercise's (priority 500)."""
    app.connect("config-inited", keep_numfig_off, priority=900)
    app.connect("config-inited", choose_edition, priority=900)
    app.connect("doctree-resolved", unique_content_ids)
    app.connect("doctree-resolved", solution_titles_without_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
