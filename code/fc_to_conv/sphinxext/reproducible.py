"""Sphinx extension that keeps the executed notebooks the build writes the same from build to build.

myst-nb reads each MyST Markdown chapter into a notebook whose cells get random ids
(nbformat draws them from ``uuid4``), and writes that notebook, executed, to its output
folder; ``fc_to_conv.sphinxext.downloads`` offers it from there in the download menu, so two
builds of the same commit would serve different ``.ipynb`` files. As soon as a chapter has
been read, this rewrites its notebook with ids numbered by position: ``cell-0``, ``cell-1``...
"""

from pathlib import Path

import nbformat


def stable_cell_ids(text):
    """The notebook ``text`` (JSON) with every cell's id replaced by ``cell-<position>``."""
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    for position, cell in enumerate(notebook.cells):
        if "id" in cell:
            cell.id = f"cell-{position}"
    return nbformat.writes(notebook)


def renumber_cell_ids(app, doctree):
    """Give the notebook myst-nb just wrote for this chapter, if any, ids numbered by position."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or not config.output_folder:
        return
    path = Path(config.output_folder) / f"{app.env.docname}.ipynb"
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        stable = stable_cell_ids(text)
        if stable != text:
            path.write_text(stable, encoding="utf-8")


def setup(app):
    """Register the renumbering with Sphinx."""
    app.connect("doctree-read", renumber_cell_ids)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
