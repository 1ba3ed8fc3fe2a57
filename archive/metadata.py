"""A page's title, author, canonical URL, date and site name: the fields the manifest keeps.

trafilatura's ``extract_metadata`` also finds categories, tags and a licence, which the corpus
does not keep, and looks for an author by deep-copying the whole tree and pruning it with
regex XPaths: together more than half of the metadata's cost on a news page. This module
takes the same steps for the fields the corpus keeps, with the same results. The author
search prunes the caller's tree instead of a copy, and runs its regex XPaths without a
Python call per element (:func:`byline_author`).
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache

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
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS, REGEXP_NS

DATE_SEARCH = {"original_date": True, "extensive_search": True}

_REGEX_TEST = re.compile(r"re:test\((@[\w-]+), '([^']*)'\)")


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
    values: dict[str, set[str]] = {}
    discard = [_without_regex(x, tree, values) for x in AUTHOR_DISCARD_XPATHS]
    authors = [_without_regex(x, tree, values) for x in AUTHOR_XPATHS]
    author = extract_metainfo(prune_unwanted_nodes(tree, discard), authors, len_limit=120)
    return _trimmed(author=normalize_authors(None, author)).author if author else None


def _without_regex(expression: XPath, tree: HtmlElement, values: dict[str, set[str]]) -> XPath:
    """``expression`` with each ``re:test(@attr, 'pattern')`` replaced by the list of the
    ``@attr`` values on this page that match: the same elements, selected in C.

    lxml runs an EXSLT regex by calling back into Python once per element, which made
    trafilatura's author XPaths cost about a millisecond each on a news page. A page has
    a few dozen distinct class and id values; matching those once is cheap.
    """

    def literal(test: re.Match) -> str:
        attribute, pattern = test[1], test[2]
        regex = re.compile(pattern)
        if attribute not in values:
            values[attribute] = set(tree.xpath("//" + attribute))
        matching = [value for value in values[attribute] if regex.search(value)]
        quoted = [_quoted(value) for value in matching]
        if regex.search("") or None in quoted or sum(map(len, matching)) > 2000:
            return test[0]  # absent attributes match, a value no literal holds, a long list
        return "(" + " or ".join(f"{attribute}={q}" for q in quoted) + ")" if quoted else "false()"

    return _compiled(_REGEX_TEST.sub(literal, expression.path))


def _quoted(value: str) -> str | None:
    """``value`` as an XPath 1.0 literal, which has no escapes: None if it holds both quotes."""
    if "'" not in value:
        return f"'{value}'"
    return f'"{value}"' if '"' not in value else None


@lru_cache(maxsize=1024)
def _compiled(path: str) -> XPath:
    return XPath(path, namespaces={"re": REGEXP_NS})


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
