"""Sphinx reading with two processes gives what one process gives.

Every extension the book loads declares itself safe for parallel reading (``parallel_read_safe``); for
the book's own (fc_to_conv.sphinxext.checks and .ledger) and sphinx-exercise, that rests on their
``env-merge-info`` handlers, which carry what each reading process stored in its copy of the
environment back into the main one. ``jupyter-book build`` reads with one process, so the book's
build never runs them: here a fixture book is read by two processes (``sphinx-build -j 2``, in the
test's process, tests/in_process.py) and by one, and what the handlers carry, the rest of the
environment the pages are written from, and the pages themselves must be the same.
"""

import ast
import shutil

import pytest

from conftest import REPO, make_fixture_book
from fc_to_conv import claims
from fc_to_conv.sphinxext import ledger
from fc_to_conv.sphinxext.ledger import LEDGER
from in_process import build_in_process
from test_build_failures import CHAPTER, NOTEBOOK_HEADER, ROOT_PAGE, log

pytestmark = pytest.mark.slow

CHAPTER_NAME = "book/fully_connected"


def small_chapter(name):
    """A notebook page with a glued value, a citation and an exercise with its solution."""
    return NOTEBOOK_HEADER + f"""# Small chapter {name}

As {{cite:t}}`gad2018derivation` counts them, there are {{glue:text}}`{name}_sum` of them.

```{{code-cell}} ipython3
:tags: [remove-cell]
from fc_to_conv.glue import glue_text
glue_text("{name}_sum", sum(range(10)))
```

```{{exercise}} Count them
:label: ex-{name}
:nonumber:
How many are there?
```

```{{solution}} ex-{name}
:class: dropdown
{{glue:text}}`{name}_sum`.
```
"""


#: Six pages, so that Sphinx reads in parallel (it does for more than five), in two chunks of three.
PAGES = {"book/index": ROOT_PAGE, CHAPTER_NAME: CHAPTER, LEDGER: (REPO / f"{LEDGER}.md").read_text(),
         "book/second": small_chapter("second"), "book/third": small_chapter("third")}


def declare_multitoc_numbering_parallel_safe(app):
    """sphinx-external-toc loads sphinx-multitoc-numbering, which declares nothing, so Sphinx would read
    with one process (and warn, which -W makes an error). It stores nothing while documents are read:
    it replaces how sections are numbered (TocTreeCollector.assign_section_numbers), which the main
    process does once all are read. So it is safe, and declared so here, for this build only."""
    extension = app.extensions["sphinx_multitoc_numbering"]
    assert extension.parallel_read_safe is None, "sphinx-multitoc-numbering now declares itself: drop this"
    extension.parallel_read_safe = True


def carried(env):
    """What the env-merge-info handlers and Sphinx's own merges carry, in comparable form."""
    return {
        "fc_to_conv_glued": env.fc_to_conv_glued,
        "fc_to_conv_ledger_uses": env.fc_to_conv_ledger_uses,
        "sphinx_exercise_registry": {label: {key: value for key, value in entry.items() if key != "node"}
                                     for label, entry in env.sphinx_exercise_registry.items()},
        "sphinx_exercise_node_order": env.sphinx_exercise_node_order,
        "nb_metadata": dict(env.nb_metadata),
        "metadata": env.metadata,
        "titles": {name: title.astext() for name, title in env.titles.items()},
        "tocs": {name: toc.pformat() for name, toc in env.tocs.items()},
        "toctree_includes": env.toctree_includes,
        "domaindata": domains(env),
    }


def domains(env):
    """Every domain's data. sphinxcontrib-bibtex lists the references in the order the reading processes
    finish, so they are compared sorted; its citations and bibliographies by what they hold (their
    entries, filters and nodes compare by identity). The C and C++ domains, empty here, hold symbol
    trees that compare by identity too."""
    data = {name: value for name, value in env.domaindata.items() if name not in ("c", "cpp")}
    cite = dict(data["cite"])
    cite["citation_refs"] = sorted((ref.docname, ref.citation_ref_id, tuple(ref.targets)) for ref in cite["citation_refs"])
    cite["citations"] = [(citation.citation_id, citation.bibliography_key, citation.key, citation.entry.fields,
                          citation.formatted_entry.label) for citation in cite["citations"]]
    cite["bibliographies"] = {key: (value._replace(filter_=ast.dump(value.filter_), citation_nodes=list(value.citation_nodes)))
                              for key, value in cite["bibliographies"].items()}
    data["cite"] = cite
    return data


def test_two_reading_processes_carry_what_one_reads(tmp_path, monkeypatch):
    # The ledger draws only the claims of the fixture's chapter: a row for another links a page it lacks.
    monkeypatch.setattr(claims, "CLAIMS", tuple(claim for claim in claims.CLAIMS if claim.chapter == CHAPTER_NAME))
    merges = []
    merge_uses = ledger.merge_uses
    monkeypatch.setattr(ledger, "merge_uses", lambda app, env, docnames, other: (
        merges.append(sorted(docnames)), merge_uses(app, env, docnames, other)))

    serial = build_in_process(make_fixture_book(tmp_path / "src", PAGES), tmp_path / "serial")
    assert serial.returncode == 0, log(serial)[-3000:]
    assert merges == []
    cache = "_build/.jupyter_cache"  # the same executed notebooks, so that only the reading differs
    shutil.copytree(tmp_path / "serial" / cache, tmp_path / "parallel" / cache)
    parallel = build_in_process(tmp_path / "src", tmp_path / "parallel", parallel=2,
                                prepare=declare_multitoc_numbering_parallel_safe)
    assert parallel.returncode == 0, log(parallel)[-3000:]
    assert "doing serial read" not in log(parallel)
    assert len(merges) == 2 and sorted(sum(merges, [])) == sorted(parallel.app.env.found_docs)

    assert carried(parallel.app.env) == carried(serial.app.env)
    assert parallel.app.env.fc_to_conv_ledger_uses == {LEDGER: 1}
    assert {entry["docname"] for entry in parallel.app.env.sphinx_exercise_registry.values()} == {
        CHAPTER_NAME, "book/second", "book/third"}
    pages = sorted(path.relative_to(tmp_path / "serial").as_posix()
                   for path in (tmp_path / "serial" / "_build" / "html").rglob("*.html"))
    assert {f"_build/html/{name}.html" for name in PAGES} <= set(pages)
    for page in pages:
        assert (tmp_path / "parallel" / page).read_bytes() == (tmp_path / "serial" / page).read_bytes(), page
