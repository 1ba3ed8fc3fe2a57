"""Crawl state in one SQLite file: what was seen, written and archived.

The manifest is the record of truth for articles; the store is an index over it that
makes "have we got this already?" cheap. On open the store catches up with manifest
lines it does not know (a crash between the two writes), so a story is never written
twice.

Writes are committed in batches (every ``BATCH`` writes or ``BATCH_SECONDS``, and on
close): a commit per article cost more than the rest of the article's bookkeeping. A
commit writes out every page the batch changed, and the near-duplicate index puts 32
random keys per article into one B-tree, so once that tree outgrows a batch a commit
writes some 32 pages per article: a batch of 1,000 writes (a crawl's second or two)
rather than 200 halves what state costs an article at 20,000 articles (0.72 -> 0.42 ms).
A kill loses at most the last batch of the index, which the manifest restores on the next
open; nothing the index lacks is lost, only asked again (a page fetched once more).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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


BATCH = 1000
BATCH_SECONDS = 2.0

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
        self._pending = 0
        self._depth = 0
        self._batch_started = 0.0

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
        self.flush()
        self.db.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write that belongs together (an article and its URLs), in the open batch.

        A write that fails rolls the batch back and raises: the run stops, and the next
        open catches up from the manifest.
        """
        if not self.db.in_transaction:
            self.db.execute("BEGIN")
            self._batch_started = time.monotonic()
        self._depth += 1
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            self._pending = 0
            raise
        finally:
            self._depth -= 1
        self._pending += 1
        due = self._pending >= BATCH or time.monotonic() - self._batch_started >= BATCH_SECONDS
        if due and self._depth == 0:
            self.flush()

    def flush(self) -> None:
        """Commit the open batch."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self._pending = 0

    def is_seen(self, canonical_url: str) -> bool:
        row = self.db.execute("SELECT 1 FROM seen_urls WHERE url = ?", (canonical_url,))
        return row.fetchone() is not None

    def mark_seen(self, canonical_urls: Iterable[str], source: str, article: str | None) -> None:
        with self.writing() as db:
            db.executemany(
                "INSERT OR REPLACE INTO seen_urls (url, article_id, source) VALUES (?, ?, ?)",
                [(url, article, source) for url in set(canonical_urls)],
            )

    def note_date(self, canonical_url: str, date: str) -> None:
        """Remember the date of a page that was fetched but not kept (outside a window),
        so that a later run whose window excludes it does not fetch it again."""
        with self.writing() as db:
            db.execute(
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
        with self.writing() as db:
            db.execute(
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

    def catch_up(self, records: Iterable[dict]) -> list[dict]:
        """Index manifest records the store does not know yet; returns them.

        A record that is not a manifest record (edited by hand, another file) raises
        ValueError naming its position and what it lacks: guessing could lose articles.
        """
        known = self.article_ids()
        added = []
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
                added.append(record)
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
        with self.writing() as db:
            db.execute(
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
