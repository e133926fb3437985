"""make bench serves the site to Lighthouse as the book's host does: text gzip-compressed on request."""

import gzip
import importlib.util
import urllib.request

from conftest import REPO

spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def fetch(address, accept_gzip):
    request = urllib.request.Request(address, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_text_is_compressed_when_the_browser_accepts_it_and_images_never(tmp_path):
    page = "<p>" + "a convolution is a constrained dense layer " * 50 + "</p>"
    (tmp_path / "index.html").write_text(page)
    (tmp_path / "figure.png").write_bytes(b"\x89PNG" + bytes(300))
    with bench.served(tmp_path, compressed=True) as address:
        encoding, body = fetch(f"{address}/index.html", accept_gzip=True)
        assert encoding == "gzip" and len(body) < len(page) and gzip.decompress(body).decode() == page
        assert fetch(f"{address}/", accept_gzip=True)[0] == "gzip"
        assert fetch(f"{address}/index.html", accept_gzip=False) == (None, page.encode())
        assert fetch(f"{address}/figure.png", accept_gzip=True)[0] is None
    with bench.served(tmp_path, compressed=False) as address:
        assert fetch(f"{address}/index.html", accept_gzip=True) == (None, page.encode())
