"""Run crawls in this process, judge how they went, and leave a record of the run.

A run takes the output directory's lock (cron-safe: a second run exits at once),
repairs WARCs an interrupted run left ``.open``, logs to ``runs/<run-id>.log`` as well
as the terminal, and writes ``runs/<run-id>.json`` with what it did.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from archive.corpus import write_atomic
from archive.warc import OPEN_SUFFIX, repair_open_file
from archive.workers import start_forkserver
from crawler.exitcodes import EXIT_FAILED, EXIT_OK, EXIT_OUTPUT
from crawler.lock import OutputLock
from crawler.pipelines import ExtractPipeline

logger = logging.getLogger(__name__)


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
    arguments: dict[str, Any] = field(default_factory=dict)

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

    def errors(self) -> dict[str, int]:
        """Errors by kind: faults on the wire, exceptions, and ERROR log lines."""
        kinds: dict[str, int] = {}
        for key, value in self.stats.items():
            for prefix in (
                "newsarc/faults/",
                "downloader/exception_type_count/",
                "spider_exceptions/",
            ):
                if key.startswith(prefix):
                    kind = key.removeprefix(prefix).rsplit(".", 1)[-1]
                    kinds[kind] = kinds.get(kind, 0) + int(value)
        if self.count("log_count/ERROR"):
            kinds["logged_errors"] = self.count("log_count/ERROR")
        return kinds

    def report(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": "failed" if self.failed else "ok",
            "finish_reason": self.stats.get("finish_reason"),
            "window": {k: self.arguments.get(k) for k in ("since", "until")},
            "pages_fetched": self.count("response_received_count"),
            "articles": {
                "new": self.count("newsarc/articles_written"),
                "already_had": self.count("newsarc/articles_known"),
                "skipped_seen": self.count("newsarc/skipped_seen"),
                "skipped_out_of_window": self.count("newsarc/skipped_out_of_window")
                + self.count("newsarc/article_out_of_window"),
                "not_article": self.count("newsarc/not_article"),
            },
            "warc": {
                "responses": self.count("newsarc/warc_responses"),
                "revisits": self.count("newsarc/warc_revisits"),
                "bytes_saved_by_revisits": self.count("newsarc/revisit_bytes_saved"),
            },
            "errors": self.errors(),
        }


@dataclass
class RunResult:
    out: Path
    run_id: str = ""
    sources: list[SourceResult] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    warc_bytes: int = 0
    duration: float = 0.0
    report_error: str | None = None  # why runs/<run-id>.json could not be written

    @property
    def output_error(self) -> str | None:
        """Why a crawl stopped early because the output directory refused a write."""
        reasons = [s.stats.get("newsarc/output_error") for s in self.sources]
        return next((str(reason) for reason in reasons if reason), None)

    @property
    def exit_code(self) -> int:
        if self.output_error:
            return EXIT_OUTPUT
        return EXIT_FAILED if any(s.failed for s in self.sources) or not self.sources else EXIT_OK

    @property
    def report_path(self) -> Path:
        return self.out / "runs" / f"{self.run_id}.json"

    def report(self, started: datetime) -> dict[str, Any]:
        revisits = [s.count("newsarc/revisit_bytes_saved") for s in self.sources]
        return {
            "run_id": self.run_id,
            "started": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration_seconds": round(self.duration, 3),
            "out": str(self.out.resolve()),
            "exit_code": self.exit_code,
            "repaired_warcs": self.repaired,
            "warc_bytes_written": self.warc_bytes,
            "bytes_saved_by_revisits": sum(revisits),
            "sources": [source.report() for source in self.sources],
        }


def repair_open_warcs(root: Path) -> list[str]:
    """Close the WARCs an interrupted run left ``.open``, cut to their last whole record.

    Only safe under the output lock: an ``.open`` file is then nobody's work in progress.
    """
    repaired = []
    for path in sorted((root / "warc").glob("*" + OPEN_SUFFIX)):
        closed = repair_open_file(path)
        name = closed.name if closed else f"{path.name} (removed: not one whole record)"
        logger.warning("repaired a WARC left open by an interrupted run: %s", name)
        repaired.append(name)
    return repaired


def _warc_sizes(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in (root / "warc").glob("*.warc.gz*")}


class _RunLog(logging.FileHandler):
    """The run's log file. When the disk refuses a write it goes quiet instead of printing
    a traceback per log line; the terminal still gets the warnings."""

    def handleError(self, record: logging.LogRecord) -> None:
        self.setLevel(logging.CRITICAL + 1)


def _log_to_file(path: Path) -> logging.Handler | None:
    """Also log to ``path``; None when even its directory cannot be made (a full disk:
    the crawl then stops on its first write and says so)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = _RunLog(path, encoding="utf-8", delay=True)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    logging.root.addHandler(handler)
    return handler


def _stats(crawler: Crawler, failure: BaseException | None) -> dict[str, Any]:
    """A crawl's stats; for one that could not start (its spider, middlewares or
    pipelines failed to open), why, and whether the output directory refused a write."""
    from crawler.middlewares import output_error

    try:
        stats = crawler.stats.get_stats() if crawler.stats else {}
    except RuntimeError:  # Scrapy has no stats for a crawl that never started
        stats = {}
    if failure is not None:
        stats["finish_reason"] = f"failed to start: {failure}"
        reason = output_error(failure)
        if reason:
            stats["newsarc/output_error"] = reason
    return stats


def run_crawl(
    spiders: list[tuple[type, dict[str, Any]]], settings: Settings, out: Path
) -> RunResult:
    """Crawl every ``(spider class, arguments)`` at once in one reactor run.

    Raises :class:`crawler.lock.LockedError` at once when another run holds ``out``.
    """
    with OutputLock(out):
        if ExtractPipeline.enabled(settings):
            start_forkserver()  # its preload overlaps the crawler's own start-up
        started = datetime.now(UTC)
        clock = time.monotonic()
        result = RunResult(out=out, run_id=f"{started:%Y%m%dT%H%M%SZ}-{os.getpid()}")
        process = CrawlerProcess(settings)
        handler = _log_to_file(out / "runs" / f"{result.run_id}.log")
        try:
            result.repaired = repair_open_warcs(out)
            before = _warc_sizes(out)
            crawlers: list[tuple[Crawler, dict[str, Any]]] = []
            failed: dict[Crawler, BaseException] = {}
            for spider_class, arguments in spiders:
                crawler = process.create_crawler(spider_class)
                crawlers.append((crawler, arguments))
                process.crawl(crawler, **arguments).addErrback(
                    lambda failure, crawler: failed.setdefault(crawler, failure.value), crawler
                )
            process.start()
            for crawler, arguments in crawlers:
                name = crawler.spider.name if crawler.spider else crawler.spidercls.name
                stats = _stats(crawler, failed.get(crawler))
                result.sources.append(SourceResult(name, stats, arguments))
            after = _warc_sizes(out)
            result.warc_bytes = sum(size - before.get(name, 0) for name, size in after.items())
            result.duration = time.monotonic() - clock
            report = json.dumps(result.report(started), indent=2, default=str) + "\n"
            try:
                write_atomic(result.report_path, report.encode("utf-8"))
            except OSError as error:
                result.report_error = error.strerror or str(error)
        finally:
            if handler is not None:
                logging.root.removeHandler(handler)
                handler.close()
    return result
