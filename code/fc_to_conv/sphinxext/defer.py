"""Sphinx extension: a page's scripts run once it is parsed, so they no longer hold up its first paint;
sphinx-design's tab script only on pages with tabs.

Sphinx writes the scripts extensions add (copy buttons, toggles, tabs, the book's widgets) into
the page's head without ``defer``; a browser stops parsing the page until each has downloaded
and run, which on a phone's connection delays the first paint by seconds. Every one of those
scripts gets ``defer`` here, except
``documentation_options.js``, which inline scripts after it extend. Deferred scripts still run
in document order, before ``DOMContentLoaded``, so a script that waits for that event, or
uses a global an earlier script defines, works as before.

sphinx-design adds its ``design-tabs.js`` to every page; it does nothing on a page without a tab
set, so those pages go without it.
"""

from sphinx.builders.html._assets import _JavaScript

#: Scripts that inline scripts later in the head use as soon as they run.
KEPT_BLOCKING = {"_static/documentation_options.js"}
#: sphinx-design's tab script, and the class of the tab sets it drives.
TAB_SCRIPT, TAB_SET = "_static/design-tabs.js", "sd-tab-set"


def has_tabs(doctree):
    """Whether the page's doctree holds a sphinx-design tab set."""
    return doctree is not None and any(TAB_SET in node.get("classes", ()) for node in doctree.findall(
        lambda node: hasattr(node, "get")))


def defer_scripts(app, pagename, templatename, context, doctree):
    """Mark the page's external, not yet asynchronous scripts ``defer``, and drop the tab script from a
    page without tabs (in place: later handlers share the list)."""
    scripts = context.get("script_files")
    if scripts is None:
        return
    tabs = has_tabs(doctree)
    scripts[:] = [
        _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})
        if js.filename and str(js.filename) not in KEPT_BLOCKING and not {"async", "defer"} & set(js.attributes)
        else js
        for js in scripts
        if tabs or str(js.filename) != TAB_SCRIPT
    ]


def setup(app):
    """Register the handler late, after the other extensions have added their scripts."""
    app.setup_extension("fc_to_conv.sphinxext.a11y")  # puts templates/ (layout.html) ahead of the theme's
    app.connect("html-page-context", defer_scripts, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
