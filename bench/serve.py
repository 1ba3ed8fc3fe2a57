"""Serve a benchmark site from loopback in its own process; prints its address.

The files and answers are :mod:`crawler.localsite`'s (the same ``Content-Type``, the
``.gz`` sibling to a client that takes gzip), served by one asyncio loop instead of
``http.server``. That one spends 0.35 ms of CPU a request on a thread switch and
email-style header parsing: a crawl that keeps both cores busy paid it out of the cores it
is measured on (4% of them), while the bare-Scrapy anchor, on one core, did not.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler.localsite import GZIP_ABOVE, content_type, gzipped

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class SiteFiles:
    """Every file of the site, found before the first request with its type and size: a
    request is a lookup and a read of the file or its ``.gz``, and no crawl, measured or
    anchor, pays for reading a page to find its type."""

    def __init__(self, root: Path) -> None:
        root = root.resolve()
        bases = {
            entry.name.lower(): base
            for entry in sorted(root.iterdir())
            if entry.is_dir() and (base := entry.resolve()).parent == root
        }
        trees = {base: _files(base) for base in set(bases.values())}  # an alias read once
        self.hosts = {host: trees[base] for host, base in bases.items()}
        self.compressed: dict[Path, bytes] = {}

    def response(self, host: str, target: str, takes_gzip: bool) -> bytes:
        found = self.hosts.get(host, {}).get(unquote(urlsplit(target).path))
        if found is None:
            return NOT_FOUND
        path, ctype, size = found
        coded = takes_gzip and size > GZIP_ABOVE
        body = gzipped(path, self.compressed) if coded else path.read_bytes()
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n"
        if coded:
            head += "Content-Encoding: gzip\r\n"
        return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


def _files(base: Path) -> dict[str, tuple[Path, str, int]]:
    """URL path -> (file, Content-Type, size) for every file under ``base`` (a bench site
    has no directory to answer with its index)."""
    files = {}
    for path in base.rglob("*"):
        if path.is_file():
            body = path.read_bytes()
            url = "/" + path.relative_to(base).as_posix()
            files[url] = (path, content_type(path, body), len(body))
    return files


class Connection(asyncio.Protocol):
    """One keep-alive client: each request's head, answered in order (requests have no
    body: the crawlers only GET)."""

    def __init__(self, files: SiteFiles) -> None:
        self.files = files
        self.received = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.received += data
        while (end := self.received.find(b"\r\n\r\n")) >= 0:
            head, self.received = self.received[:end].decode("latin-1"), self.received[end + 4 :]
            request, *lines = head.split("\r\n")
            headers = {}
            for line in lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            host = headers.get("host", "").split(":")[0].lower()
            target = request.split(" ")[1] if request.count(" ") >= 2 else "/"
            takes_gzip = "gzip" in headers.get("accept-encoding", "")
            self.transport.write(self.files.response(host, target, takes_gzip))


async def serve(root: Path) -> None:
    loop = asyncio.get_running_loop()
    files = SiteFiles(root)
    server = await loop.create_server(lambda: Connection(files), "127.0.0.1", 0, backlog=128)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"{host}:{port}", flush=True)
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1])))
