"""Sources as data: one small TOML file per site, validated on load.

The files next to this module ship with newsarc; users add their own from other
directories (``--sources DIR`` / ``NEWSARC_SOURCES_DIRS``), and a user file with the
same name as a shipped one replaces it. A bad file is reported by path, field and
what was expected, never by a traceback from deep inside a crawl.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from parsel import Selector

from archive.clean import CleanRules

BUILTIN_DIR = Path(__file__).parent
KINDS = ("ministry", "wire", "media")
NAME = re.compile(r"[a-z0-9_]{1,64}")


def is_xpath(selector: str) -> bool:
    """Selectors in source files are XPath when they look like a path, else CSS."""
    return selector.startswith(("/", "(", "./", ".."))


class SourceError(ValueError):
    """A source file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Listing:
    url: str
    next: str | None = None  # CSS (``::attr(href)``) or XPath selecting the next page URL
    page_url: str | None = None  # or: a template for page N ({page}), where links are JS
    page_start: int = 2  # the {page} number of the second page (TRS CMSs count from 1)
    items: str | None = None  # selector of one item; its links and date belong together
    item_date: str | None = None  # dates of the items (inside each item, where items is set)
    max_pages: int = 100

    def page(self, number: int) -> str | None:
        """The URL of page ``number`` (1 is ``url``), where the listing has a template."""
        if number == 1:
            return self.url
        return self.page_url.format(page=number - 2 + self.page_start) if self.page_url else None


@dataclass(frozen=True)
class Api:
    """A JSON search/listing endpoint paged by ``{page}`` or ``{offset}`` in its URL."""

    url: str
    items: str  # dotted path to the list of results, e.g. "results"
    link: str  # key of an item's URL (may be relative)
    date: str | None = None  # key of an item's date
    page_size: int = 20
    page_start: int = 1  # first {page}; {offset} always starts at 0
    max_pages: int = 100

    def page(self, number: int) -> str:
        offset = (number - 1) * self.page_size
        return self.url.format(page=number - 1 + self.page_start, offset=offset)


@dataclass(frozen=True)
class Source:
    name: str
    publisher: str
    kind: str
    language: str
    domains: tuple[str, ...]
    homepage: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    apis: tuple[Api, ...] = ()
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    url_date: str | None = None
    mobile_hosts: dict[str, str] = field(default_factory=dict)
    clean: CleanRules = field(default_factory=CleanRules)
    path: Path | None = None

    def owns(self, url: str) -> bool:
        """The URL's host is one of the source's domains or a subdomain of one."""
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def is_article_url(self, url: str) -> bool:
        return any(re.search(p, url) for p in self.allow) and not any(
            re.search(p, url) for p in self.deny
        )

    @property
    def discovery(self) -> list[str]:
        kinds = [
            ("feeds", self.feeds),
            ("sitemaps", self.sitemaps),
            ("listings", self.listings),
            ("apis", self.apis),
        ]
        return [name for name, items in kinds if items]


def source_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    return [BUILTIN_DIR, *(Path(d) for d in extra)]


def load_sources(dirs: Iterable[Path]) -> dict[str, Source]:
    """All sources in ``dirs``; later directories override earlier ones by name."""
    sources: dict[str, Source] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise SourceError(f"{directory}: sources directory does not exist")
        for path in sorted(directory.glob("*.toml")):
            source = load_source(path)
            sources[source.name] = source
    return sources


def load_source(path: Path) -> Source:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path}: not valid TOML: {error}") from None
    return _Reader(path).source(data)


class _Table(dict):
    """A TOML table that remembers where it sits, so errors name ``articles.allow``."""

    def __init__(self, value: dict, prefix: str) -> None:
        super().__init__(value)
        self.prefix = prefix


def _name(data: dict, key: str) -> str:
    prefix = getattr(data, "prefix", "")
    return f"{prefix}.{key}" if prefix else key


class _Reader:
    """Checks one parsed file field by field, naming the field on error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, expected: str, got: object = None) -> SourceError:
        found = "" if got is None else f", got {got!r}"
        return SourceError(f"{self.path}: field '{key}': expected {expected}{found}")

    def table(self, data: dict, key: str, allowed: set[str]) -> dict:
        value = data.get(key, {}) if key else data
        if not isinstance(value, dict):
            raise self.fail(key, "a table", value)
        unknown = sorted(set(value) - allowed)
        if unknown:
            where = f"{key}.{unknown[0]}" if key else unknown[0]
            raise self.fail(where, f"no such field (known: {', '.join(sorted(allowed))})")
        return _Table(value, key)

    def text(self, data: dict, key: str, *, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(_name(data, key), "a non-empty string", value)
        return value

    def member(self, key: str, item: dict, name: str, *, required: bool = False) -> str | None:
        """``item[name]`` as a non-empty string, reported as ``key.name``."""
        return self.text({f"{key}.{name}": item.get(name)}, f"{key}.{name}", required=required)

    def strings(self, data: dict, key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(_name(data, key), "a list of strings", value)
        return tuple(value)

    def urls(self, data: dict, key: str) -> tuple[str, ...]:
        values = self.strings(data, key)
        for value in values:
            self.url(_name(data, key), value)
        return values

    def url(self, key: str, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.fail(key, "an absolute http(s) URL", value)
        return value

    def regexes(self, data: dict, key: str) -> tuple[str, ...]:
        values = self.strings(data, key)
        for value in values:
            self.regex(_name(data, key), value)
        return values

    def regex(self, key: str, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise self.fail(key, f"a valid regular expression ({error})", value) from None
        return value

    def selector(self, key: str, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            probe = Selector(text="<html></html>")
            probe.xpath(value) if is_xpath(value) else probe.css(value)
        except Exception as error:
            raise self.fail(key, f"a CSS or XPath selector ({error})", value) from None
        return value

    def source(self, data: dict) -> Source:
        top = {"name", "publisher", "kind", "language", "domains", "homepage", "mobile_hosts"}
        self.table(data, "", top | {"discovery", "articles", "clean"})
        name = self.text(data, "name", required=True)
        if not NAME.fullmatch(name or ""):
            raise self.fail("name", "lower-case letters, digits and _ (at most 64)", name)
        kind = self.text(data, "kind", required=True)
        if kind not in KINDS:
            raise self.fail("kind", f"one of {', '.join(KINDS)}", kind)
        language = self.text(data, "language", required=True)
        if not re.fullmatch(r"[a-z]{2,3}", language or ""):
            raise self.fail("language", "an ISO 639-1 code such as 'en'", language)
        domains = self.strings(data, "domains")
        if not domains:
            raise self.fail("domains", "at least one domain")
        homepage = self.text(data, "homepage")
        mobile_hosts = data.get("mobile_hosts", {})
        if not isinstance(mobile_hosts, dict) or not all(
            isinstance(v, str) for v in mobile_hosts.values()
        ):
            raise self.fail("mobile_hosts", "a table of host = host", mobile_hosts)

        discovery = self.table(data, "discovery", {"feeds", "sitemaps", "listings", "apis"})
        listings = discovery.get("listings", [])
        if not isinstance(listings, list):
            raise self.fail("discovery.listings", "an array of tables ([[discovery.listings]])")
        apis = discovery.get("apis", [])
        if not isinstance(apis, list):
            raise self.fail("discovery.apis", "an array of tables ([[discovery.apis]])")
        articles = self.table(data, "articles", {"allow", "deny", "url_date"})
        clean = self.table(data, "clean", {"drop"})
        source = Source(
            name=name or "",
            publisher=self.text(data, "publisher", required=True) or "",
            kind=kind or "",
            language=language or "",
            domains=domains,
            homepage=self.url("homepage", homepage) if homepage else None,
            feeds=self.urls(discovery, "feeds"),
            sitemaps=self.urls(discovery, "sitemaps"),
            listings=tuple(self.listing(i, item) for i, item in enumerate(listings)),
            apis=tuple(self.api(i, item) for i, item in enumerate(apis)),
            allow=self.regexes(articles, "allow"),
            deny=self.regexes(articles, "deny"),
            url_date=self.url_date(articles.get("url_date")),
            mobile_hosts=dict(mobile_hosts),
            clean=CleanRules(drop=self.regexes(clean, "drop")),
            path=self.path,
        )
        if not source.allow:
            raise self.fail("articles.allow", "at least one regex matching article URLs")
        if not source.discovery:
            raise self.fail("discovery", "at least one of feeds, sitemaps, listings, apis")
        return source

    def listing(self, index: int, item: object) -> Listing:
        key = f"discovery.listings[{index}]"
        if not isinstance(item, dict):
            raise self.fail(key, "a table", item)
        fields = {"url", "next", "page_url", "page_start", "items", "item_date", "max_pages"}
        self.table({key: item}, key, fields)
        page_url = self.template(key, item, "page_url", ("page",))
        if page_url and item.get("next"):
            raise self.fail(f"{key}.page_url", "either next or page_url, not both")
        return Listing(
            url=self.url(f"{key}.url", self.member(key, item, "url", required=True) or ""),
            next=self.selector(f"{key}.next", self.member(key, item, "next")),
            page_url=page_url,
            page_start=self.count(key, item, "page_start", 2, least=0),
            items=self.selector(f"{key}.items", self.member(key, item, "items")),
            item_date=self.selector(f"{key}.item_date", self.member(key, item, "item_date")),
            max_pages=self.count(key, item, "max_pages", 100),
        )

    def api(self, index: int, item: object) -> Api:
        key = f"discovery.apis[{index}]"
        if not isinstance(item, dict):
            raise self.fail(key, "a table", item)
        fields = {"url", "items", "link", "date", "page_size", "page_start", "max_pages"}
        self.table({key: item}, key, fields)
        return Api(
            url=self.template(key, item, "url", ("page", "offset"), required=True) or "",
            items=self.member(key, item, "items", required=True) or "",
            link=self.member(key, item, "link", required=True) or "",
            date=self.member(key, item, "date"),
            page_size=self.count(key, item, "page_size", 20),
            page_start=self.count(key, item, "page_start", 1, least=0),
            max_pages=self.count(key, item, "max_pages", 100),
        )

    def count(self, key: str, item: dict, name: str, default: int, least: int = 1) -> int:
        value = item.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise self.fail(f"{key}.{name}", f"an integer of at least {least}", value)
        return value

    def template(
        self, key: str, item: dict, name: str, names: tuple[str, ...], required: bool = False
    ) -> str | None:
        """A URL with one of ``names`` in braces, e.g. ``...index_{page}.html``."""
        value = self.member(key, item, name, required=required)
        if value is None:
            return None
        braces = " or ".join("{" + n + "}" for n in names)
        expected = f"an absolute http(s) URL with {braces}"
        try:
            filled = value.format(**{n: 1 for n in names})
        except (KeyError, IndexError, ValueError):
            raise self.fail(f"{key}.{name}", expected, value) from None
        if filled == value:
            raise self.fail(f"{key}.{name}", expected, value)
        self.url(f"{key}.{name}", filled)
        return value

    def url_date(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail("articles.url_date", "a regex string", value)
        self.regex("articles.url_date", value)
        if not {"year", "month"} <= set(re.compile(value).groupindex):
            raise self.fail("articles.url_date", "named groups (?P<year>) and (?P<month>)", value)
        return value
