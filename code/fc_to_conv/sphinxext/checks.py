"""Sphinx extension that makes the book's build fail when a claim is wrong, unglued, or stale.

- At start, every registered claim is checked against the article (ClaimMismatch -> build error).
- Each chapter's prose must paste (``{glue:text}`key```) every claim registered for it.
- jupyter-cache only notices changes to a notebook's own cells; this extension keys the
  cache on the package's source too: when it changes, the cache is emptied and every
  chapter is re-read, so no stale number or figure reaches the site.
"""

import hashlib
import importlib.metadata
import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import claims

logger = logging.getLogger(__name__)

#: Pastes a glue key: ``{glue}`key```, ``{glue:text}`key:fmt```, or a ```{glue:figure} key`` directive.
GLUE_REFERENCE = re.compile(r"\{glue(?::\w+)?\}`(?:[^`:]*::)?([^`:]+)|[`:]{3,}\{glue(?::\w+)?\}\s+(\S+)")
STAMP = "fc_to_conv-source.sha256"
PACKAGES_OUTPUTS_DEPEND_ON = ("numpy", "matplotlib", "scikit-image", "scikit-learn", "myst-nb")


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


def forget_doc(app, env, docname):
    """Drop a removed or re-read chapter's record."""
    getattr(env, "fc_to_conv_glued", {}).pop(docname, None)


def merge_glued(app, env, docnames, other):
    """Merge records from parallel readers."""
    env.__dict__.setdefault("fc_to_conv_glued", {}).update(getattr(other, "fc_to_conv_glued", {}))


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


def setup(app):
    """Register the checks with Sphinx."""
    app.connect("builder-inited", check_claims)
    app.connect("env-get-outdated", invalidate_stale_cache)
    app.connect("source-read", record_glued_keys)
    app.connect("env-purge-doc", forget_doc)
    app.connect("env-merge-info", merge_glued)
    app.connect("env-check-consistency", check_claims_glued)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
