"""Sphinx extension: a light first visit. The theme's stylesheets and icons, cut to what the site uses.

pydata-sphinx-theme loads ``fontawesome.js`` on every page, a 1.45 MB script that holds all of
Font Awesome's 2,000 icons and turns each ``<i class="fa-...">`` into an SVG once the page has
loaded, and its stylesheet (400 KB, with Bootstrap's) holds rules for every component and
icon a site might use; a browser must download all of it before it draws anything. The
theme's stylesheet also declares Font Awesome's web fonts, which draw the same icons. So:

- the template ``templates/static/webpack-macros.html`` leaves the script out of every page, and
  ``templates/layout.html`` the search tools and index, which the theme loads on every page
  for a search-as-you-type this book does not use;
- when the build has finished, every stylesheet in ``_static`` loses the rules that cannot
  match: a rule is dropped when each of its selectors names a class or id that occurs in no
  built page and no script (scripts are searched too, since they add classes such as
  Bootstrap's ``show``); the catalogue of icon rules (``.fa-name:before``) shrinks to the
  icons the site names;
- then each Font Awesome font is cut down (fontTools' subsetter) to the icon characters the
  remaining rules use.

The site also gets an icon (``favicon.svg`` in this package, a 2x2 kernel) unless the
configuration names one (``html_favicon``): without one, every browser asks for a missing
``/favicon.ico`` and logs the failure.

Matching words is conservative: a class that only appears in prose keeps its rule. What it
cannot see is a class a script builds from pieces; such a rule is lost.
"""

import re
from pathlib import Path

from fontTools import subset

FAVICON = Path(__file__).with_name("favicon.svg")
FONTS = "_static/vendor/fontawesome/webfonts"
SCRIPT = "_static/scripts/fontawesome.js"
#: Font Awesome's code points lie in Unicode's Private Use Area.
PRIVATE_USE = range(0xE000, 0xF900)
RULE = re.compile(r"([^{};]+)\{([^{}]*)\}")
NAME = re.compile(r"[.#]((?:[A-Za-z0-9_-]|\\.)+)")
NEGATION = re.compile(r":not\([^()]*\)")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
WORD = re.compile(r"[A-Za-z0-9_-]+")
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})")


def selectors(group):
    """The selectors of a rule's selector list, split at top-level commas (not those inside ``:is(...)``)."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(group):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(group[start:i])
            start = i + 1
    return parts + [group[start:]]


def may_match(selector, words):
    """False if ``selector`` needs a class or id that is not in ``words``; names inside ``:not()`` need nothing."""
    return all(name.replace("\\", "") in words for name in NAME.findall(NEGATION.sub("", selector)))


def purge(css, words):
    """``css`` without its comments and without the rules none of whose selectors may match a page
    built from ``words``.

    Only innermost rules are judged; at-rule preludes (``@media ...``) and keyframe steps name no
    class and are kept. Comments go first: a ``;`` or brace in one would otherwise split the
    rules around it wrongly.
    """
    def kept(rule):
        group = rule.group(1)
        if group.lstrip().startswith("@") or any(may_match(s, words) for s in selectors(group)):
            return rule.group(0)
        return ""
    return RULE.sub(kept, COMMENT.sub("", css))


def characters(css):
    """The Private Use Area code points in a piece of CSS, written literally or as escapes."""
    found = {ord(c) for c in css if ord(c) in PRIVATE_USE}
    found |= {int(h, 16) for h in ESCAPE.findall(css) if int(h, 16) in PRIVATE_USE}
    return found


def cut_fonts(fonts, keep):
    """Subset each font file in place to the code points in ``keep``."""
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


def lighten(app, exception):
    """Remove the icon script, purge the stylesheets and cut the icon fonts of the built site."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    (out / SCRIPT).unlink(missing_ok=True)
    (out / (SCRIPT + ".map")).unlink(missing_ok=True)
    (out / (SCRIPT + ".LICENSE.txt")).unlink(missing_ok=True)
    sources = sorted(out.rglob("*.html")) + sorted(out.rglob("*.js"))
    words = {word for path in sources for word in WORD.findall(path.read_text(encoding="utf-8"))}
    keep = set()
    for stylesheet in sorted((out / "_static").rglob("*.css")):
        css = purge(stylesheet.read_text(encoding="utf-8"), words)
        stylesheet.write_text(css, encoding="utf-8")
        keep |= characters(css)
    cut_fonts(sorted((out / FONTS).glob("*.*")), keep)


def add_favicon(app, config):
    """Give the site this package's icon unless the configuration names one."""
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def setup(app):
    """Register the clean-up and the icon; fc_to_conv.sphinxext.a11y puts this package's templates ahead of the theme's."""
    app.setup_extension("fc_to_conv.sphinxext.a11y")
    app.connect("config-inited", add_favicon)
    app.connect("build-finished", lighten)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
