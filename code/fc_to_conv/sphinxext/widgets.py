"""Sphinx extension: the book's own script and styles, shipped in this package.

:mod:`fc_to_conv.interactive` writes each widget's markup (inline SVG and JSON) while a chapter
runs; ``static/fc_to_conv.js`` brings it to life in the reader's browser with no kernel, and
``static/fc_to_conv.css`` lays it out. ``static/fc_to_conv_prose.css`` sets glued values as
ordinary text and lets code listings wrap, on every page. Registering them here, as
executablebooks extensions such as sphinx-togglebutton ship their assets, keeps ``_config.yml``
to listing extensions.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def add_static_path(app, config):
    """Let the HTML builder copy this package's static folder into the site's ``_static``."""
    config.html_static_path.append(str(STATIC))


def setup(app):
    """Register the script and the stylesheets with every page."""
    app.connect("config-inited", add_static_path)
    app.add_js_file("fc_to_conv.js")
    app.add_css_file("fc_to_conv.css")
    app.add_css_file("fc_to_conv_prose.css")  # glued text and code listings, on every page
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
