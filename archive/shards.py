"""One corpus view over the shards that distributed workers wrote.

Each worker of a distributed crawl writes ``<out>/workers/<host>-<pid>/`` (WARCs, texts,
manifest, state) and never touches another's files. :func:`merge_shards` writes
``<out>/manifest.jsonl`` over all of them: text paths relative to ``<out>``, WARC files
linked into ``<out>/warc/`` (their names already carry host and process), records in
capture order, one per article id, and ``duplicate_of`` recomputed across all shards
(a worker only saw its own articles). Shards copied in from other machines
(``rsync host:data/workers/ data/workers/``) merge the same way.
"""

from __future__ import annotations

import heapq
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from archive.corpus import MANIFEST, read_manifest
from archive.dedup import NearDuplicateIndex, mark_duplicates

WORKERS = "workers"


class MergeError(ValueError):
    """The directory cannot be merged; the message says why and what to do."""


def shard_dirs(root: Path) -> list[Path]:
    base = root / WORKERS
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if (p / MANIFEST).is_file())


def _shard_records(root: Path, shard: Path) -> Iterator[dict]:
    prefix = shard.relative_to(root).as_posix()
    for record in read_manifest(shard / MANIFEST):
        if record.get("text_path"):
            record["text_path"] = f"{prefix}/{record['text_path']}"
        yield record


def _link_warcs(root: Path, shard: Path) -> None:
    target = root / "warc"
    target.mkdir(exist_ok=True)
    for warc in sorted((shard / "warc").glob("*.warc.gz")):
        link = target / warc.name
        if not link.exists():
            os.symlink(os.path.relpath(warc, target), link)


def merge_shards(root: Path, progress: Callable[[int], None] | None = None) -> int:
    """Write ``root/manifest.jsonl`` over every shard in ``root/workers``; returns lines."""
    shards = shard_dirs(root)
    if not shards:
        raise MergeError(
            f"{root}: no worker shards in {root / WORKERS} (crawl with --redis into this --out)"
        )
    if (root / "state.sqlite").exists():
        raise MergeError(
            f"{root} holds a corpus crawled without --redis; merge only writes the manifest"
            " of distributed crawls"
        )
    for shard in shards:
        _link_warcs(root, shard)
    ordered = heapq.merge(
        *(_shard_records(root, shard) for shard in shards),
        key=lambda r: (r.get("fetched_at") or "", r["id"]),
    )

    def text_of(record: dict) -> str | None:
        path = root / record["text_path"] if record.get("text_path") else None
        return path.read_text(encoding="utf-8") if path and path.is_file() else None

    temporary = root / f".{MANIFEST}.{os.getpid()}.tmp"
    written = 0
    seen: set[str] = set()
    try:
        with (
            NearDuplicateIndex.scratch(root) as index,
            open(temporary, "w", encoding="utf-8") as stream,
        ):
            unique = (r for r in ordered if r["id"] not in seen and not seen.add(r["id"]))
            for record in mark_duplicates(unique, text_of, index):
                stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                stream.write("\n")
                written += 1
                if progress and written % 1000 == 0:
                    progress(written)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, root / MANIFEST)
    finally:
        temporary.unlink(missing_ok=True)
    return written
