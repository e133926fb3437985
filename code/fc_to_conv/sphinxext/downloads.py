"""Sphinx extension that offers each notebook chapter as an ``.ipynb`` that runs after download.

sphinx-book-theme lists a chapter's ``.ipynb`` in the download menu only when launch buttons
(Binder, Colab, ...) are shown. For every page that is a notebook, this copies the notebook
myst-nb wrote while executing it into ``_sources/`` and tells the theme it is there, before the
theme builds its buttons.

A downloaded notebook runs in a Jupyter that does not have the book's package (Colab, a fresh
local Jupyter): its first cell installs ``fc_to_conv`` when it is missing, from a wheel that the
build writes into the site's ``_static/`` (built from ``code/``, so the same version as the pages).
The cell takes the wheel from the local copy of the site it sits in (a local build, offline),
else from the site's address (``html_baseurl``) when the build was given one.

Binder's launch button (``launch_buttons`` in _config.yml) needs the repository's address, so
:mod:`fc_to_conv.sphinxext.site` leaves it out of a build that was given none.
"""

import base64
import hashlib
import tomllib
import zipfile
from pathlib import Path

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The folder of the book that holds the package's source and its pyproject.toml.
CODE = "code"
#: The extra that adds what a chapter needs beyond the package (myst-nb's glue).
EXTRA = "chapters"
#: The build plugins' subpackage: the site's wheel leaves it out, as no chapter imports it.
PLUGINS = "sphinxext"
#: The extra that only building the book needs (the plugins' dependencies): not in the readers' wheel.
BUILD_EXTRA = "book"
#: Fixed time stamp of every file in the wheel, so rebuilds write the same bytes (zip's earliest date).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def read_project(code):
    """The ``[project]`` table of ``code/pyproject.toml``."""
    return tomllib.loads((Path(code) / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def wheel_name(project):
    """The file name of ``project``'s pure-Python wheel (PEP 427)."""
    return f"{project['name'].replace('-', '_')}-{project['version']}-py3-none-any.whl"


def wheel_metadata(project):
    """The ``METADATA`` text (core metadata 2.1) of the readers' wheel of ``project``, pyproject.toml's
    ``[project]`` table: its licence (the SPDX name in ``license``), and every extra but the build's."""
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}",
             f"Summary: {project['description']}", f"License: {project['license']}",
             f"Requires-Python: {project['requires-python']}"]
    lines += [f"Classifier: {classifier}" for classifier in project.get("classifiers", [])]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra == BUILD_EXTRA:
            continue
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {requirement}; extra == "{extra}"' for requirement in requirements]
    return "\n".join(lines) + "\n"


def build_wheel(code, folder):
    """Write the readers' wheel of the package whose source is in ``code`` into ``folder``; return its path.

    A minimal pure-Python wheel (PEP 427): the files of the package's folder but the build plugins
    (``sphinxext/``, which only building the site uses) and caches, ``METADATA`` from
    pyproject.toml, ``WHEEL`` and ``RECORD``, with fixed time stamps so it is byte-identical from
    build to build. Built here rather than by pip, which would need the network for setuptools.
    """
    project = read_project(code)
    name = project["name"].replace("-", "_")
    package = Path(code) / name
    info = f"{name}-{project['version']}.dist-info"
    files = {f"{name}/{path.relative_to(package).as_posix()}": path.read_bytes()
             for path in sorted(package.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
             and path.relative_to(package).parts[0] != PLUGINS}
    files[f"{info}/METADATA"] = wheel_metadata(project).encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: fc_to_conv.sphinxext.downloads\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    wheel = Path(folder) / wheel_name(project)
    wheel.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return wheel


def install_source(requirement, wheel_name, pagename, site_url):
    """The first cell of a downloaded chapter: ``pip install requirement @ wheel`` when the package is missing.

    ``pagename`` places the notebook in the site (``_sources/<pagename>.ipynb``), so the cell finds
    the wheel in ``_static/`` of a local copy of the site (a local build, offline); else it takes it
    from ``site_url``, the site's address, when the build was given one ("" when not).
    """
    local = "../" * (pagename.count("/") + 1) + f"_static/{wheel_name}"
    remote = f' if wheel.is_file() else "{site_url.rstrip("/")}/_static/{wheel_name}"' if site_url else ""
    return (
        "# Installs the book's package, fc_to_conv, if this Jupyter lacks it (Colab, a new local Jupyter).\n"
        "import importlib.util, pathlib\n"
        'if importlib.util.find_spec("fc_to_conv") is None:\n'
        f'    wheel = pathlib.Path("{local}")  # where it is in a copy of the book\'s site\n'
        f"    url = wheel.resolve().as_uri(){remote}\n"
        f'    %pip install --quiet "{requirement} @ {{url}}"\n'
    )


def executed_notebook(app, pagename):
    """The notebook myst-nb executed for a notebook page, or None for other pages."""
    if app.builder.name != "html" or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return None
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if not executed.is_file():
        logger.warning("no executed notebook %s to offer for download", executed, location=pagename,
                       type="fc_to_conv", subtype="download")
        return None
    return executed


def offer_notebook(app, pagename, templatename, context, doctree):
    """Tell the theme, before it builds its download menu, that a notebook page has an ``.ipynb``."""
    if executed_notebook(app, pagename) is not None:
        context["ipynb_source"] = f"{pagename}.ipynb"


def write_notebook(app, pagename, templatename, context, doctree):
    """Write the chapter's executed notebook, install cell first, to ``_sources/``.

    This runs after the theme, whose launch buttons copy the bare executed notebook there.
    """
    executed = executed_notebook(app, pagename)
    if executed is None:
        return
    notebook = nbformat.read(executed, as_version=4)
    if app.fc_to_conv_install is not None:
        cell = nbformat.v4.new_code_cell(install_source(*app.fc_to_conv_install, pagename, app.config.html_baseurl))
        cell.id = "install-fc-to-conv"
        notebook.cells.insert(0, cell)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def publish_wheel(app):
    """Build the package's wheel into the site's ``_static/``; keep the install cells' requirement and wheel.

    The wheel is built from the book's ``code/`` folder (the package the chapters import is
    installed from there). A book without it gets a warning, and notebooks without an install cell.
    """
    app.fc_to_conv_install = None
    if app.builder.name != "html":
        return
    code = Path(app.srcdir) / CODE
    if not (code / "pyproject.toml").is_file():
        logger.warning("no %s, so no wheel to publish: the downloaded notebooks get no install cell",
                       code / "pyproject.toml", type="fc_to_conv", subtype="download")
        return
    project = read_project(code)
    build_wheel(code, Path(app.outdir) / "_static")
    app.fc_to_conv_install = (f"{project['name']}[{EXTRA}]", wheel_name(project))


def setup(app):
    """Register the wheel and the download with Sphinx (the theme's buttons: 501)."""
    app.connect("builder-inited", publish_wheel)
    app.connect("html-page-context", offer_notebook, priority=500)
    app.connect("html-page-context", write_notebook, priority=502)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
