"""Say in one line what this Python lacks to set up the book, and how to get it on Debian.

Run by the interpreter the Makefile would use (``$(PYTHON) tools/prerequisites.py``): it prints
nothing when that Python is in the range ``code/pyproject.toml`` supports (``requires-python``)
and can make virtual environments, and one line otherwise, for the Makefile to stop with.
Written for any Python 3, so that an old interpreter gets the message, not a syntax error.
"""

import operator
import os
import re
import sys

PYPROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "code", "pyproject.toml")
COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
           "==": operator.eq, "!=": operator.ne}


def supported_range(pyproject_text):
    """``requires-python`` of the pyproject text, e.g. ``'>=3.11.2,<3.14'``."""
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject_text, re.MULTILINE)
    if not found:
        raise ValueError("code/pyproject.toml has no requires-python line")
    return found.group(1)


def version_tuple(text):
    """``'3.11.2'`` -> ``(3, 11, 2)``."""
    return tuple(int(part) for part in text.split("."))


def allows(specifier, version):
    """Whether ``version`` (a tuple such as ``(3, 11, 2)``) meets every clause of ``specifier``.

    Clauses are compared on as many parts as they give, as pip does for release versions:
    ``<3.14`` excludes 3.14.0, ``>=3.11.2`` excludes 3.11.1. Raises ValueError for a clause
    that is not an operator followed by a dotted release number.
    """
    for clause in specifier.split(","):
        found = re.fullmatch(r"\s*(>=|<=|==|!=|>|<)\s*([\d.]+)\s*", clause)
        if not found:
            raise ValueError("cannot read the clause %r of %r" % (clause, specifier))
        bound = version_tuple(found.group(2))
        if not COMPARE[found.group(1)](tuple(version[:len(bound)]) + (0,) * (len(bound) - len(version)), bound):
            return False
    return True


def problem(version, specifier, has_venv, executable):
    """The one line that says what is wrong with this Python for the book, or None."""
    shown = ".".join(str(part) for part in version)
    if not allows(specifier, version):
        return ("%s is Python %s; the book needs Python %s (Debian 12's python3 is 3.11.2): "
                "apt-get install -y python3 python3-venv, or name another: make book PYTHON=/path/to/python3"
                % (executable, shown, specifier))
    if not has_venv:
        return ("%s (Python %s) cannot make virtual environments (no ensurepip module): "
                "apt-get install -y python3-venv" % (executable, shown))
    return None


def has_venv():
    """Whether this interpreter can make a virtual environment with pip (Debian splits this into python3-venv)."""
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        return False
    return True


def main():
    with open(PYPROJECT, encoding="utf-8") as pyproject:
        specifier = supported_range(pyproject.read())
    found = problem(tuple(sys.version_info[:3]), specifier, has_venv(), sys.executable)
    if found:
        print(found)


if __name__ == "__main__":
    main()
