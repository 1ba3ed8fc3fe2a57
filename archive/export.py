"""The corpus as a dataset: one row per article, its text and its manifest fields.

Rows stream from the manifest and the text files to the output in small batches, so
memory stays flat however large the corpus. The output is written under a temporary
name and renamed when whole. Parquet files load with ``pandas.read_parquet`` and
``datasets.load_dataset("parquet", data_files=...)``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from archive.corpus import MANIFEST, MANIFEST_FIELDS, read_manifest

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = (*MANIFEST_FIELDS, "text")
_INTEGERS = {"words", "warc_offset", "warc_length"}
BATCH = 500


class ExportError(ValueError):
    """The export cannot be made; the message says what to do."""


def articles(
    root: Path,
    *,
    dedup: bool = False,
    since: str | None = None,
    until: str | None = None,
    sources: Iterable[str] = (),
) -> Iterator[dict[str, Any]]:
    """Manifest records of ``root`` that pass the filters, each with its ``text``.

    ``dedup`` leaves out articles marked ``duplicate_of`` another; ``since``/``until``
    (``YYYY-MM-DD``, inclusive) compare with the article's date (undated ones are left
    out when either is given); ``sources`` keeps only those sources.
    """
    wanted = set(sources)
    for record in read_manifest(root / MANIFEST):
        if dedup and record.get("duplicate_of"):
            continue
        if wanted and record.get("source") not in wanted:
            continue
        date = record.get("date") or ""
        if (since and not (date and date >= since)) or (until and not (date and date <= until)):
            continue
        row = {name: record.get(name) for name in MANIFEST_FIELDS}
        path = root / record["text_path"] if record.get("text_path") else None
        row["text"] = path.read_text(encoding="utf-8") if path and path.is_file() else None
        yield row


def export(
    rows: Iterable[dict[str, Any]],
    target: Path,
    fmt: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` to ``target`` as ``fmt`` (jsonl, csv or parquet); returns the count."""
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        count = writer(_counted(rows, progress), temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def _counted(
    rows: Iterable[dict[str, Any]], progress: Callable[[int], None] | None
) -> Iterator[dict[str, Any]]:
    for count, row in enumerate(rows, 1):
        yield row
        if progress and count % 1000 == 0:
            progress(count)


def _write_jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
    return count


def _write_csv(rows: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("parquet export needs pyarrow: pip install 'newsarc[corpus]'") from None
    schema = pa.schema(
        [(name, pa.int64() if name in _INTEGERS else pa.string()) for name in COLUMNS]
    )
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
