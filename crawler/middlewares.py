"""WARC capture of every HTTP exchange, as it came off the wire."""

from __future__ import annotations

import socket
from importlib.metadata import version
from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from archive.warc import HttpRequest, HttpResponse, Revisit, WarcWriter, sha1_digest
from crawler.output import Output, acquire, release

# What the stored headers cannot say about themselves.
HEADER_NOTE = (
    "HTTP headers as parsed by Scrapy/Twisted: names case-normalised, order not kept; "
    "reason phrase not recorded; chunked transfer coding removed (payload stored "
    "de-chunked, Transfer-Encoding header dropped); content coding kept as received."
)


def _headers(headers: scrapy.http.headers.Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class WarcCaptureMiddleware:
    """Writes a request and a response (or revisit) record for every exchange.

    Placed above ``RedirectMiddleware`` (600) and ``HttpCompressionMiddleware`` (590),
    so that ``process_response`` sees each redirect hop and the payload still
    content-encoded. Records are compressed and appended in a worker thread: the
    reactor never waits on zlib. The response record's location is left in
    ``request.meta["warc"]`` for the pipelines.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.writer: WarcWriter | None = None
        self.output: Output | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: scrapy.Spider) -> None:
        self.output = acquire(self.settings["NEWSARC_OUT"])
        self.writer = WarcWriter(
            directory=Path(self.output.root) / "warc",
            info=self.warcinfo(spider),
            prefix=self.settings.get("NEWSARC_WARC_PREFIX", "newsarc"),
            max_size=self.settings.getint("NEWSARC_WARC_MAX_SIZE"),
        )

    def spider_closed(self, spider: scrapy.Spider) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.output is not None:
            release(self.output)

    def warcinfo(self, spider: scrapy.Spider) -> dict[str, str]:
        return {
            "software": (
                f"newsarc/{version('newsarc')} (Scrapy {scrapy.__version__}, "
                f"trafilatura {version('trafilatura')})"
            ),
            "hostname": socket.gethostname(),
            "operator": self.settings.get("NEWSARC_OPERATOR") or "unspecified",
            "http-header-user-agent": self.settings.get("USER_AGENT"),
            "robots": "obey" if self.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "isPartOf": spider.name,
            "description": f"newsarc crawl of source '{spider.name}'",
            "http-headers": HEADER_NOTE,
        }

    async def process_response(self, request: Request, response: Response) -> Response:
        assert self.writer is not None and self.output is not None
        store = self.output.store
        digest = sha1_digest(response.body)
        earlier = store.capture_of(request.url, digest)
        revisit = Revisit(request.url, earlier[1], earlier[0]) if earlier else None
        location = await maybe_deferred_to_future(
            deferToThread(
                self.writer.write_exchange,
                self.to_request(request),
                self.to_response(response),
                revisit,
                digest,
            )
        )
        if revisit is None:
            store.add_capture(request.url, digest, location.record_id, location.date)
        request.meta["warc"] = location
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newsarc/warc_revisits" if revisit else "newsarc/warc_responses")
        stats.inc_value("newsarc/warc_bytes", location.length)
        return response

    @staticmethod
    def to_request(request: Request) -> HttpRequest:
        return HttpRequest(request.method, request.url, _headers(request.headers), request.body)

    @staticmethod
    def to_response(response: Response) -> HttpResponse:
        headers = _headers(response.headers)
        headers = [
            (name, value)
            for name, value in headers
            if not (name.lower() == "transfer-encoding" and "chunked" in value.lower())
        ]
        return HttpResponse(
            status=response.status,
            headers=headers,
            body=response.body,
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
            truncated="length" if "dataloss" in response.flags else None,
        )
