"""The front door: which Pythons the book supports, that its pins install on each, and the one-line stops.

A reader runs the README's two commands with whatever ``python3`` their machine has; a fresh
Debian 12 has 3.11.2. The supported range lives in ``code/pyproject.toml`` (``requires-python``
and the version classifiers); ``tools/prerequisites.py`` and the Makefile stop with one line
when the interpreter, its venv module or (for the tests) Chromium is missing.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import REPO

PROJECT = tomllib.loads((REPO / "code" / "pyproject.toml").read_text())["project"]
SPECIFIER = PROJECT["requires-python"]
CLASSIFIED = [re.fullmatch(r"Programming Language :: Python :: (3\.\d+)", c).group(1)
              for c in PROJECT["classifiers"] if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]


def load_prerequisites():
    spec = importlib.util.spec_from_file_location("prerequisites", REPO / "tools" / "prerequisites.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


prerequisites = load_prerequisites()


def supported_versions():
    """The versions the pins must install on: the lowest release allowed, then every classified minor version."""
    lowest = re.search(r">=\s*([\d.]+)", SPECIFIER).group(1)
    return [lowest] + [minor for minor in CLASSIFIED if not lowest.startswith(minor + ".")]


def test_the_range_starts_at_debian_12s_python_and_reaches_3_13():
    assert prerequisites.allows(SPECIFIER, (3, 11, 2))
    assert prerequisites.allows(SPECIFIER, (3, 13, 0))
    assert not prerequisites.allows(SPECIFIER, (3, 10, 13))


def test_the_classifiers_name_exactly_the_minor_versions_the_range_allows():
    allowed = [f"3.{minor}" for minor in range(0, 30) if prerequisites.allows(SPECIFIER, (3, minor, 99))]
    assert CLASSIFIED == allowed


@pytest.mark.parametrize("specifier, version, expected", [
    (">=3.11.2,<3.14", (3, 11, 2), True), (">=3.11.2,<3.14", (3, 11, 1), False),
    (">=3.11.2,<3.14", (3, 13, 9), True), (">=3.11.2,<3.14", (3, 14, 0), False),
    (">=3.11", (3, 11, 0), True), ("!=3.12.1", (3, 12, 1), False), ("==3.12", (3, 12, 5), True),
])
def test_allows_compares_as_many_parts_as_the_clause_gives(specifier, version, expected):
    assert prerequisites.allows(specifier, version) is expected


def test_an_unreadable_clause_is_refused():
    with pytest.raises(ValueError, match="cannot read the clause"):
        prerequisites.allows("~=3.11", (3, 11, 2))


def test_the_readme_names_the_range_and_the_debian_packages():
    readme = (REPO / "README.md").read_text()
    assert "3.11.2" in readme and f"3.{max(int(v.split('.')[1]) for v in CLASSIFIED)}" in readme
    assert "apt-get install -y python3 python3-venv make" in readme
    assert "chromium chromium-driver" in readme


MAKE = shutil.which("make")


#: What a make that runs these tests (make test) passes to the make they start: without them removed,
#: the inner make prints "Entering directory" lines around its own.
OUTER_MAKE = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")


def make(*arguments, env=None):
    """``make -n`` (print, don't run) in the repository, with a throwaway venv folder, as a reader's shell runs it."""
    environment = {name: value for name, value in os.environ.items() if name not in OUTER_MAKE}
    return subprocess.run([MAKE, "-n", *arguments, "VENV=/nonexistent-venv"], cwd=REPO, capture_output=True,
                          text=True, env={**environment, **(env or {})}, timeout=60)


def one_line_stop(result):
    """The single line make stopped with (it must be the only output and make must fail)."""
    output = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode != 0 and len(output) == 1, output
    return output[0]


def fake_python(folder, version):
    """An executable that runs this interpreter but reports ``version`` as sys.version_info."""
    script = folder / f"python{version[0]}.{version[1]}"
    script.write_text(
        "#!/bin/sh\n"
        f"exec '{sys.executable}' -c 'import runpy, sys; sys.version_info = ({version[0]}, {version[1]}, {version[2]}, \"final\", 0); "
        "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name=\"__main__\")' \"$@\"\n"
    )
    script.chmod(0o755)
    return script


def test_an_unsupported_python_stops_make_with_one_line(tmp_path):
    line = one_line_stop(make("book", f"PYTHON={fake_python(tmp_path, (3, 10, 13))}"))
    assert "is Python 3.10.13" in line and SPECIFIER in line and "apt-get install -y python3 python3-venv" in line
    assert "make book PYTHON=" in line


def test_a_python_without_venv_stops_make_with_one_line(tmp_path):
    (tmp_path / "ensurepip.py").write_text("raise ImportError('as on Debian without python3-venv')\n")
    line = one_line_stop(make("book", f"PYTHON={sys.executable}", env={"PYTHONPATH": str(tmp_path)}))
    assert "cannot make virtual environments" in line and "apt-get install -y python3-venv" in line


def test_a_missing_python_stops_make_with_one_line():
    line = one_line_stop(make("book", "PYTHON=no-such-python3"))
    assert "No no-such-python3 found" in line and SPECIFIER in line


def test_missing_chromium_stops_make_test_with_one_line(tmp_path):
    for program in ("sed", "sh"):  # what the Makefile itself runs, without chromium beside it
        (tmp_path / program).symlink_to(subprocess.check_output(["sh", "-c", f"command -v {program}"], text=True).strip())
    line = one_line_stop(make("test", f"PYTHON={sys.executable}", env={"PATH": str(tmp_path)}))
    assert "No chromium found" in line and "apt-get install -y chromium chromium-driver" in line


def test_a_supported_python_passes_the_check():
    assert subprocess.run([sys.executable, REPO / "tools" / "prerequisites.py"], capture_output=True,
                          text=True).stdout == ""


def resolve(version):
    """pip's own resolution of requirements-test.txt (which includes requirements.txt) for ``version``."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--only-binary=:all:",
         "--python-version", version, "--target", os.devnull + "-target", "--quiet",
         "-r", "requirements-test.txt"],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.slow
def test_the_pinned_sets_install_on_every_supported_python():
    """Fails when a pin bump drops a supported Python (needs the package index, as installing does)."""
    versions = supported_versions()
    assert versions[0] == "3.11.2" and "3.13" in versions
    with ThreadPoolExecutor(len(versions)) as pool:
        results = dict(zip(versions, pool.map(resolve, versions)))
    failed = {version: [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
              for version, result in results.items() if result.returncode != 0}
    assert failed == {}


@pytest.mark.slow
def test_the_check_catches_an_unsupported_python():
    """The same resolution fails for the Python just below the range, so the test above can fail."""
    assert resolve("3.10").returncode != 0
