"""Sphinx extension: the chapters that need executing run in parallel, before Sphinx reads them.

myst-nb executes a notebook when Sphinx reads it, and Sphinx reads one chapter at a time
(``jupyter-book build`` passes Sphinx no number of jobs, so it runs with one), so a
cold build runs the chapters' kernels one after another on a machine with several cores. Here,
once Sphinx knows which documents it will read (``env-get-outdated``, after
fc_to_conv.sphinxext.checks has emptied a stale cache), every notebook whose cells have no entry
in myst-nb's execution cache is executed by jupyter-cache's worker and cached, exactly as
myst-nb would cache it: read with myst-nb's own reader, executed in its own folder, with the
configured timeout. myst-nb then finds each of them in the cache. A notebook that fails here is
left to myst-nb, which executes it again and reports the failure as usual; a single stale
notebook is left to myst-nb too.

The pool is jupyter-cache's parallel executor's, with two changes measured on 2 cores (cold
builds, median of 4): one notebook per task instead of ``Pool.map``'s default chunks of two,
which put the two longest chapters on one process; and one process more than there are cores,
since a process spends part of each notebook waiting for its kernel to start. 15.2 s became 13.3 s.
The pool starts its tasks in order, so the chapters named in ``fc_to_conv_execute_first`` (the
slowest) start first: a build that starts its longest chapter last ends waiting for it alone.
"""

import multiprocessing
import os
from fnmatch import fnmatch
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc, ProcessData
from myst_nb.core.read import create_nb_reader
from sphinx.util import logging as sphinx_logging

logger = sphinx_logging.getLogger(__name__)


def uncached_notebooks(env, cache, docnames):
    """[(docname, path, read format)] of the ``docnames`` that are notebooks with no cached execution."""
    config = env.mystnb_config
    found = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        if any(fnmatch(str(path), pattern) for pattern in config.execution_excludepatterns):
            continue
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), env.myst_config, config, text)
        if reader is None:
            continue
        try:
            cache.match_cache_notebook(reader.read(text))
        except KeyError:
            found.append((docname, path, reader.read_fmt))
    return found


def execution_order(pending, first):
    """``pending`` ([(docname, ...)], as :func:`uncached_notebooks` gives it) with the docnames of ``first`` in
    front, in the order ``first`` names them, and the others after them in their own order."""
    rank = {docname: k for k, docname in enumerate(first)}
    return sorted(pending, key=lambda item: rank.get(item[0], len(rank)))


def execute_in_parallel(app, env, added, changed, removed):
    """Execute and cache the uncached notebooks in parallel; Sphinx's list of documents to read is unchanged."""
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return []
    cache = get_cache(config.execution_cache_path or ".jupyter_cache")
    # Only a document Sphinx reads is executed: the new and changed ones, or all of them once
    # fc_to_conv.sphinxext.checks has emptied the cache (it has them all read again).
    to_read = added | changed if cache.list_cache_records() else env.found_docs
    pending = execution_order(uncached_notebooks(env, cache, to_read), app.config.fc_to_conv_execute_first)
    if len(pending) < 2:
        return []
    records = [cache.add_nb_to_project(str(path), read_data=read_format) for _, path, read_format in pending]
    tasks = [ProcessData(record.pk, record.uri, cache, config.execution_timeout, config.execution_allow_errors)
             for record in records]
    # Workers start from a fresh server process, not as forks of this one: a build run inside a process that
    # holds threads (a test session that has loaded JAX) would fork them half-copied, which can deadlock.
    with multiprocessing.get_context("forkserver").Pool(min(len(tasks), os.cpu_count() + 1)) as pool:
        results = pool.map(ExecutionWorkerLocalMProc(), tasks, chunksize=1)
    # Reported in myst-nb's words, so that logs and the benchmark count executions the same way.
    succeeded = {uri for status, uri in results if status == 0}
    seconds = {record.uri: record.data.get("execution_seconds") or 0 for record in cache.list_cache_records()}
    for docname, path, _ in pending:
        if str(path) in succeeded:
            logger.info("Executed notebook in %.2f seconds", seconds.get(str(path), 0), location=docname)
    return []


def setup(app):
    """Register the pre-execution after fc_to_conv.sphinxext.checks' cache check (priority 500)."""
    app.connect("env-get-outdated", execute_in_parallel, priority=600)
    app.add_config_value("fc_to_conv_execute_first", [], "")  # an order of execution changes no page
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
