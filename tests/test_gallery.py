"""The figure gallery (issue 24, 5): every figure of the chapters with its files and a credit line, for slides."""

import io
import re
from xml.dom import minidom

import matplotlib
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from conftest import REPO
from fc_to_conv import correlation
from fc_to_conv.sphinxext import citation, gallery
from fc_to_conv.svg import to_svg
from test_site import chapter_url

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())
CITATION = yaml.safe_load((REPO / "CITATION.cff").read_text())
GALLERY = "book/figures"
#: A file name the gallery gives a figure: its number in reading order and its name, no content hash.
READABLE = re.compile(r"fig-(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.(svg|png)")
#: The figures that show the cameraman photograph.
PHOTOGRAPH = {"fig-cameraman", "fig-edge-map", "fig-equivariance"}


def toc_pages():
    """The book's pages in reading order, from _toc.yml."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    return [toc["root"]] + [entry["file"] for entry in toc["chapters"]]


def soup_of(html, docname):
    return BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def words(element):
    """An element's text as a reader sees it, white space collapsed."""
    return " ".join(element.get_text(" ").split()).replace(" .", ".").replace(" ,", ",")


# ---------------------------------------------------------------- the photograph's credit

def test_the_photograph_is_credited_from_scikit_images_own_words():
    credit = correlation.cameraman_credit()
    from skimage import data
    notes = " ".join(data.camera.__doc__.split())
    assert f"{credit.licence} by the photographer ({credit.photographer})" in notes
    assert f"versionchanged:: {credit.since} This image was replaced" in notes
    assert (credit.photographer, credit.licence) == ("Lav Varshney", "CC0")  # what scikit-image 0.18 on says
    assert credit.text == "photograph by Lav Varshney, CC0"


def test_a_camera_without_its_credit_stops_the_build(monkeypatch):
    from skimage import data

    def camera():
        """Gray-level "camera" image."""
    monkeypatch.setattr(data, "camera", camera)
    with pytest.raises(ValueError, match="no longer says"):
        correlation.cameraman_credit()


def test_a_figures_source_is_written_into_its_svg_and_nothing_else_changes():
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [1, 0])
    plain, credited = to_svg(fig), to_svg(fig, source="photograph by A, CC0")
    plt.close(fig)
    assert "dc:source" not in plain
    assert re.search(r"<dc:source>photograph by A, CC0</dc:source>", credited)
    assert re.sub(r"<metadata>.*?</metadata>", "", credited) == plain


# ---------------------------------------------------------------- names, licence, files

def test_file_names_come_from_the_figures_names():
    assert gallery.slug("fig-groups") == "groups"
    assert gallery.slug("fig-learning-curve") == "learning-curve"


def test_the_figures_licence_is_the_one_citation_cff_gives_text_and_figures():
    assert gallery.figure_licence(CITATION) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    with pytest.raises(ValueError, match="covers figures"):
        gallery.figure_licence({**CITATION, "license": "MIT"})


SMALL_CSS = """
.fcc-svg { width: 100%; }
.fcc-svg * { stroke-linejoin: round; }
.fcc-ring { fill: none; stroke: none; }
.fcc-active .fcc-wire:not(.fcc-on) { opacity: .1; }
.fcc-node:focus-visible .fcc-ring { stroke: #000; }
.fcc-step:not(.fcc-current) { visibility: hidden; }
@media print { .fcc-ring { stroke: red; } }
"""
SMALL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 20" class="fcc-svg">'
             '<g class="fcc-node"><circle class="fcc-ring" r="3"/></g><path class="fcc-wire" d="M0 0L1 1"/>'
             '<g class="fcc-step fcc-current"><rect width="5" height="5" style="fill: red"/></g>'
             '<g class="fcc-step"><rect width="5" height="5"/></g></svg>')


def test_a_widgets_drawing_at_rest_carries_the_rules_that_apply_at_rest():
    root = minidom.parseString(gallery.resting_svg(SMALL_SVG, SMALL_CSS)).documentElement
    assert (root.getAttribute("width"), root.getAttribute("height")) == ("30pt", "20pt")
    assert "width: 100%" not in root.getAttribute("style")  # the page's box is not the drawing's
    ring, = root.getElementsByTagName("circle")
    assert ring.getAttribute("style") == "stroke-linejoin: round; fill: none; stroke: none"  # no focus, no print rule
    wire, = root.getElementsByTagName("path")
    assert "opacity" not in wire.getAttribute("style")  # nothing is traced at rest
    current, other = (g for g in root.getElementsByTagName("g") if "fcc-step" in g.getAttribute("class"))
    assert "visibility" not in current.getAttribute("style") and "visibility: hidden" in other.getAttribute("style")
    own = current.getElementsByTagName("rect")[0].getAttribute("style")
    assert own.endswith("fill: red")  # an element's own style comes last, and wins, as in the page


def test_a_drawing_without_a_view_box_is_refused():
    with pytest.raises(ValueError, match="viewBox"):
        gallery.resting_svg('<svg xmlns="http://www.w3.org/2000/svg" class="fcc-svg"/>', SMALL_CSS)


def test_the_png_is_the_svg_drawn_at_twice_its_size_on_white():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="30pt" height="15pt" viewBox="0 0 30 15">'
           '<rect x="15" width="15" height="15" fill="#0000ff"/></svg>')
    image = Image.open(io.BytesIO(gallery.png_of(svg))).convert("RGB")
    assert image.size == (80, 40)  # 30 pt at 96 dpi is 40 px; twice that
    assert image.getpixel((10, 20)) == (255, 255, 255) and image.getpixel((70, 20)) == (0, 0, 255)


def test_a_png_is_drawn_again_only_when_its_svg_changed(tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(gallery, "png_of", lambda svg: drawn.append(svg) or b"png")
    gallery.write_files(tmp_path, {"fig-01-a": "<svg/>"})
    gallery.write_files(tmp_path, {"fig-01-a": "<svg/>"})
    gallery.write_files(tmp_path, {"fig-01-a": "<svg><g/></svg>"})
    assert drawn == ["<svg/>", "<svg><g/></svg>"]
    assert (tmp_path / gallery.FOLDER / "fig-01-a.svg").read_text() == "<svg><g/></svg>"


# ---------------------------------------------------------------- the built gallery

def chapter_figures(html):
    """(docname, id, caption text, image file) of every figure of the built pages, in reading order."""
    found = []
    for docname in toc_pages():
        if docname == GALLERY:
            continue
        for figure in soup_of(html, docname).select("article figure[id]"):
            caption = figure.select_one(".caption-text")
            found.append((docname, figure["id"], words(caption), figure.img["src"].rsplit("/", 1)[-1]))
    return found


def gallery_entries(html):
    return soup_of(html, GALLERY).select("article .fcc-gallery-item")


@pytest.mark.slow
def test_the_gallery_lists_exactly_the_chapters_figures_in_reading_order(built_book):
    figures = chapter_figures(built_book)
    entries = [entry for entry in gallery_entries(built_book) if entry.img and entry.select_one(".fcc-gallery-caption")]
    assert len(figures) > 20 and len(entries) == len(figures)
    for number, ((docname, figure_id, caption, image), entry) in enumerate(zip(figures, entries), 1):
        assert entry.find(["h2", "h3"]).get_text(strip=True).rstrip("#") == f"Figure {number}"
        assert words(entry.select_one(".fcc-gallery-caption")) == caption
        assert entry.img["src"].rsplit("/", 1)[-1] == image  # the very file the chapter shows
        link = entry.select_one(f'a[href$="{docname.removeprefix("book/")}.html#{figure_id}"]')
        assert link is not None, f"Figure {number} does not link to {docname}#{figure_id}"


@pytest.mark.slow
def test_every_download_exists_is_valid_and_has_a_readable_stable_name(built_book):
    figures = chapter_figures(built_book)
    page = built_book / f"{GALLERY}.html"
    downloads = [[a["href"] for a in entry.select("a.fcc-download")] for entry in gallery_entries(built_book)]
    assert all(len(pair) == 2 for pair in downloads)
    names = [href.rsplit("/", 1)[-1] for pair in downloads[:len(figures)] for href in pair]
    for number, (docname, figure_id, caption, image) in enumerate(figures, 1):
        svg_name, png_name = names[2 * number - 2: 2 * number]
        assert READABLE.fullmatch(svg_name).groups() == (f"{number:02d}", figure_id.removeprefix("fig-"), "svg")
        assert png_name == svg_name.replace(".svg", ".png")
        svg = (page.parent / downloads[number - 1][0]).resolve()
        assert svg.read_bytes() == (built_book / "_images" / image).read_bytes()  # the chapter's drawing, byte for byte
    for pair in downloads:
        svg, png = ((page.parent / href).resolve() for href in pair)
        root = minidom.parse(str(svg)).documentElement
        assert root.tagName == "svg" and root.getAttribute("viewBox")
        width_pt = float(root.getAttribute("width").removesuffix("pt"))
        with Image.open(png) as image:
            image.verify()
        with Image.open(png) as image:
            assert image.format == "PNG" and abs(image.width - width_pt * 4 / 3 * 2) <= 1


@pytest.mark.slow
def test_every_credit_line_names_the_book_its_authors_and_the_figures_licence(built_book):
    name, deed = gallery.figure_licence(CITATION)
    entries = gallery_entries(built_book)
    figures = chapter_figures(built_book)
    for index, entry in enumerate(entries):
        credit = entry.select_one(".fcc-credit")
        assert credit.em.get_text() == CONFIG["title"]
        assert f"by {CONFIG['author']}, {name}" in words(credit)
        assert credit.find("a", href=deed) is not None
        if index < len(figures):
            docname, figure_id, _, _ = figures[index]
            assert words(credit).startswith(f"Figure {index + 1} from {CONFIG['title']}")
            assert f"{chapter_url(docname.removeprefix('book/'))}#{figure_id}" in words(credit)
        else:
            assert words(credit).startswith("Interactive figure")


@pytest.mark.slow
def test_the_photographs_figures_credit_its_photographer_and_licence(built_book):
    credit = correlation.cameraman_credit()
    figures = chapter_figures(built_book)
    credited = {figure_id for (_, figure_id, _, _), entry in zip(figures, gallery_entries(built_book))
                if credit.text in words(entry.select_one(".fcc-credit"))}
    assert credited == PHOTOGRAPH
    introduced = words(soup_of(built_book, "book/locality").select_one("article"))
    assert (f"replaced it in scikit-image {credit.since}, released under {credit.licence} by its photographer, "
            f"{credit.photographer}") in introduced


@pytest.mark.slow
def test_every_widgets_drawings_are_exported_at_rest(built_book):
    drawn = []
    for docname in toc_pages():
        for widget in soup_of(built_book, docname).select("article .fcc-widget"):
            drawn += [svg for svg in widget.select("svg.fcc-svg")]
    entries = [entry for entry in gallery_entries(built_book) if entry.select_one(".fcc-credit").get_text().startswith("Interactive")]
    assert len(drawn) >= 8 and len(entries) == len(drawn)
    # Each is headed by its widget's wording for paper, which names what the drawing shows, and by nothing else.
    printed = {title.get_text() for docname in toc_pages()
               for title in soup_of(built_book, docname).select("article .fcc-widget .fcc-title .fcc-print")}
    headings = {entry.find(["h2", "h3", "h4"]).get_text().rstrip("#\N{PILCROW SIGN}") for entry in entries}
    assert headings <= printed, headings - printed
    slide = next(entry for entry in entries if "slide-1" in entry.select_one("a.fcc-download")["href"])
    svg = (built_book / GALLERY).parent / slide.select_one("a.fcc-download")["href"]
    root = minidom.parse(str(svg.resolve())).documentElement
    steps = [g for g in root.getElementsByTagName("g") if "fcc-step" in g.getAttribute("class").split()]
    shown = {g.getAttribute("data-step") for g in steps if "visibility: hidden" not in g.getAttribute("style")}
    assert shown == {"0"}  # the kernel on its first window, as the page starts
