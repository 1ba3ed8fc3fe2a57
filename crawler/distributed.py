"""Distributed crawling on scrapy-redis: many workers, one frontier, one seen-set.

Turned on by ``NEWSARC_REDIS_URL`` (``newsarc crawl --redis URL``); without it only the
add-on is loaded, not scrapy-redis (some 60 ms of every crawl's start), and SQLite
stays the only state. With it, :class:`RedisAddon` wires:

- scrapy-redis's scheduler and dupefilter, so the workers of one source share a request
  queue and the request fingerprints of the current run. A run lasts while any worker
  of the source is alive; the last one to leave (or the first of the next run) clears
  queue and fingerprints, so listing pages and feeds are fetched again next time,
  exactly as in embedded mode (:class:`crawler.frontier.SharedFrontierScheduler`);
- a Redis set of canonical article URLs that any worker has already had, which keeps
  every worker from fetching them again in later runs (:class:`SharedSeenSet`);
- a per-worker output directory ``<out>/workers/<host>-<pid>/`` with its own WARC files,
  texts, manifest shard and SQLite file, so workers never share a file, even across
  machines. ``newsarc merge`` combines the shards into one corpus view.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from archive.urls import canonical_url
from crawler.items import Article
from crawler.output import Output, acquire, release

KEY_PREFIX = "newsarc"
SEEN_KEY = f"{KEY_PREFIX}:seen"
HEARTBEAT = 15.0  # seconds between a worker's "still alive" marks
WORKER_TIMEOUT = 120  # a worker silent this long is taken for dead


class RedisUnavailable(Exception):
    """Redis cannot be reached or the URL is wrong; the message says what to do."""


def worker_name() -> str:
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", socket.gethostname()) or "host"
    return f"{host}-{os.getpid()}"


def worker_dir(out: Path | str) -> Path:
    """This process's own output directory under a distributed crawl's ``out``."""
    return Path(out) / "workers" / worker_name()


def check_redis(url: str) -> None:
    """Fail before crawling if ``url`` is not a Redis server that answers."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    except ValueError as error:
        raise RedisUnavailable(
            f"--redis {url!r}: {error} (expected e.g. redis://host:6379/0)"
        ) from None
    try:
        client.ping()
    except redis.RedisError as error:
        raise RedisUnavailable(
            f"cannot reach Redis at {url}: {error}; start redis-server or fix --redis"
        ) from None
    finally:
        client.close()


class RedisAddon:
    """Scrapy add-on: switches a crawl to the shared frontier when a Redis URL is set."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSARC_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER", "crawler.frontier.SharedFrontierScheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", f"{KEY_PREFIX}:%(spider)s:requests", "addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{KEY_PREFIX}:%(spider)s:dupefilter", "addon")
        settings.set_in_component_priority_dict("DOWNLOADER_MIDDLEWARES", SharedSeenSet, 50)
        # A worker takes from the shared queue only what it can download now; with
        # Scrapy's default of 32 the first worker would hoard a small site's frontier.
        prefetch = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        if settings.getpriority("CONCURRENT_REQUESTS") <= SETTINGS_PRIORITIES["project"]:
            settings.set("CONCURRENT_REQUESTS", prefetch, priority="project")
        out = Path(settings["NEWSARC_OUT"])
        if out.parent.name != "workers":
            settings.set("NEWSARC_OUT", str(worker_dir(out)), priority="cmdline")


class SharedSeenSet:
    """The articles any worker has already had, in one Redis set of canonical URLs.

    Each worker's SQLite store only knows what that worker fetched; this set is the
    union. A URL is added once the worker's own store holds it as seen (after the
    corpus pipeline wrote the article, or extraction found no article in the page), and
    an article request for a URL in the set is not downloaded (unless ``refresh``).
    """

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_redis.connection import get_redis_from_settings

        self.crawler = crawler
        self.server = get_redis_from_settings(crawler.settings)
        self.output: Output | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedSeenSet:
        seen = cls(crawler)
        crawler.signals.connect(seen.opened, signal=signals.spider_opened)
        crawler.signals.connect(seen.closed, signal=signals.spider_closed)
        crawler.signals.connect(seen.item_done, signal=signals.item_scraped)
        crawler.signals.connect(seen.item_done, signal=signals.item_dropped)
        return seen

    def opened(self) -> None:
        self.output = acquire(self.crawler.settings["NEWSARC_OUT"])

    def closed(self) -> None:
        if self.output is not None:
            release(self.output)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if getattr(spider, "refresh", False) or not _is_article_request(request, spider):
            return
        url = canonical_url(request.url, spider.source.mobile_hosts)
        if self.server.sismember(SEEN_KEY, url):
            self.crawler.stats.inc_value("newsarc/skipped_seen")
            raise IgnoreRequest(f"already had by a worker: {request.url}")

    def item_done(self, item: Any) -> None:
        if not isinstance(item, Article) or self.output is None:
            return
        spider = self.crawler.spider
        urls = {canonical_url(item.url, spider.source.mobile_hosts)}
        if item.extraction is not None:
            urls.add(item.extraction.canonical_url)
        seen = [url for url in urls if self.output.store.is_seen(url)]
        if seen:
            self.server.sadd(SEEN_KEY, *seen)


def _is_article_request(request: Request, spider: Any) -> bool:
    article = getattr(spider, "parse_article", None)
    return article is not None and request.callback == article
