"""fc_to_conv.sphinxext.widgets: an edit to the script or a stylesheet alone reaches the site."""

from fc_to_conv.sphinxext import widgets


def test_the_static_digest_follows_every_file_of_the_folder(tmp_path):
    (tmp_path / "a.css").write_text("p { margin: 0; }")
    (tmp_path / "b.js").write_text("let x = 1;")
    first = widgets.static_digest(tmp_path)
    assert widgets.static_digest(tmp_path) == first
    (tmp_path / "a.css").write_text("p { margin: 1px; }")
    edited = widgets.static_digest(tmp_path)
    (tmp_path / "b.js").rename(tmp_path / "c.js")
    assert len({first, edited, widgets.static_digest(tmp_path)}) == 3


def test_the_digest_is_a_setting_whose_change_rewrites_every_page():
    """Sphinx's HTML builder rewrites every page when a configuration value marked "html" changes."""
    registered = {}

    class App:
        def connect(self, event, handler):
            pass

        def add_config_value(self, name, default, rebuild):
            registered[name] = (default, rebuild)

        def add_js_file(self, name):
            pass

        add_css_file = add_js_file

    widgets.setup(App())
    assert registered == {"fc_to_conv_static": (widgets.static_digest(), "html")}


def test_tables_of_many_columns_are_marked_wide():
    from docutils import nodes

    def table(columns):
        made = nodes.table()
        made += nodes.tgroup(cols=columns)
        return made

    doctree = nodes.document(None, None)
    tables = [table(n) for n in (5, 6, 7, 8)]
    doctree += tables
    widgets.mark_wide_tables(None, doctree, "book/x")
    assert [t["classes"] for t in tables] == [[], ["fcc-wide"], ["fcc-wide"], ["fcc-wide", "fcc-widest"]]
