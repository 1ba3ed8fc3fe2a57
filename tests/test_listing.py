"""The listing ``reextract`` starts from: FastWARC's where it reads a file plainly,
warcio's otherwise, and in every case the listing warcio gives."""

from __future__ import annotations

import contextlib
import gzip
import random
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.listing import (
    UnreadableWarc,
    _fast_listing,
    _NotPlain,
    _reference_listing,
    list_captures,
)
from archive.warc import HttpRequest, HttpResponse, Revisit, WarcWriter

pytestmark = pytest.mark.timeout(180)


def outcome(listing, path: Path) -> list | str:
    try:
        return listing(path)
    except UnreadableWarc as error:
        return str(error)


def member(kind: bytes, url: bytes, block: bytes, extra: bytes = b"") -> bytes:
    """One record as one gzip member, its header bytes exactly as given."""
    head = (
        b"WARC/1.1\r\nWARC-Type: " + kind + b"\r\nWARC-Target-URI: " + url + b"\r\n"
        b"WARC-Date: 2025-01-15T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:"
        + url[-8:].hex().encode()
        + b">\r\n"
        + extra
        + b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(block)).encode() + b"\r\n\r\n"
    )
    return gzip.compress(head + block + b"\r\n\r\n")


def test_newsarcs_warcs_are_listed_by_fastwarc_as_warcio_lists_them(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"isPartOf": "mfa_china", "software": "test"})
    html = [("Content-Type", "text/html; charset=utf-8")]
    for n, response in enumerate(
        [
            HttpResponse(200, html, b"<html><p>one</p></html>"),
            HttpResponse(404, html, b"<html>gone</html>"),
            HttpResponse(200, [("Content-Type", "application/pdf")], b"%PDF-1.7"),
            HttpResponse(200, html, b"<html>cut</html>", truncated="length"),
            HttpResponse(200, [("Content-Encoding", "gzip"), *html], gzip.compress(b"<p>z</p>")),
        ]
    ):
        writer.write_exchange(HttpRequest("GET", f"https://mfa.example/{n}", []), response)
    first = writer.write_exchange(HttpRequest("GET", "https://mfa.example/0", []), response)
    writer.write_exchange(
        HttpRequest("GET", "https://mfa.example/4", []),
        HttpResponse(200, [("Content-Encoding", "gzip"), *html], b""),
        revisit=Revisit("https://mfa.example/4", first.date, first.record_id),
        payload_digest=first.payload_digest,
    )
    writer.close()
    [path] = writer.closed_files

    listed = _fast_listing(path)  # the plain shape: FastWARC lists it

    assert listed == _reference_listing(path) == list_captures(path)
    assert [(r.kind, r.url[-1], r.status) for r in listed] == [
        ("response", "0", "200"),
        ("response", "1", "404"),
        ("response", "2", "200"),  # the truncated response (3) is no capture
        ("response", "4", "200"),
        ("response", "0", "200"),
        ("revisit", "4", "200"),
    ]
    assert {r.source for r in listed} == {"mfa_china"}
    assert listed[-1].refers_to == first.record_id
    assert (listed[4].offset, listed[4].length) == (first.offset, first.length)


def test_files_fastwarc_reads_otherwise_are_listed_by_warcio(tmp_path: Path) -> None:
    good = member(b"response", b"https://a.example/1", b"HTTP/1.1 200 OK\r\n\r\n<p>1</p>")
    wrong_length = zlib.decompress(good, zlib.MAX_WBITS | 16).replace(
        b"Content-Length: ", b"Content-Length: 1", 1
    )
    files = {
        "uncompressed.warc": gzip.decompress(good + good),
        "one-member.warc.gz": gzip.compress(gzip.decompress(good + good)),
        "wrong-length.warc.gz": good + gzip.compress(wrong_length) + good,
        "latin-1.warc.gz": member(b"response", b"https://a.example/\xe9", b"HTTP/1.1 200\r\n\r\n"),
        "odd-status.warc.gz": member(b"response", b"https://a.example/2", b"HTTP/1.1  200\r\n\r\n"),
        "capital-type.warc.gz": good + member(b"Response", b"https://a.example/3", b"x"),
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        reference = outcome(_reference_listing, path)
        assert outcome(list_captures, path) == reference, name
        with contextlib.suppress(_NotPlain):
            assert _fast_listing(path) == reference, name
    with pytest.raises(_NotPlain):
        _fast_listing(tmp_path / "uncompressed.warc")  # its record lengths differ in FastWARC
    with pytest.raises(_NotPlain):
        _fast_listing(tmp_path / "one-member.warc.gz")  # no record has a length of its own


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello, not a WARC\n", "not a readable WARC file"),
        (b"", "no records in it"),
        (
            member(b"response", b"https://a.example/1", b"HTTP/1.1 200\r\n\r\n") + b"junk" * 9,
            "not a readable WARC file",
        ),
    ],
    ids=["text", "empty", "trailing-junk"],
)
def test_unreadable_files_get_warcios_verdict(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data)
    with pytest.raises(UnreadableWarc, match=message) as refused:
        list_captures(path)
    assert str(path) in str(refused.value) and outcome(_reference_listing, path) == str(
        refused.value
    )


header_bytes = st.binary(max_size=24).filter(lambda b: b"\r" not in b and b"\n" not in b)


def mostly(usual: list[bytes], odd: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Usual values seven times in eight: records a crawler writes, and odd ones."""
    return st.integers(0, 7).flatmap(lambda n: st.sampled_from(usual) if n else odd)


@st.composite
def records(draw) -> bytes:
    kinds = st.sampled_from([b"request", b"metadata", b"warcinfo", b"Response", b"revisit"])
    kind = draw(mostly([b"response", b"revisit"], kinds))
    url = draw(mostly([b"https://a.example/", b"http://b.example/"], st.just(b"ftp://c/")))
    url += draw(
        mostly([b"", b"news/1", b"%E5%A4%96"], header_bytes.filter(lambda b: b" " not in b))
    )
    status = draw(
        mostly(
            [b"HTTP/1.1 200", b"HTTP/1.1 200 OK", b"HTTP/1.0 404 Not Found"],
            header_bytes | st.just(b"HTTP/1.1 2000"),
        )
    )
    content_type = b"Content-Type:" + draw(mostly([b" text/html"], header_bytes)) + b"\r\n"
    head = status + b"\r\n" + draw(mostly([content_type], st.just(content_type * 2)))
    block = draw(mostly([head + b"\r\n<p>body</p>"], st.sampled_from([b"", head + b"\r\n"])))
    extra = draw(mostly([b""], st.just(b"WARC-Truncated: length\r\n")))
    extra += b"WARC-Payload-Digest: " + draw(mostly([b"sha1:ABC"], header_bytes)) + b"\r\n"
    return member(kind, url, block, extra)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(records(), min_size=1, max_size=5))
def test_any_records_are_listed_as_warcio_lists_them(tmp_path: Path, members: list[bytes]) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(b"".join(members))
    reference = outcome(_reference_listing, path)
    assert outcome(list_captures, path) == reference
    with contextlib.suppress(_NotPlain):
        assert _fast_listing(path) == reference


def test_a_damaged_member_inside_a_file_is_refused_where_warcio_stops_quietly(
    tmp_path: Path,
) -> None:
    page = b"HTTP/1.1 200\r\n\r\n" + random.Random(1).randbytes(40_000)  # over warcio's 16 KB reads
    members = [member(b"response", f"https://a.example/{n}".encode(), page) for n in range(4)]
    damaged = bytearray(members[1])
    damaged[-8] ^= 0xFF  # its CRC: the record inflates whole, then fails the check
    path = tmp_path / "x.warc.gz"
    path.write_bytes(members[0] + bytes(damaged) + members[2] + members[3])

    assert len(_reference_listing(path)) < 4  # warcio lists what came before, and stops
    with pytest.raises(UnreadableWarc, match=f"damaged gzip member at offset {len(members[0])}"):
        list_captures(path)
