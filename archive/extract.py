"""HTML → clean article: trafilatura for the text and metadata, then the text cleaner.

:func:`extract_page` is the one code path from page bytes to corpus text. The crawl
runs it in worker processes, ``newsarc extract`` and ``newsarc reextract`` call it
directly, so a text can always be rebuilt from its archived bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement
from w3lib.encoding import html_to_unicode, resolve_encoding

from archive.clean import CleanRules, clean_document, is_caption
from archive.textformat import Document, format_text
from archive.urls import article_id, canonical_url

DEFAULT_MIN_WORDS = 40

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\w+")
_HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:\w*Article|BlogPosting)"')
_CAPTION_BLOCKS = "//p|//td|//div|//span|//font|//center|//em|//i|//small"
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", "_", " :: ")


@dataclass(frozen=True)
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


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode once, with the page's own charset (HTTP header, BOM, then ``<meta>``).

    GB2312/GBK declarations are read as GB18030, their superset. A page that declares
    a legacy charset but is valid UTF-8 with non-ASCII bytes is UTF-8 in fact.
    """
    encoding, text = html_to_unicode(content_type, body)
    if resolve_encoding(encoding) not in ("utf-8", "ascii") and not body.isascii():
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return text
    return text


def count_words(text: str) -> int:
    """Word tokens; each CJK character counts as one."""
    return len(_WORD.findall(text))


def extract_page(page: PageInput) -> Extraction | None:
    """The article on ``page``, cleaned, or None when the page holds no article."""
    tree = trafilatura.load_html(decode_html(page.body, page.content_type))
    if tree is None:
        return None
    declared = _declared_type(tree)
    if page.require_article_signals and declared == "website":
        return None
    _prune_captions(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": True},
    )
    if document is None or not document.text:
        return None
    title = _strip_site_suffix(document.title, document.sitename)
    cleaned = clean_document(
        Document(date=None, title=title, paragraphs=document.text.split("\n")), page.rules
    )
    words = count_words(" ".join(cleaned.paragraphs))
    if words < page.min_words:
        return None
    judged = page.require_article_signals and declared != "article"
    if judged and not _reads_like_article(document.date, cleaned.paragraphs, words, page.min_words):
        return None
    date, date_source = _choose_date(document.date, cleaned.date, _url_date(page))
    if date is None and page.fetched_date:
        date, date_source = page.fetched_date, "fetched"
    canonical = canonical_url(_same_site(document.url, page.url), page.mobile_hosts)
    final = Document(date=date, title=cleaned.title, paragraphs=cleaned.paragraphs)
    return Extraction(
        id=article_id(canonical),
        canonical_url=canonical,
        title=cleaned.title,
        date=date,
        date_source=date_source,
        author=document.author,
        language=_language(page.body, page.language),
        sitename=document.sitename,
        paragraphs=cleaned.paragraphs,
        words=words,
        text=format_text(final),
    )


def _declared_type(tree: HtmlElement) -> str | None:
    """ "article" or "website" where the page says what it is (OpenGraph, JSON-LD)."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        if _ARTICLE_TYPE.search(script.text or ""):
            return "article"
    og_type = tree.xpath("string(//meta[@property='og:type']/@content)").strip().lower()
    if og_type.startswith("article") or tree.xpath("//meta[@property='article:published_time']"):
        return "article"
    return og_type or None


def _reads_like_article(
    page_date: str | None, paragraphs: list[str], words: int, least: int
) -> bool:
    """For pages that do not say: dated, long enough, and prose rather than a list of links."""
    return bool(page_date) and words >= 2 * least and words / max(len(paragraphs), 1) >= 12


def _prune_captions(tree: HtmlElement) -> None:
    """Drop photo captions before extraction.

    A caption often repeats a sentence of the story, and trafilatura then keeps the
    caption and drops the real paragraph as its duplicate.
    """
    for caption in tree.xpath("//figcaption"):
        caption.drop_tree()
    for element in tree.xpath(_CAPTION_BLOCKS):
        if (
            len(element) == 0
            and element.getparent() is not None
            and is_caption(" ".join(element.text_content().split()))
        ):
            element.drop_tree()


def _choose_date(
    page_date: str | None, byline_date: str | None, url_date: Date | None
) -> tuple[str | None, str | None]:
    """The page's own date, unless the URL's full date contradicts it by days."""
    if page_date and url_date and abs((Date.fromisoformat(page_date) - url_date).days) > 2:
        return url_date.isoformat(), "url"
    if page_date:
        return page_date, "page"
    if byline_date:
        return byline_date, "byline"
    if url_date:
        return url_date.isoformat(), "url"
    return None, None


def _url_date(page: PageInput) -> Date | None:
    if not page.url_date:
        return None
    match = re.search(page.url_date, page.url)
    if not match or "day" not in match.groupdict() or not match.group("day"):
        return None
    try:
        return Date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _same_site(candidate: str | None, page_url: str) -> str:
    """A declared canonical URL, when it stays on the page's own site."""
    if not candidate or not candidate.startswith(("http://", "https://")):
        return page_url
    page_host = (urlsplit(page_url).hostname or "").split(".")[-2:]
    candidate_host = (urlsplit(candidate).hostname or "").split(".")[-2:]
    return candidate if page_host == candidate_host else page_url


def _strip_site_suffix(title: str | None, sitename: str | None) -> str | None:
    if not title:
        return None
    if sitename:
        site = sitename.lower()
        for separator in _TITLE_SEPARATORS:
            head, _, tail = title.rpartition(separator)
            if head and (site in tail.lower() or tail.lower() in site):
                return head.strip()
    return title.strip()


def _language(body: bytes, default: str | None) -> str | None:
    match = _HTML_LANG.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else default
