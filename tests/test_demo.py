"""`newsarc demo` end to end: the real Scrapy engine against the bundled loopback site,
then the output checked with independent readers (warcio, cdxj-indexer, pywb)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive.textformat import parse_text
from archive.warc import read_record
from tests.conftest import SHARED, newsarc, run

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_BOILERPLATE = [
    "习近平出席巴西总统卢拉举行的欢迎宴会",
    "News > Latest News",
    "Source: Xinhua",
    "Share:",
    "[Photo by Xie Huanchi/Xinhua]",
    "images.china.cn",
    "8013945",
    "\u00a0",
]


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


def texts(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (out / "texts").rglob("*.txt")}


def test_demo_writes_one_text_per_article_with_manifest(demo_out: Path) -> None:
    records = manifest(demo_out)
    assert len(records) == 11
    assert {r["source"] for r in records} == {"astanatimes", "chinaorgcn"}
    assert sorted(texts(demo_out)) == sorted(Path(r["text_path"]).name for r in records)
    for record in records:
        text = (demo_out / record["text_path"]).read_bytes()
        assert hashlib.sha256(text).hexdigest() == record["text_sha256"]
        assert record["id"] == hashlib.sha256(record["canonical_url"].encode()).hexdigest()[:16]
        assert record["text_path"] == (
            f"texts/{record['source']}/{record['date'][:4]}/{record['date']}_{record['id']}.txt"
        )
        assert text.decode().startswith(f"date {record['date']}\n\n{record['title']}\n\n")


@pytest.mark.parametrize("seed", ["000_791620250045f3ab.txt", "004_2c0c104f733e8c9b.txt"])
def test_demo_texts_hold_every_seed_paragraph_and_none_of_its_boilerplate(
    demo_out: Path, seed: str
) -> None:
    expected = parse_text((SEEDS / "expected" / seed).read_text(encoding="utf-8"))
    lead = next(p for p in expected.paragraphs if len(p.split()) > 12)
    matching = [t for t in texts(demo_out).values() if lead in t]
    assert len(matching) == 1
    got = parse_text(matching[0])
    assert got.date == expected.date
    title, body = got.paragraphs[0], got.paragraphs[1:]
    wanted = expected.paragraphs[expected.paragraphs.index(lead) :]
    assert body == wanted
    assert title not in body
    for junk in SEED_BOILERPLATE:
        assert junk not in matching[0]


def test_every_manifest_line_points_at_its_response_record(demo_out: Path) -> None:
    for record in manifest(demo_out):
        warc = demo_out / "warc" / record["warc_file"]
        found = read_record(warc, record["warc_offset"])
        assert found.rec_type == "response"
        assert found.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert found.rec_headers.get_header("WARC-Date") == record["fetched_at"]
        with open(warc, "rb") as stream:
            stream.seek(record["warc_offset"])
            member = stream.read(record["warc_length"])
        assert member[:2] == b"\x1f\x8b" and len(member) == record["warc_length"]


def test_demo_warcs_pass_warcio_check_and_index_completely(demo_out: Path) -> None:
    warcs = sorted((demo_out / "warc").glob("*.warc.gz"))
    assert warcs and not list((demo_out / "warc").glob("*.open"))
    for warc in warcs:
        check = run([sys.executable, "-m", "warcio.cli", "check", str(warc)])
        assert check.returncode == 0, check.stdout + check.stderr
    index = run([sys.executable, "-m", "cdxj_indexer.main", *map(str, warcs)])
    assert index.returncode == 0, index.stderr
    indexed = {json.loads(line.split(" ", 2)[2])["url"] for line in index.stdout.splitlines()}
    assert {r["url"] for r in manifest(demo_out)} <= indexed
    assert "https://astanatimes.com/robots.txt" in indexed  # every exchange, robots.txt too


def test_captured_payloads_are_as_transferred(demo_out: Path) -> None:
    record = next(r for r in manifest(demo_out) if r["source"] == "astanatimes")
    found = read_record(demo_out / "warc" / record["warc_file"], record["warc_offset"])
    assert found.http_headers.get_header("Content-Encoding") == "gzip"
    assert found.payload[:2] == b"\x1f\x8b"  # stored before Scrapy decompressed it
    assert found.http_headers.get_header("Content-Length") == str(len(found.payload))


def test_second_demo_run_adds_no_article_twice(tmp_path: Path, demo_out: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(demo_out, out)
    before = (out / "manifest.jsonl").read_bytes()
    result = newsarc("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "manifest.jsonl").read_bytes() == before
    assert len(texts(out)) == 11
    assert "0 new articles" in result.stdout


WARCCHECK = SHARED / "tools" / "warccheck" / "check.sh"


@pytest.mark.skipif(not WARCCHECK.exists(), reason="the shared warccheck harness is not beside")
def test_warccheck_replays_every_page_in_pywb(demo_out: Path, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(r["url"] for r in manifest(demo_out)) + "\n")
    env = {**os.environ, "WARCCHECK_VENV": os.environ.get("WARCCHECK_VENV", "")}
    if not env["WARCCHECK_VENV"]:
        env.pop("WARCCHECK_VENV")
    result = subprocess.run(
        ["bash", str(WARCCHECK), str(demo_out / "warc"), str(urls)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0 and last.startswith("warccheck: OK"), result.stdout[-3000:]
