"""Sphinx extension that makes the book's build fail when a claim is wrong, unglued, or stale.

- At start, every registered claim is checked against the article (ClaimMismatch -> build error).
- Each chapter's prose must paste (``{glue:text}`key```) every claim registered for it.
- The claims ledger page (``fc_to_conv_ledger``, default ``book/claims_ledger``), when the
  book has it, must list every registered claim once, with the article's value, the same
  computed value and a link to the claim's chapter, and list nothing else.
- jupyter-cache only notices changes to a notebook's own cells; this extension keys the
  cache on the package's source too: when it changes, the cache is emptied and every
  chapter is re-read, so no stale number or figure reaches the site.
"""

import hashlib
import importlib.metadata
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.util import docname_join, logging

from .. import claims

logger = logging.getLogger(__name__)

#: Pastes a glue key: ``{glue}`key```, ``{glue:text}`key:fmt```, or a ```{glue:figure} key`` directive.
GLUE_REFERENCE = re.compile(r"\{glue(?::\w+)?\}`(?:[^`:]*::)?([^`:]+)|[`:]{3,}\{glue(?::\w+)?\}\s+(\S+)")
STAMP = "fc_to_conv-source.sha256"
LEDGER = "book/claims_ledger"
LEDGER_ROW = re.compile(r"[CN]\d+")  # C: the article's claims; N: real networks (book/real_networks)
PACKAGES_OUTPUTS_DEPEND_ON = ("numpy", "matplotlib", "scikit-image", "myst-nb")


#: The code chapters run: the package without its build plugins (this folder), whose edits
#: change no computed number or figure and so need no chapter executed again.
PACKAGE = Path(__file__).parent.parent


def source_fingerprint(package=PACKAGE):
    """SHA-256 of the Python files chapters run (``package`` but its ``sphinxext/``) and the versions
    of the libraries their output depends on."""
    digest = hashlib.sha256()
    plugins = package / Path(__file__).parent.name
    for path in sorted(package.rglob("*.py")):
        if plugins not in path.parents:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in PACKAGES_OUTPUTS_DEPEND_ON:
        digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


def glued_keys(source):
    """The glue keys a MyST source pastes into its prose."""
    return {a or b for a, b in GLUE_REFERENCE.findall(source)}


def check_claims(app):
    """Fail the build at once if any computed value differs from the article's."""
    failures = claims.mismatches()
    if failures:
        raise ExtensionError("the package no longer computes the article's numbers:\n" + "\n".join(failures))


def invalidate_stale_cache(app, env, added, changed, removed):
    """Empty the execution cache and re-read every chapter when the package's source changed."""
    cache = Path(env.mystnb_config.execution_cache_path)
    fingerprint = source_fingerprint()
    stamp = cache / STAMP
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return []
    if cache.exists():
        logger.info("fc_to_conv: package source changed, emptying %s", cache)
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    stamp.write_text(fingerprint)
    return sorted(env.found_docs - added)


def record_glued_keys(app, docname, source):
    """Remember which glue keys each chapter's source pastes."""
    if not hasattr(app.env, "fc_to_conv_glued"):
        app.env.fc_to_conv_glued = {}
    app.env.fc_to_conv_glued[docname] = glued_keys(source[0])


def record_ledger_rows(app, doctree):
    """Remember the claims the ledger page lists: one dict per table row that starts with a claim id.

    Each row maps the ledger's column names (claims.LEDGER_COLUMNS) to the cells' text, and
    "links" to the docnames its ``{doc}`` links point to.
    """
    docname = app.env.docname
    if docname != app.config.fc_to_conv_ledger:
        return
    rows = []
    for row in doctree.findall(nodes.row):
        entries = [entry for entry in row.children if isinstance(entry, nodes.entry)]
        if not entries or not LEDGER_ROW.fullmatch(entries[0].astext().strip()):
            continue
        cells = dict(zip(claims.LEDGER_COLUMNS, (entry.astext().strip() for entry in entries)))
        cells["links"] = [docname_join(docname, xref["reftarget"]) for xref in row.findall(addnodes.pending_xref)
                          if xref.get("reftype") == "doc"]
        rows.append(cells)
    if not hasattr(app.env, "fc_to_conv_ledger"):
        app.env.fc_to_conv_ledger = {}
    app.env.fc_to_conv_ledger[docname] = rows


def forget_doc(app, env, docname):
    """Drop a removed or re-read chapter's record."""
    getattr(env, "fc_to_conv_glued", {}).pop(docname, None)
    getattr(env, "fc_to_conv_ledger", {}).pop(docname, None)


def merge_glued(app, env, docnames, other):
    """Merge records from parallel readers."""
    for name in ("fc_to_conv_glued", "fc_to_conv_ledger"):
        if not hasattr(env, name):
            setattr(env, name, {})
        getattr(env, name).update(getattr(other, name, {}))


def check_claims_glued(app, env):
    """Warn (an error under -W) for every claim its chapter states but does not paste from glue."""
    glued = getattr(env, "fc_to_conv_glued", {})
    for claim in claims.CLAIMS:
        if claim.chapter in env.found_docs and claim.key not in glued.get(claim.chapter, set()):
            logger.warning(
                "claim %s (%s) is registered for %s, but the chapter does not paste {glue:text}`%s`",
                claim.id, claim.statement, claim.chapter, claim.key,
                location=claim.chapter, type="fc_to_conv", subtype="unglued_claim",
            )


def ledger_problems(rows):
    """What is wrong with the ledger's rows (see record_ledger_rows) against the registry; [] if nothing."""
    problems = []
    registered = {claim.id for claim in claims.CLAIMS}
    for claim in claims.CLAIMS:
        listed = [row for row in rows if row["Claim"] == claim.id]
        if len(listed) != 1:
            problems.append(f"claim {claim.id} ({claim.statement}) is listed {len(listed)} times, not once")
            continue
        row = listed[0]
        for column in (claims.EXPECTED_COLUMN, "Computed"):
            if row.get(column) != claim.article:
                problems.append(f"claim {claim.id}: the {column} column shows {row.get(column)!r}, "
                                f"the article says {claim.article!r}")
        if row.get("Check") != claims.PASS:
            problems.append(f"claim {claim.id}: the Check column shows {row.get('Check')!r}, not {claims.PASS!r}")
        if row["links"] != [claim.chapter]:
            problems.append(f"claim {claim.id}: the ledger links to {row['links']}, "
                            f"the claim is registered for {claim.chapter}")
    for row in rows:
        if row["Claim"] not in registered:
            problems.append(f"the ledger lists {row['Claim']}, which is not a registered claim")
    return problems


def check_ledger(app, env):
    """Warn (an error under -W) when the ledger page, if the book has one, disagrees with the registry."""
    ledger = app.config.fc_to_conv_ledger
    if ledger not in env.found_docs:
        return
    for problem in ledger_problems(getattr(env, "fc_to_conv_ledger", {}).get(ledger, [])):
        logger.warning("claims ledger: %s", problem, location=ledger, type="fc_to_conv", subtype="ledger")


def setup(app):
    """Register the checks with Sphinx."""
    app.add_config_value("fc_to_conv_ledger", LEDGER, "env")
    app.connect("doctree-read", record_ledger_rows)
    app.connect("env-check-consistency", check_ledger)
    app.connect("builder-inited", check_claims)
    app.connect("env-get-outdated", invalidate_stale_cache)
    app.connect("source-read", record_glued_keys)
    app.connect("env-purge-doc", forget_doc)
    app.connect("env-merge-info", merge_glued)
    app.connect("env-check-consistency", check_claims_glued)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
