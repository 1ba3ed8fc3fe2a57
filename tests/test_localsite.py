"""The loopback site server the demo, the tests and the benchmark crawl."""

from __future__ import annotations

import gzip
import socket
import urllib.request
from pathlib import Path

import pytest

from bench import sitegen
from crawler.localsite import LocalSite


def _get(site: LocalSite, path: str, host: str) -> tuple[str | None, bytes]:
    request = urllib.request.Request(
        f"http://{site.address}{path}", headers={"Host": host, "Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_a_pre_compressed_sibling_is_served_as_it_is(tmp_path: Path) -> None:
    pages = tmp_path / "example.org"
    pages.mkdir()
    page = b"<html><body>" + b"<p>plain</p>" * 200 + b"</body></html>"
    (pages / "a.html").write_bytes(page)
    (pages / "b.html").write_bytes(page)
    static = gzip.compress(page.replace(b"plain", b"from the .gz"), mtime=0)
    (pages / "a.html.gz").write_bytes(static)
    with LocalSite(tmp_path) as site:
        assert _get(site, "/a.html", "example.org") == ("gzip", static)
        encoding, body = _get(site, "/b.html", "example.org")  # compressed when served
    assert encoding == "gzip" and gzip.decompress(body) == page


def test_the_benchmark_site_is_written_compressed_as_served(tmp_path: Path) -> None:
    news = sitegen.write_site(tmp_path, 3) / "news"
    for n in range(3):
        page = (news / f"{n}.html").read_bytes()
        assert gzip.decompress((news / f"{n}.html.gz").read_bytes()) == page
        assert page == sitegen.article_html(n, 3)[0]


def _listen_overflows() -> int:
    """Handshakes the kernel dropped for a full listen queue, machine-wide (Linux)."""
    names, values = [line.split() for line in Path("/proc/net/netstat").read_text().splitlines()][
        :2
    ]
    return int(values[names.index("ListenOverflows")])


@pytest.mark.skipif(not Path("/proc/net/netstat").exists(), reason="Linux's TCP counters")
def test_a_crawls_worth_of_connections_at_once_is_answered(tmp_path: Path) -> None:
    # socketserver's listen queue of 5 drops some of these handshakes; their requests then
    # hang until the client's timeout (Scrapy's: a minute)
    (tmp_path / "example.org").mkdir()
    (tmp_path / "example.org" / "a.html").write_bytes(b"<p>a</p>")
    request = b"GET /a.html HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n"
    dropped = _listen_overflows()
    with LocalSite(tmp_path) as site:
        host, port = site.server.server_address[:2]
        connections = [socket.create_connection((host, port), timeout=5) for _ in range(64)]
        try:
            for connection in connections:
                connection.sendall(request)
            answers = [connection.recv(12) for connection in connections]
        finally:
            for connection in connections:
                connection.close()
    assert answers == [b"HTTP/1.1 200"] * 64
    assert _listen_overflows() == dropped
