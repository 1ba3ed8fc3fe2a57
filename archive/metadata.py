"""A page's title, author, canonical URL, date and site name: the fields the manifest keeps.

trafilatura's ``extract_metadata`` also finds categories, tags and a licence, which the corpus
does not keep, and looks for an author by deep-copying the whole tree and pruning it with
regex XPaths: together more than half of the metadata's cost on a news page. This module
takes the same steps for the fields the corpus keeps, with the same results. The author
search prunes the caller's tree instead of a copy, and tests attributes in Python instead
of evaluating regex XPaths over every element (:func:`byline_author`).
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import delete_element, prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

DATE_SEARCH = {"original_date": True, "extensive_search": True}

# trafilatura's author search (``extract_author``: prune AUTHOR_DISCARD_XPATHS, then the first
# AUTHOR_XPATHS match of sensible length) as Python tests on an element's attributes. As XPath,
# libxml2 spends a predicate on every element and lxml a Python call per element for each
# re:test: 2 ms of a 10 ms page. tests/test_extract.py holds this to trafilatura's own.
_ATTRIBUTES = frozenset(("class", "id", "itemprop", "rel", "data-testid", "data-component"))
_NOT_BY_ATTRIBUTE = XPath("//rel|//author")  # rel='me' and //author: left to trafilatura
_TIME_OR_FIGURE = XPath("//time|//figure")
DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer"
)
AUTHOR_NAME_CLASS = re.compile("author-?name|AuthorName|authorName")
AUTHOR_ID = re.compile("author|zuozhe|bianji|xiaobian")
AUTHOR_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name"
)
ANY_AUTHOR_ID = re.compile("[Aa]uthor")
ANY_AUTHOR_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    author: str | None
    url: str | None
    date: str | None  # YYYY-MM-DD
    sitename: str | None


def page_metadata(tree: HtmlElement, url: str | None) -> PageMetadata:
    """The metadata trafilatura's ``extract_metadata`` gives for ``tree``, fields as there."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # as trafilatura: one word in a meta tag is a handle, not a name
    with suppress(Exception):  # as trafilatura: a broken JSON-LD block adds nothing
        found = extract_meta_json(tree, found)
    found.title = found.title or extract_title(tree)
    found.url = found.url or extract_url(tree, url)
    found.date = find_date(tree, **DATE_SEARCH, url=found.url)
    found.sitename = _sitename(found.sitename or extract_sitename(tree), found.url)
    fields = ("title", "author", "url", "date", "sitename")
    trimmed = _trimmed(**{name: getattr(found, name) for name in fields})
    return PageMetadata(*(getattr(trimmed, name) for name in fields))


def byline_author(tree: HtmlElement) -> str | None:
    """The author named in the page's body, where its metadata names none.

    Prunes ``tree`` in place (comments, sidebars, dates, figures), as trafilatura does on
    a deep copy: call it last, when nothing else will read the tree.
    """
    if _NOT_BY_ATTRIBUTE(tree):
        found = prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS)
        author = extract_metainfo(found, AUTHOR_XPATHS, len_limit=120)
    else:
        author = _author_by_attributes(tree)
    return _trimmed(author=normalize_authors(None, author)).author if author else None


def _author_by_attributes(tree: HtmlElement) -> str | None:
    # every element with one of the attributes tested, in document order; as XPath
    # ("//@class|//@id|..."), libxml2 walks the whole page once for each attribute
    elements = [e for e in tree.getroottree().iter("*") if not _ATTRIBUTES.isdisjoint(e.keys())]
    for element in [e for e in elements if e is not tree and _is_author_discard(e)]:
        delete_element(element)
    for element in _TIME_OR_FIGURE(tree):
        delete_element(element)
    for test in (_is_author_box, _is_byline_box, _is_author_anything):
        for element in elements:
            if test(element) and (element is tree or tree in element.iterancestors()):
                content = trim(" ".join(element.itertext()))
                if content and 2 < len(content) < 120:
                    return content
    return None


def _is_author_discard(element: HtmlElement) -> bool:
    """AUTHOR_DISCARD_XPATHS[0]"""
    if element.tag not in ("a", "div", "section", "span"):
        return False
    id_, class_ = element.get("id"), element.get("class")
    return (
        id_ == "comments"
        or class_ in ("comments", "title", "date")
        or bool(id_ and DISCARD_ID.search(id_))
        or bool(class_ and DISCARD_CLASS.search(class_))
        or "Figure" in (element.get("data-component") or "")
    )


def _is_author_box(element: HtmlElement) -> bool:
    """AUTHOR_XPATHS[0], without its ``rel='me'`` and ``//author``"""
    if element.tag not in ("a", "address", "div", "link", "p", "span", "strong"):
        return False
    class_ = element.get("class")
    return (
        element.get("rel") == "author"
        or element.get("id") == "author"
        or class_ == "author"
        or element.get("itemprop") == "author name"
        or element.get("data-testid") in ("AuthorCard", "AuthorURL")
        or bool(class_ and AUTHOR_NAME_CLASS.search(class_))
    )


def _is_byline_box(element: HtmlElement) -> bool:
    """AUTHOR_XPATHS[1]"""
    if element.tag not in ("a", "div", "h3", "h4", "p", "span"):
        return False
    id_, class_ = element.get("id"), element.get("class")
    return (
        class_ in ("byline", "username", "byl", "BBL")
        or "author" in (element.get("itemprop") or "")
        or bool(id_ and AUTHOR_ID.search(id_))
        or bool(class_ and AUTHOR_CLASS.search(class_))
    )


def _is_author_anything(element: HtmlElement) -> bool:
    """AUTHOR_XPATHS[2]"""
    id_, class_ = element.get("id"), element.get("class")
    return (
        "Byline" in (element.get("data-component") or "")
        or "author" in (element.get("itemprop") or "")
        or bool(id_ and ANY_AUTHOR_ID.search(id_))
        or bool(class_ and ANY_AUTHOR_CLASS.search(class_))
    )


def _trimmed(**fields: str | None) -> Document:
    """The fields as trafilatura leaves them: entities decoded, spaces and length trimmed."""
    document = Document()
    for name, value in fields.items():
        setattr(document, name, value)
    document.clean_and_trim()
    return document


def _sitename(name: str | None, url: str | None) -> str | None:
    if name:
        name = name.lstrip("@")
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name
    match = META_URL.match(url) if url else None
    return match[1] if match else None
