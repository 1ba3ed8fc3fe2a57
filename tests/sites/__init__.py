"""Fixture sites for the shipped sources, generated at test time.

Each module here (``fmprc``, ``govuk``, ...) writes one site with its real host names
and URL structure into a temporary directory and returns a :class:`Case`: what a crawl
of that source over :data:`WINDOW` must find, skip and never fetch. The header of each
module says where its URL structure and markup come from. Stories are invented; the
page furniture imitates the real site so that extraction and cleaning are tested on it.

Deterministic and stdlib only, so a failing test can be reproduced byte for byte:
``python -m tests.sites DIR`` writes every site to DIR for a look in a browser.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import date as Date
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from crawler.localsite import LocalSite

WINDOW = (Date(2025, 2, 1), Date(2025, 2, 28))
SITES = ("fmprc", "mfakz", "akorda", "midru", "stategov", "govuk", "xinhua", "kazinform", "tass")


@dataclass
class Story:
    url: str
    title: str
    day: Date
    paragraphs: list[str]

    @property
    def in_window(self) -> bool:
        return WINDOW[0] <= self.day <= WINDOW[1]


@dataclass
class Case:
    source: str
    stories: list[Story] = field(default_factory=list)
    non_articles: list[str] = field(default_factory=list)  # linked, but no article
    never_fetched: list[str] = field(default_factory=list)  # dated outside before any fetch
    boilerplate: list[str] = field(default_factory=list)  # site furniture: never in a text
    listing_pages: list[str] = field(default_factory=list)  # all pages of a long listing
    listing_needed: list[str] = field(default_factory=list)  # those the window needs
    hosts: set[str] = field(default_factory=set)  # the hosts the site answers for

    def publish(
        self, site: Writer, story: Story, page: str, dated_early: bool = True, encoding: str = ""
    ) -> None:
        """Put ``story`` on the site. Expected in the corpus when inside the window; when
        outside and dated before any fetch (feed, listing item, URL), never fetched."""
        site.page(story.url, page, encoding or "utf-8")
        self.stories.append(story)
        if not story.in_window and dated_early:
            self.never_fetched.append(story.url)


def file_for(host: str, url_path: str, query: str) -> str:
    """Where a URL's bytes live under ``<root>/<host>/``: paths ending in / or without a
    suffix are directories with ``index.html``; a query goes into the name as ``@query``."""
    path = unquote(url_path).lstrip("/")
    if path == "" or path.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        path = path.rstrip("/") + ("/" if path.strip("/") else "") + "index.html"
    if query:
        stem, dot, suffix = path.rpartition(".")
        path = f"{stem}@{unquote(query).replace('/', '%2F')}{dot}{suffix}"
    return f"{host}/{path}"


class Writer:
    def __init__(self, root: Path) -> None:
        self.root = root

    def page(self, url: str, text: str, encoding: str = "utf-8") -> None:
        parts = urlsplit(url)
        target = self.root / file_for(parts.hostname or "", parts.path, parts.query)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode(encoding))


def rss(title: str, entries: list[tuple[str, str, Date]]) -> str:
    """An RSS 2.0 feed of ``(title, link, day)`` entries."""
    items = "".join(
        f"<item><title>{name}</title><link>{link.replace('&', '&amp;')}</link>"
        f"<pubDate>{format_datetime(datetime(*day.timetuple()[:3], 9, 30, tzinfo=UTC))}"
        "</pubDate></item>"
        for name, link, day in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
        f"<channel><title>{title}</title>{items}</channel></rss>"
    )


class QuerySite(LocalSite):
    """LocalSite that also answers URLs with a query (``?page=2``), as many CMSs page.

    A query with no file of its own (``?utm_source=rss``) gets the page without it, as
    real servers ignore parameters they do not know.
    """

    def resolve(self, host: str, path: str) -> Path | None:
        parts = urlsplit(path)
        if parts.query:
            candidate = (self.root / file_for(host, parts.path, parts.query)).resolve()
            if self.root in candidate.parents and candidate.is_file():
                return candidate
        return super().resolve(host, parts.path)


_OPENINGS = [
    "{who} said on {when} that {topic} remained a priority for both sides.",
    "Speaking to reporters on {when}, {who} described {topic} as a matter of mutual interest.",
    "{who} reviewed progress on {topic} at a meeting held on {when}.",
]
_SENTENCES = [
    "Officials agreed to set up a working group that will report within {n} months.",
    "The two delegations discussed trade, transport links and cooperation in energy.",
    "According to the statement, {n} agreements are expected to be signed before the end "
    "of the year.",
    "Experts noted that bilateral trade grew by {n} percent over the previous twelve months.",
    "Both sides stressed the importance of dialogue and of respect for international law.",
    "The meeting also touched on regional security and the situation in neighbouring states.",
    "Participants welcomed plans to open new direct flights and to simplify visa procedures.",
    "A joint commission on {topic} is due to meet again in the spring.",
    "Representatives of business associations took part in the talks for the first time.",
    "The parties exchanged views on climate, water resources and food security.",
    "Observers said the talks reflected a steady pace of contacts at the highest level.",
    "Further consultations between the foreign ministries are planned for {n} weeks from now.",
]


def prose(title: str, who: str, day: Date, topic: str, paragraphs: int = 4) -> list[str]:
    """Deterministic, varied article paragraphs for an invented story."""
    seed = int(hashlib.sha256(title.encode()).hexdigest(), 16)
    when = f"{day:%A}"
    fill = {"who": who, "when": when, "topic": topic}
    out = [_OPENINGS[seed % len(_OPENINGS)].format(**fill)]
    for index in range(1, paragraphs):
        picks = [_SENTENCES[(seed >> (4 * index + k)) % len(_SENTENCES)] for k in (0, 7)]
        numbers = {"n": 3 + (seed >> (3 * index)) % 17}
        out.append(" ".join(dict.fromkeys(p.format(**fill, **numbers) for p in picks)))
    later = f" The discussion of {topic} followed a series of consultations held earlier."
    out[0] = out[0][0].upper() + out[0][1:] + later
    return out


def build(root: Path, names: tuple[str, ...] = SITES) -> dict[str, Case]:
    """Write the fixture sites ``names`` under ``root``; their cases by source name."""
    import importlib

    writer = Writer(root)
    cases = {}
    for name in names:
        before = {p.name for p in root.iterdir()} if root.is_dir() else set()
        cases[name] = importlib.import_module(f"tests.sites.{name}").build(writer)
        cases[name].hosts = {p.name for p in root.iterdir()} - before
    return cases


if __name__ == "__main__":
    build(Path(sys.argv[1]))
