"""Sphinx extension: the interactive figures' script and style, shipped in this package.

:mod:`fc_to_conv.interactive` writes each widget's markup (inline SVG and JSON) while a chapter
runs; ``static/fc_to_conv.js`` brings it to life in the reader's browser with no kernel, and
``static/fc_to_conv.css`` lays it out. Registering them here, as executablebooks extensions
such as sphinx-togglebutton ship their assets, keeps ``_config.yml`` to listing extensions.
"""

from pathlib import Path

STATIC = Path(__file__).parent / "static"


def add_static_path(app, config):
    """Let the HTML builder copy this package's static folder into the site's ``_static``."""
    config.html_static_path.append(str(STATIC))


def setup(app):
    """Register the widgets' script and stylesheet with every page."""
    app.connect("config-inited", add_static_path)
    app.add_js_file("fc_to_conv.js")
    app.add_css_file("fc_to_conv.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
