"""A spider loader that makes one spider per source file.

``scrapy list`` and ``scrapy crawl <source>`` then work for every shipped source and
for the user's own (``NEWSARC_SOURCES_DIRS``), with no Python written per site.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from crawler.sources import Source, load_sources, source_dirs
from crawler.spiders.news import NewsSpider


def spider_for(source: Source) -> type[NewsSpider]:
    class_name = "".join(part.title() for part in source.name.split("_")) + "Spider"
    return type(
        class_name,
        (NewsSpider,),
        {"name": source.name, "source": source, "allowed_domains": list(source.domains)},
    )


class SourceSpiderLoader:
    def __init__(self, settings: BaseSettings) -> None:
        dirs = source_dirs(settings.getlist("NEWSARC_SOURCES_DIRS"))
        self.sources = load_sources(dirs)
        self._spiders = {name: spider_for(source) for name, source in self.sources.items()}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> SourceSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, source in self.sources.items() if source.owns(request.url)]
