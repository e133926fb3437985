"""Checks on the book's sources that need no build."""

import pkgutil
import re

import fc_to_conv
from conftest import BUILD_FLAGS, REPO
from fc_to_conv import claims, figures


def test_the_makefile_builds_with_the_flags_the_tests_use():
    makefile = (REPO / "Makefile").read_text()
    assert f"BUILD_FLAGS := {' '.join(BUILD_FLAGS)}" in makefile


def test_prose_never_types_a_claimed_number():
    """Numbers the article states reach the prose only through glue, never typed by hand."""
    values = {claim.article for claim in claims.CLAIMS if len(claim.article.strip("%")) > 2}
    pattern = re.compile(r"(?<![\w.,])(" + "|".join(map(re.escape, values)) + r")(?![\w,]|\.\d)")
    for source in sorted((REPO / "book").glob("*.md")):
        fenced = False
        for number, line in enumerate(source.read_text().splitlines(), 1):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            prose = re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\([^)]*\)=|<[^>]+>|\$[^$]*\$", " ", line)
            hit = None if fenced else pattern.search(prose)
            assert hit is None, f"{source.name}:{number} types {hit.group(1)!r}; glue it instead"


def test_every_claim_belongs_to_a_chapter_in_the_table_of_contents():
    toc = (REPO / "_toc.yml").read_text()
    for claim in claims.CLAIMS:
        assert f"file: {claim.chapter}\n" in toc, claim.id
        assert (REPO / f"{claim.chapter}.md").is_file(), claim.id


def test_all_seventeen_article_claims_are_registered_once():
    ids = [claim.id for claim in claims.CLAIMS if claim.id.startswith("C")]
    assert ids == [f"C{n}" for n in range(1, 18)]
    assert len({claim.key for claim in claims.CLAIMS}) == len(claims.CLAIMS)


def test_the_real_networks_claims_follow_the_article_claims():
    ids = [claim.id for claim in claims.CLAIMS]
    assert ids[17:] == [f"N{n}" for n in range(1, 16)]
    assert {claim.chapter for claim in claims.CLAIMS[17:]} == {"book/real_networks"}


def test_the_package_docstring_names_every_module_and_subpackage():
    names = [info.name for info in pkgutil.iter_modules(fc_to_conv.__path__)]
    names += [f"figures.{info.name}" for info in pkgutil.iter_modules(figures.__path__) if not info.name.startswith("_")]
    missing = [name for name in names if f":mod:`{name}`" not in fc_to_conv.__doc__]
    assert not missing, f"the module map in fc_to_conv/__init__.py does not name {missing}"


#: A listing in a chapter: ```{literalinclude} ../code/fc_to_conv/<module>.py, then :pyobject: <name>.
LISTING = re.compile(r"```\{literalinclude\} \.\./code/(fc_to_conv/[\w/]+)\.py\n:pyobject: (\w+)")


def test_listings_show_the_idea_without_checks_or_sphinx_roles():
    """A listing shows the lines that build the structure: it calls no argument check (fc_to_conv.validate's
    functions, a check_* function), and its docstring, shown as it is written, holds no Sphinx role."""
    import importlib
    import inspect

    from fc_to_conv import validate

    checks = {name for name, f in vars(validate).items() if inspect.isfunction(f) and f.__module__ == validate.__name__}
    call = re.compile(r"\b(" + "|".join(sorted(checks)) + r"|check_\w+)\(")
    listings = [(source.name, *match.groups()) for source in sorted((REPO / "book").glob("*.md"))
                for match in LISTING.finditer(source.read_text())]
    assert len(listings) >= 7, listings
    for chapter, module, name in listings:
        code = inspect.getsource(getattr(importlib.import_module(module.replace("/", ".")), name))
        assert not call.search(code), f"{chapter} shows {name}, which checks its arguments: {call.search(code).group(0)}"
        assert not re.search(r":[a-z]+:`", code), f"{chapter} shows {name}, whose docstring has a Sphinx role"
