"""A page's title, author, canonical URL, date and site name: the fields the manifest keeps.

trafilatura's ``extract_metadata`` also finds categories, tags and a licence, which the corpus
does not keep, and looks for an author by deep-copying the whole tree and pruning it with
regex XPaths: together more than half of the metadata's cost on a news page. This module
takes the same steps for the fields the corpus keeps, with the same results. The costly
author search runs only where an element could name an author at all, and prunes the
caller's tree instead of a copy (:func:`byline_author`).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
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
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

DATE_SEARCH = {"original_date": True, "extensive_search": True}

# Every element trafilatura's AUTHOR_XPATHS can select carries one of these names in an
# attribute (or is an <author>): without one, the regex XPaths and the pruned copy are moot.
_AUTHOR_HINT = XPath(
    "//author | //*[rel] | //*[@*[contains(., 'uthor') or contains(., 'yline') or "
    "contains(., 'byl') or contains(., 'BBL') or contains(., 'username') or "
    "contains(., 'screenname') or contains(., 'writer') or contains(., 'zuozhe') or "
    "contains(., 'bianji') or contains(., 'xiaobian') or contains(., 'channel-name') or "
    "contains(., 'submitted-by') or contains(., 'posted-by') or "
    "contains(., 'journalist-name')]]"
)


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
    if not _AUTHOR_HINT(tree):
        return None
    author = extract_metainfo(
        prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120
    )
    return _trimmed(author=normalize_authors(None, author)).author if author else None


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
