"""Sphinx extension: the book's own script and styles, shipped in this package.

:mod:`fc_to_conv.interactive` writes each widget's markup (inline SVG and JSON) while a chapter
runs; ``static/fc_to_conv.js`` brings it to life in the reader's browser with no kernel, and
``static/fc_to_conv.css`` lays it out. ``static/fc_to_conv_prose.css`` sets glued values as
ordinary text and lets code listings wrap, on every page. Registering them here, as
executablebooks extensions such as sphinx-togglebutton ship their assets, keeps ``_config.yml``
to listing extensions.

Sphinx copies static files only when it writes some page: a rebuild after an edit to the
script or a stylesheet alone found "no targets out of date" and kept the old copies. The
folder's digest is therefore a configuration value of the HTML build (``fc_to_conv_static``),
so that a change to it rewrites the pages and copies the files again.

A table of many columns (the real networks' layers) gets a class saying so, ``fcc-wide`` from
:data:`WIDE` columns and ``fcc-widest`` from :data:`WIDEST`, which the stylesheet sets smaller so
that it fits a desktop's text column: a selector that counted the columns itself (``:has()``)
is one that EPUB checkers' CSS parsers refuse.
"""

import hashlib
from pathlib import Path

from docutils import nodes

STATIC = Path(__file__).parent / "static"
#: Columns from which a table is wide (class fcc-wide), and from which it is the widest kind (fcc-widest).
WIDE, WIDEST = 6, 8


def static_digest(folder=STATIC):
    """SHA-256 of the names and contents of the files in ``folder``, as hex."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def mark_wide_tables(app, doctree, docname):
    """Give each table of :data:`WIDE` columns or more the class ``fcc-wide``, of :data:`WIDEST` or more ``fcc-widest`` too."""
    for table in doctree.findall(nodes.table):
        columns = max((group["cols"] for group in table.findall(nodes.tgroup)), default=0)
        table["classes"] += [name for name, least in (("fcc-wide", WIDE), ("fcc-widest", WIDEST)) if columns >= least]


def add_static_path(app, config):
    """Let the HTML builder copy this package's static folder into the site's ``_static``."""
    config.html_static_path.append(str(STATIC))


def setup(app):
    """Register the script and the stylesheets with every page."""
    app.connect("config-inited", add_static_path)
    app.connect("doctree-resolved", mark_wide_tables)
    app.add_config_value("fc_to_conv_static", static_digest(), "html")
    app.add_js_file("fc_to_conv.js")
    app.add_css_file("fc_to_conv.css")
    app.add_css_file("fc_to_conv_prose.css")  # glued text and code listings, on every page
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
