"""Run crawls in this process and judge how they went."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """newsarc's settings wherever the command runs, with command-line overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


@dataclass
class SourceResult:
    name: str
    stats: dict[str, Any]

    def count(self, key: str) -> int:
        return int(self.stats.get(key, 0))

    @property
    def failed(self) -> bool:
        """Nothing fetched but errors, or the crawl ended for a bad reason."""
        reason = self.stats.get("finish_reason", "")
        responses = self.count("downloader/response_count")
        errors = self.count("log_count/ERROR") + self.count("downloader/exception_count")
        bad_reason = reason not in ("finished", "closespider_itemcount")
        return bad_reason or (errors > 0 and responses == 0)


@dataclass
class RunResult:
    out: Path
    sources: list[SourceResult] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if any(s.failed for s in self.sources) or not self.sources else EXIT_OK


def run_crawl(
    spiders: list[tuple[type, dict[str, Any]]], settings: Settings, out: Path
) -> RunResult:
    """Crawl every ``(spider class, arguments)`` at once in one reactor run."""
    process = CrawlerProcess(settings)
    crawlers: list[Crawler] = []
    for spider_class, arguments in spiders:
        crawler = process.create_crawler(spider_class)
        crawlers.append(crawler)
        process.crawl(crawler, **arguments)
    process.start()
    result = RunResult(out=out)
    for crawler in crawlers:
        name = crawler.spider.name if crawler.spider else crawler.spidercls.name
        result.sources.append(
            SourceResult(name, crawler.stats.get_stats() if crawler.stats else {})
        )
    return result
