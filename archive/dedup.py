"""Duplicate articles across sources: exact (same text) and near (MinHash + LSH).

Wire stories are republished: a Xinhua story appears on china.org.cn, in China Daily and
on a ministry site, with a different headline, dateline, byline or a paragraph cut. Such
copies share most of their word sequences, so a text is reduced to its set of word
5-grams ("shingles"; single characters count as words in Chinese and Japanese) and two
texts are near duplicates when the Jaccard similarity of those sets is at least
:data:`NEAR_DUPLICATE_THRESHOLD`. The similarity is estimated from 128 MinHash values
per text, and locality-sensitive hashing (32 bands of 4 values) finds the candidates
without comparing every pair; only candidates are scored.

Why 0.7: measured on real copies of one story (the Xinhua story china.org.cn
republished, extracted cleanly and as a naive scraper saved it with leaked headlines,
breadcrumbs and captions; an Astana Times briefing likewise) the shingle similarity
is 0.86 to 1.0; between the ~100 unrelated texts of the development corpus, including
stories of one source on one topic, it never exceeds 0.02. 0.7 leaves room for the
estimate's noise (about ±0.04 at 128 values) and for copies that drop a paragraph. The
band layout makes a pair at 0.7 a candidate with probability 0.9998, at 0.2 with 0.05
(candidates are then scored, so that only costs time).

Only originals are indexed, so ``duplicate_of`` always names an article that is not
itself a duplicate. Signatures are seeded constants: they compare across runs,
processes and machines.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache, partial
from pathlib import Path

import numpy as np

from archive.store import Store

NEAR_DUPLICATE_THRESHOLD = 0.7
SHINGLE_WORDS = 5
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS

# Multiply-shift hashing of 64-bit shingle hashes: (a * x + b) mod 2**64, top 32 bits.
_generator = np.random.default_rng(20250101)
_A = _generator.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(
    1
)
_B = _generator.integers(0, 1 << 63, size=PERMUTATIONS, dtype=np.uint64)
_B_COLUMN = _B[:, np.newaxis]  # added to each row of permuted shingles
_EMPTY = np.full(PERMUTATIONS, 1 << 32, dtype=np.uint64)
_WORD_BASE = np.uint64(0x100000001B3)  # odd: the polynomial keeps every word's bits

_IDEOGRAPHS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_IDEOGRAPHS}]|[^\W{_IDEOGRAPHS}]+")
_DATE_HEADER = re.compile(r"\Adate \d{4}-\d{2}-\d{2}\n")


def minhash_signature(text: str) -> np.ndarray:
    """128 MinHash values of the text's shingles (all maximal for an empty text).

    A shingle's hash is a polynomial over the stable hashes of its words, computed for
    all positions at once: each distinct word is hashed once, not each shingle. The
    permutations are applied in place, one row per permutation, so each minimum is taken
    along contiguous memory; the top 32 bits are taken of the minimum only, which is the
    minimum of the top 32 bits. A news story takes under half a millisecond.
    """
    tokens = _TOKEN.findall(_DATE_HEADER.sub("", text).casefold())
    if not tokens:
        return _EMPTY
    known = dict.fromkeys(tokens)
    for token in known:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        known[token] = int.from_bytes(digest, "little")
    words = np.fromiter(map(known.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    size = min(SHINGLE_WORDS, len(words))
    count = len(words) - size + 1
    with np.errstate(over="ignore"):
        hashes = words[:count].copy()
        for offset in range(1, size):
            hashes *= _WORD_BASE
            hashes += words[offset : offset + count]
        # A repeated shingle cannot change a minimum: no need to drop repeats first.
        permuted = np.multiply.outer(_A, hashes)
        permuted += _B_COLUMN
        return permuted.min(axis=1) >> np.uint64(32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


_TABLES = (
    "CREATE TABLE IF NOT EXISTS neardup_signatures (id TEXT PRIMARY KEY, signature BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS neardup_bands (band INTEGER, key INTEGER, id TEXT)",
    "CREATE INDEX IF NOT EXISTS neardup_bands_by_key ON neardup_bands (band, key)",
)
# Articles sharing a band with the signature, each once, with their signatures.
_CANDIDATES = (
    "SELECT DISTINCT s.id, s.signature FROM (VALUES "
    + ", ".join(["(?, ?)"] * BANDS)
    + ") AS wanted JOIN neardup_bands AS b ON b.band = wanted.column1 AND b.key = wanted.column2"
    " JOIN neardup_signatures AS s ON s.id = b.id"
)


_BAND_KEY = struct.Struct(">q")
_BAND_BYTES = ROWS * 8


@lru_cache(maxsize=1)  # find() then add() of one article ask for the same keys
def _band_keys(signature: bytes) -> tuple[int, ...]:
    """Each band's values (the signature's bytes as uint64) hashed to one SQLite integer."""
    return tuple(
        _BAND_KEY.unpack(
            hashlib.blake2b(signature[start : start + _BAND_BYTES], digest_size=8).digest()
        )[0]
        for start in range(0, BANDS * _BAND_BYTES, _BAND_BYTES)
    )


def _stored(sig: np.ndarray) -> bytes:
    return sig.astype(np.uint64, copy=False).tobytes()


class NearDuplicateIndex:
    """Signatures of original articles, in SQLite: the output's ``state.sqlite`` (tables
    ``neardup_*``), or ``":memory:"``. Used from one thread.

    The tables are made by the first :meth:`add`, so opening writes nothing (a full disk
    then fails an article's write, which the crawl reports, not its start). About 1 KB
    per original article.
    """

    def __init__(
        self, where: Path | str | Store = ":memory:", threshold: float = NEAR_DUPLICATE_THRESHOLD
    ) -> None:
        self.threshold = threshold
        if isinstance(where, Store):  # the crawl's own state: its connection and batches
            self.db, self._writing, self._owned = where.db, where.writing, False
        else:
            self.db = sqlite3.connect(str(where), isolation_level=None)
            self._writing, self._owned = self._transaction, True
        found = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'neardup_bands'"
        )
        self.ready = found.fetchone() is not None

    @classmethod
    @contextmanager
    def scratch(cls, directory: Path) -> Iterator[NearDuplicateIndex]:
        """A throwaway index in ``directory`` for one pass over a whole collection, removed
        afterwards: on disk, so memory stays flat however many originals it holds (SQLite
        spills what its cache cannot hold); never committed or synced, since a pass that
        dies is run again, not resumed. A commit per article cost more than the search."""
        path = directory / f".neardup-{os.getpid()}.sqlite"
        index = cls(path)
        index.db.execute("PRAGMA journal_mode=MEMORY")
        index.db.execute("PRAGMA synchronous=OFF")
        index.db.execute("BEGIN")
        index._writing = partial(nullcontext, index.db)
        try:
            yield index
        except sqlite3.OperationalError as error:  # a full disk is the callers' OSError
            if error.sqlite_errorcode != sqlite3.SQLITE_FULL:
                raise
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from None
        finally:
            index.close()
            for leftover in (path, *directory.glob(f"{path.name}-*")):
                leftover.unlink(missing_ok=True)

    def close(self) -> None:
        if self._owned:
            self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            self.db.execute("BEGIN")
            yield self.db

    def find(self, sig: np.ndarray) -> str | None:
        """The indexed article most similar to ``sig``, if at or above the threshold."""
        if not self.ready:
            return None
        keys = [value for pair in enumerate(_band_keys(_stored(sig))) for value in pair]
        rows = self.db.execute(_CANDIDATES, keys).fetchall()
        best, best_score = None, self.threshold
        for article, blob in sorted(rows):
            score = similarity(sig, np.frombuffer(blob, dtype=np.uint64))
            if score >= best_score and (best is None or score > best_score):
                best, best_score = article, score
        return best

    def add(self, article: str, sig: np.ndarray) -> None:
        with self._writing() as db:
            if not self.ready:
                for statement in _TABLES:
                    db.execute(statement)
                self.ready = True
            stored = _stored(sig)
            inserted = db.execute(
                "INSERT OR IGNORE INTO neardup_signatures (id, signature) VALUES (?, ?)",
                (article, stored),
            ).rowcount
            if inserted:
                db.executemany(
                    "INSERT INTO neardup_bands (band, key, id) VALUES (?, ?, ?)",
                    [(band, key, article) for band, key in enumerate(_band_keys(stored))],
                )


def mark_duplicates(
    records: Iterable[dict],
    text_of: Callable[[dict], str | None],
    index: NearDuplicateIndex | None = None,
) -> Iterator[dict]:
    """Records with ``duplicate_of`` recomputed, in the order given (first = original).

    Exact duplicates are found by ``text_sha256``; the others by near-duplicate search
    over the texts ``text_of`` returns (None: the text is missing, only exact matching).
    Memory grows with the number of distinct texts (a hash each), not with their size.
    """
    index = index or NearDuplicateIndex()
    by_text: dict[str, str] = {}
    for record in records:
        original = by_text.get(record["text_sha256"])
        text = text_of(record) if original is None else None
        sig = minhash_signature(text) if text is not None else None
        if original is None and sig is not None:
            original = index.find(sig)
        record = {**record, "duplicate_of": original}
        if original is None:
            by_text[record["text_sha256"]] = record["id"]
            if sig is not None:
                index.add(record["id"], sig)
        yield record
