"""The multi-version site, built by ``tools/editions.py`` (what ``make editions`` and the deploy
workflow run) from a throw-away git repository: two tagged releases of a small book with the real
configuration and plugins, then a later commit on ``main``. The site is served on 127.0.0.1 at the
address its builds were given, and read both as files and in headless Chromium."""

import functools
import http.server
import json
import re
import shutil
import socket
import subprocess
import sys
import threading

import pytest
import yaml
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import REPO, REPOSITORY_URL, make_fixture_book
from fc_to_conv.sphinxext import citation as sphinx_citation
from test_browser import browser  # noqa: F401  (the fixture)
from test_site_links import addresses, broken, pages

pytestmark = pytest.mark.slow

TOOL = REPO / "tools" / "editions.py"
#: The releases of the throw-away book: version, day (the tag's and CITATION.cff's), chapters.
RELEASES = [
    ("0.1.0", "2026-01-15", {"book/introduction": "# Introduction\n\nThe first edition.\n",
                             "book/windows": "# Windows\n\nEach neuron sees one window.\n"}),
    ("0.2.0", "2026-03-02", {"book/introduction": "# Introduction\n\nThe second edition.\n",
                             "book/windows": "# Windows\n\nEach neuron sees one 2x2 window.\n",
                             "book/pooling": "# Pooling\n\nA chapter the first edition lacks.\n"}),
]
LATER = "2026-04-01"  # the day of the commit on main after the last release
CHAPTER_PAGES = ["book/introduction", "book/windows"]  # in both releases (with references, which has no box)


def git(folder, *arguments, day=None):
    """Run git in ``folder`` (author and committer on ``day``, noon UTC, when given); return its output."""
    stamp = {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"} if day else {}
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    import os
    return subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True, text=True,
                          env={**os.environ, **identity, **stamp}).stdout.strip()


def write_release(folder, version, day, chapters):
    """Make ``folder`` the small book of release ``version``: chapters, CITATION.cff, the real lock."""
    if (folder / "book").exists():
        shutil.rmtree(folder / "book")
        (folder / "code").unlink()
    make_fixture_book(folder, chapters)
    citation = (REPO / "CITATION.cff").read_text()
    citation = re.sub(r'(?m)^version: .*$', f'version: "{version}"', citation)
    citation = re.sub(r'(?m)^date-released: .*$', f'date-released: "{day}"', citation)
    (folder / "CITATION.cff").write_text(citation)
    shutil.copy(REPO / "requirements.txt", folder / "requirements.txt")


def throwaway_repository(folder):
    """Two tagged releases (annotated tags, made on their release day) and a later commit on main."""
    folder.mkdir(parents=True)
    git(folder, "init", "--quiet", "--initial-branch=main")
    for version, day, chapters in RELEASES:
        write_release(folder, version, day, chapters)
        git(folder, "add", "--all")
        git(folder, "commit", "--quiet", "-m", f"Release {version}", day=day)
        git(folder, "tag", "-a", f"v{version}", "-m", f"Version {version}", day=day)
    (folder / "book" / "windows.md").write_text("# Windows\n\nEach neuron sees one 2x2 window, as shown.\n")
    git(folder, "commit", "--quiet", "--all", "-m", "A correction after 0.2.0", day=LATER)
    return folder


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
