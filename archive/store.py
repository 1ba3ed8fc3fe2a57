"""Crawl state in one SQLite file: what was seen, written and archived.

The manifest is the record of truth for articles; the store is an index over it that
makes "have we got this already?" cheap. On open the store catches up with manifest
lines it does not know (a crash between the two writes), so a story is never written
twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from archive.urls import canonical_url
from archive.warc import RecordLocation

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    date TEXT,
    text_sha256 TEXT NOT NULL,
    text_path TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_text ON articles (text_sha256);
CREATE TABLE IF NOT EXISTS seen_urls (
    url TEXT PRIMARY KEY,
    article_id TEXT,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS payloads (
    url TEXT NOT NULL,
    digest TEXT NOT NULL,
    record_id TEXT NOT NULL,
    warc_date TEXT NOT NULL,
    warc_file TEXT,
    warc_offset INTEGER,
    warc_length INTEGER,
    PRIMARY KEY (url, digest)
);
CREATE TABLE IF NOT EXISTS url_dates (
    url TEXT PRIMARY KEY,
    date TEXT NOT NULL
);
"""


INDEXED_FIELDS = frozenset(
    {"id", "canonical_url", "url", "source", "date", "text_sha256", "text_path"}
)


class Store:
    """SQLite state; use from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._upgrade()

    def _upgrade(self) -> None:
        """Add what older state files lack; writes nothing when they are current."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(payloads)")}
        for column, kind in (
            ("warc_file", "TEXT"),
            ("warc_offset", "INTEGER"),
            ("warc_length", "INTEGER"),
        ):
            if column not in columns:
                self.db.execute(f"ALTER TABLE payloads ADD COLUMN {column} {kind}")

    def close(self) -> None:
        self.db.close()

    def is_seen(self, canonical_url: str) -> bool:
        row = self.db.execute("SELECT 1 FROM seen_urls WHERE url = ?", (canonical_url,))
        return row.fetchone() is not None

    def mark_seen(self, canonical_urls: Iterable[str], source: str, article: str | None) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO seen_urls (url, article_id, source) VALUES (?, ?, ?)",
            [(url, article, source) for url in set(canonical_urls)],
        )

    def note_date(self, canonical_url: str, date: str) -> None:
        """Remember the date of a page that was fetched but not kept (outside a window),
        so that a later run whose window excludes it does not fetch it again."""
        self.db.execute(
            "INSERT OR REPLACE INTO url_dates (url, date) VALUES (?, ?)", (canonical_url, date)
        )

    def date_of(self, canonical_url: str) -> str | None:
        row = self.db.execute("SELECT date FROM url_dates WHERE url = ?", (canonical_url,))
        found = row.fetchone()
        return found[0] if found else None

    def has_article(self, article: str) -> bool:
        row = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article,))
        return row.fetchone() is not None

    def article_with_text(self, text_sha256: str) -> str | None:
        row = self.db.execute(
            "SELECT id FROM articles WHERE text_sha256 = ? LIMIT 1", (text_sha256,)
        ).fetchone()
        return row[0] if row else None

    def add_article(self, record: dict, seen_urls: Iterable[str] = ()) -> None:
        """Index one manifest record and mark its URLs seen, in one transaction."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR IGNORE INTO articles"
                " (id, canonical_url, url, source, date, text_sha256, text_path)"
                " VALUES (:id, :canonical_url, :url, :source, :date, :text_sha256, :text_path)",
                record,
            )
            self.mark_seen(
                {record["canonical_url"], canonical_url(record["url"]), *seen_urls},
                record["source"],
                record["id"],
            )

    def article_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def catch_up(self, records: Iterable[dict]) -> int:
        """Index manifest records the store does not know yet; returns how many.

        A record that is not a manifest record (edited by hand, another file) raises
        ValueError naming its position and what it lacks: guessing could lose articles.
        """
        known = self.article_ids()
        added = 0
        for number, record in enumerate(records, start=1):
            lacking = INDEXED_FIELDS - set(record) if isinstance(record, dict) else INDEXED_FIELDS
            if lacking:
                raise ValueError(
                    f"manifest record {number} is not a manifest record"
                    f" (lacks {', '.join(sorted(lacking))})"
                )
            if record["id"] not in known:
                self.add_article(record)
                known.add(record["id"])
                added += 1
        return added

    def capture_of(self, url: str, digest: str) -> RecordLocation | None:
        """The record of an earlier capture of this payload at this URL.

        Its ``warc_file`` is None for captures indexed before locations were kept.
        """
        row = self.db.execute(
            "SELECT warc_file, warc_offset, warc_length, record_id, warc_date FROM payloads"
            " WHERE url = ? AND digest = ?",
            (url, digest),
        ).fetchone()
        return RecordLocation(*row, payload_digest=digest) if row else None

    def add_capture(self, url: str, location: RecordLocation) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO payloads"
            " (url, digest, record_id, warc_date, warc_file, warc_offset, warc_length)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                url,
                location.payload_digest,
                location.record_id,
                location.date,
                location.warc_file,
                location.offset,
                location.length,
            ),
        )
