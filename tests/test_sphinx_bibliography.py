"""fc_to_conv.sphinxext.bibliography: the bibliography's labels are the chapters' author-year citations."""

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import REPO
from fc_to_conv.sphinxext.bibliography import AuthorYearLabels, author_year

ENTRIES = parse_file(str(REPO / "book" / "references.bib")).entries


def test_labels_follow_the_number_of_authors():
    assert author_year(ENTRIES["gad2018derivation"]) == "Gad, 2018"
    assert author_year(ENTRIES["aghdam2017guide"]) == "Aghdam and Heravi, 2017"
    assert author_year(ENTRIES["goodfellow2016deep"]) == "Goodfellow et al., 2016"
    assert author_year(ENTRIES["chollet2015keras"]) == "Chollet and others, 2015"  # as sphinxcontrib-bibtex cites it
    assert author_year(ENTRIES["torchvision2016"]) == "TorchVision maintainers and contributors, 2016"  # no braces


def test_repeated_labels_get_letters_and_every_label_is_unique():
    entries = [ENTRIES["gad2018derivation"], ENTRIES["gad2018derivation"], ENTRIES["aghdam2017guide"]]
    assert list(AuthorYearLabels().format_labels(entries)) == ["Gad, 2018a", "Gad, 2018b", "Aghdam and Heravi, 2017"]
    labels = list(AuthorYearLabels().format_labels(ENTRIES.values()))
    assert len(set(labels)) == len(ENTRIES)


@pytest.mark.slow
def test_every_citation_in_the_chapters_reads_as_the_label_it_links_to(built_book):
    references = BeautifulSoup((built_book / "book" / "references.html").read_text(encoding="utf-8"), "html.parser")
    labels = {entry["id"]: entry.select_one(".label").get_text(strip=True).strip("[]")
              for entry in references.select("div.citation")}
    cited = 0
    for page in (built_book / "book").glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("article a[href^='references.html#']"):
            assert " ".join(link.get_text().split()) == labels[link["href"].split("#")[1]], page.name
            cited += 1
    assert cited >= len(labels)
