"""Check a whole output directory against itself: ``newsarc verify``.

The WARCs are checked first (gzip framing by our own walk, record digests by warcio,
an independent reader), and the records found are then the ground truth for the
manifest: each line must point at the response (or revisit) record of its own URL,
its text file must exist with the recorded SHA-256, and every text file must belong
to a manifest line. Each problem names the file and, where there is one, the offset
or manifest line, so a damaged archive can be mended by hand.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.corpus import MANIFEST, sha256_hex
from archive.warc import OPEN_SUFFIX

GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Record:
    kind: str
    url: str
    length: int


@dataclass
class Report:
    warcs: int = 0
    records: int = 0
    articles: int = 0
    texts: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_output(root: Path) -> Report:
    report = Report()
    records: dict[tuple[str, int], Record] = {}
    for path in sorted((root / "warc").glob("*.warc.gz")):
        report.warcs += 1
        records.update(check_warc(path, report.problems))
    report.records = len(records)
    for path in sorted((root / "warc").glob("*" + OPEN_SUFFIX)):
        report.problems.append(
            Problem(
                str(path), "WARC left open by a running or killed crawl (the next crawl closes it)"
            )
        )
    claimed = _check_manifest(root, records, report)
    texts = {p.relative_to(root).as_posix() for p in (root / "texts").rglob("*.txt")}
    report.texts = len(texts)
    for orphan in sorted(texts - claimed):
        report.problems.append(Problem(str(root / orphan), "text file with no manifest line"))
    return report


def check_warc(path: Path, problems: list[Problem]) -> dict[tuple[str, int], Record]:
    """Records of one WARC by ``(file name, offset)``; damage goes to ``problems``.

    Each gzip member is one record, so a damaged member is reported and skipped, and
    the records after it are still checked.
    """
    found: dict[tuple[str, int], Record] = {}
    with open(path, "rb") as stream:
        for offset, length, whole in gzip_members(stream):
            where = f"{path} @ {offset}"
            if not whole:
                problems.append(
                    Problem(where, f"corrupt or truncated gzip member ({length} bytes)")
                )
                continue
            stream.seek(offset)
            record = _record(io.BytesIO(stream.read(length)), where, problems)
            if record is not None:
                found[(path.name, offset)] = Record(record[0], record[1], length)
    return found


def _record(member: io.BytesIO, where: str, problems: list[Problem]) -> tuple[str, str] | None:
    try:
        record = next(iter(ArchiveIterator(member, check_digests=True)))
        content = record.content_stream()
        while content.read(1 << 20):
            pass
    except (ArchiveLoadFailed, StopIteration, OSError, EOFError, ValueError) as error:
        problems.append(Problem(where, f"unreadable record: {error or 'empty'}"))
        return None
    if record.digest_checker.passed is False:
        problems.extend(Problem(where, str(p)) for p in record.digest_checker.problems)
    return record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or ""


def gzip_members(stream: BinaryIO) -> Iterator[tuple[int, int, bool]]:
    """``(offset, length, whole)`` of each gzip member; after a damaged one, the walk
    resumes at the next gzip header."""
    size = stream.seek(0, os.SEEK_END)
    offset = 0
    while offset < size:
        stream.seek(offset)
        length = member_length(stream)
        if length:
            yield offset, length, True
            offset += length
            continue
        following = _next_header(stream, offset + 1)
        yield offset, following - offset, False
        offset = following


def member_length(stream: BinaryIO) -> int | None:
    """The length of the gzip member at the stream's position; None if it is damaged or cut."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    consumed = 0
    while not decompressor.eof:
        chunk = decompressor.unconsumed_tail or stream.read(1 << 16)
        if not chunk:
            return None
        fresh = not decompressor.unconsumed_tail
        try:
            decompressor.decompress(chunk, 1 << 16)
        except zlib.error:
            return None
        if fresh:
            consumed += len(chunk)
    return consumed - len(decompressor.unused_data)


def _next_header(stream: BinaryIO, offset: int) -> int:
    stream.seek(offset)
    tail = b""
    while block := stream.read(1 << 16):
        found = (tail + block).find(GZIP_MAGIC)
        if found >= 0:
            return offset - len(tail) + found
        offset += len(block)
        tail = block[-2:]
    return offset


def _check_manifest(root: Path, records: dict, report: Report) -> set[str]:
    """Check each manifest line; returns the text paths the manifest claims."""
    claimed: set[str] = set()
    ids: set[str] = set()
    path = root / MANIFEST
    if not path.exists():
        return claimed
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            where = f"{path}:{number}"
            try:
                entry = json.loads(line)
            except ValueError:
                report.problems.append(Problem(where, "not a whole JSON line"))
                continue
            report.articles += 1
            if entry["id"] in ids:
                report.problems.append(Problem(where, f"article {entry['id']} written twice"))
            ids.add(entry["id"])
            claimed.add(entry["text_path"])
            report.problems.extend(Problem(where, m) for m in _pointer_problems(entry, records))
            report.problems.extend(_text_problems(root, entry))
    return claimed


def _pointer_problems(entry: dict, records: dict) -> list[str]:
    key = (entry["warc_file"], entry["warc_offset"])
    record = records.get(key)
    pointer = f"{entry['warc_file']} @ {entry['warc_offset']}"
    if record is None:
        return [f"points at {pointer}, where no record starts"]
    if record.kind not in ("response", "revisit"):
        return [f"points at a {record.kind} record ({pointer}), not a response"]
    problems = []
    if record.url != entry["url"]:
        problems.append(f"points at {pointer}, a record of {record.url}, not of {entry['url']}")
    if record.length != entry["warc_length"]:
        problems.append(f"warc_length {entry['warc_length']} but the record is {record.length}")
    return problems


def _text_problems(root: Path, entry: dict) -> list[Problem]:
    if not entry["text_path"]:  # a duplicate whose text was not kept (duplicate texts: skip)
        if entry.get("duplicate_of"):
            return []
        return [Problem(f"{root / MANIFEST} id {entry['id']}", "no text_path and no duplicate_of")]
    text = root / entry["text_path"]
    if not text.is_file():
        return [Problem(str(text), f"missing (manifest id {entry['id']})")]
    if sha256_hex(text.read_bytes()) != entry["text_sha256"]:
        return [Problem(str(text), "SHA-256 differs from the manifest's: the text was changed")]
    return []
