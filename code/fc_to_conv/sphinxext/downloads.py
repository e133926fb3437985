"""Sphinx extension that offers each notebook chapter as ``.ipynb`` as well as ``.md``.

sphinx-book-theme lists a chapter's ``.ipynb`` in the download menu only when launch buttons
(Binder, Colab, ...) are configured, and this book has none (see _config.yml). For every page
that is a notebook, this copies the notebook myst-nb wrote while executing it into
``_sources/`` and tells the theme it is there, before the theme builds its buttons.
"""

import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def offer_notebook(app, pagename, templatename, context, doctree):
    """Put the chapter's executed notebook in ``_sources/`` and in the download menu."""
    if app.builder.format != "html" or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    notebook = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if not notebook.is_file():
        logger.warning("no executed notebook %s to offer for download", notebook, location=pagename,
                       type="fc_to_conv", subtype="download")
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    """Register the download with Sphinx (priority 500: before the theme's buttons, at 501)."""
    app.connect("html-page-context", offer_notebook, priority=500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
