"""Fixture books built inside the test's process with ``sphinx.testing``, as ``jupyter-book build`` builds them.

A ``jupyter-book build`` subprocess spends seconds importing Jupyter Book, Sphinx and every extension
before it reads a page; the fixture books that test the build's plugins and failure paths are built
here instead, by Sphinx's own test application (:class:`sphinx.testing.util.SphinxTestApp`), as
sphinx-exercise's and sphinx-book-theme's tests build theirs. The configuration is the one Jupyter
Book would pass: :func:`jupyter_book.config.get_final_config` turns the book's ``_config.yml`` into
Sphinx settings, with the command line's ``-W -n --keep-going`` (``conftest.BUILD_FLAGS``), in the
same output folders; and a build that stops on an exception reports what the command line prints
(``sphinx.cmd.build.handle_exception``, then the traceback with its causes). So a build fails here
when ``jupyter-book build`` fails, with the same words. What only the command line does, its exit
status, is tested on one ``jupyter-book build`` subprocess (tests/test_build_failures.py).
"""

import os
import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

from conftest import BUILD_FLAGS, PUBLISHED

# Jupyter Book and Sphinx are imported when a book is built, not with this module: the quick tests
# (make test-quick) collect the slow tests' modules too, and would wait a second or more for them.

# What build_in_process passes Sphinx for the command line's flags: -W, warningiserror; --keep-going,
# keep_going (every warning reported, then the build fails); -n, nitpicky (as jupyter-book passes it).
assert BUILD_FLAGS == ["-W", "-n", "--keep-going"], "the build flags changed: pass the new ones in tests/in_process.py"


@dataclass
class Built:
    """A finished build, as ``subprocess.run`` returns one: 0 when it succeeded, the status and the
    warnings (with the exception that stopped it) as the two streams, and the Sphinx application."""

    returncode: int
    stdout: str
    stderr: str
    app: object  # the SphinxTestApp; None when it could not be made


def unload_package():
    """Remove the imported fc_to_conv and its modules from sys.modules; return them."""
    return {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] == "fc_to_conv"}


@contextmanager
def environment(variables):
    """os.environ with ``variables`` set, then as it was. A ``PYTHONPATH`` among them goes in front of
    sys.path and the package is imported afresh from there, as a new process would import it."""
    saved_environ, saved_path = dict(os.environ), list(sys.path)
    os.environ.update(variables)
    python_path = variables.get("PYTHONPATH")
    if python_path:
        saved_modules = unload_package()
        sys.path[:0] = python_path.split(os.pathsep)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)
        sys.path[:] = saved_path
        if python_path:
            unload_package()
            sys.modules.update(saved_modules)


def sphinx_config(source):
    """The Sphinx settings ``jupyter-book build source -n`` gives Sphinx, and Jupyter Book's own metadata."""
    from jupyter_book.config import get_final_config

    return get_final_config(
        user_yaml=source / "_config.yml",
        cli_config={"external_toc_path": (source / "_toc.yml").as_posix(), "latex_individualpages": False,
                    "nitpicky": True},
        sourcedir=source,
    )


def build_in_process(source, output, builder="html", env=None, parallel=0, prepare=None):
    """Build the book in ``source`` into ``output``/_build as ``jupyter-book build source --path-output
    output -W -n --keep-going [--builder latex]`` would, with the addresses in PUBLISHED and ``env``
    in the environment, reading with ``parallel`` processes (jupyter-book reads with one);
    ``prepare(app)``, if given, is called on the Sphinx application before it builds."""
    from jupyter_book.pdf import update_latex_documents
    from sphinx.cmd.build import handle_exception
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    source, output = Path(source), Path(output)
    config, meta = sphinx_config(source)
    # jupyter-book gives Sphinx no configuration folder (its settings are all overrides);
    # SphinxTestApp reads one, so it gets an empty conf.py.
    (source / "conf.py").write_text("# Empty: the settings are _config.yml's, passed as overrides.\n")
    status, warning = StringIO(), StringIO()
    app = None
    with environment({**PUBLISHED, **(env or {})}):
        try:
            with patch_docutils(source), docutils_namespace():
                app = SphinxTestApp(builder, srcdir=source, builddir=output / "_build", confoverrides=config,
                                    status=status, warning=warning, parallel=parallel, warningiserror=True,
                                    keep_going=True)
                app.config.latex_documents = update_latex_documents(app.config.latex_documents,
                                                                    meta["latex_doc_overrides"])
                if prepare is not None:
                    prepare(app)
                app.build()
                code = app.statuscode
        except Exception as error:  # what the command line prints: Sphinx's summary, then the traceback
            handle_exception(app, SimpleNamespace(pdb=False, verbosity=0, traceback=False), error, warning)
            warning.write("".join(traceback.format_exception(error)))  # jupyter-book raises it again, with its causes
            code = 2
        finally:
            if app is not None:
                app.cleanup()
    return Built(code, status.getvalue(), warning.getvalue(), app)
