"""What extraction is given and gives back: plain data, importable without the extractor.

The process that fetches (or reads WARCs) builds :class:`PageInput` tasks and receives
:class:`Extraction` results from the worker processes; it needs these classes, not
trafilatura and lxml, which only the workers load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.clean import CleanRules

DEFAULT_MIN_WORDS = 40
_HTML_TYPES = ("text/html", "application/xhtml")


def is_html_page(status: int | str, content_type: str) -> bool:
    """The responses extraction is tried on: a 200 served as HTML. The crawl and
    ``reextract`` both ask here, so a rebuilt corpus holds the same pages."""
    return str(status) == "200" and content_type.lower().startswith(_HTML_TYPES)


@dataclass(frozen=True, slots=True)
class PageInput:
    """What a worker needs to turn one fetched page into an article."""

    url: str
    body: bytes  # content-decoded (no gzip), charset not yet applied
    content_type: str | None = None
    language: str | None = None  # the source's default language
    url_date: str | None = None  # regex with named groups year, month, [day]
    rules: CleanRules = field(default_factory=CleanRules)
    min_words: int = DEFAULT_MIN_WORDS
    require_article_signals: bool = False  # for pages no URL pattern vouches for
    mobile_hosts: dict[str, str] | None = None
    fetched_date: str | None = None  # YYYY-MM-DD; the last resort for an undated page


@dataclass(frozen=True)
class Extraction:
    id: str
    canonical_url: str
    title: str | None
    date: str | None
    date_source: str | None  # "page", "url", "byline", "fetched" or None
    author: str | None
    language: str | None
    sitename: str | None
    paragraphs: list[str]
    words: int
    text: str  # the whole text file; "date" header only when date is known
