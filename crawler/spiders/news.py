"""One generic news spider; a source file tells it where to look.

Discovery is through feeds, sitemaps (news sitemaps and indexes included) and listing
pages with a pagination rule. Article URLs already in the state store are not
requested again (unless ``refresh``), and dates known before a fetch (feed and sitemap
entries, listing items, dates in URLs) keep requests outside the ``since``/``until``
window from being made at all.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date as Date
from typing import Any
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip

from archive.urls import canonical_url
from crawler.items import Article
from crawler.output import acquire, release
from crawler.sources import Source
from crawler.window import Window, parse_any_date

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
)
_HTML_TYPES = (b"text/html", b"application/xhtml")


def _local(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_root(body: bytes) -> Any:
    """The parsed feed or sitemap, or None. Entities are never expanded (no billion laughs,
    no external entities); a gzipped file that inflates past 50 MB or is corrupt is no XML."""
    try:
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=50 * 1024 * 1024)
        return etree.fromstring(body, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError, OSError, EOFError):
        return None


class NewsSpider(scrapy.Spider):
    """Crawls one source (class attribute ``source``), or any site from ``start`` URLs."""

    name = "news"
    source: Source

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        refresh: str | bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.window = Window.parse(since, until)
        self.refresh = str(refresh).lower() in ("1", "true", "yes")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.output = acquire(crawler.settings["NEWSARC_OUT"])
        crawler.signals.connect(spider.release_output, signal=signals.spider_closed)
        return spider

    def release_output(self) -> None:
        release(self.output)

    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.feeds:
            yield Request(url, callback=self.parse_feed, dont_filter=True)
        for url in self.source.sitemaps:
            yield Request(url, callback=self.parse_sitemap, dont_filter=True)
        for index, listing in enumerate(self.source.listings):
            meta = {"listing": index, "page": 1}
            yield Request(listing.url, callback=self.parse_listing, meta=meta, dont_filter=True)

    # discovery

    def parse_feed(self, response: Response) -> Iterator[Request]:
        root = _xml_root(response.body)
        if root is None:
            self.logger.warning("not a feed: %s", response.url)
            return
        for entry in root.iter():
            if _local(entry) not in ("item", "entry"):
                continue
            link, published = None, None
            for child in entry:
                name = _local(child)
                if name == "link":
                    link = link or (child.get("href") or (child.text or "")).strip()
                elif name in ("pubDate", "published", "date", "updated") and not published:
                    published = parse_any_date(child.text)
            if link:
                yield from self.article_request(response.urljoin(link), published)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        root = _xml_root(response.body)
        if root is None:
            self.logger.warning("not a sitemap: %s", response.url)
            return
        is_index = _local(root) == "sitemapindex"
        for entry in root:
            fields = {_local(e): (e.text or "").strip() for e in entry.iter() if e is not entry}
            loc = fields.get("loc")
            if not loc:
                continue
            published = parse_any_date(fields.get("publication_date") or fields.get("lastmod"))
            if is_index:
                if published is None or not self.window.entirely_before(published):
                    yield Request(response.urljoin(loc), callback=self.parse_sitemap)
            else:
                yield from self.article_request(response.urljoin(loc), published)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        listing = self.source.listings[response.meta["listing"]]
        links = [response.urljoin(h) for h in response.css("a::attr(href)").getall()]
        articles = [url for url in dict.fromkeys(links) if self.source.is_article_url(url)]
        for url in articles:
            yield from self.article_request(url)
        page = response.meta["page"]
        if self.listing_is_past(response, listing.item_date, articles):
            self.crawler.stats.inc_value("newsarc/listing_stopped_by_window")
            return
        if listing.next and page < listing.max_pages:
            next_page = listing.next
            found = (
                response.xpath(next_page) if next_page[0] in "/(" else response.css(next_page)
            ).get()
            if found:
                meta = {"listing": response.meta["listing"], "page": page + 1}
                yield response.follow(found, callback=self.parse_listing, meta=meta)

    def listing_is_past(self, response: Response, selector: str | None, urls: list[str]) -> bool:
        """Every item on this listing page is older than ``since``."""
        if selector:
            found = response.xpath(selector) if selector[0] in "/(" else response.css(selector)
            dates = [d for d in map(parse_any_date, found.getall()) if d]
            return bool(dates) and all(self.window.entirely_before(d) for d in dates)
        months = [m for m in map(self.url_month, urls) if m]
        return bool(months) and all(self.window.month_before(m) for m in months)

    # articles

    def article_request(self, url: str, published: Date | None = None) -> Iterable[Request]:
        if not self.source.is_article_url(url) or not self.allowed(url):
            return
        stats = self.crawler.stats
        month = self.url_month(url)
        if (published and not self.window.contains(published)) or (
            month and self.window.excludes_month(month)
        ):
            stats.inc_value("newsarc/skipped_out_of_window")
            return
        if not self.refresh and self.output.store.is_seen(
            canonical_url(url, self.source.mobile_hosts)
        ):
            stats.inc_value("newsarc/skipped_seen")
            return
        yield Request(url, callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterator[Article]:
        content_type = response.headers.get(b"Content-Type") or b""
        if response.status != 200 or not content_type.lower().startswith(_HTML_TYPES):
            self.crawler.stats.inc_value("newsarc/not_html")
            return
        location = response.meta.get("warc")
        yield Article(
            url=response.url,
            source=self.name,
            body=response.body,
            content_type=content_type.decode("latin-1"),
            fetched_at=location.date if location else "",
            warc_file=location.warc_file if location else None,
            warc_offset=location.offset if location else None,
            warc_length=location.length if location else None,
        )

    def allowed(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.source.domains)

    def url_month(self, url: str) -> Date | None:
        if not self.source.url_date:
            return None
        match = re.search(self.source.url_date, url)
        if not match:
            return None
        try:
            return Date(int(match["year"]), int(match["month"]), 1)
        except ValueError:
            return None
