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
from jupyter_cache import get_cache
from sphinx.util import logging

from . import plain_notebook

logger = logging.getLogger(__name__)

#: The folder of the book that holds the package's source and its pyproject.toml.
CODE = "code"
#: The extra that adds what a chapter needs beyond the package (myst-nb's glue).
EXTRA = "chapters"
#: The build plugins' subpackage: the site's wheel leaves it out, as no chapter imports it.
PLUGINS = "sphinxext"
#: The extra that only building the book needs (the plugins' dependencies): not in the readers' wheel.
BUILD_EXTRA = "book"
#: The MIME-type prefix of glued data in an output (myst-nb's glue).
GLUE_PREFIX = "application/papermill.record/"
#: Cell tags whose code or outputs the site hides (myst-nb's), collapsed in the downloaded notebook.
HIDE_SOURCE = {"remove-cell", "remove-input", "hide-input", "hide-cell"}
HIDE_OUTPUTS = {"remove-cell", "remove-output", "hide-output", "hide-cell"}
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


def install_source(requirement, wheel_name, pagename, site_url, repository=""):
    """The first cell of a downloaded chapter: ``pip install requirement @ wheel`` when the package is missing.

    ``pagename`` places the notebook in the site (``_sources/<pagename>.ipynb``), so the cell finds
    the wheel in ``_static/`` of a local copy of the site (a local build, offline); else it takes it
    from ``site_url``, the site's address, when the build was given one ("" when not), else it
    stops, saying so. Its comments say what to do when neither is reachable: install the package
    from ``repository`` (its pip address in the book's repository, when known) or from a clone.
    """
    local = "../" * (pagename.count("/") + 1) + f"_static/{wheel_name}"
    site = f"{site_url.rstrip('/')}/_static/{wheel_name}" if site_url else ""
    module = requirement.partition("[")[0].replace("-", "_")
    extra = requirement.partition("[")[2]
    elsewhere = f'else "{site}"' if site else (
        'else None\n    if url is None:  # this build was given no site address (BOOK_SITE_URL)\n'
        f'        raise ModuleNotFoundError("{module} is missing and no copy of the book\'s site is beside '
        'this notebook: see the comments above")')
    return (
        f"# Installs the book's package, {module}, if this Jupyter lacks it (Colab, a new local Jupyter):\n"
        "# from the copy of the book's site this notebook sits in"
        + (f", else from the book's site,\n# {site}" if site else "") + ".\n"
        + ("# If neither is reachable, install it from the book's repository:\n"
           f'#     %pip install "{requirement} @ {repository}"\n# or from a clone of it'
           if repository else "# Elsewhere, install it from a clone of the book's repository")
        + f' (in its root folder:\n#     %pip install "./{CODE}[{extra}").\n'
        "import importlib.util, pathlib\n"
        f'if importlib.util.find_spec("{module}") is None:\n'
        f'    wheel = pathlib.Path("{local}")  # where it is in a copy of the book\'s site\n'
        f"    url = wheel.resolve().as_uri() if wheel.is_file() {elsewhere}\n"
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


def with_outputs(app, notebook):
    """``notebook`` with its code cells' outputs and execution counts and its ``language_info``.

    myst-nb writes the notebook it read, which has them only when myst-nb executed it itself, not
    when it found it in its cache (the usual case, since fc_to_conv.sphinxext.parallel executes the
    chapters first): so two builds gave different files. Merged here from the cache, always.
    """
    config = app.env.mystnb_config
    if config.execution_mode != "cache":
        return notebook
    try:
        return get_cache(config.execution_cache_path or ".jupyter_cache").merge_match_into_notebook(notebook)[1]
    except KeyError:
        logger.warning("no cached execution of the notebook to offer for download", location=app.env.docname,
                       type="fc_to_conv", subtype="download")
        return notebook


def glued(notebook):
    """What ``notebook``'s outputs glue (myst-nb's ``scrapbook`` outputs): key -> {MIME type: data}."""
    return {output["metadata"]["scrapbook"]["name"]: {mime.removeprefix(GLUE_PREFIX): data
                                                        for mime, data in output["data"].items()}
            for cell in notebook.cells for output in cell.get("outputs", [])
            if "scrapbook" in output.get("metadata", {})}


def book_for(app, pagename, glue):
    """What the build knows that ``pagename``'s Markdown refers to (:class:`plain_notebook.Book`)."""
    env = app.env
    std = env.get_domain("std")
    cite = env.get_domain("cite")
    return plain_notebook.Book(
        docname=pagename, url=app.config.html_baseurl, glue=glue,
        titles={docname: title.astext() for docname, title in env.titles.items()},
        labels={label: tuple(place) for label, place in std.labels.items()},
        terms={name.lower(): place for (kind, name), place in std.objects.items() if kind == "term"},
        citations={citation.key: (citation.bibliography_key.docname, citation.citation_id,
                                  citation.formatted_entry.label) for citation in cite.citations},
        source_dir=Path(env.doc2path(pagename)).parent, sphinx_config=app.config,
        solutions=not getattr(app.config, "hide_solutions", False), only=app.tags.eval_condition,
        parser_config=env.myst_config,
    )


def plain_notebook_of(app, pagename, notebook):
    """``notebook`` as plain Jupyter reads it: Markdown without MyST, the glue bookkeeping left out.

    Glued outputs are invisible bookkeeping once their values are written into the Markdown, so
    they are dropped (running the notebook glues them again); cells the site hides are collapsed
    (``jupyter.source_hidden``, ``outputs_hidden``: JupyterLab and Notebook 7 honour them).
    """
    notebook = with_outputs(app, notebook)
    book = book_for(app, pagename, glued(notebook))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = plain_notebook.plain_markdown(book, cell.source)
        elif cell.cell_type == "code":
            cell.outputs = [output for output in cell.outputs if "scrapbook" not in output.get("metadata", {})]
            tags = set(cell.metadata.get("tags", []))
            hidden = {"source_hidden": bool(tags & HIDE_SOURCE), "outputs_hidden": bool(tags & HIDE_OUTPUTS)}
            if any(hidden.values()):
                cell.metadata["jupyter"] = {key: True for key, value in hidden.items() if value}
    notebook.metadata = {key: notebook.metadata[key] for key in ("kernelspec", "language_info")
                         if key in notebook.metadata}
    return notebook


def repository_source(app):
    """The pip address of the package in the book's repository at this edition ("" when no repository is known):
    a release's tag, else the default branch."""
    repository = app.config.html_theme_options.get("repository_url") or ""
    edition = getattr(app, "fc_to_conv_edition", None)
    tag = f"@v{edition.version}" if edition is not None and edition.version else ""
    return f"git+{repository.rstrip('/')}{tag}#subdirectory={CODE}" if repository else ""


def write_notebook(app, pagename, templatename, context, doctree):
    """Write the chapter's executed notebook, as plain Jupyter reads it, install cell first, to ``_sources/``.

    This runs after the theme, whose launch buttons copy the bare executed notebook there.
    """
    executed = executed_notebook(app, pagename)
    if executed is None:
        return
    try:
        notebook = plain_notebook_of(app, pagename, nbformat.read(executed, as_version=4))
    except plain_notebook.UnknownMyST as error:
        logger.warning("%s", error, location=pagename, type="fc_to_conv", subtype="download")
        return
    if app.fc_to_conv_install is not None:
        cell = nbformat.v4.new_code_cell(install_source(*app.fc_to_conv_install, pagename, app.config.html_baseurl,
                                                        repository_source(app)))
        cell.id = "install-fc-to-conv"
        notebook.cells.insert(0, cell)
    nbformat.validate(notebook)
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
