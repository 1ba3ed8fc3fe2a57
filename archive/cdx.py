"""CDXJ indexes of WARC files, written by cdxj-indexer (the indexer pywb uses)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from cdxj_indexer.main import CDXJIndexer


def write_cdxj(warcs: list[Path], output: TextIO) -> None:
    """One sorted CDXJ index over ``warcs``; each line names its WARC by file name only,
    as a replay collection or a WACZ ``archive/`` folder holds them."""
    CDXJIndexer(output, [str(path) for path in warcs], sort=True, post_append=True).process_all()


def closed_warcs(root: Path) -> list[Path]:
    """The closed WARC files of an output directory, oldest first (names start with a time)."""
    return sorted((root / "warc").glob("*.warc.gz"), key=lambda p: p.name)
