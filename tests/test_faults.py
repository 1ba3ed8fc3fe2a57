"""One crawl of a site where most pages are broken (tests/faultserver.py), then what a
careful crawler must have done with each fault: retried, skipped, cut at a size limit,
never expanded an entity, never left the allowed domains, obeyed robots.txt, kept going,
archived what it actually received, and extracted the good pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import newsarc
from tests.faultserver import GOOD, STORM, FaultServer, source_toml

FAULTY = "https://news.example"
BUSY = "https://busy.news.example"


class Crawl:
    def __init__(self, out: Path, result: subprocess.CompletedProcess, server: FaultServer):
        self.out = out
        self.result = result
        self.server = server
        self.manifest = [
            json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()
        ]
        self.records = []
        for path in sorted((out / "warc").glob("*.warc.gz")):
            with open(path, "rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type in ("response", "revisit"):
                        raw = record.raw_stream.read()
                        self.records.append((record, raw))

    def archived(self, url: str) -> list:
        return [(r, raw) for r, raw in self.records if r.rec_headers["WARC-Target-URI"] == url]

    def written(self, url: str) -> bool:
        return any(line["url"] == url for line in self.manifest)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    root = tmp_path_factory.mktemp("faults")
    (root / "sources").mkdir()
    (root / "sources" / "faulty.toml").write_text(source_toml())
    out = root / "out"
    with FaultServer(stall=10) as server:
        result = newsarc(
            "crawl",
            "faulty",
            "--sources",
            str(root / "sources"),
            "--out",
            str(out),
            "-s",
            f"NEWSARC_HOST_MAP={json.dumps(server.host_map())}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "DOWNLOAD_TIMEOUT=2",
            timeout=120,
        )
    return Crawl(out, result, server)


def test_the_crawl_finishes_and_the_good_pages_are_archived_and_extracted(crawl: Crawl) -> None:
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    assert "Spider error" not in crawl.result.stderr  # no fault reached a callback as a bug
    good = [FAULTY + p for p in GOOD] + [BUSY + p for p in STORM]
    for url in good:
        assert crawl.written(url), url
        assert any(r.http_headers.get_statuscode() == "200" for r, _ in crawl.archived(url))


def test_every_warc_passes_warcio_check(crawl: Crawl) -> None:
    files = sorted(str(p) for p in (crawl.out / "warc").glob("*.warc.gz"))
    assert files and not list((crawl.out / "warc").glob("*.open"))
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", *files], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_server_errors_are_retried_then_given_up(crawl: Crawl) -> None:
    for path in ("/news/e500", "/news/e503"):
        assert crawl.server.requested(path) == 3  # RETRY_TIMES = 2
        assert not crawl.written(FAULTY + path)
        statuses = {r.http_headers.get_statuscode() for r, _ in crawl.archived(FAULTY + path)}
        assert statuses == {path[-3:]}  # every error answer is in the WARC too


def test_retry_after_is_honoured(crawl: Crawl) -> None:
    # A short Retry-After: waited for, then retried, and the page arrives.
    assert crawl.server.requested("/news/e503-later", "busy.news.example") == 2
    assert crawl.written(BUSY + "/news/e503-later")
    # A 429 storm: each page answered once with 429 and Retry-After, then served.
    for path in STORM:
        assert crawl.server.requested(path, "busy.news.example") == 2
    # Retry-After of a day: not hammered, left for the next run.
    assert crawl.server.requested("/news/e503-tomorrow") == 1
    assert not crawl.written(FAULTY + "/news/e503-tomorrow")


def test_timeouts_are_retried_then_given_up(crawl: Crawl) -> None:
    for path in ("/news/stall", "/news/stall-head"):
        assert crawl.server.requested(path) == 3
        assert not crawl.written(FAULTY + path)


def test_truncated_bodies_are_archived_as_received_and_never_extracted(crawl: Crawl) -> None:
    for path in ("/news/truncated", "/news/reset"):
        assert crawl.server.requested(path) == 3
        assert not crawl.written(FAULTY + path)
        records = crawl.archived(FAULTY + path)
        assert len(records) == 3
        for record, raw in records:
            assert record.rec_type == "response"  # never a revisit of a torn payload
            assert record.rec_headers["WARC-Truncated"] == "length"
            declared = int(record.http_headers["Content-Length"])
            assert len(raw) < declared
    truncated = crawl.archived(FAULTY + "/news/truncated")
    assert {len(raw) for _, raw in truncated} == {8000}  # exactly what the server sent


def test_huge_bodies_stop_at_download_maxsize(crawl: Crawl) -> None:
    for path in ("/news/huge", "/news/huge-stream"):
        assert crawl.server.requested(path) == 1  # a size limit is not retried
        assert not crawl.written(FAULTY + path)
        assert not crawl.archived(FAULTY + path)
    assert all(len(raw) <= 32 << 20 for _, raw in crawl.records)


def test_a_gzip_bomb_is_archived_compressed_and_not_inflated_past_the_limit(crawl: Crawl) -> None:
    [(record, raw)] = crawl.archived(FAULTY + "/news/gzip-bomb")
    assert record.http_headers["Content-Encoding"] == "gzip"
    assert raw == crawl.server.bomb  # as it came off the wire
    assert not crawl.written(FAULTY + "/news/gzip-bomb")
    # The same bomb as a gzipped sitemap: read as "not a sitemap", not a spider error.
    assert "spider_exceptions" not in crawl.result.stderr
    assert "Spider error" not in crawl.result.stderr


def test_xml_entities_are_never_expanded(crawl: Crawl) -> None:
    assert crawl.server.requested("/xxe-probe") == 0, "an external entity was fetched"
    paths = " ".join(path for _, path in crawl.server.requests)
    assert "lol" not in paths and "root:" not in paths and "/bin/" not in paths
    assert max(len(path) for _, path in crawl.server.requests) < 200
    assert crawl.written(FAULTY + GOOD[0])  # the same feed's good item was followed


def test_redirect_loops_stop_and_every_hop_is_archived(crawl: Crawl) -> None:
    assert crawl.server.requested("/news/loop") == 11  # the first + REDIRECT_MAX_TIMES
    hops = [u for r, _ in crawl.records if "/news/loop" in (u := r.rec_headers["WARC-Target-URI"])]
    assert len(hops) == 11
    assert not any(line["url"].startswith(FAULTY + "/news/loop") for line in crawl.manifest)


def test_nothing_is_fetched_off_the_allowed_domains(crawl: Crawl) -> None:
    assert crawl.server.requested("/news/offsite") == 1
    assert not [r for r in crawl.server.requests if r[0] == "elsewhere.example"]
    assert not any("elsewhere" in line["url"] for line in crawl.manifest)


def test_robots_txt_is_obeyed(crawl: Crawl) -> None:
    assert crawl.server.requested("/robots.txt") == 1
    assert not [path for _, path in crawl.server.requests if path.startswith("/news/private/")]


def test_wrong_and_missing_charsets_decode_right(crawl: Crawl) -> None:
    expected = {
        "/news/charset-lies": "Die Delegation aus Zürich traf Außenminister Ñúñez in Алматы.",
        "/news/charset-missing": "Представители министерства обсудили сотрудничество в Астане.",
        "/news/charset-gb2312": "外交部发言人表示，双方将继续加强在贸易和能源领域的合作。",
    }
    for path, sentence in expected.items():
        [line] = [m for m in crawl.manifest if m["url"] == FAULTY + path]
        assert sentence in (crawl.out / line["text_path"]).read_text(encoding="utf-8")


def test_binary_and_malformed_html_do_not_break_the_crawl(crawl: Crawl) -> None:
    assert crawl.archived(FAULTY + "/news/binary")
    assert not crawl.written(FAULTY + "/news/binary")
    [line] = [m for m in crawl.manifest if m["url"] == FAULTY + "/news/malformed"]
    text = (crawl.out / line["text_path"]).read_text(encoding="utf-8")
    assert "Report /news/malformed part 3" in text


def test_text_files_hold_no_control_characters(crawl: Crawl) -> None:
    for line in crawl.manifest:
        text = (crawl.out / line["text_path"]).read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), line["url"]


def test_faults_are_counted_by_kind_in_the_run_report(crawl: Crawl) -> None:
    # RETRY_TIMES = 2: three attempts for each page that keeps failing.
    counts = fault_counts(crawl)
    assert counts["http_5xx"] == 3 + 3 + 1 + 1  # e500, e503, e503-tomorrow, e503-later once
    assert counts["http_429"] == len(STORM)
    assert counts["timeout"] == 3 + 3
    assert counts["truncated"] == 3 + 3
    assert counts["too_large"] == 2
    assert counts["inflated_too_large"] == 1
    assert counts["redirect_limit"] == 1
    assert counts["retry_after_too_long"] == 1
    assert counts["offsite"] >= 1
    assert counts["robots_denied"] == 1


def fault_counts(crawl: Crawl) -> dict[str, int]:
    """The errors by kind of the run report (``runs/<run-id>.json``)."""
    [report] = (crawl.out / "runs").glob("*.json")
    [source] = json.loads(report.read_text())["sources"]
    return source["errors"]
