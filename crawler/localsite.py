"""A loopback web server for saved sites, answering for many hosts at once.

Files live at ``<root>/<host>/<path>``; a request's ``Host`` header picks the tree.
Used by ``newsarc demo`` and the tests, together with ``NEWSARC_HOST_MAP``, so that a
site's own URLs are crawled while the bytes come from 127.0.0.1. Every request is
logged in :attr:`LocalSite.requests` so tests can count what a crawl fetched.
"""

from __future__ import annotations

import gzip
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}


GZIP_ABOVE = 1024  # bytes: a smaller file is served as it is


def gzipped(path: Path, cache: dict[Path, bytes], body: bytes | None = None) -> bytes:
    """The file's ``.gz`` sibling if it has one (as nginx's ``gzip_static``), else the file
    (``body``, if already read) compressed once into ``cache``: serving stays cheap next to
    what is measured."""
    static = path.with_name(path.name + ".gz")
    if static.is_file():
        return static.read_bytes()
    if path not in cache:
        cache[path] = gzip.compress(path.read_bytes() if body is None else body, mtime=0)
    return cache[path]


def content_type(path: Path, body: bytes) -> str:
    """The ``Content-Type`` a file is served with: UTF-8 declared when the text is UTF-8,
    nothing when it is not (a legacy charset, which the page declares itself)."""
    ctype = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    if path.name == "index.xml" and path.parent.name == "feed":
        ctype = "application/rss+xml"
    if ctype.startswith("text/") or ctype.endswith("xml"):
        try:
            body.decode("utf-8")
            ctype += "; charset=utf-8"
        except UnicodeDecodeError:
            pass
    return ctype


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP server whose listen queue holds a whole crawl's connections.

    ``socketserver`` listens with a queue of 5. A crawl opening 32 connections at once
    overflows it, and the kernel then drops handshakes whose client already believes
    them open: their requests hang until the download timeout, a minute at the end
    of a crawl. 128 is what Python's own ``listen()`` would choose.
    """

    request_queue_size = 128
    daemon_threads = True


class LocalSite:
    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root.resolve()
        self.requests: list[tuple[str, str]] = []
        self._gzipped: dict[Path, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                site.requests.append((host, self.path))
                site.hold(host, self.path, self.headers)
                found = site.resolve(host, self.path)
                if found is None:
                    self.send_error(404)
                    return
                body = found.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", content_type(found, body))
                if "gzip" in (self.headers.get("Accept-Encoding") or "") and len(body) > GZIP_ABOVE:
                    body = gzipped(found, site._gzipped, body)
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = LoopbackServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def hosts(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def host_map(self) -> dict[str, str]:
        return {host: self.address for host in self.hosts()}

    def hold(self, host: str, path: str, headers: Message) -> None:
        """Called in the request's own thread before it is answered; does nothing here.

        Tests override it to hold answers until a condition holds (every crawler is up),
        which makes a race between crawlers a certainty instead of a matter of timing.
        """

    def resolve(self, host: str, path: str) -> Path | None:
        """The file for a request path, never outside ``<root>/<host>``."""
        base = (self.root / host).resolve()
        if base.parent != self.root or not base.is_dir():
            return None
        relative = unquote(urlsplit(path).path).lstrip("/")
        candidate = (base / relative).resolve()
        if candidate != base and base not in candidate.parents:
            return None
        if candidate.is_dir():
            for index in ("index.html", "index.xml"):
                if (candidate / index).is_file():
                    return candidate / index
            return None
        return candidate if candidate.is_file() else None

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
