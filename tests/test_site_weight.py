"""Every page's first visit stays within its budget: 400 KiB gzip-compressed, everything included (issue 18)."""

import gzip

import pytest

from fc_to_conv.site_weight import first_visit

BUDGET = 400 * 1024


def site_pages(html):
    """Every HTML page of the built site (the theme's template fragments under _static are not pages)."""
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.relative_to(html).parts)


@pytest.mark.slow
def test_every_page_is_within_budget(built_book):
    weights = {page.relative_to(built_book).as_posix(): sum(first_visit(page).values()) for page in site_pages(built_book)}
    assert len(weights) > 12
    over = {page: weight for page, weight in weights.items() if weight > BUDGET}
    assert over == {}, f"first visit over {BUDGET // 1024} KiB gzip-compressed: {over}"


@pytest.mark.slow
def test_no_page_loads_mathjax_or_the_icon_script(built_book):
    for page in site_pages(built_book):
        names = {path.name for path in first_visit(page)}
        assert not {"tex-chtml.js", "fontawesome.js"} & names, f"{page.name} loads {names}"


@pytest.mark.slow
def test_the_tab_script_loads_only_where_a_page_has_tabs(built_book):
    """sphinx-design's design-tabs.js drives tab sets alone (fc_to_conv.sphinxext.defer)."""
    loads = {page.name for page in site_pages(built_book) if "design-tabs.js" in {p.name for p in first_visit(page)}}
    tabbed = {page.name for page in site_pages(built_book) if 'class="sd-tab-set' in page.read_text(encoding="utf-8")}
    assert loads == tabbed


def test_has_tabs_finds_a_tab_set_anywhere_in_the_doctree():
    from docutils import nodes

    from fc_to_conv.sphinxext.defer import has_tabs
    page = nodes.document(None, None)
    section = nodes.section()
    page += section
    assert not has_tabs(page) and not has_tabs(None)
    section += nodes.container(classes=["sd-tab-set", "docutils"])
    assert has_tabs(page)


@pytest.mark.slow
def test_only_the_search_page_loads_the_search_index(built_book):
    """The theme's search-as-you-type is off, so its search tools and index load on search.html alone."""
    search = {"searchtools.js", "language_data.js", "searchindex.js"}
    loads = {page.relative_to(built_book).as_posix(): search & {path.name for path in first_visit(page)}
             for page in site_pages(built_book)}
    assert loads.pop("search.html") == search
    assert {page: names for page, names in loads.items() if names} == {}


@pytest.mark.slow
def test_icon_fonts_are_cut_to_a_few_glyphs(built_book):
    """The theme's Font Awesome fonts hold only the icons the site uses (fc_to_conv.sphinxext.lean)."""
    from fontTools.ttLib import TTFont

    fonts = sorted((built_book / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    assert fonts
    glyphs = {font.name: len(TTFont(font).getBestCmap()) for font in fonts}
    assert 1 <= glyphs["fa-brands-400.woff2"] and all(n < 60 for n in glyphs.values()), glyphs


def test_first_visit_counts_what_the_browser_fetches(tmp_path):
    """A small site: the page, its script, its stylesheet, the stylesheet's first font source and image."""
    files = {
        "page.html": '<link rel="stylesheet" href="s/a.css?v=1"><link rel="next" href="other.html">'
                     '<script src="s/a.js"></script><img src="i/b.svg" alt=""><a href="other.html">x</a>',
        "s/a.css": '@font-face{src:url(f.woff2) format("woff2"),url(f.ttf)} b{background:url("../i/c.png")}'
                   ' i{background:url(data:image/png;base64,AA==)}',
        "s/a.js": "let x = 1;", "s/f.woff2": "W" * 500, "s/f.ttf": "T" * 900, "i/b.svg": "<svg/>", "i/c.png": "P",
        "other.html": "never fetched on this page's first visit",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    sizes = first_visit(tmp_path / "page.html")
    fetched = ["page.html", "s/a.css", "s/a.js", "s/f.woff2", "i/b.svg", "i/c.png"]
    assert sorted(sizes) == sorted((tmp_path / name).resolve() for name in fetched)
    assert sum(sizes.values()) == sum(len(gzip.compress(files[name].encode(), 9, mtime=0)) for name in fetched)


def test_first_visit_refuses_a_missing_file(tmp_path):
    (tmp_path / "page.html").write_text('<script src="gone.js"></script>')
    with pytest.raises(ValueError, match="gone.js"):
        first_visit(tmp_path / "page.html")
    with pytest.raises(ValueError, match="needs a built .html file"):
        first_visit(tmp_path / "gone.html")


def test_purge_keeps_the_rules_a_page_or_script_may_use():
    from fc_to_conv.sphinxext.lean import characters, purge

    css = ('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-list:before{content:"\\f03a"}'
           '.fa-gear:before{content:"\\f013"}:root{--pst-icon-note:"\uf05a"}'
           '@media print{.admonition:after{content:"\\f107"}.gone{x:1}}p:before{content:"\\201c"}'
           '/* e.g. kept */img:not(.only-dark,.dark-light){y:1}.show.tooltip,#nowhere a{z:1}@keyframes k{0%{a:0}}')
    purged = purge(css, {"fa-navicon", "fa-list", "admonition", "show", "tooltip", "unused"})
    assert purged == (css.replace('.fa-gear:before{content:"\\f013"}', "").replace(".gone{x:1}", "")
                      .replace("/* e.g. kept */", ""))
    assert characters(purged) == {0xF0C9, 0xF03A, 0xF05A, 0xF107}
    assert purge(css, set()).count("{") == purged.count("{") - 4  # bars, list, admonition, tooltip rules go too


def test_purge_is_not_misled_by_a_comment_holding_a_semicolon_or_braces():
    from fc_to_conv.sphinxext.lean import purge

    css = "/* a note; with {braces} */\n.kept { a: 1; }\n/* and; more */ .gone { b: 2; }\n@media (x) { .kept { c: 3; } }"
    assert purge(css, {"kept"}) == "\n.kept { a: 1; }\n@media (x) { .kept { c: 3; } }"
