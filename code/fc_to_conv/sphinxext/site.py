"""Sphinx extension: where the book is published comes from where it is built, never from a placeholder.

The deploy workflow knows the repository and the site's address and passes them to the build
as ``BOOK_REPOSITORY_URL`` and ``BOOK_SITE_URL``. The site holds every edition in its own folder
(``tools/editions.py``): a release at ``<site>/X.Y.Z/``, the unreleased state at ``<site>/main/``,
so a build's own address (``html_baseurl``) is the site's address and its edition's folder
(:class:`fc_to_conv.sphinxext.citation.Edition`, found from the tag on the source commit). With
a site address the build writes ``sitemap.xml`` (sphinx-sitemap), Open Graph tags
(sphinxext-opengraph) and canonical links, and every "Cite this chapter" box gives the
chapter's address in its edition; with a repository address the theme shows its repository
button and each chapter's launch button (Binder, which builds the repository's ``binder/``
environment). A local build has neither, so it leaves all of that out instead of inventing an
address.

A build for the multi-version site (``BOOK_EDITIONS=1``, which ``tools/editions.py`` sets) also
shows pydata-sphinx-theme's version switcher in every page's header, fed by the site's own
``switcher.json`` (at the site's root; ``/switcher.json`` when no address is given, for a copy
served at a server's root), and the theme's banner on an edition older than the newest
release, which links the same page in the newest (``static/fc_to_conv_editions.js`` words it for
a book).
"""

import os
from urllib.parse import urlsplit

SITE_VARIABLE = "BOOK_SITE_URL"
REPOSITORY_VARIABLE = "BOOK_REPOSITORY_URL"
EDITIONS_VARIABLE = "BOOK_EDITIONS"
#: The version list the switcher reads, at the site's root (tools/editions.py writes it).
SWITCHER = "switcher.json"
#: The theme's article header, the switcher after the button that opens the table of contents.
HEADER_START = ["toggle-primary-sidebar.html", "version-switcher"]


def address(name, environ=os.environ):
    """The http(s) address in environment variable ``name``, or None when it is unset or blank.

    Raises ValueError for anything else, naming the variable, what it held and what is allowed.
    """
    value = environ.get(name, "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} is {value!r}; it must be an http:// or https:// address, or unset")
    return value


def site_address(environ=os.environ):
    """The site's base address from ``BOOK_SITE_URL``, ending in ``/``, or None for a local build."""
    site = address(SITE_VARIABLE, environ)
    return site if site is None or site.endswith("/") else site + "/"


def repository_address(environ=os.environ):
    """The repository's address from ``BOOK_REPOSITORY_URL``, without a trailing ``/``, or None."""
    repository = address(REPOSITORY_VARIABLE, environ)
    return repository and repository.rstrip("/")


def for_editions(environ=os.environ):
    """Whether the build is one edition of the multi-version site: ``BOOK_EDITIONS`` is ``1`` (else unset or blank).

    Raises ValueError for any other value.
    """
    value = environ.get(EDITIONS_VARIABLE, "").strip()
    if value not in ("", "1"):
        raise ValueError(f"{EDITIONS_VARIABLE} is {value!r}; it must be 1 or unset")
    return value == "1"


def configure(app, config):
    """Set the edition's address on the site, the theme's repository and launch buttons to match, and
    the version switcher when the build is one of the site's editions."""
    site, repository = site_address(), repository_address()
    if site:
        config.html_baseurl = f"{site}{app.fc_to_conv_edition.folder}/"  # found by fc_to_conv.sphinxext.citation
        config.ogp_site_url = config.html_baseurl
        config.ogp_social_cards = {"enable": False}  # drawing them needs fonts and adds an image per page
        config.sitemap_url_scheme = "{link}"  # pages sit at the base address, not under a language folder
        config.sitemap_excludes = ["search.html", "genindex.html"]
    options = config.html_theme_options
    options["repository_url"] = repository or ""
    options["use_repository_button"] = repository is not None
    if repository is None:
        options["launch_buttons"] = {}
    if for_editions():
        options["switcher"] = {"json_url": (site or "/") + SWITCHER, "version_match": config.release}
        options["check_switcher"] = False  # the file is the site's, written after the builds
        options["show_version_warning_banner"] = True
        options["article_header_start"] = HEADER_START


def setup(app):
    """Load the sitemap and Open Graph extensions only for a build that knows the site's address, and
    the banner's words (static/, which fc_to_conv.sphinxext.widgets publishes) on the multi-version site."""
    app.setup_extension("fc_to_conv.sphinxext.citation")  # which finds the edition (its config-inited runs first)
    if for_editions():
        app.add_js_file("fc_to_conv_editions.js")
    if site_address():
        app.setup_extension("sphinx_sitemap")
        app.setup_extension("sphinxext.opengraph")
    # Jupyter Book passes every build a comments_config (its html.comments); the book does not load
    # sphinx_comments, which would read it, since it has no comment service: take it here unused.
    app.add_config_value("comments_config", {}, "html")
    app.connect("config-inited", configure)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
