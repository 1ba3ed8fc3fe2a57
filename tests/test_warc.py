"""The WARC writer, checked by independent readers (warcio, cdxj-indexer)."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

from archive.warc import (
    OPEN_SUFFIX,
    HttpRequest,
    HttpResponse,
    Revisit,
    WarcWriter,
    iter_records,
    read_record,
    repair_open_file,
)
from tests.conftest import run

NAME = re.compile(r"^newsarc-\d{17}-\d{5}-\d+~[A-Za-z0-9.-]+\.warc\.gz$")


def exchange(n: int, size: int = 2000) -> tuple[HttpRequest, HttpResponse]:
    body = gzip.compress((f"<p>page {n}</p>" * size).encode(), mtime=0)
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(body))),
    ]
    request = HttpRequest("GET", f"https://example.org/a/{n}?x=1", [("User-Agent", "t")])
    return request, HttpResponse(200, headers, body, ip_address="127.0.0.1")


def warcio_check(path: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)])


def test_records_pass_warcio_check_and_index_with_cdxj_indexer(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"})
    locations = [writer.write_exchange(*exchange(n)) for n in range(3)]
    writer.close()
    (path,) = writer.closed_files
    assert NAME.match(path.name)
    check = warcio_check(path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == 7  # warcinfo + 3 responses + 3 requests

    index = run([sys.executable, "-m", "cdxj_indexer.main", str(path)])
    assert index.returncode == 0, index.stderr
    lines = [json.loads(line.split(" ", 2)[2]) for line in index.stdout.splitlines()]
    assert [(int(x["offset"]), int(x["length"])) for x in lines] == [
        (loc.offset, loc.length) for loc in locations
    ]


def test_response_record_keeps_the_payload_as_received(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"})
    request, response = exchange(7)
    location = writer.write_exchange(request, response)
    writer.close()
    record = read_record(writer.closed_files[0], location.offset)
    assert record.rec_type == "response"
    assert record.rec_headers.get_header("WARC-Target-URI") == request.url
    assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert record.rec_headers.get_header("WARC-Concurrent-To")
    assert record.http_headers.get_header("Content-Encoding") == "gzip"
    assert record.payload == response.body  # still gzip: as transferred


def test_first_record_is_warcinfo_and_each_record_is_one_gzip_member(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test", "robots": "obey"})
    writer.write_exchange(*exchange(1))
    writer.close()
    data = writer.closed_files[0].read_bytes()
    members = []
    while data:
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        members.append(decompressor.decompress(data))
        data = decompressor.unused_data
    assert [m.split(b"\r\n")[1] for m in members] == [
        b"WARC-Type: warcinfo",
        b"WARC-Type: response",
        b"WARC-Type: request",
    ]
    assert b"robots: obey" in members[0]


def test_rotation_at_size_limit_and_open_suffix_until_closed(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"}, max_size=100_000)
    writer.write_exchange(*exchange(1))
    (open_file,) = tmp_path.iterdir()
    assert open_file.name.endswith(OPEN_SUFFIX)
    writer.max_size = 1  # every exchange now fills a file
    writer.write_exchange(*exchange(2))
    writer.write_exchange(*exchange(3))
    writer.close()
    files = sorted(tmp_path.iterdir())
    assert not any(p.name.endswith(OPEN_SUFFIX) for p in files)
    assert [p.name.split("-")[2] for p in files] == ["00000", "00001"]
    for path in files:
        first = next(iter_records(path))[1]
        assert first.rec_type == "warcinfo"


def test_revisit_record_refers_to_the_original(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"})
    first = writer.write_exchange(*exchange(1))
    again = Revisit(exchange(1)[0].url, first.date, first.record_id)
    second = writer.write_exchange(*exchange(1), revisit=again)
    writer.close()
    record = read_record(writer.closed_files[0], second.offset)
    assert record.rec_type == "revisit"
    assert record.rec_headers.get_header("WARC-Refers-To-Target-URI") == again.target_uri
    assert record.rec_headers.get_header("WARC-Refers-To-Date") == first.date
    assert record.rec_headers.get_header("WARC-Payload-Digest") == first.payload_digest
    assert record.payload == b""  # headers only
    assert warcio_check(writer.closed_files[0]).returncode == 0


def test_header_values_cannot_inject_lines(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"})
    request, _ = exchange(1)
    hostile = HttpResponse(200, [("X-Evil", "a\r\nWARC-Type: evil")], b"x")
    location = writer.write_exchange(request, hostile)
    writer.close()
    record = read_record(writer.closed_files[0], location.offset)
    assert record.rec_type == "response"
    assert record.http_headers.get_header("X-Evil") == "a WARC-Type: evil"


def test_repair_cuts_a_torn_tail_back_to_whole_records(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, info={"software": "test"})
    writer.write_exchange(*exchange(1))
    second = writer.write_exchange(*exchange(2))
    open_file = writer._path  # a crash: the writer is never closed
    assert open_file is not None and open_file.name.endswith(OPEN_SUFFIX)
    writer._file.close()  # type: ignore[attr-defined]
    with open(open_file, "r+b") as stream:
        stream.truncate(second.offset + second.length // 2)  # torn mid-record
    repaired = repair_open_file(open_file)
    assert repaired is not None and not open_file.exists()
    assert repaired.stat().st_size == second.offset
    check = warcio_check(repaired)
    assert check.returncode == 0, check.stdout
    assert [r.rec_type for _, r in iter_records(repaired)] == ["warcinfo", "response", "request"]
