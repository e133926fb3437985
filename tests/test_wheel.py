"""The wheel each build publishes for the downloaded notebooks, and the cell that installs it.

The wheel holds the package without its build plugins, with its metadata, the same bytes every time,
and installs with pip; each chapter's downloaded notebook starts with a cell that installs it from
beside the notebook, else from the site, else says how to install it from a clone.
"""

import subprocess
import zipfile

import pytest

import fc_to_conv
from conftest import REPO, fresh_venv
from fc_to_conv.sphinxext import downloads as sphinx_downloads
from fc_to_conv.sphinxext.citation import Edition

slow = pytest.mark.slow


def test_wheel_holds_the_package_and_its_metadata(tmp_path):
    wheel = sphinx_downloads.build_wheel(REPO / "code", tmp_path)
    package = REPO / "code" / "fc_to_conv"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"fc_to_conv-{fc_to_conv.__version__}.dist-info/METADATA").decode()
        record = archive.read(f"fc_to_conv-{fc_to_conv.__version__}.dist-info/RECORD").decode()
        assert archive.read("fc_to_conv/claims.py") == (package / "claims.py").read_bytes()
    sources = {f"fc_to_conv/{p.relative_to(package).as_posix()}" for p in package.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    plugins = {name for name in sources if name.startswith("fc_to_conv/sphinxext/")}
    assert plugins and sources - plugins == {name for name in names if name.startswith("fc_to_conv/")}
    assert not any("__pycache__" in name for name in names)
    assert f"Version: {fc_to_conv.__version__}" in metadata and 'Requires-Dist: myst-nb; extra == "chapters"' in metadata
    assert "License: MIT" in metadata.splitlines()
    assert 'extra == "book"' not in metadata and "jupyter-book" not in metadata
    assert {line.split(",")[0] for line in record.splitlines()} == names


def test_wheel_is_the_same_bytes_every_time(tmp_path):
    first = sphinx_downloads.build_wheel(REPO / "code", tmp_path / "one").read_bytes()
    assert sphinx_downloads.build_wheel(REPO / "code", tmp_path / "two").read_bytes() == first


@slow  # makes a virtual environment
def test_wheel_installs_with_pip_and_imports(tmp_path):
    python = fresh_venv(tmp_path / "venv")
    wheel = sphinx_downloads.build_wheel(REPO / "code", tmp_path)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    script = ("import importlib.metadata as m, fc_to_conv\n"
              "print(fc_to_conv.__version__, m.version('fc-to-conv'), fc_to_conv.__file__.startswith(sys.prefix))")
    result = subprocess.run([str(python), "-c", "import sys\n" + script], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.stdout.split() == [fc_to_conv.__version__, fc_to_conv.__version__, "True"], result.stderr


def test_install_cell_uses_the_local_wheel_then_the_site():
    cell = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "book/grouping", "https://example.org/b/")
    assert 'pathlib.Path("../../_static/w.whl")' in cell
    assert 'else "https://example.org/b/_static/w.whl"' in cell
    assert '%pip install --quiet "fc-to-conv[chapters] @ {url}"' in cell
    offline = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "index", "")
    assert 'pathlib.Path("../_static/w.whl")' in offline and "https:" not in offline
    assert "raise ModuleNotFoundError" in offline and "raise" not in cell  # nowhere to fetch it from: says so
    for source in (cell, offline):  # and says, when neither is reachable, how to install it from a clone
        assert '%pip install "./code[chapters]"' in source
    known = sphinx_downloads.install_source("fc-to-conv[chapters]", "w.whl", "index", "",
                                            "git+https://github.com/o/r#subdirectory=code")
    assert '#     %pip install "fc-to-conv[chapters] @ git+https://github.com/o/r#subdirectory=code"' in known


def test_the_install_cell_takes_the_repository_at_the_release_tag():
    class App:
        config = type("Config", (), {"html_theme_options": {"repository_url": "https://github.com/o/r/"}})
        fc_to_conv_edition = Edition("1.2.3", "abc")
    assert sphinx_downloads.repository_source(App) == "git+https://github.com/o/r@v1.2.3#subdirectory=code"
    App.fc_to_conv_edition = Edition(None, "abc")
    assert sphinx_downloads.repository_source(App) == "git+https://github.com/o/r#subdirectory=code"
    App.config.html_theme_options = {"repository_url": ""}
    assert sphinx_downloads.repository_source(App) == ""
