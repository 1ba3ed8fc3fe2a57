"""A loopback news site where most pages are broken on purpose.

One server answers for three hosts (through ``NEWSARC_HOST_MAP``): ``news.example``,
``busy.news.example`` (the 429/503-with-Retry-After pages, on their own download slot so
their back-off does not slow the rest) and ``elsewhere.example`` (off the allowed
domains: a careful crawl never asks it for anything). Every request is logged, so tests
can count what the crawler asked for. Everything is bounded: a stalled response waits at
most ``stall`` seconds, or until the server stops.

:data:`FAULTS` maps each broken path to what it does; :func:`source_toml` writes the
source file that points a crawl at the site.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from crawler.localsite import LoopbackServer

HOSTS = ("news.example", "busy.news.example", "elsewhere.example")
GOOD = [f"/news/good-{i}" for i in range(6)]
STORM = [f"/news/storm-{i}" for i in range(4)]

FAULTS = {
    "/news/e500": "500 every time",
    "/news/e503": "503 every time, no Retry-After",
    "/news/e503-later": "503 with Retry-After: 1 once, then the page (busy host)",
    "/news/e503-tomorrow": "503 with Retry-After: 86400",
    "/news/reset": "headers and half the body, then a TCP reset",
    "/news/stall": "headers, then nothing until the client gives up",
    "/news/stall-head": "nothing at all until the client gives up",
    "/news/truncated": "Content-Length: 20000, 8000 bytes sent, connection closed",
    "/news/huge": "50 MB body with its Content-Length",
    "/news/huge-stream": "50 MB body without Content-Length",
    "/news/gzip-bomb": "Content-Encoding: gzip, ~100 kB on the wire, 100 MB inflated",
    "/news/loop": "a redirect to itself with ?n=k+1, forever",
    "/news/offsite": "302 to elsewhere.example",
    "/news/charset-lies": "UTF-8 text under Content-Type charset=iso-8859-1",
    "/news/charset-missing": "UTF-8 text, no charset anywhere",
    "/news/charset-gb2312": "GB18030 text, charset only in <meta> (gb2312)",
    "/news/binary": "random bytes as text/html",
    "/news/malformed": "unclosed tags, stray end tags, comments cut short",
    "/news/private/secret": "disallowed by robots.txt",
}
STORM_FAULT = "429 with Retry-After: 1 once, then the page (busy host)"

WORDS = (
    "ministry",
    "spokesperson",
    "said",
    "delegation",
    "talks",
    "cooperation",
    "trade",
    "energy",
    "region",
    "agreement",
    "foreign",
    "minister",
    "visit",
    "summit",
    "partners",
    "security",
    "water",
    "transport",
    "corridor",
    "investment",
    "dialogue",
    "council",
    "statement",
    "press",
    "briefing",
    "bilateral",
)


def article_html(path: str, extra: str = "", charset_meta: str = "") -> str:
    """A plain news article whose words depend on its path (so no two are duplicates)."""
    seed = sum(map(ord, path))
    paragraphs = []
    for p in range(4):
        words = [WORDS[(seed * (p + 3) + i * 7 + i * i) % len(WORDS)] for i in range(24)]
        paragraphs.append(f"Report {path} part {p}: " + " ".join(words).capitalize() + ".")
    if extra:
        paragraphs.insert(1, extra)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head>{charset_meta}<title>Story {path}</title>"
        f"<meta property='og:type' content='article'>"
        f"<meta property='article:published_time' content='2025-01-15T10:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Story {path}</h1>"
        f"<time datetime='2025-01-15'>15 January 2025</time>{body}</article></body></html>"
    )


def _gzip_bomb(inflated: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"\0" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(inflated >> 20)]
    return b"".join([*parts, compressor.flush()])


class FaultServer:
    """``with FaultServer() as server:`` serves until the block ends."""

    def __init__(self, stall: float = 15.0) -> None:
        self.requests: list[tuple[str, str]] = []
        self.hits: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.stall = stall
        self.bomb = _gzip_bomb(100 << 20)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                server.requests.append((host, self.path))
                path = urlsplit(self.path).path
                server.hits[f"{host}{path}"] += 1
                server.respond(self, host, path, server.hits[f"{host}{path}"])

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.http = LoopbackServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.http.server_address[:2]
        return f"{host}:{port}"

    def host_map(self) -> dict[str, str]:
        return {host: self.address for host in HOSTS}

    def requested(self, path: str, host: str = "news.example") -> int:
        """How many times ``path`` (without query) was asked of ``host``."""
        return self.hits[f"{host}{path}"]

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.http.shutdown()
        self.http.server_close()
        self.thread.join(timeout=5)

    # responses

    def respond(self, h: BaseHTTPRequestHandler, host: str, path: str, hit: int) -> None:
        if host == "elsewhere.example":
            return self.send(h, 200, "text/html; charset=utf-8", article_html(path).encode())
        if path == "/robots.txt":
            return self.send(h, 200, "text/plain", b"User-agent: *\nDisallow: /news/private/\n")
        if path in ("/sitemap.xml", "/feed.xml", "/bomb-sitemap.xml", "/xxe-sitemap.xml"):
            return self.send(h, 200, "application/xml", self.xml(path).encode())
        if path == "/sitemap-bomb.xml.gz":
            return self.send(h, 200, "application/octet-stream", self.bomb)
        if path == "/xxe-probe":
            return self.send(h, 200, "text/plain", b"probe")
        if path in GOOD or path == "/news/private/secret":
            return self.send(h, 200, "text/html; charset=utf-8", article_html(path).encode())
        if host == "busy.news.example" and (path in STORM or path == "/news/e503-later"):
            if hit == 1:
                status = 429 if path in STORM else 503
                return self.send(h, status, "text/plain", b"slow down\n", [("Retry-After", "1")])
            return self.send(h, 200, "text/html; charset=utf-8", article_html(path).encode())
        handler = getattr(self, "fault_" + path.removeprefix("/news/").replace("-", "_"), None)
        if handler is None:
            return self.send(h, 404, "text/plain", b"not found\n")
        return handler(h)

    @staticmethod
    def send(
        h: BaseHTTPRequestHandler,
        status: int,
        content_type: str,
        body: bytes,
        headers: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        for name, value in headers:
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def xml(self, path: str) -> str:
        base = "https://news.example"
        if path == "/sitemap.xml":
            pages = [*GOOD, *FAULTS]
            urls = [f"{base}{p}" for p in pages] + [f"https://busy.news.example{p}" for p in STORM]
            urls[urls.index(f"{base}/news/e503-later")] = (
                "https://busy.news.example/news/e503-later"
            )
            entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            return (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>"
            )
        if path == "/bomb-sitemap.xml":
            lol = ['<!ENTITY lol0 "lol">'] + [
                f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
            ]
            return (
                f'<?xml version="1.0"?><!DOCTYPE urlset [{"".join(lol)}]>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/news/&lol9;</loc></url></urlset>"
            )
        probe = f"http://{self.address}/xxe-probe"
        doctype = (
            f'<!DOCTYPE x [<!ENTITY file SYSTEM "file:///etc/passwd">'
            f'<!ENTITY net SYSTEM "{probe}">]>'
        )
        if path == "/xxe-sitemap.xml":
            return (
                f'<?xml version="1.0"?>{doctype}'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{base}/news/&file;</loc></url><url><loc>&net;</loc></url></urlset>"
            )
        items = "".join(
            f"<item><title>t</title><link>{link}</link></item>"
            for link in (
                f"{base}/news/&file;",
                "&net;",
                "https://elsewhere.example/news/stolen",
                f"{base}{GOOD[0]}",
            )
        )
        return f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel>{items}</channel></rss>'

    # the faults that need more than a status

    def fault_e500(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 500, "text/html", b"<h1>Internal Server Error</h1>")

    def fault_e503(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 503, "text/html", b"<h1>Service Unavailable</h1>")

    def fault_e503_tomorrow(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 503, "text/plain", b"come back tomorrow\n", [("Retry-After", "86400")])

    def fault_reset(self, h: BaseHTTPRequestHandler) -> None:
        body = article_html("/news/reset").encode()
        self.head(h, 200, "text/html; charset=utf-8", len(body))
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    def fault_stall(self, h: BaseHTTPRequestHandler) -> None:
        self.head(h, 200, "text/html; charset=utf-8", 5000)
        h.wfile.write(b"<html><body><p>Slow")
        h.wfile.flush()
        self.stopping.wait(self.stall)
        h.close_connection = True

    def fault_stall_head(self, h: BaseHTTPRequestHandler) -> None:
        self.stopping.wait(self.stall)
        h.close_connection = True

    def fault_truncated(self, h: BaseHTTPRequestHandler) -> None:
        body = article_html("/news/truncated").encode().ljust(20000, b" ")
        self.head(h, 200, "text/html; charset=utf-8", 20000)
        h.wfile.write(body[:8000])
        h.close_connection = True

    def fault_huge(self, h: BaseHTTPRequestHandler) -> None:
        self.head(h, 200, "text/html", 50 << 20)
        self.stream_zeros(h)

    def fault_huge_stream(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        self.stream_zeros(h)
        h.close_connection = True

    def stream_zeros(self, h: BaseHTTPRequestHandler) -> None:
        chunk = b"<p>" + b"a" * 65530 + b"</p>"
        try:
            for _ in range((50 << 20) // len(chunk) + 1):
                if self.stopping.is_set():
                    break
                h.wfile.write(chunk)
        except OSError:
            pass  # the client hung up at its size limit: what we want
        h.close_connection = True

    def fault_gzip_bomb(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 200, "text/html", self.bomb, [("Content-Encoding", "gzip")])

    def fault_loop(self, h: BaseHTTPRequestHandler) -> None:
        n = int(parse_qs(urlsplit(h.path).query).get("n", ["0"])[0])
        self.send(h, 302, "text/plain", b"", [("Location", f"/news/loop?n={n + 1}")])

    def fault_offsite(self, h: BaseHTTPRequestHandler) -> None:
        target = "https://elsewhere.example/news/stolen"
        self.send(h, 302, "text/plain", b"", [("Location", target)])

    def fault_charset_lies(self, h: BaseHTTPRequestHandler) -> None:
        extra = "Die Delegation aus Zürich traf Außenminister Ñúñez in Алматы."
        body = article_html("/news/charset-lies", extra).encode("utf-8")
        self.send(h, 200, "text/html; charset=iso-8859-1", body)

    def fault_charset_missing(self, h: BaseHTTPRequestHandler) -> None:
        extra = "Представители министерства обсудили сотрудничество в Астане."
        self.send(h, 200, "text/html", article_html("/news/charset-missing", extra).encode())

    def fault_charset_gb2312(self, h: BaseHTTPRequestHandler) -> None:
        extra = "外交部发言人表示，双方将继续加强在贸易和能源领域的合作。"
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        body = article_html("/news/charset-gb2312", extra, meta).encode("gb18030")
        self.send(h, 200, "text/html", body)

    def fault_binary(self, h: BaseHTTPRequestHandler) -> None:
        self.send(h, 200, "text/html; charset=utf-8", os.urandom(1 << 16))

    def fault_malformed(self, h: BaseHTTPRequestHandler) -> None:
        good = article_html("/news/malformed")
        broken = (
            good.replace("</p>", "", 3)
            .replace("<article>", "<article><div><span><table><tr><td>")
            .replace("</body>", "</div></div></td></span><!-- cut")
            .replace("</html>", "")
        )
        self.send(h, 200, "text/html; charset=utf-8", broken.encode())

    @staticmethod
    def head(h: BaseHTTPRequestHandler, status: int, content_type: str, length: int) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(length))
        h.end_headers()


def source_toml(name: str = "faulty") -> str:
    """The source file for the fault site: its sitemaps, its feed, its article URLs."""
    sitemaps = ["sitemap.xml", "bomb-sitemap.xml", "xxe-sitemap.xml", "sitemap-bomb.xml.gz"]
    return f"""name = "{name}"
publisher = "Fault Server"
kind = "media"
language = "en"
domains = ["news.example"]

[discovery]
feeds = ["https://news.example/feed.xml"]
sitemaps = [{", ".join(f'"https://news.example/{s}"' for s in sitemaps)}]

[articles]
allow = ['^https://(busy\\.)?news\\.example/news/']
"""
