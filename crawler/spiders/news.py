"""One generic news spider; a source file tells it where to look.

Discovery is through feeds, sitemaps (news sitemaps and indexes included), listing
pages with a pagination rule (a "next" link or a page-number template) and JSON search
APIs paged by number or offset. Article URLs already in the state store are not
requested again (unless ``refresh``), and dates known before a fetch (feed and sitemap
entries, listing items, dates in URLs) keep requests outside the ``since``/``until``
window from being made at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date as Date
from typing import Any

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip

from archive.pages import is_html_page
from archive.urls import canonical_url, desktop_url
from crawler.items import Article
from crawler.output import acquire, release
from crawler.sources import Listing, Source, is_xpath
from crawler.window import Window, parse_any_date

_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
)


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
        self.requested: set[str] = set()  # canonical URLs asked for in this run

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
        for index, api in enumerate(self.source.apis):
            meta = {"api": index, "page": 1}
            yield Request(api.page(1), callback=self.parse_api, meta=meta, dont_filter=True)

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
        items, dates = self.listing_items(response, listing)
        for url, published in items:
            yield from self.article_request(url, published)
        if self.listing_is_past(items, dates):
            self.crawler.stats.inc_value("newsarc/listing_stopped_by_window")
            return
        page = response.meta["page"]
        if not items or page >= listing.max_pages:
            return
        found = listing.page(page + 1) if listing.page_url else _select(response, listing.next)
        if found:
            meta = {"listing": response.meta["listing"], "page": page + 1}
            yield response.follow(found, callback=self.parse_listing, meta=meta)

    def listing_items(
        self, response: Response, listing: Listing
    ) -> tuple[list[tuple[str, Date | None]], list[Date]]:
        """The ``(article URL, date)`` items of a listing page, and all dates on it.

        With ``items``, each item's date goes with its own link and keeps an article
        outside the window from being requested; without, ``item_date`` dates only judge
        whether the page as a whole is past.
        """
        if listing.items:
            items = []
            for node in _select_all(response, listing.items):
                links = [response.urljoin(h) for h in node.css("a::attr(href)").getall()]
                urls = [u for u in links if self.source.is_article_url(u)]
                if urls:
                    items.append((urls[0], parse_any_date(_select(node, listing.item_date))))
            return items, [d for _, d in items if d]
        links = [response.urljoin(h) for h in response.css("a::attr(href)").getall()]
        urls = [url for url in dict.fromkeys(links) if self.source.is_article_url(url)]
        texts = _select_all(response, listing.item_date).getall() if listing.item_date else []
        return [(url, None) for url in urls], [d for d in map(parse_any_date, texts) if d]

    def listing_is_past(self, items: list[tuple[str, Date | None]], dates: list[Date]) -> bool:
        """Every item on this listing page is older than ``since``."""
        if not self.window.since:
            return False
        if dates:
            return all(self.window.entirely_before(d) for d in dates)
        months = [m for m in (self.url_month(url) for url, _ in items) if m]
        return bool(months) and all(self.window.month_before(m) for m in months)

    def parse_api(self, response: Response) -> Iterator[Request]:
        api = self.source.apis[response.meta["api"]]
        try:
            found: Any = json.loads(response.body)
            for key in api.items.split("."):
                found = found[key]
        except (ValueError, KeyError, TypeError):
            found = None
        if not isinstance(found, list):
            self.logger.warning("no %r list in JSON from %s", api.items, response.url)
            return
        items = [
            (response.urljoin(str(item[api.link])), _json_date(item, api.date))
            for item in found
            if isinstance(item, dict) and item.get(api.link)
        ]
        for url, published in items:
            yield from self.article_request(url, published)
        page = response.meta["page"]
        if self.listing_is_past(items, [d for _, d in items if d]):
            self.crawler.stats.inc_value("newsarc/listing_stopped_by_window")
        elif len(found) >= api.page_size and page < api.max_pages:
            meta = {"api": response.meta["api"], "page": page + 1}
            yield Request(api.page(page + 1), callback=self.parse_api, meta=meta)

    # articles

    def article_request(self, url: str, published: Date | None = None) -> Iterable[Request]:
        """A request for an article URL, unless it is out of the window or already had.

        Mobile-host URLs are fetched on the desktop host: one layout to extract.
        """
        url = desktop_url(url, self.source.mobile_hosts)
        if not self.source.is_article_url(url) or not self.allowed(url):
            return
        stats = self.crawler.stats
        month = self.url_month(url)
        canonical = canonical_url(url, self.source.mobile_hosts)
        known = self.output.store.date_of(canonical)
        published = Date.fromisoformat(known) if known else published
        if (published and not self.window.contains(published)) or (
            month and self.window.excludes_month(month)
        ):
            stats.inc_value("newsarc/skipped_out_of_window")
            return
        if canonical in self.requested:
            return
        if not self.refresh and self.output.store.is_seen(canonical):
            stats.inc_value("newsarc/skipped_seen")
            return
        self.requested.add(canonical)
        # Articles go before more discovery: the queue then holds about one listing page of
        # articles, not a whole back-fill's, so memory stays flat however far back it goes.
        yield Request(url, callback=self.parse_article, priority=1)

    def parse_article(self, response: Response) -> Iterator[Article]:
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if not is_html_page(response.status, content_type):
            self.crawler.stats.inc_value("newsarc/not_html")
            return
        location = response.meta.get("warc")
        yield Article(
            url=response.url,
            source=self.name,
            body=response.body,
            content_type=content_type,
            fetched_at=location.date if location else "",
            warc_file=location.warc_file if location else None,
            warc_offset=location.offset if location else None,
            warc_length=location.length if location else None,
        )

    def allowed(self, url: str) -> bool:
        return self.source.owns(url)

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


def _json_date(item: dict, key: str | None) -> Date | None:
    value = item.get(key) if key else None
    return parse_any_date(value) if isinstance(value, str) else None


def _select_all(node: Any, selector: str) -> Any:
    return node.xpath(selector) if is_xpath(selector) else node.css(selector)


def _select(node: Any, selector: str | None) -> str | None:
    """The first match of a CSS or XPath selector, as text."""
    return _select_all(node, selector).get() if selector else None
