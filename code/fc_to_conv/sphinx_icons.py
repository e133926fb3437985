"""Sphinx extension: the theme's icons without its 1.45 MB icon script.

pydata-sphinx-theme loads ``fontawesome.js`` on every page, a script that holds all of Font
Awesome's 2,000 icons and replaces each ``<i class="fa-...">`` with an SVG when the page has
loaded. The theme's stylesheet also declares Font Awesome's web fonts, which draw the same
icons (and the icons of admonitions and other theme parts that the stylesheet places through
``content``). This extension keeps the fonts and drops the script:

- the template ``templates/static/webpack-macros.html`` leaves the script out of every page;
- when the build has finished, each font is cut down (fontTools' subsetter) to the glyphs the
  site can show: the icons named by a ``fa-*`` class in a built page or script, and every
  icon character that the stylesheets use outside Font Awesome's catalogue of
  ``.fa-name:before`` rules. The script itself is removed from the output.
"""

import re
from pathlib import Path

from fontTools import subset

FONTS = "_static/vendor/fontawesome/webfonts"
SCRIPT = "_static/scripts/fontawesome.js"
#: Font Awesome's code points lie in Unicode's Private Use Area.
PRIVATE_USE = range(0xE000, 0xF900)
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CATALOGUE_SELECTOR = re.compile(r"\.fa-([a-z0-9-]+):(?:before|after)")
ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")


def characters(css):
    """The Private Use Area code points in a piece of CSS, written literally or as escapes."""
    found = {ord(c) for c in css if ord(c) in PRIVATE_USE}
    found |= {int(h, 16) for h in ESCAPE.findall(css) if int(h, 16) in PRIVATE_USE}
    return found


def used_code_points(stylesheets, names):
    """The icon code points the site can show.

    ``stylesheets`` are CSS texts, ``names`` the icon names (``bars`` for ``fa-bars``) used in
    pages and scripts. A catalogue rule (every selector ``.fa-name:before``) contributes its
    code point only if one of its names is used; any other rule contributes all of its own.
    """
    used = set()
    for css in stylesheets:
        for selectors, body in RULE.findall(css):
            catalogue = [CATALOGUE_SELECTOR.fullmatch(s.strip()) for s in selectors.split(",")]
            if all(catalogue):
                if any(match.group(1) in names for match in catalogue):
                    used |= characters(body)
            else:
                used |= characters(body)
    return used


def cut_fonts(app, exception):
    """Subset the Font Awesome fonts in the built site to the glyphs it uses; remove the icon script."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    fonts = sorted((out / FONTS).glob("*.*"))
    if not fonts:
        return
    (out / SCRIPT).unlink(missing_ok=True)
    (out / (SCRIPT + ".map")).unlink(missing_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html")) + sorted((out / "_static").rglob("*.js"))]
    names = {name for text in texts for name in ICON_CLASS.findall(text)}
    stylesheets = [p.read_text(encoding="utf-8") for p in sorted((out / "_static").rglob("*.css"))]
    keep = used_code_points(stylesheets, names)
    for font in fonts:
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = []
        options.notdef_outline = True
        cutter = subset.Subsetter(options)
        loaded = subset.load_font(str(font), options)
        cutter.populate(unicodes=keep & set(loaded.getBestCmap()))
        cutter.subset(loaded)
        subset.save_font(loaded, str(font), options)


def setup(app):
    """Register the font cutting; sphinx_a11y puts this package's templates ahead of the theme's."""
    app.setup_extension("fc_to_conv.sphinx_a11y")
    app.connect("build-finished", cut_fonts)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
