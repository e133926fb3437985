"""Build the multi-version site: every release from its own tag, and the unreleased state, each in its folder.

    python tools/editions.py --output _build/editions [--no-pdf]

``make editions`` runs it on this repository, and the deploy workflow runs ``make editions``, so a
maintainer sees before pushing exactly the site the workflow publishes. It works on the git
repository of the current folder:

- every tag ``vX.Y.Z`` is checked out (``git worktree``, a clean copy of the commit) and built,
  into ``<output>/X.Y.Z/``; the commit checked out now (``HEAD``, the tip of ``main`` in the
  workflow) into ``<output>/main/``, or, when it carries a release tag, as a copy of that
  release. Each is built by its own sources, plugins included (its ``code/`` comes first on
  ``PYTHONPATH``), with its own pins: the environment running this script when the edition's
  ``requirements.txt`` is the same as this checkout's, else a virtual environment made from the
  edition's lock (kept in the scratch folder for the editions that share it). Each build is
  told it is one of the site's editions (``BOOK_EDITIONS=1``: the version switcher) and is given
  the environment's addresses (``BOOK_SITE_URL``, ``BOOK_REPOSITORY_URL``) and DOI (``BOOK_DOI``);
  it finds for itself which release it is (fc_to_conv.sphinxext.citation), and stops when a
  tag and its CITATION.cff disagree;
- each edition's PDF is built first and offered by its site (``BOOK_PDF``), unless ``--no-pdf``;
- the newest release (``main`` while there is none) is copied to the site's root and to
  ``<output>/latest/``;
- ``<output>/switcher.json`` lists the editions for the switcher: the releases, newest first
  and marked preferred (older editions show the theme's banner pointing at it), then ``main``.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from fc_to_conv.sphinxext.citation import RELEASE_TAG, UNRELEASED_FOLDER, UNRELEASED_VERSION
from fc_to_conv.sphinxext.site import EDITIONS_VARIABLE, SWITCHER, site_address

#: This checkout: its requirements.txt is what the environment running this script was made from.
HERE = Path(__file__).resolve().parent.parent
LOCK = "requirements.txt"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]  # as the Makefile's (tests/test_editions.py checks)
PDF = Path("_build") / "latex" / "fc-to-conv.pdf"  # where `jupyter-book build --builder pdflatex` writes it
LATEST = "latest"


def git(repository, *arguments):
    """What ``git arguments`` prints in ``repository``, stripped; raises CalledProcessError when git fails."""
    return subprocess.run(["git", *arguments], cwd=repository, check=True, capture_output=True, text=True).stdout.strip()


def releases(repository):
    """The release tags of ``repository`` as (version, tag), newest version first."""
    found = [(RELEASE_TAG.fullmatch(tag), tag) for tag in git(repository, "tag", "--list").split()]
    return sorted(((match.group(1), tag) for match, tag in found if match),
                  key=lambda pair: tuple(map(int, pair[0].split("."))), reverse=True)


def environment(source, scratch):
    """The ``bin`` folder of a Python environment with the pins of the edition checked out in ``source``.

    The one running this script when the edition's lock is this checkout's; else a virtual
    environment made from the lock in ``scratch`` (its ``-e ./code`` line left out: each build
    takes its own package from ``PYTHONPATH``).
    """
    lock = (source / LOCK).read_text(encoding="utf-8")
    if lock == (HERE / LOCK).read_text(encoding="utf-8"):
        return Path(sys.executable).parent
    venv = scratch / "environments" / hashlib.sha256(lock.encode()).hexdigest()[:16]
    if not (venv / "bin" / "jupyter-book").is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pins = venv / "pins.txt"
        pins.write_text("\n".join(line for line in lock.splitlines() if not line.startswith("-e ")) + "\n")
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(pins)], check=True)
    return venv / "bin"


def build(repository, revision, scratch, pdf):
    """Build the book at ``revision`` of ``repository`` in a clean checkout; return its HTML folder."""
    source = scratch / "sources" / revision
    git(repository, "worktree", "add", "--detach", "--force", str(source), revision)
    bin_folder = environment(source, scratch)
    env = {**os.environ, EDITIONS_VARIABLE: "1", "PYTHONPATH": str(source / "code")}
    env.pop("BOOK_PDF", None)
    env.pop("SOURCE_COMMIT", None)  # each edition names its own commit
    jupyter_book = str(bin_folder / "jupyter-book")
    print(f"editions: building {revision}", flush=True)
    if pdf:
        subprocess.run([jupyter_book, "build", str(source), "--builder", "pdflatex", *BUILD_FLAGS], env=env, check=True)
        env["BOOK_PDF"] = str(source / PDF)
    subprocess.run([jupyter_book, "build", str(source), *BUILD_FLAGS], env=env, check=True)
    return source / "_build" / "html"


def switcher(versions, site):
    """The switcher's entries: the releases ``versions``, newest first and preferred, then ``main``.

    Each is named by its folder alone: the switcher's button shows the name, and in a phone's page
    header, beside the theme's buttons, there is no room for more (the banner says which is old).
    """
    root = site or "/"
    entries = [{"name": version, "version": version, "url": f"{root}{version}/", **({"preferred": True} if not number else {})}
               for number, version in enumerate(versions)]
    return entries + [{"name": UNRELEASED_FOLDER, "version": UNRELEASED_VERSION, "url": f"{root}{UNRELEASED_FOLDER}/"}]


def build_site(repository, output, pdf=True):
    """Build every edition of the book in ``repository`` into ``output`` (emptied first); return the folders' names."""
    tags = releases(repository)
    head_tags = set(git(repository, "tag", "--points-at", "HEAD").split())
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="editions-") as scratch:
        scratch = Path(scratch)
        try:
            for version, tag in tags:
                shutil.copytree(build(repository, tag, scratch, pdf), output / version)
            released_head = [version for version, tag in tags if tag in head_tags]
            if released_head:
                shutil.copytree(output / released_head[0], output / UNRELEASED_FOLDER)
            else:
                shutil.copytree(build(repository, git(repository, "rev-parse", "HEAD"), scratch, pdf),
                                output / UNRELEASED_FOLDER)
        finally:
            for source in sorted((scratch / "sources").glob("*")):
                git(repository, "worktree", "remove", "--force", str(source))
    newest = output / (tags[0][0] if tags else UNRELEASED_FOLDER)
    shutil.copytree(newest, output / LATEST)
    shutil.copytree(newest, output, dirs_exist_ok=True)
    entries = switcher([version for version, _ in tags], site_address())
    (output / SWITCHER).write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    return [version for version, _ in tags] + [UNRELEASED_FOLDER, LATEST]


def main(arguments=None):
    """Build the site of the repository the current folder belongs to."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, required=True, help="the site's folder (emptied first)")
    parser.add_argument("--no-pdf", dest="pdf", action="store_false", help="build no PDF edition (faster)")
    options = parser.parse_args(arguments)
    repository = Path(git(Path.cwd(), "rev-parse", "--show-toplevel"))
    folders = build_site(repository, options.output.resolve(), options.pdf)
    print(f"editions: {', '.join(folders)} and the root in {options.output}", flush=True)


if __name__ == "__main__":
    main()
