"""A progress line for people watching a crawl; a periodic log line for cron."""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task


class Progress:
    """Prints pages fetched, articles written and skips, per source.

    On a terminal the line is redrawn every second; otherwise it is written every
    30 seconds, so cron mail stays short.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        progress = cls(crawler)
        crawler.signals.connect(progress.opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.closed, signal=signals.spider_closed)
        return progress

    def opened(self) -> None:
        self.loop.start(1.0 if self.tty else 30.0, now=False)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        self.show(final=True)

    def show(self, final: bool = False) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        pages = stats.get("response_received_count", 0)
        known = stats.get("newsarc/skipped_seen", 0) + stats.get("newsarc/articles_known", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        line = (
            f"[{self.crawler.spider.name}] pages {pages} ({pages / elapsed:.1f}/s)"
            f"  articles {stats.get('newsarc/articles_written', 0)}"
            f"  known {known}"
            f"  not-article {stats.get('newsarc/not_article', 0)}"
            f"  errors {stats.get('log_count/ERROR', 0)}"
        )
        if self.tty:
            sys.stderr.write("\r\x1b[K" + line + ("\n" if final else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
