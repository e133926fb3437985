"""Sphinx extension: where the book is published comes from where it is built, never from a placeholder.

The deploy workflow knows the repository and the site's address and passes them to the build
as ``BOOK_REPOSITORY_URL`` and ``BOOK_SITE_URL``. With a site address the build writes
``sitemap.xml`` (sphinx-sitemap), Open Graph tags (sphinxext-opengraph) and canonical links,
and every "Cite this chapter" box gives the chapter's address; with a repository address the
theme shows its repository button and each chapter's launch button (Binder, which builds the
repository's ``binder/`` environment). A local build has neither, so it leaves all of that out
instead of inventing an address.
"""

import os
from urllib.parse import urlsplit

SITE_VARIABLE = "BOOK_SITE_URL"
REPOSITORY_VARIABLE = "BOOK_REPOSITORY_URL"


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


def configure(app, config):
    """Set the addresses the build was given, and the theme's repository and launch buttons to match."""
    site, repository = site_address(), repository_address()
    if site:
        config.html_baseurl = site
        config.ogp_site_url = site
        config.ogp_social_cards = {"enable": False}  # drawing them needs fonts and adds an image per page
        config.sitemap_url_scheme = "{link}"  # pages sit at the base address, not under a language folder
        config.sitemap_excludes = ["search.html", "genindex.html"]
    options = config.html_theme_options
    options["repository_url"] = repository or ""
    options["use_repository_button"] = repository is not None
    if repository is None:
        options["launch_buttons"] = {}


def setup(app):
    """Load the sitemap and Open Graph extensions only for a build that knows the site's address."""
    if site_address():
        app.setup_extension("sphinx_sitemap")
        app.setup_extension("sphinxext.opengraph")
    # Jupyter Book passes every build a comments_config (its html.comments); the book does not load
    # sphinx_comments, which would read it, since it has no comment service: take it here unused.
    app.add_config_value("comments_config", {}, "html")
    app.connect("config-inited", configure)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
