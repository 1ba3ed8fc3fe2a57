"""HTML → clean article: trafilatura for the text and metadata, then the text cleaner.

:func:`extract_page` is the one code path from page bytes to corpus text. The crawl
runs it in worker processes, ``newsarc extract`` and ``newsarc reextract`` call it
directly, so a text can always be rebuilt from its archived bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import copy
from datetime import date as Date
from urllib.parse import urlsplit

import pycld2
import trafilatura
import trafilatura.utils
from lxml.etree import ElementDefaultClassLookup
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.settings import Extractor
from w3lib.encoding import html_to_unicode, resolve_encoding

from archive.clean import clean_document, find_date, is_caption, is_date_only, text_key
from archive.metadata import byline_author, page_metadata
from archive.pages import Extraction, PageInput
from archive.prune import install as install_attribute_tests
from archive.textformat import Document, format_text
from archive.urls import article_id, canonical_url

LANGUAGE_SAMPLE = 4000  # characters

_NOT_TEXT = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\w+")
_HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_ARTICLE_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:\w*Article|BlogPosting)"')
_CAPTION_BLOCKS = ("p", "td", "div", "span", "font", "center", "em", "i", "small")
_CARD_CONTENT = ("h1", "h2", "h3", "h4", "h5", "h6", "p")
# "/descendant::meta[...]" (here and in _TITLE_SOURCES) is "//meta[...]": libxml2 only shortens
# "//" to one step without a predicate, and otherwise first collects every node of the page.
_DESCRIPTION = (
    "string(/descendant::meta[@property='og:description']/@content)",
    "string(/descendant::meta[@name='description']/@content)",
)
_SHOWN_ANYWHERE = "/descendant::body[contains(normalize-space(.), $text)]"
_SHOWN_DESCRIPTION = "|".join(
    f"//body/descendant::{tag}[normalize-space(.) = $text]"
    for tag in ("p", "div", "h2", "span", "section")
)
_TITLE_SOURCES = ("string(/descendant::meta[@property='og:title']/@content)", "string(//title)")
_TITLE_SEGMENT = re.compile(r"\s+[|–—-]\s+|\s*(?:_|--|-(?=[\u4e00-\u9fff]))\s*|\s+::\s+")
_SITE_SUFFIX_ZH = re.compile(r"[\u4e00-\u9fff]{1,6}[网網]")

# lxml.html picks each element's Python class by a call into Python (form fields get their own
# classes), some 1,500 calls a page; extraction uses none of those classes. One class for all,
# chosen in C, makes the whole extraction about 5% cheaper with the same trees.
trafilatura.utils.HTML_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)
install_attribute_tests()

# bare_extraction's options for every page. Built from keywords, they are read again from
# trafilatura's ConfigParser on each call (0.08 ms a page); only the URL differs between
# pages, and trafilatura's own command line likewise sets it on one Extractor per file.
_OPTIONS = Extractor(output_format="python", comments=False, tables=True, dedup=False)


class _InvalidXmlChars:
    """trafilatura's ``INVALID_XML_CHARS``, stripped from every page before parsing, as a
    check in C first: the regex takes 0.25 ms to scan a 60 KB page and find nothing (the
    usual case), ``bytes.translate`` tells in 0.1 ms whether there is anything to strip."""

    PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    _CONTROLS = bytes(code for code in range(0x20) if code not in b"\t\n\r")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        encoded = text.encode("utf-8", "surrogatepass")
        if (
            "\ufffe" in text
            or "\uffff" in text
            or encoded.translate(None, self._CONTROLS) != encoded
        ):
            return self.pattern.sub(replacement, text, count)
        return text


if trafilatura.utils.INVALID_XML_CHARS.pattern == _InvalidXmlChars.PATTERN:
    trafilatura.utils.INVALID_XML_CHARS = _InvalidXmlChars(trafilatura.utils.INVALID_XML_CHARS)


def article_text(html: bytes | str, url: str | None = None) -> str:
    """The article's body paragraphs as ``newsarc extract --format body`` prints them; "" if none.

    Bytes are decoded as in a crawl (BOM, ``<meta>`` charset, UTF-8 in fact). No date header and
    no title: the words of the story only. Never raises on bad input.
    """
    body = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else bytes(html)
    found = extract_page(
        PageInput(url=url if url and _is_usable(url) else "", body=body, min_words=0)
    )
    return body_text(found) if found else ""


def _is_usable(url: str) -> bool:
    """A URL urllib can take apart: a crawl's always is, a caller's may not be ("http://[")."""
    try:
        port = urlsplit(url).port
    except ValueError:
        return False
    return port is None or port >= 0


def body_text(found: Extraction) -> str:
    """The paragraphs of ``found`` in the text-file format, without date header or title."""
    return format_text(Document(date=None, title=None, paragraphs=found.paragraphs))


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
    """The article on ``page``, cleaned, or None when the page holds no article.

    A URL urllib cannot take apart (a hostile WARC's target URI) gives no id: no article.
    """
    if page.url and not _is_usable(page.url):
        return None
    tree = trafilatura.load_html(decode_html(page.body, page.content_type))
    if tree is None:
        return None
    declared = _declared_type(tree)
    if page.require_article_signals and declared == "website":
        return None
    _prune_captions(tree)
    _prune_teaser_cards(tree)
    lead = _shown_description(tree)
    meta = page_metadata(tree, page.url)
    document = trafilatura.bare_extraction(tree, options=_options(page.url or meta.url))
    if document is None or not document.text:
        return None
    title = _strip_site_suffix(meta.title, meta.sitename, page.url)
    paragraphs = _recover_split_body(tree, document.text.split("\n"))
    if lead and text_key(lead) not in text_key(" ".join(paragraphs)):
        paragraphs.insert(0, lead)
    cleaned = clean_document(Document(date=None, title=title, paragraphs=paragraphs), page.rules)
    story = " ".join(cleaned.paragraphs)
    words = count_words(story)
    if words < page.min_words:
        return None
    judged = page.require_article_signals and declared != "article"
    if judged and not _reads_like_article(meta.date, cleaned.paragraphs, words, page.min_words):
        return None
    page_date = _title_date(tree) or meta.date
    date, date_source = _choose_date(page_date, cleaned.date, _url_date(page))
    if date is None and page.fetched_date:
        date, date_source = page.fetched_date, "fetched"
    canonical = canonical_url(_same_site(meta.url, page.url), page.mobile_hosts)
    final = Document(date=date, title=cleaned.title, paragraphs=cleaned.paragraphs)
    return Extraction(
        id=article_id(canonical),
        canonical_url=canonical,
        title=cleaned.title,
        date=date,
        date_source=date_source,
        author=meta.author or byline_author(tree),  # the last use of tree: it prunes
        language=detect_language(story, words) or _language(page.body, page.language),
        sitename=meta.sitename,
        paragraphs=cleaned.paragraphs,
        words=words,
        text=format_text(final),
    )


def _options(url: str | None) -> Extractor:
    """:data:`_OPTIONS` for the page at ``url``, as ``Extractor(url=url)`` sets it."""
    options = copy(_OPTIONS)
    options.url = url
    options.source = url.encode("utf-8", "replace").decode("utf-8") if url else None
    return options


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
    root = tree.getroottree().getroot()  # where "//" starts
    for caption in list(root.iter("figcaption")):
        caption.drop_tree()
    for element in list(root.iter(*_CAPTION_BLOCKS)):
        if (  # childless, so its text is its whole text; "" is no caption
            not len(element)
            and element is not root
            and (text := element.text)
            and is_caption(" ".join(text.split()))
        ):
            element.drop_tree()


def _prune_teaser_cards(tree: HtmlElement) -> None:
    """Drop links that wrap a headline or a paragraph: teaser cards for other stories.

    A story's own paragraphs are never one big link; a "related stories" card is, and its
    summary reads like prose, so trafilatura keeps it. Found from the headlines and paragraphs
    up, since a page has many links and few of these; outer links first, in page order.
    """
    cards: dict[HtmlElement, None] = {}
    for content in tree.getroottree().getroot().iter(*_CARD_CONTENT):
        if links := list(content.iterancestors("a")):
            cards.update(dict.fromkeys(reversed(links)))
    for card in cards:
        if card.getparent() is not None:
            card.drop_tree()


def _shown_description(tree: HtmlElement) -> str | None:
    """The page's description when the page also shows it as a block: the standfirst.

    trafilatura often leaves the standfirst out because it sits in the headline's box; the
    description meta tag names it, and showing it in the body makes it part of the article.
    """
    tried = ""
    for source in _DESCRIPTION:
        text = " ".join(tree.xpath(source).split())
        if len(text) >= 40 and text != tried and _is_shown(tree, text):
            return text
        tried = text
    return None


def _is_shown(tree: HtmlElement, text: str) -> bool:
    """Whether a block of the body reads ``text``, spaces aside.

    A block's text is a stretch of its body's text, so a body that does not hold ``text``
    has no such block: one pass over the body then spares normalising every block.
    """
    return bool(tree.xpath(_SHOWN_ANYWHERE, text=text)) and bool(
        tree.xpath(_SHOWN_DESCRIPTION, text=text)
    )


def _recover_split_body(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Add the paragraphs of the story's own containers that trafilatura left out.

    Pages cut a story into several boxes of one template (``<div class="article__content">``)
    with ads between, and trafilatura may keep only one box. A paragraph of prose in a box of
    the same tag and class as two or more kept paragraphs is the same story; it goes in after
    the kept paragraph it follows on the page.
    """
    keys = {paragraph: text_key(paragraph) for paragraph in paragraphs}
    kept = {keys[paragraph]: i for i, paragraph in enumerate(paragraphs) if keys[paragraph]}
    found = [(element, element.getparent()) for element in tree.iterdescendants("p")]
    lines = [_line(element, keys) if box.get("class") else None for element, box in found]
    boxes = Counter(
        (box.tag, box.get("class"))
        for (_, box), line in zip(found, lines, strict=True)
        if line and line[1] in kept
    )
    template = {box for box, count in boxes.items() if count >= 2}
    if not template:
        return paragraphs
    after: dict[int, list[str]] = {}
    position = -1
    for (element, box), line in zip(found, lines, strict=True):
        text, key = line or _line(element, keys)
        if key in kept:
            position = kept[key]
            continue
        if (box.tag, box.get("class")) in template and _is_prose(text):
            after.setdefault(position, []).append(text)
    if not after:
        return paragraphs
    merged = after.get(-1, [])
    for index, paragraph in enumerate(paragraphs):
        merged += [paragraph, *after.get(index, [])]
    return merged


def _line(element: HtmlElement, keys: dict[str, str]) -> tuple[str, str]:
    """The element's text, spaces normalised, and its :func:`text_key`.

    ``keys`` holds the keys of the kept paragraphs, whose texts the page's own repeat word for
    word. Spaces are neither letters nor digits: the normalised text has the text's key.
    """
    text = " ".join(_string(element).split())
    return text, keys[text] if text in keys else text_key(text)


def _string(element: HtmlElement) -> str:
    """``text_content()``, which for an element without children (``len`` counts comments
    and processing instructions too) is its text, read without an XPath call."""
    return element.text_content() if len(element) else element.text or ""


def _is_prose(text: str) -> bool:
    return count_words(text) >= 15 and text.rstrip("\"'”’»)").endswith(
        (".", "!", "?", "。", "！", "？")
    )


def _title_date(tree: HtmlElement) -> str | None:
    """A date the page title ends with ("... | DW | 28.04.2023"): the publisher's own."""
    for source in _TITLE_SOURCES:
        segments = _TITLE_SEGMENT.split(" ".join(tree.xpath(source).split()))
        if len(segments) > 1 and (found := find_date(segments[-1])):
            return found
    return None


def detect_language(text: str, words: int | None = None) -> str | None:
    """ISO 639 code of ``text`` by CLD2, the detector Common Crawl labels its pages with;
    None if too short or unknown. ``words`` is the text's :func:`count_words`, if known.

    CLD2 is compiled C with its tables in the wheel: a few microseconds per text and no
    model to load into each worker (py3langid's took 75 MB per process).
    """
    if (count_words(text) if words is None else words) < 5:
        return None
    # CLD2 refuses control characters and lone surrogates: they carry no language anyway.
    try:
        found = pycld2.detect(_NOT_TEXT.sub(" ", text[:LANGUAGE_SAMPLE]))
    except pycld2.error:
        return None
    code = found[2][0][1].split("-")[0]
    return None if code == "un" else code


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


def _strip_site_suffix(title: str | None, sitename: str | None, url: str) -> str | None:
    """The headline without trailing segments that name the site or give a date.

    "Ziele, Chancen | DW | 28.04.2023" → "Ziele, Chancen"; "药品保供-新华网" → "药品保供".
    """
    if not title:
        return None
    title = " ".join(title.split())
    site_names = {_squash(sitename or ""), *_squash(urlsplit(url).hostname or "").split(".")}
    site_names -= {"", "www", "com", "org", "net", "cn", "de", "ru", "uk", "co", "news"}
    while True:
        parts = _TITLE_SEGMENT.split(title)
        if len(parts) < 2:
            return title
        tail = parts[-1]
        squashed = _squash(tail)
        is_site = len(squashed) >= 2 and any(squashed in name for name in site_names)
        dated = bool(find_date(tail)) and is_date_only(tail)
        if not (is_site or dated or _SITE_SUFFIX_ZH.fullmatch(tail)):
            return title
        title = title[: title.rindex(tail)].rstrip(" |–—-_:")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _language(body: bytes, default: str | None) -> str | None:
    match = _HTML_LANG.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else default
