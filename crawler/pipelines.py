"""Article pipelines: extract (in worker processes) → date window → corpus."""

from __future__ import annotations

import os
from datetime import date as Date
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import DeferredSemaphore

from archive.articles import Capture, article_entry, extract_signed, settle_near_duplicate
from archive.corpus import write_atomic
from archive.pages import Extraction, PageInput
from archive.urls import canonical_url
from crawler.items import Article
from crawler.output import Output, acquire, release
from crawler.workers import ExtractionWorkers


class ExtractPipeline:
    """Turns fetched pages into clean articles in a pool of worker processes.

    trafilatura is CPU-bound; run on the reactor thread it would stall every download.
    Workers are :class:`crawler.workers.ExtractionWorkers`, and at most
    ``NEWSARC_EXTRACT_QUEUE`` pages wait for them, so memory stays flat when extraction
    is slower than fetching: the coroutine awaiting a slot holds the response, and
    Scrapy stops downloading once its scraper slot is full.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.count = settings.getint("NEWSARC_EXTRACT_WORKERS") or os.cpu_count() or 1
        self.slots = DeferredSemaphore(settings.getint("NEWSARC_EXTRACT_QUEUE") or 32 * self.count)
        self.min_words = settings.getint("NEWSARC_MIN_WORDS")
        self.workers: ExtractionWorkers | None = None

    @staticmethod
    def enabled(settings: BaseSettings) -> bool:
        """Whether a crawl with ``settings`` extracts, or only archives."""
        return settings.getbool("NEWSARC_EXTRACT", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        if not cls.enabled(crawler.settings):
            raise NotConfigured("extraction turned off (archive-only crawl)")
        return cls(crawler)

    def open_spider(self) -> None:
        self.workers = ExtractionWorkers(self.count, extract_signed)

    def close_spider(self) -> None:
        if self.workers is not None:
            self.workers.close()

    def page_input(self, item: Article) -> PageInput:
        source = self.crawler.spider.source
        return PageInput(
            url=item.url,
            body=item.body,
            content_type=item.content_type,
            language=source.language,
            url_date=source.url_date,
            rules=source.clean,
            min_words=self.min_words,
            require_article_signals=getattr(self.crawler.spider, "judge_by_content", False),
            mobile_hosts=source.mobile_hosts or None,
            fetched_date=item.fetched_at[:10] or None,
        )

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        assert self.workers is not None
        page = self.page_input(item)
        await maybe_deferred_to_future(self.slots.acquire())
        try:
            extracted = await maybe_deferred_to_future(self.workers.submit(page))
        finally:
            self.slots.release()
        if extracted is None:
            self.crawler.stats.inc_value("newsarc/not_article")
            spider = self.crawler.spider
            spider.output.store.mark_seen([canonical_url(item.url)], item.source, None)
            raise DropItem(f"no article text: {item.url}")
        item.extraction, item.signature = extracted
        item.body = b""  # the text is all later stages need
        return item


class DateWindowPipeline:
    """Drops articles whose own date falls outside the crawl's ``since``/``until``.

    The page's date is remembered, so the next run with such a window skips the URL
    even where nothing before the fetch (feed, listing, URL) tells its date.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DateWindowPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        found = item.extraction if isinstance(item, Article) else None
        spider = self.crawler.spider
        if found and found.date and not spider.window.contains(Date.fromisoformat(found.date)):
            self.crawler.stats.inc_value("newsarc/article_out_of_window")
            canonical = canonical_url(item.url, spider.source.mobile_hosts)
            spider.output.store.note_date(canonical, found.date)
            raise DropItem(f"dated {found.date}, outside the window: {item.url}")
        return item


class CorpusPipeline:
    """Writes the text file, then the manifest line, then the state row.

    That order means a crash can leave at worst a text file without a manifest line,
    which the next run rewrites with the same bytes; never a manifest line pointing at
    a missing or half-written file.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_articles = crawler.settings.getint("NEWSARC_MAX_ARTICLES")
        self.written = 0
        self.output: Output | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CorpusPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.output = acquire(self.crawler.settings["NEWSARC_OUT"])
        self.skip_duplicate_texts = self.crawler.settings["NEWSARC_DUPLICATE_TEXTS"] == "skip"

    def close_spider(self) -> None:
        if self.output is not None:
            release(self.output)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or item.extraction is None:
            return item
        assert self.output is not None
        stats = self.crawler.stats
        found: Extraction = item.extraction
        store = self.output.store
        if store.has_article(found.id):
            stats.inc_value("newsarc/articles_known")
            store.mark_seen([canonical_url(item.url)], item.source, found.id)
            raise DropItem(f"already in the corpus as {found.id}: {item.url}")
        if self.max_articles and self.written >= self.max_articles:
            raise DropItem(f"--max-articles {self.max_articles} reached: {item.url}")
        capture = Capture(
            item.url,
            item.source,
            item.warc_file,
            item.warc_offset,
            item.warc_length,
            item.fetched_at,
        )
        record, data = article_entry(found, capture, store.article_with_text)
        near = self.output.near
        settle_near_duplicate(record, item.signature, near, self.skip_duplicate_texts)
        if record["duplicate_of"]:
            stats.inc_value("newsarc/articles_duplicate")
        if record["text_path"]:
            write_atomic(self.output.root / record["text_path"], data)
        self.output.manifest.append(record)
        with store.writing():  # the article and its signature are committed together
            store.add_article(record)
            if record["duplicate_of"] is None:
                near.add(record["id"], item.signature)
        self.written += 1
        stats.inc_value("newsarc/articles_written")
        return item
