"""The text corpus on disk: one text file per article and a JSON-lines manifest.

Both are written so that a crash never leaves something a reader would accept half
written: text files go through a temporary name and a rename, manifest lines are
appended with a single write, and a torn last line is cut off when the manifest is
opened again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

MANIFEST = "manifest.jsonl"
MANIFEST_FIELDS = (
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "date",
    "date_source",
    "author",
    "language",
    "sitename",
    "words",
    "text_path",
    "text_sha256",
    "warc_file",
    "warc_offset",
    "warc_length",
    "fetched_at",
    "duplicate_of",
)

_SOURCE = re.compile(r"[a-z0-9_]{1,64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"[0-9a-f]{16}")


def text_relpath(source: str, date: str, article: str) -> str:
    """``texts/<source>/<YYYY>/<YYYY-MM-DD>_<id16>.txt``; refuses anything else."""
    if not (_SOURCE.fullmatch(source) and _DATE.fullmatch(date) and _ID.fullmatch(article)):
        raise ValueError(f"unsafe text path parts: {source!r}, {date!r}, {article!r}")
    return f"texts/{source}/{date[:4]}/{date}_{article}.txt"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent, old, or whole.

    Directories are made when the file cannot be opened for want of them: a corpus writes
    thousands of texts into each year's directory, and making sure first cost a sixth of
    each write.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, _NEW_FILE, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, _NEW_FILE, 0o666)
    try:
        with open(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no litter either
        raise


def read_manifest(path: Path) -> Iterator[dict]:
    """Manifest records; a line that is not whole JSON (a torn tail) is skipped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if not line.endswith("\n"):
                return
            try:
                yield json.loads(line)
            except ValueError:
                continue


class Manifest:
    """Append-only ``manifest.jsonl``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._cut_torn_tail()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, record: dict) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))

    def close(self) -> None:
        os.fsync(self._fd)
        os.close(self._fd)

    def _cut_torn_tail(self) -> None:
        if not self.path.exists():
            return
        with open(self.path, "r+b") as stream:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()
            if size == 0:
                return
            stream.seek(max(0, size - 1))
            if stream.read(1) == b"\n":
                return
            # find the end of the last whole line
            block = 1 << 16
            position = size
            while position > 0:
                start = max(0, position - block)
                stream.seek(start)
                chunk = stream.read(position - start)
                newline = chunk.rfind(b"\n")
                if newline >= 0:
                    stream.truncate(start + newline + 1)
                    return
                position = start
            stream.truncate(0)
