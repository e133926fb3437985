"""Shared fixtures and helpers: the real book is built once per run into a temporary folder."""

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock

REPO = Path(__file__).resolve().parent.parent
#: The flags README.md and the Makefile build with (test_build checks they agree).
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))
#: The addresses the tests' builds are given, as the deploy workflow gives the real ones
#: (fc_to_conv.sphinxext.site); a local build is given none (LOCAL). Neither is one edition of the
#: multi-version site (tests/test_editions.py builds that) nor given a DOI, whatever the shell says.
SITE_URL = "https://team.github.io/fc-to-conv/"
REPOSITORY_URL = "https://github.com/team/fc-to-conv"
SINGLE = {"BOOK_EDITIONS": "", "BOOK_DOI": ""}
PUBLISHED = {"BOOK_SITE_URL": SITE_URL, "BOOK_REPOSITORY_URL": REPOSITORY_URL, **SINGLE}
LOCAL = {"BOOK_SITE_URL": "", "BOOK_REPOSITORY_URL": "", **SINGLE}


def build(source, output, env=None, base=None):
    """Run ``jupyter-book build`` on ``source`` into ``output`` as the deploy workflow would (the
    addresses in PUBLISHED, unless ``env`` says otherwise), in the environment ``base`` (a dict; this
    process's environment when not given) with those changes; return the finished process."""
    return subprocess.run(
        [JUPYTER_BOOK, "build", str(source), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, env={**(os.environ if base is None else base), **PUBLISHED, **(env or {})},
        timeout=900,
    )


def build_the_book_once(shared, environment):
    """Build the real book into ``shared``/book, in ``environment`` (a dict), unless a process of this run
    already has: the first to take the lock builds, the others wait for it; the build's exit status and
    output tail are kept in ``shared``/book.log for every process to read."""
    with FileLock(shared / "book.lock"):
        log = shared / "book.log"
        if not log.exists():
            result = build(REPO, shared / "book", base=environment)
            log.write_text(f"{result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


def needs_the_book(item):
    """Whether the test ``item`` uses the real book, directly or through another fixture."""
    return "built_book" in item.fixturenames


def pytest_collection_modifyitems(items):
    """The test files none of whose tests needs the real book first (each file's tests stay together and in
    order): they run while it builds (book_build)."""
    with_book = {item.path for item in items if needs_the_book(item)}
    items.sort(key=lambda item: item.path in with_book)


@pytest.fixture(scope="session", autouse=True)
def book_build(request, tmp_path_factory):
    """When any collected test uses the real book, its build starts with the first test, in a thread beside
    the tests, rather than when the first test that needs it asks: under pytest-xdist every worker runs the
    tests that need no book while it builds, instead of one waiting for another. The folder is the one all
    processes of the run share (under pytest-xdist, the parent of each worker's own, as in pytest-xdist's
    recipe for a session fixture made once). Yields (thread or None, folder)."""
    own = tmp_path_factory.getbasetemp()
    shared = own.parent if hasattr(request.config, "workerinput") else own
    thread = None
    if any(needs_the_book(item) for item in request.session.items):
        # the environment as the run began: the tests beside the build may change os.environ meanwhile
        thread = threading.Thread(target=build_the_book_once, args=(shared, dict(os.environ)))
        thread.start()
    yield thread, shared
    if thread is not None:
        thread.join()  # a run that stops early (-x) does not leave the build behind


@pytest.fixture(scope="session")
def built_book(book_build):
    """The real book, built from the repository into a fresh folder; returns the html folder.

    Built once per run (book_build): under pytest-xdist (``make test`` runs a worker per core) by the first
    worker to take the lock; the others wait for it and read it. A failed build is reported by every test
    that asks."""
    thread, shared = book_build
    thread.join()
    returncode, report = (shared / "book.log").read_text().split("\n", 1)
    assert returncode == "0", f"the book failed to build:\n{report}"
    return shared / "book" / "_build" / "html"


def reuse_execution(built_book, output):
    """Seed the build folder of ``output`` with the execution cache (jupyter-cache) of ``built_book``, so
    that a build of the same chapters into ``output`` runs none of them again. For the builds that
    change a setting which no cell reads (an address, the solutions, the builder); a test about
    execution itself builds from nothing."""
    shutil.copytree(built_book.parent / ".jupyter_cache", Path(output) / "_build" / ".jupyter_cache")


#: A {doc} link: ``{doc}`name``` or ``{doc}`text <name>```.
DOC_LINK = re.compile(r"\{doc\}`(?:([^`<]*?)\s*<)?([^`<>]+)>?`")


def unlink_missing_pages(source, pages):
    """``source`` with each {doc} link to a page of the real book that is not in ``pages`` (docnames)
    turned into its text; a link to a page the book does not have stays, and warns."""
    def text_or_link(link):
        text, name = link.groups()
        name = name.lstrip("/")
        docname = name if name.startswith("book/") else f"book/{name}"
        missing = docname not in pages and (REPO / f"{docname}.md").exists()
        return (text or name) if missing else link.group(0)
    return DOC_LINK.sub(text_or_link, source)


def make_fixture_book(folder, chapters):
    """A small book in ``folder``: the real configuration, the given {docname: source} chapters, references.

    The package's source is linked in as ``code/`` so that chapters can ``literalinclude`` it.
    """
    (folder / "book").mkdir(parents=True)
    shutil.copy(REPO / "_config.yml", folder / "_config.yml")
    (folder / "code").symlink_to(REPO / "code")
    for name in ("references.bib", "references.md"):
        shutil.copy(REPO / "book" / name, folder / "book" / name)
    chapters = {**chapters, "book/references": None}
    for name, source in chapters.items():
        if source is not None:  # a real chapter links pages the fixture book does not have
            (folder / f"{name}.md").write_text(unlink_missing_pages(source, chapters))
    root, *rest = chapters
    toc = ["format: jb-book", f"root: {root}", "chapters:"] + [f"  - file: {name}" for name in rest]
    (folder / "_toc.yml").write_text("\n".join(toc) + "\n")
    return folder


def git(folder, *arguments, day=None):
    """Run git in ``folder`` (author and committer on ``day``, noon UTC, when given); return its output."""
    stamp = {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"} if day else {}
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **identity, **stamp}).stdout.strip()


def pins(path):
    """``name -> version`` of a requirements file's ``name==version`` lines, names in lower case
    (markers after ``;`` left out)."""
    found = {}
    for line in Path(path).read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2]
    return found


def fresh_venv(folder, *requirements):
    """A new virtual environment in ``folder`` with ``requirements`` installed; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
    python = folder / "bin" / "python"
    if requirements:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *requirements],
                       check=True, capture_output=True, timeout=1800)
    return python


def book_glue(build_folder, name):
    """What the book's build glued for chapter ``name`` (myst-nb keeps it beside the executed notebook)."""
    path = build_folder / "jupyter_execute" / "book" / f"{name}.glue.json"
    return {key: output["data"] for key, output in json.loads(path.read_text()).items()}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args):
        pass
