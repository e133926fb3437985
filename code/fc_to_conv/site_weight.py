"""What a reader downloads on a first visit to a page of the built site, compressed as a server sends it.

Used by tests/test_site_weight.py (which keeps every page within a budget) and by
benchmarks/bench.py (which reports it). The count follows what a browser fetches without
running a script: the page, the scripts, stylesheets, icons and preloads it links, the images
it shows, and, from each stylesheet, the files its ``url()`` names (other stylesheets,
images and, of each ``@font-face``, the first source, the one a current browser takes).
That counts every font face a stylesheet declares, even one no character on the page uses,
so it is an upper bound. Each file is counted once per page, gzip-compressed at level 9, as
GitHub Pages and most servers send text.
"""

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

SCRIPT = re.compile(r"<script\b[^>]*\ssrc=\"([^\"]+)\"")
LINK = re.compile(r"<link\b[^>]*>")
FETCHED_LINK = re.compile(r"\srel=\"(?:stylesheet|preload|modulepreload|icon|shortcut icon)\"")
HREF = re.compile(r"\shref=\"([^\"]+)\"")
IMAGE = re.compile(r"<(?:img|source)\b[^>]*\s(?:src|srcset)=\"([^\"\s]+)")
OBJECT = re.compile(r"<object\b[^>]*\sdata=\"([^\"]+)\"")
FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
URL = re.compile(r"url\(\s*[\"']?([^\"')]+)")


def references(path, text):
    """The local addresses a browser fetches for the HTML or CSS file at ``path`` with content ``text``."""
    if path.suffix == ".html":
        found = SCRIPT.findall(text) + IMAGE.findall(text) + OBJECT.findall(text)
        found += [href for tag in LINK.findall(text) if FETCHED_LINK.search(tag) for href in HREF.findall(tag)]
    elif path.suffix == ".css":
        found = [URL.findall(face)[0] for face in FONT_FACE.findall(text) if URL.findall(face)]
        found += URL.findall(FONT_FACE.sub("", text))
    else:
        return []
    return [address for address in found if not address.startswith("data:") and not urlsplit(address).scheme
            and not address.startswith("//")]


def first_visit(page):
    """{file: gzip-compressed bytes} for everything the first visit to the HTML file ``page`` fetches.

    Raises ValueError if ``page`` is not an HTML file or if it, or a file it needs, is missing,
    since a missing file would make the page look lighter than it is.
    """
    page = Path(page).resolve()
    if page.suffix != ".html" or not page.is_file():
        raise ValueError(f"first_visit needs a built .html file; got {page}")
    sizes, pending = {}, [(page, None)]
    while pending:
        path, needed_by = pending.pop()
        if path in sizes:
            continue
        if not path.is_file():
            raise ValueError(f"{needed_by} needs {path}, which is not in the site")
        data = path.read_bytes()
        sizes[path] = len(gzip.compress(data, compresslevel=9, mtime=0))
        for address in references(path, data.decode("utf-8", errors="replace")):
            pending.append(((path.parent / unquote(urlsplit(address).path)).resolve(), path))
    return sizes
