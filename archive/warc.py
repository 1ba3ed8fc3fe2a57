"""WARC writing and reading, without Scrapy.

The writer serialises each record in one pass (digests computed while the block is
assembled, one gzip member per record) and appends whole members under a lock, so the file
stays a clean sequence of records whichever thread writes. Files are written as
``<name>.warc.gz.open`` and renamed on close; a file left ``.open`` by a crash is cut back
to its last whole record by :func:`repair_open_file`.

Reading is delegated to warcio, an independent implementation, so what this module
writes is always checked by someone else's parser.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import os
import re
import socket
import threading
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

WARC_VERSION = "WARC/1.1"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
OPEN_SUFFIX = ".open"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes = b""


@dataclass(frozen=True)
class HttpResponse:
    """A response as it came off the wire (payload still content-encoded)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None
    truncated: str | None = None  # WARC-Truncated reason ("length", "time", ...)


@dataclass(frozen=True)
class Revisit:
    """Points a new capture at an earlier record with the identical payload."""

    target_uri: str
    date: str
    record_id: str | None = None


@dataclass(frozen=True)
class RecordLocation:
    """Where the response (or revisit) record of one exchange lives."""

    warc_file: str
    offset: int
    length: int
    record_id: str
    date: str
    payload_digest: str


def warc_date(moment: datetime | None = None) -> str:
    moment = moment or datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha1_digest(*chunks: bytes) -> str:
    digest = hashlib.sha1()
    for chunk in chunks:
        digest.update(chunk)
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


def _header_block(lines: list[tuple[str, str]]) -> bytes:
    return "".join(f"{name}: {_header_value(value)}\r\n" for name, value in lines).encode("utf-8")


_CTL = re.compile(r"[\r\n]+")


def _header_value(value: str) -> str:
    # A header value is one line; a CR/LF from a hostile server must not forge headers.
    return _CTL.sub(" ", value)


def http_request_head(request: HttpRequest) -> bytes:
    from urllib.parse import urlsplit

    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = list(request.headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return f"{request.method} {target} HTTP/1.1\r\n".encode() + _header_block(headers) + b"\r\n"


def http_response_head(response: HttpResponse) -> bytes:
    # The reason phrase is not known (Scrapy drops it); the status line carries none.
    status = f"{response.protocol} {response.status}\r\n".encode("ascii")
    return status + _header_block(response.headers) + b"\r\n"


def serialize_record(warc_headers: list[tuple[str, str]], block_parts: list[bytes]) -> bytes:
    """One WARC record as one gzip member; the block digest is added here."""
    length = sum(len(part) for part in block_parts)
    headers = [
        *warc_headers,
        ("WARC-Block-Digest", sha1_digest(*block_parts)),
        ("Content-Length", str(length)),
    ]
    head = f"{WARC_VERSION}\r\n".encode("ascii") + _header_block(headers) + b"\r\n"
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    out = [compressor.compress(head)]
    out.extend(compressor.compress(part) for part in block_parts)
    out.append(compressor.compress(b"\r\n\r\n"))
    out.append(compressor.flush())
    return b"".join(out)


def _fields(info: dict[str, str]) -> bytes:
    return "".join(f"{key}: {_header_value(value)}\r\n" for key, value in info.items()).encode()


@dataclass
class WarcWriter:
    """Appends request/response exchanges to rotating ``.warc.gz`` files.

    ``info`` becomes the warcinfo record that opens every file. Thread-safe:
    :meth:`write_exchange` may be called from several threads.
    """

    directory: Path
    info: dict[str, str]
    prefix: str = "newsarc"
    max_size: int = 1_000_000_000
    host: str = field(default_factory=lambda: f"{os.getpid()}~{_safe_host()}")
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _file: object | None = field(default=None, init=False, repr=False)
    _path: Path | None = field(default=None, init=False, repr=False)
    _serial: int = field(default=0, init=False, repr=False)
    _warcinfo_id: str = field(default="", init=False, repr=False)
    closed_files: list[Path] = field(default_factory=list, init=False)

    def write_exchange(
        self,
        request: HttpRequest,
        response: HttpResponse,
        revisit: Revisit | None = None,
        payload_digest: str | None = None,
    ) -> RecordLocation:
        """Write a response (or revisit) record and its request record, side by side."""
        response_id, request_id = new_record_id(), new_record_id()
        date = warc_date()
        payload_digest = payload_digest or sha1_digest(response.body)
        common = [("WARC-Target-URI", request.url), ("WARC-Date", date)]
        if response.ip_address:
            common.append(("WARC-IP-Address", response.ip_address))
        head = http_response_head(response)
        if revisit is None:
            response_headers = [
                ("WARC-Type", "response"),
                ("WARC-Record-ID", response_id),
                *common,
                ("WARC-Concurrent-To", request_id),
                ("WARC-Payload-Digest", payload_digest),
                ("Content-Type", "application/http; msgtype=response"),
            ]
            if response.truncated:
                response_headers.append(("WARC-Truncated", response.truncated))
            response_block = [head, response.body]
        else:
            response_headers = [
                ("WARC-Type", "revisit"),
                ("WARC-Record-ID", response_id),
                *common,
                ("WARC-Concurrent-To", request_id),
                ("WARC-Profile", REVISIT_PROFILE),
                ("WARC-Refers-To-Target-URI", revisit.target_uri),
                ("WARC-Refers-To-Date", revisit.date),
                *([("WARC-Refers-To", revisit.record_id)] if revisit.record_id else []),
                ("WARC-Payload-Digest", payload_digest),
                ("Content-Type", "application/http; msgtype=response"),
            ]
            response_block = [head]
        request_headers = [
            ("WARC-Type", "request"),
            ("WARC-Record-ID", request_id),
            *common,
            ("WARC-Concurrent-To", response_id),
            ("Content-Type", "application/http; msgtype=request"),
        ]
        request_block = [http_request_head(request), request.body]

        with self._lock:
            self._ensure_open()
            response_headers.append(("WARC-Warcinfo-ID", self._warcinfo_id))
            request_headers.append(("WARC-Warcinfo-ID", self._warcinfo_id))
            response_member = serialize_record(response_headers, response_block)
            request_member = serialize_record(request_headers, request_block)
            assert self._path is not None
            offset = self._file.tell()  # type: ignore[attr-defined]
            self._append(response_member + request_member, offset)
            location = RecordLocation(
                warc_file=self._path.name.removesuffix(OPEN_SUFFIX),
                offset=offset,
                length=len(response_member),
                record_id=response_id,
                date=date,
                payload_digest=payload_digest,
            )
            if offset + len(response_member) + len(request_member) >= self.max_size:
                self._close_current()
        return location

    def close(self) -> None:
        with self._lock:
            self._close_current()

    def _append(self, data: bytes, offset: int) -> None:
        """Append whole records or nothing: a write the disk refuses (full) is cut back
        to ``offset``, so the file stays a clean sequence of records."""
        try:
            if self._file.write(data) != len(data):  # type: ignore[attr-defined]
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self._path))
        except OSError:
            self._file.truncate(offset)  # type: ignore[attr-defined]
            self._file.seek(offset)  # type: ignore[attr-defined]
            raise

    def _ensure_open(self) -> None:
        if self._file is not None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
        name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.host}.warc.gz"
        self._serial += 1
        self._path = self.directory / (name + OPEN_SUFFIX)
        # Unbuffered: a failed write leaves nothing pending that could land later.
        self._file = open(self._path, "xb", buffering=0)  # noqa: SIM115 - until rotation/close
        self._warcinfo_id = new_record_id()
        info = {**self.info, "format": "WARC File Format 1.1"}
        headers = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", self._warcinfo_id),
            ("WARC-Date", warc_date()),
            ("WARC-Filename", name),
            ("Content-Type", "application/warc-fields"),
        ]
        try:
            self._append(serialize_record(headers, [_fields(info)]), 0)
        except OSError:
            self._file.close()
            self._path.unlink()
            self._file = self._path = None
            raise

    def _close_current(self) -> None:
        if self._file is None:
            return
        self._file.flush()  # type: ignore[attr-defined]
        os.fsync(self._file.fileno())  # type: ignore[attr-defined]
        self._file.close()  # type: ignore[attr-defined]
        assert self._path is not None
        final = self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX))
        os.replace(self._path, final)
        self.closed_files.append(final)
        self._file = None
        self._path = None


def _safe_host() -> str:
    return re.sub(r"[^A-Za-z0-9.-]", "-", socket.gethostname()) or "localhost"


def iter_records(path: Path) -> Iterator[tuple[int, ArcWarcRecord]]:
    """Yield ``(offset, record)`` for every record, read by warcio.

    Consume a record's content stream before taking the next one.
    """
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream, check_digests=False)
        for record in iterator:
            yield iterator.get_record_offset(), record


def read_record(path: Path, offset: int) -> ArcWarcRecord:
    """The record that starts at ``offset``; ``record.payload`` holds its payload as stored
    (still content-encoded, as it was transferred)."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream, check_digests=False)))
        record.payload = record.raw_stream.read()  # type: ignore[attr-defined]
        return record


def whole_members_end(stream: BinaryIO) -> int:
    """Offset just past the last complete gzip member, reading in bounded chunks."""
    end = position = 0
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending = b""
    while True:
        if not pending:
            pending = stream.read(1 << 16)
            if not pending:
                return end
        try:
            decompressor.decompress(pending, 1 << 16)
        except zlib.error:
            return end
        if decompressor.eof:
            position += len(pending) - len(decompressor.unused_data)
            end = position
            pending = decompressor.unused_data
            decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        else:
            position += len(pending) - len(decompressor.unconsumed_tail)
            pending = decompressor.unconsumed_tail


def repair_open_file(path: Path) -> Path | None:
    """Cut a ``.warc.gz.open`` file back to its last whole record and close it.

    Each gzip member holds exactly one record, so the end of the last whole member is
    the end of the last whole record; the torn tail a crash left is dropped. Returns
    the closed file, or None when not even the warcinfo record was whole (the file is
    then removed).
    """
    with open(path, "r+b") as stream:
        end = whole_members_end(stream)
        stream.truncate(end)
        stream.flush()
        os.fsync(stream.fileno())
    if end == 0:
        path.unlink()
        return None
    final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    os.replace(path, final)
    return final
