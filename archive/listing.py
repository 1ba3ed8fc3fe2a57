"""The capture records of a WARC file, listed for ``reextract``.

``reextract`` lists a whole collection before it extracts a page (captures are taken in
date order), so this listing is the serial start of every rebuild: about 0.12 ms a
record with warcio, most of it parsing headers in Python. FastWARC parses them in
native code, some four times faster.

warcio keeps the last word, as the reader newsarc checks its own WARCs with. FastWARC's
listing is used only for a file in the plain shape newsarc (and most crawlers) write:
one gzip member per record, read to its end without complaint, every capture's HTTP
status line well formed. Any other file (uncompressed, damaged, an ARC file, odd
headers) is listed by warcio, with warcio's tolerance and warcio's errors. So a listing
is always the one warcio gives; FastWARC only gets there sooner.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastArchiveIterator
from fastwarc.warc import HeaderMap, WarcHeaderMap, WarcRecord, WarcRecordType
from warcio.archiveiterator import ArchiveIterator

from archive.verify import GZIP_MAGIC, gzip_members, member_length

CAPTURES = ("response", "revisit")
_HTTP_SCHEMES = ("http:", "https:")  # the URIs warcio parses HTTP headers for
_STATUS_LINE = re.compile(r"HTTP/1\.[01] (\d{3})(?: |$)")
_LISTED = (WarcRecordType.warcinfo, WarcRecordType.response, WarcRecordType.revisit)


class UnreadableWarc(ValueError):
    """warcio cannot read the file, or it holds no record; the message says which."""


class _NotPlain(Exception):
    """FastWARC's reading of a file may differ from warcio's: warcio lists it."""


@dataclass(frozen=True, slots=True)
class CaptureRecord:
    """A response or revisit record with HTTP headers and an untruncated payload: what
    ``reextract`` needs to choose the page and to find its payload."""

    kind: str  # "response" or "revisit"
    url: str
    date: str  # WARC-Date
    record_id: str
    payload_digest: str
    refers_to: str  # WARC-Refers-To, "" when absent
    refers_to_uri: str  # WARC-Refers-To-Target-URI, "" when absent
    status: str  # as warcio's get_statuscode gives it
    content_type: str
    source: str | None  # isPartOf of the warcinfo record before it
    offset: int
    length: int


def list_captures(path: Path) -> list[CaptureRecord]:
    """The capture records of the WARC file at ``path``, in file order.

    Raises :class:`UnreadableWarc` for a file warcio cannot read, with no record, or
    with a damaged gzip member before its last, where warcio stops without a word.
    """
    try:
        return _fast_listing(path)
    except _NotPlain:
        listed = _reference_listing(path)
    with open(path, "rb") as stream:
        if stream.read(len(GZIP_MAGIC)) == GZIP_MAGIC:
            # warcio stops quietly at a damaged gzip member and lists the records before it
            *inside, _last = gzip_members(stream)  # the last may be torn: warcio drops it
            for offset, length, whole in inside:
                if not whole:
                    raise UnreadableWarc(
                        f"{path}: damaged gzip member at offset {offset} ({length} bytes), so"
                        " the records after it cannot be read; `newsarc verify` lists the"
                        " damage. Leave the file out or repair it"
                    )
    return listed


def _fast_listing(path: Path) -> list[CaptureRecord]:
    with open(path, "rb") as stream:
        if stream.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
            raise _NotPlain  # FastWARC counts an uncompressed record's length otherwise
        stream.seek(0)
        size = os.fstat(stream.fileno()).st_size
        source: str | None = None
        starts: list[int] = []
        captures: list[tuple[int, dict]] = []  # (its index in starts, its fields)
        try:
            for record in FastArchiveIterator(stream, parse_http=False):
                start = record.stream_pos
                shared = starts and start <= starts[-1]
                if shared or os.pread(stream.fileno(), len(GZIP_MAGIC), start) != GZIP_MAGIC:
                    raise _NotPlain  # records sharing a gzip member have no lengths of their own
                starts.append(start)
                if record.record_type not in _LISTED:
                    continue
                headers = _headers(record.headers)
                kind = headers.get("warc-type")
                if kind == "warcinfo":
                    source = _field(record.reader.read(), "isPartOf")
                elif kind not in CAPTURES:
                    raise _NotPlain  # a type FastWARC reads otherwise than warcio ("Response")
                elif fields := _fast_capture(record, kind, headers):
                    captures.append((len(starts) - 1, {**fields, "source": source}))
        except (OSError, ValueError) as error:
            raise _NotPlain from error  # warcio tells what it is, or reads it after all
        if not starts:
            raise _NotPlain  # warcio says what is wrong with the file
        stream.seek(starts[-1])
        if starts[-1] + (member_length(stream) or 0) != size:
            raise _NotPlain  # a torn or padded tail: the last record's length is warcio's
    ends = [*starts[1:], size]
    return [
        CaptureRecord(**fields, offset=starts[index], length=ends[index] - starts[index])
        for index, fields in captures
    ]


def _fast_capture(record: WarcRecord, kind: str, headers: dict[str, str]) -> dict | None:
    """The record's fields, None where warcio finds no HTTP headers or a truncated payload."""
    url = headers.get("warc-target-uri")
    if url is None:
        raise _NotPlain
    if record.content_length == 0 or not url.startswith(_HTTP_SCHEMES):
        return None
    if not record.is_http:
        raise _NotPlain  # warcio parses HTTP headers whatever the record's Content-Type
    record.parse_http()
    http = record.http_headers
    status = _STATUS_LINE.match(http.status_line or "")
    if http.status_code is None or status is None or status[1] != str(http.status_code):
        raise _NotPlain
    if headers.get("warc-truncated"):
        return None
    return {
        "kind": kind,
        "url": url,
        "date": headers.get("warc-date", ""),
        "record_id": headers.get("warc-record-id", ""),
        "payload_digest": headers.get("warc-payload-digest", ""),
        "refers_to": headers.get("warc-refers-to", ""),
        "refers_to_uri": headers.get("warc-refers-to-target-uri", ""),
        "status": status[1],
        "content_type": _headers(http).get("content-type", ""),
    }


def _headers(headers: HeaderMap | WarcHeaderMap) -> dict[str, str]:
    """Header names in lower case, each to its first value, as warcio's ``get_header``
    finds them. A value that is not UTF-8 (warcio falls back to ISO-8859-1, FastWARC
    decodes HTTP headers as ISO-8859-1 only), or that ends in what Python, unlike
    FastWARC, strips (a control character), is left to warcio."""
    found: dict[str, str] = {}
    for name, raw in reversed(headers.items_bytes()):
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotPlain from None
        if value != value.strip():
            raise _NotPlain
        found[name.decode("iso-8859-1").lower()] = value
    return found


def _reference_listing(path: Path) -> list[CaptureRecord]:
    found: list[CaptureRecord] = []
    count = 0
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream, check_digests=False)
        source: str | None = None
        try:
            for count, record in enumerate(records, 1):  # noqa: B007 - counted below
                headers, http = record.rec_headers, record.http_headers
                if record.rec_type == "warcinfo":
                    source = _field(record.content_stream().read(), "isPartOf")
                if record.rec_type not in CAPTURES or http is None:
                    continue
                if headers.get_header("WARC-Truncated"):
                    continue  # the crawl never extracts a truncated body
                found.append(
                    CaptureRecord(
                        kind=record.rec_type,
                        url=headers.get_header("WARC-Target-URI"),
                        date=headers.get_header("WARC-Date") or "",
                        record_id=headers.get_header("WARC-Record-ID") or "",
                        payload_digest=headers.get_header("WARC-Payload-Digest") or "",
                        refers_to=headers.get_header("WARC-Refers-To") or "",
                        refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI") or "",
                        status=http.get_statuscode(),
                        content_type=http.get_header("Content-Type") or "",
                        source=source,
                        offset=records.get_record_offset(),
                        length=records.get_record_length(),
                    )
                )
        except Exception as error:  # warcio meets damage with errors of many kinds
            detail = str(error) or type(error).__name__
            detail = detail if len(detail) < 80 else detail[:76] + " ..."
            raise UnreadableWarc(
                f"{path}: not a readable WARC file ({detail}); leave it out or repair it"
            ) from None
    if not count:
        raise UnreadableWarc(f"{path}: not a WARC file (no records in it); leave it out")
    return found


def _field(block: bytes, name: str) -> str | None:
    """A field of a warcinfo record's ``application/warc-fields`` block."""
    for line in block.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == name:
            return value.strip()
    return None
