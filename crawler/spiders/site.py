"""A one-off crawl of any site, no source file needed (``newsarc crawl --start URL``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from crawler.items import Article
from crawler.sources import Source
from crawler.spiders.news import NewsSpider, _local, _xml_root

_XML_START = re.compile(rb"^\s*(<\?xml|<rss|<feed|<urlset|<sitemapindex)", re.IGNORECASE)


def site_source(urls: list[str]) -> Source:
    hosts = sorted({(urlsplit(u).hostname or "").removeprefix("www.") for u in urls})
    name = "site_" + re.sub(r"[^a-z0-9]+", "_", hosts[0].lower()).strip("_")
    return Source(
        name=name[:64],
        publisher=hosts[0],
        kind="media",
        language="",
        domains=tuple(hosts),
        allow=(r"^https?://",),
        listings=(),
    )


class SiteSpider(NewsSpider):
    """Starts from any URLs (sitemap, feed or page, told apart by content), stays on
    their site, follows links up to ``DEPTH_LIMIT``, and lets extraction decide which
    pages are articles."""

    name = "site"
    judge_by_content = True
    custom_settings: ClassVar[dict[str, Any]] = {"DEPTH_LIMIT": 2}

    def __init__(self, start: str | list[str] = "", **kwargs: Any) -> None:
        urls = start.split(",") if isinstance(start, str) else list(start)
        urls = [u.strip() for u in urls if u.strip()]
        if not urls:
            raise ValueError("start: give at least one URL")
        self.source = site_source(urls)
        super().__init__(name=self.source.name, **kwargs)
        self.start_urls = urls
        self.allowed_domains = list(self.source.domains)

    async def start(self):  # type: ignore[override]
        for url in self.start_urls:
            yield Request(url, callback=self.parse_start, dont_filter=True)

    def parse_start(self, response: Response) -> Iterator[Request | Article]:
        if _XML_START.match(response.body[:512]):
            root = _xml_root(response.body)
            kind = _local(root) if root is not None else ""
            if kind in ("rss", "feed", "RDF"):
                yield from self.parse_feed(response)
                return
            if kind in ("urlset", "sitemapindex"):
                yield from self.parse_sitemap(response)
                return
        yield from self.parse_page(response)

    def parse_page(self, response: Response) -> Iterator[Request | Article]:
        yield from self.parse_article(response)
        if not hasattr(response, "css"):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#", 1)[0]
            if url.startswith(("http://", "https://")) and self.allowed(url):
                yield Request(url, callback=self.parse_page)
