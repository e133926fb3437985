"""Binder: ``binder/`` installs, the way repo2docker does it from the repository's root, into a fresh
virtual environment that then executes every chapter.
"""

import subprocess

import pytest

from conftest import REPO, fresh_venv
from test_site import NOTEBOOKS


@pytest.mark.slow
def test_binder_environment_executes_every_chapter(tmp_path):
    venv = tmp_path / "binder"
    fresh_venv(venv)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
                   check=True, capture_output=True, timeout=1800, cwd=REPO)  # from the root, as repo2docker does
    size = sum(path.stat().st_size for path in venv.rglob("*") if path.is_file() and not path.is_symlink())
    print(f"Binder environment: {size / 1e6:.0f} MB installed")
    home = tmp_path / "home"
    subprocess.run(["bash", str(REPO / "binder" / "postBuild")], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(home), "PATH": f"{venv / 'bin'}:/usr/bin:/bin"})
    assert "Jupytext Notebook" in "".join(path.read_text() for path in home.rglob("*.json*"))
    runner = ("import sys, jupytext, nbclient\n"
              "for path in sys.argv[1:]:\n"
              "    nbclient.NotebookClient(jupytext.read(path), timeout=900,\n"
              "                            resources={'metadata': {'path': 'book'}}).execute()\n")
    result = subprocess.run([str(venv / "bin" / "python"), "-c", runner, *(f"book/{name}.md" for name in NOTEBOOKS)],
                            capture_output=True, text=True, timeout=3600, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
