"""``newsarc probe SOURCE``: does the live site still look the way its source file says?

Fetches the source's first discovery page (following a sitemap index or feed one level
down when it holds no article links), then one article from it, through the real
Scrapy engine with the source's own settings, and reports what was found: how many
article URLs matched ``articles.allow``, and the title, date and length the extractor
got from the article. A layout change shows at once as no URLs, no title or no date.
Nothing is written except into a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response

from archive.extract import extract_page
from archive.pages import PageInput
from crawler.run import project_settings
from crawler.sources import Source
from crawler.spiderloader import spider_for

MAX_DISCOVERY_FETCHES = 3  # the first page, and a sitemap index's or feed's children


@dataclass
class ProbeReport:
    source: str
    discovery: list[dict[str, Any]] = field(default_factory=list)  # url, status, articles
    article_urls: list[str] = field(default_factory=list)
    article: dict[str, Any] = field(default_factory=dict)  # url, status, title, date, ...
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"source:     {self.source}"]
        for page in self.discovery:
            out.append(
                f"discovery:  {page['url']} -> HTTP {page['status']},"
                f" {page['articles']} article URLs"
            )
        out += [f"  e.g.      {url}" for url in self.article_urls[:3]]
        if self.article:
            a = self.article
            out += [f"article:    {a['url']} -> HTTP {a['status']}"]
            out += [f"  {k + ':':<9} {a.get(k)}" for k in ("title", "date", "words", "start")]
        out += [f"PROBLEM:    {p}" for p in self.problems] or ["result:     ok"]
        return out

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


class ProbeMixin:
    """Turns a source's spider into a one-page-each probe; the rest of it is unchanged."""

    report: ProbeReport

    async def start(self) -> AsyncIterator[Request]:
        self.report = ProbeReport(self.source.name)
        self.discovery_fetches = 0
        async for request in super().start():  # type: ignore[misc]
            yield self.as_discovery(request)
            return
        self.report.problems.append("the source has no discovery URL")

    def as_discovery(self, request: Request) -> Request:
        self.discovery_fetches += 1
        meta = {**request.meta, "handle_httpstatus_all": True}
        name = request.callback.__name__
        return request.replace(callback=self.discover, cb_kwargs={"parse": name}, meta=meta)

    def discover(self, response: Response, parse: str) -> Iterator[Request]:
        page = {"url": response.url, "status": response.status, "articles": 0}
        self.report.discovery.append(page)
        if response.status != 200:
            self.report.problems.append(f"discovery page {response.url}: HTTP {response.status}")
            return
        deeper = []
        for request in getattr(self, parse)(response):
            if request.callback == self.parse_article:
                page["articles"] += 1
                self.report.article_urls.append(request.url)
            elif request.callback.__name__ in ("parse_sitemap", "parse_feed"):
                deeper.append(request)
        if self.report.article_urls and not self.report.article:
            self.report.article = {"url": self.report.article_urls[0]}
            meta = {"handle_httpstatus_all": True}
            yield Request(self.report.article_urls[0], callback=self.probe, meta=meta)
        elif deeper and self.discovery_fetches < MAX_DISCOVERY_FETCHES:
            yield self.as_discovery(deeper[0])
        elif not self.report.article_urls:
            self.report.problems.append(
                f"no links on {response.url} match articles.allow: the site may have changed"
            )

    def probe(self, response: Response) -> None:
        self.report.article["status"] = response.status
        if response.status != 200:
            self.report.problems.append(f"article {response.url}: HTTP {response.status}")
            return
        found = extract_page(
            PageInput(
                url=response.url,
                body=response.body,
                content_type=(response.headers.get(b"Content-Type") or b"").decode("latin-1"),
                language=self.source.language,
                url_date=self.source.url_date,
                rules=self.source.clean,
                mobile_hosts=self.source.mobile_hosts or None,
                min_words=0,
            )
        )
        article = self.report.article
        if found is None:
            self.report.problems.append(f"no article text extracted from {response.url}")
            return
        article.update(title=found.title, date=found.date, date_source=found.date_source)
        article.update(words=found.words, start=" ".join(found.paragraphs)[:100])
        for name in ("title", "date"):
            if not article[name]:
                self.report.problems.append(f"no {name} found on {response.url}")


def run_probe(source: Source, overrides: dict[str, Any]) -> ProbeReport:
    """Probe ``source`` in this process (one reactor run)."""
    base = spider_for(source)
    spider_class = type(base.__name__ + "Probe", (ProbeMixin, base), {})
    with tempfile.TemporaryDirectory(prefix="newsarc-probe-") as scratch:
        settings = project_settings(
            {"NEWSARC_OUT": scratch, "ITEM_PIPELINES": {}, "LOG_LEVEL": "WARNING", **overrides}
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(spider_class)
        process.crawl(crawler)
        process.start()
    spider = crawler.spider
    report = getattr(spider, "report", None) or ProbeReport(source.name)
    if not report.discovery and not report.problems:
        report.problems.append("the discovery page could not be fetched (see the log above)")
    elif report.article and "status" not in report.article:
        report.problems.append(f"the article {report.article['url']} could not be fetched")
    return report
