"""From one extracted capture to its corpus entry: the text bytes and the manifest record.

The crawl's corpus pipeline and ``newsarc reextract`` both build entries here, so a
corpus rebuilt from the archive has the same ids, paths and WARC pointers as the one
the crawl wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from archive.corpus import sha256_hex, text_relpath
from archive.dedup import NearDuplicateIndex, minhash_signature
from archive.pages import Extraction, PageInput


@dataclass(frozen=True, slots=True)
class Capture:
    """Where an article page came from: its URL, source and response (or revisit) record."""

    url: str
    source: str
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None
    fetched_at: str  # the record's WARC-Date


def article_entry(
    found: Extraction, capture: Capture, duplicate_of: Callable[[str], str | None]
) -> tuple[dict, bytes]:
    """The manifest record and text bytes of ``found``.

    ``duplicate_of`` maps a text's SHA-256 to the id of an article already holding the
    same text (or None), so the caller decides what "already" means.
    """
    data = found.text.encode("utf-8")
    digest = sha256_hex(data)
    record = {
        "id": found.id,
        "url": capture.url,
        "canonical_url": found.canonical_url,
        "source": capture.source,
        "title": found.title,
        "date": found.date,
        "date_source": found.date_source,
        "author": found.author,
        "language": found.language,
        "sitename": found.sitename,
        "words": found.words,
        "text_path": text_relpath(capture.source, found.date or "0000-00-00", found.id),
        "text_sha256": digest,
        "warc_file": capture.warc_file,
        "warc_offset": capture.warc_offset,
        "warc_length": capture.warc_length,
        "fetched_at": capture.fetched_at,
        "duplicate_of": duplicate_of(digest),
    }
    return record, data


# An extraction with its text's MinHash signature.
Signed = tuple[Extraction, np.ndarray]


def extract_signed(page: PageInput) -> Signed | None:
    """The article on ``page`` and its text's MinHash signature, or None.

    Run in the extraction workers: signing costs about half a millisecond per article,
    which the process that fetches and writes should not spend. The extractor is imported
    here, in the workers (their forkserver preloads it): that process never loads it.
    """
    from archive.extract import extract_page

    found = extract_page(page)
    return (found, minhash_signature(found.text)) if found else None


def settle_near_duplicate(
    record: dict, signature: np.ndarray, near: NearDuplicateIndex, skip_duplicate_texts: bool
) -> None:
    """Name a near-duplicate original in ``duplicate_of`` when there is no exact one, and
    blank ``text_path`` for a duplicate when its text is not kept.

    The caller indexes ``signature`` (``near.add``) once the record is written, if the
    article is an original.
    """
    record["duplicate_of"] = record["duplicate_of"] or near.find(signature)
    if record["duplicate_of"] and skip_duplicate_texts:
        record["text_path"] = ""  # the text is the original's (near enough)


def sign_originals(records: Iterable[dict], root: Path, near: NearDuplicateIndex) -> None:
    """Index the originals among ``records`` for near-duplicate search, from their texts.

    For records the state caught up from the manifest: a kill lost their signatures with
    the last uncommitted batch, and without them a later copy would pass for an original.
    """
    for record in records:
        path = root / record["text_path"] if record["text_path"] else None
        if record.get("duplicate_of") is None and path is not None and path.is_file():
            near.add(record["id"], minhash_signature(path.read_text(encoding="utf-8")))
