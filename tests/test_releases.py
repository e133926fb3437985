"""What makes a commit a release (a tag vX.Y.Z that CITATION.cff agrees with), and what the cite boxes
and the published CITATION.cff then say; no build (tests/test_editions.py builds the site)."""

import re
import subprocess

import pytest
import yaml
from pybtex.database import parse_string

from conftest import REPO, git
from fc_to_conv.sphinxext import citation as sphinx_citation
from fc_to_conv.sphinxext import site as sphinx_site
from test_site import CITATION

RELEASE, UNRELEASED = sphinx_citation.Edition("0.3.0", "abc123"), sphinx_citation.Edition(None, "def456")


def repository(folder, version, released, tags, day):
    """A git repository whose one commit (on ``day``) has a CITATION.cff naming ``version`` and ``released``
    and the annotated ``tags`` (made on ``day``)."""
    folder.mkdir()
    (folder / "CITATION.cff").write_text(yaml.safe_dump({**CITATION, "version": version, "date-released": released}))
    git(folder, "init", "--quiet", "--initial-branch=main")
    git(folder, "add", "--all")
    git(folder, "commit", "--quiet", "-m", "A commit", day=day)
    for tag in tags:
        git(folder, "tag", "-a", tag, "-m", tag, day=day)
    return folder


def test_a_tag_that_citation_cff_agrees_with_is_a_release(tmp_path):
    folder = repository(tmp_path / "r", "0.3.0", "2026-05-04", ["v0.3.0", "draft"], "2026-05-04")
    citation = sphinx_citation.load_citation(folder)
    assert sphinx_citation.release(folder, citation) == "0.3.0"
    edition = sphinx_citation.Edition.of(folder, citation)
    assert (edition.version, edition.folder, edition.name) == ("0.3.0", "0.3.0", "version 0.3.0")
    assert edition.commit == git(folder, "rev-parse", "--short=12", "HEAD")


@pytest.mark.parametrize("tags", [[], ["draft", "v1.0"]])
def test_a_commit_without_a_release_tag_is_unreleased(tmp_path, tags):
    folder = repository(tmp_path / "r", "0.3.0", "2026-05-04", tags, "2026-05-04")
    edition = sphinx_citation.Edition.of(folder, sphinx_citation.load_citation(folder))
    assert (edition.version, edition.folder, edition.name) == (None, "main", "unreleased state")


def test_outside_a_git_work_tree_nothing_is_a_release(tmp_path):
    assert sphinx_citation.release(tmp_path, CITATION) is None


@pytest.mark.parametrize("version, released, message", [
    ("0.2.9", "2026-05-04", "tagged v0.3.0 but CITATION.cff names version 0.2.9"),
    ("0.3.0", "2026-05-01", "tag v0.3.0 was made on 2026-05-04 but CITATION.cff says date-released 2026-05-01"),
])
def test_a_release_tag_that_citation_cff_contradicts_is_refused(tmp_path, version, released, message):
    folder = repository(tmp_path / "r", version, released, ["v0.3.0"], "2026-05-04")
    with pytest.raises(ValueError, match=message):
        sphinx_citation.release(folder, sphinx_citation.load_citation(folder))


def release_tags():
    """This repository's release tags."""
    listed = subprocess.run(["git", "tag", "--list"], cwd=REPO, capture_output=True, text=True).stdout.split()
    return [tag for tag in listed if sphinx_citation.RELEASE_TAG.fullmatch(tag)]


def test_every_release_of_this_repository_has_its_version_and_day_in_citation_cff():
    tags = release_tags()
    if not tags:
        pytest.skip("this repository has no release tag yet")
    for tag in tags:
        shown = subprocess.run(["git", "show", f"{tag}:CITATION.cff"], cwd=REPO, capture_output=True, text=True)
        citation = yaml.safe_load(shown.stdout)
        assert str(citation["version"]) == tag[1:], tag
        assert str(citation["date-released"]) == sphinx_citation.tag_date(REPO, tag), tag


# What the cite boxes say of each kind of edition

def test_a_release_is_cited_by_version_an_unreleased_state_by_commit():
    release = parse_string(sphinx_citation.bibtex_entry(CITATION, "book/x", "X", "https://s/0.3.0/book/x.html", RELEASE),
                           "bibtex").entries[f"fctoconv{CITATION['date-released'][:4]}-x"]
    assert release.fields["version"] == "0.3.0" and release.fields["note"] == "Source commit abc123"
    unreleased = parse_string(sphinx_citation.bibtex_entry(CITATION, "book/x", "X", None, UNRELEASED),
                              "bibtex").entries[f"fctoconv{CITATION['date-released'][:4]}-x"]
    assert "version" not in unreleased.fields and unreleased.fields["note"] == "Unreleased state, source commit def456"
    assert sphinx_citation.apa_line(CITATION, "X", None, RELEASE).endswith("(Version 0.3.0, source commit abc123).")
    assert sphinx_citation.apa_line(CITATION, "X", None, UNRELEASED).endswith("(Unreleased state, source commit def456).")


def test_a_doi_is_given_in_both_forms_before_the_address():
    doi = "10.5281/zenodo.42"
    entry = parse_string(sphinx_citation.bibtex_entry(CITATION, "book/x", "X", "https://s/x.html", RELEASE, doi),
                         "bibtex").entries[f"fctoconv{CITATION['date-released'][:4]}-x"]
    assert entry.fields["doi"] == doi
    apa = sphinx_citation.apa_line(CITATION, "X", "https://s/x.html", RELEASE, doi)
    assert apa.endswith("abc123). https://doi.org/10.5281/zenodo.42 https://s/x.html")


def test_the_doi_comes_from_the_environment_then_citation_cff():
    assert sphinx_citation.book_doi(CITATION, {}) is CITATION.get("doi")
    assert sphinx_citation.book_doi({**CITATION, "doi": "10.1234/cff"}, {}) == "10.1234/cff"
    assert sphinx_citation.book_doi({**CITATION, "doi": "10.1234/cff"}, {"BOOK_DOI": "10.5281/z.1"}) == "10.5281/z.1"
    assert sphinx_citation.book_doi(CITATION, {"BOOK_DOI": "  "}) is None


@pytest.mark.parametrize("value", ["https://doi.org/10.5281/z.1", "zenodo.1", "10.12/x"])
def test_what_is_not_a_doi_is_refused(value):
    with pytest.raises(ValueError, match="BOOK_DOI"):
        sphinx_citation.book_doi(CITATION, {"BOOK_DOI": value})


def test_the_published_citation_cff_adds_the_doi_and_the_address_only_when_known():
    published = yaml.safe_load(sphinx_citation.published_citation(CITATION, "10.5281/z.1", "https://s/0.3.0/"))
    assert published == {**CITATION, "doi": "10.5281/z.1", "url": "https://s/0.3.0/"}
    assert yaml.safe_load(sphinx_citation.published_citation(CITATION, None, None)) == CITATION


def test_the_editions_switch_is_one_or_nothing():
    assert sphinx_site.for_editions({"BOOK_EDITIONS": "1"}) and not sphinx_site.for_editions({})
    with pytest.raises(ValueError, match="BOOK_EDITIONS"):
        sphinx_site.for_editions({"BOOK_EDITIONS": "yes"})


# The Changes appendix

def test_the_changes_appendix_has_a_section_per_release_newest_first_starting_with_the_current():
    headings = re.findall(r"(?m)^## (.+)$", (REPO / "book" / "changes.md").read_text())
    if headings[0] == "Unreleased":  # what main holds beyond the last release
        headings = headings[1:]
    versions = [heading.removeprefix("Version ") for heading in headings]
    assert headings == [f"Version {version}" for version in versions]
    assert versions[0] == str(CITATION["version"])
    keys = [tuple(map(int, version.split("."))) for version in versions]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == len(keys)
    assert {tag[1:] for tag in release_tags()} <= set(versions)
