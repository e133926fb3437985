"""Write the pinned requirements from their short inputs with uv's resolver, or check they are current.

Each lock is ``uv pip compile`` of a hand-written input, every transitive dependency pinned:

- ``requirements.in`` -> ``requirements.txt``: what building the book needs (the package and its
  ``book`` extra);
- ``requirements-test.in`` -> ``requirements-test.txt``: that, plus what the tests add;
- ``binder/requirements.in`` -> ``binder/requirements.txt``: what running the chapters needs on Binder.

The book's lock is resolved first; the other two are resolved under it as constraints, so a package in
two locks has one version. uv keeps the versions an existing lock already pins (its preference for the
output file), so adding a package to an input changes only what it brings. ``--upgrade`` resolves
everything afresh, to the newest versions that fit. ``--check`` writes the locks into a scratch folder
and exits 1, naming the stale lock, when one differs from what its input resolves to (it needs the
package index, as installing does). No hashes: pip refuses hash-checking for the editable ``-e ./code``
line that every lock begins with.

Run from anywhere as ``python tools/lock.py`` (``make lock``); uv comes with ``requirements-test.txt``.
"""

import argparse
import difflib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
#: (input, lock), the book's first: the others are resolved under its pins.
LOCKS = [("requirements.in", "requirements.txt"),
         ("requirements-test.in", "requirements-test.txt"),
         ("binder/requirements.in", "binder/requirements.txt")]
#: The oldest Python the book supports (code/pyproject.toml); --universal adds markers for the others.
PYTHON = "3.11.2"


def uv():
    """The uv command: the one beside this Python (the test environment's), else the one on PATH."""
    beside = pathlib.Path(sys.executable).parent / "uv"
    found = str(beside) if beside.exists() else shutil.which("uv")
    if found is None:
        raise SystemExit("No uv found: install requirements-test.txt (make test sets it up), or pip install uv")
    return found


def constraints(lock, folder):
    """The lock at path ``lock`` without its editable line (uv takes only named requirements as
    constraints), written into ``folder``; returns the new file's path."""
    path = pathlib.Path(folder) / "constraints.txt"
    path.write_text("".join(line for line in pathlib.Path(lock).read_text().splitlines(keepends=True)
                            if not line.startswith("-e ")))
    return path


def compile_lock(root, source, output, constrained_by=None, upgrade=False):
    """Run uv pip compile of ``source`` (relative to ``root``) into ``output`` (a path)."""
    command = [uv(), "pip", "compile", source, "--output-file", str(output), "--universal",
               "--python-version", PYTHON, "--custom-compile-command", "make lock", "--quiet"]
    if constrained_by is not None:
        command += ["--constraint", str(constrained_by)]
    if upgrade:
        command.append("--upgrade")
    # Paths in the inputs (-e ./code, -r requirements.in) are relative to the repository's root, as pip reads them.
    subprocess.run(command, cwd=root, check=True, env={**os.environ, "UV_NO_CONFIG": "1"})


def write_locks(root, folder, upgrade=False):
    """Write the locks of the inputs in ``root`` into ``folder`` (``root`` itself, or a scratch folder)."""
    folder = pathlib.Path(folder)
    with tempfile.TemporaryDirectory() as scratch:
        for index, (source, lock) in enumerate(LOCKS):
            output = folder / lock
            under = None if index == 0 else constraints(folder / LOCKS[0][1], scratch)
            compile_lock(root, source, output, under, upgrade)
            if under is not None:  # uv's "# via -c <path>" names the scratch file: name the book's lock instead
                output.write_text(output.read_text().replace(f"-c {under}", f"-c {LOCKS[0][1]}"))


def stale_locks(root=REPO):
    """The locks in ``root`` that differ from a fresh resolution of their inputs: lock -> its diff."""
    root = pathlib.Path(root)
    with tempfile.TemporaryDirectory() as scratch:
        for _, lock in LOCKS:
            (pathlib.Path(scratch) / lock).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / lock, pathlib.Path(scratch) / lock)  # uv prefers the versions already pinned
        write_locks(root, scratch)
        found = {}
        for _, lock in LOCKS:
            old, new = (root / lock).read_text(), (pathlib.Path(scratch) / lock).read_text()
            if old != new:
                found[lock] = "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                           lock, f"{lock} (from its input)"))
        return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a lock is stale")
    parser.add_argument("--upgrade", action="store_true", help="resolve afresh instead of keeping current pins")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_locks()
        for lock, diff in stale.items():
            print(f"{lock} is stale against its input; run make lock:\n{diff}")
        return 1 if stale else 0
    write_locks(REPO, REPO, upgrade=args.upgrade)
    return 0


if __name__ == "__main__":
    sys.exit(main())
