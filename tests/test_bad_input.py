"""Bad user input and unusable output: one clear line saying what is wrong and what to
do, a distinct exit code (2 usage, 3 output), and nothing half written."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archive.corpus import read_manifest, sha256_hex
from crawler.localsite import LocalSite
from tests.conftest import REPO, newsarc

SOURCE = (REPO / "crawler" / "sources" / "astanatimes.toml").read_text()


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsarc: ") and "Traceback" not in result.stderr
    return lines[0]


def crawl_args(site: LocalSite, out: Path) -> list[str]:
    host_map = json.dumps(site.host_map())
    return [
        "crawl",
        "astanatimes",
        "chinaorgcn",
        "--out",
        str(out),
        "-s",
        f"NEWSARC_HOST_MAP={host_map}",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
        "-s",
        "DOWNLOAD_DELAY=0",
    ]


def test_unknown_source(tmp_path: Path) -> None:
    result = newsarc("crawl", "astanatimes", "no_such_source", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "unknown source 'no_such_source'" in one_line(result)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = \n", "not valid TOML"),
        (SOURCE.replace('kind = "wire"', 'kind = "blog"'), "field 'kind'"),
        (SOURCE.replace('domains = ["astanatimes.com"]', "domains = []"), "field 'domains'"),
        (SOURCE.replace("allow = ['^https", "allow = ['(^https"), "field 'articles.allow'"),
        (SOURCE.replace('feeds = ["https', 'feeds = ["ftp'), "field 'discovery.feeds'"),
        (SOURCE.replace('name = "astanatimes"', 'name = "../../etc"'), "field 'name'"),
        ("\xff\xfe\x00garbage", "cannot read"),
    ],
    ids=["toml", "kind", "domains", "regex", "url", "name", "binary"],
)
def test_malformed_source_file(tmp_path: Path, text: str, message: str) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    bad = sources / "bad.toml"
    bad.write_bytes(text.encode("latin-1", "replace") if "\xff" in text else text.encode())
    result = newsarc(
        "crawl", "astanatimes", "--sources", str(sources), "--out", str(tmp_path / "o")
    )
    assert result.returncode == 2
    line = one_line(result)
    assert str(bad) in line and message in line
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-02-30"], "since: expected a date as YYYY-MM-DD"),
        (["--until", "yesterday"], "until: expected a date as YYYY-MM-DD"),
        (["--since", "2025/01/01"], "since: expected a date as YYYY-MM-DD"),
        (["--since", "2025-01-31", "--until", "2025-01-30"], "is before since"),
    ],
)
def test_bad_dates(tmp_path: Path, args: list[str], message: str) -> None:
    result = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "o"), *args)
    assert result.returncode == 2 and message in one_line(result)
    assert not (tmp_path / "o").exists()


def test_output_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a directory")
    result = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "out"))
    assert result.returncode == 3 and "output directory" in one_line(result)
    assert (tmp_path / "out").read_text() == "not a directory"


@pytest.mark.parametrize(
    "content",
    [b"hello, not a WARC\n", bytes(range(256)) * 8, b"\x1f\x8b\x08\x00garbage", b""],
    ids=["text", "binary", "broken-gzip", "empty"],
)
def test_reextract_of_a_file_that_is_no_warc(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(content)
    result = newsarc("reextract", str(bad), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert str(bad) in one_line(result) and "WARC" in one_line(result)
    assert not (tmp_path / "o").exists()


def test_verify_names_a_corrupt_warc_and_a_torn_manifest(tmp_path: Path) -> None:
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "x.warc.gz").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "manifest.jsonl").write_text('{"id": "torn')
    result = newsarc("verify", "--out", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "x.warc.gz @ 0" in result.stdout and "manifest.jsonl" in result.stdout
    nowhere = newsarc("verify", "--out", str(tmp_path / "nowhere"))
    assert nowhere.returncode == 2 and "not a newsarc output directory" in one_line(nowhere)


def test_distributed_mode_without_redis(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    result = newsarc(
        "crawl", "astanatimes", "--redis", f"redis://127.0.0.1:{port}", "--out", str(out)
    )
    assert result.returncode == 4
    assert "cannot reach Redis" in one_line(result)
    assert not out.exists()


def test_a_state_file_that_is_not_sqlite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "state.sqlite").write_bytes(bytes(range(256)) * 20)
    nowhere = json.dumps({"astanatimes.com": "127.0.0.1:1"})  # never the real site
    result = newsarc("crawl", "astanatimes", "--out", str(out), "-s", f"NEWSARC_HOST_MAP={nowhere}")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "failed to start: file is not a database" in result.stdout
    assert not (out / "warc").exists() and not (out / "texts").exists()


@contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A small filesystem of its own (needs root); the test is skipped elsewhere."""
    path.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_read_only_output_directory(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "size=1m,ro") as out:
        result = newsarc("crawl", "astanatimes", "--out", str(out))
        assert result.returncode == 3 and "not writable" in one_line(result)
        assert not os.listdir(out)


def test_full_disk_stops_the_crawl_and_leaves_only_whole_files(
    demo_site: LocalSite, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "small", "size=160k") as out:
        result = newsarc(*crawl_args(demo_site, out))
        assert result.returncode == 3, result.stdout + result.stderr[-3000:]
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("newsarc: ") and "No space left on device" in last
        assert "free" in last  # says what to do
        assert_whole(out)
        written = {line["id"] for line in read_manifest(out / "manifest.jsonl")}
        # More room: the next run finishes the job and writes no article twice.
        subprocess.run(["mount", "-o", "remount,size=64m", str(out)], check=True)
        again = newsarc(*crawl_args(demo_site, out))
        assert again.returncode == 0, again.stderr[-3000:]
        assert_whole(out)
        ids = [line["id"] for line in read_manifest(out / "manifest.jsonl")]
        assert len(ids) == len(set(ids)) == 11 and written <= set(ids)


def test_full_disk_stops_reextract_with_what_to_do(demo_out: Path, tmp_path: Path) -> None:
    # Room for about half the texts: the scratch index is never committed, so only the
    # texts and the manifest fill it.
    with tmpfs(tmp_path / "small", "size=32k") as small:
        out = small / "rebuilt"
        result = newsarc("reextract", str(demo_out / "warc"), "--out", str(out))
        assert result.returncode == 3 and "Traceback" not in result.stderr
        message = result.stderr.strip().splitlines()[-1]  # after the progress lines
        assert message.startswith("newsarc: reextract: ") and "No space left on device" in message
        assert "new --out directory" in message
        assert_whole(out)
        assert not list(out.glob(".neardup-*"))  # the scratch index is gone


def assert_whole(out: Path) -> None:
    """Every file a reader would take is whole: WARCs, text files, manifest, state."""
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    warcs = sorted(str(p) for p in (out / "warc").glob("*.warc.gz"))
    if warcs:
        check = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "check", *warcs], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout
    manifest = (out / "manifest.jsonl").read_bytes() if (out / "manifest.jsonl").exists() else b""
    assert not manifest or manifest.endswith(b"\n")
    for line in read_manifest(out / "manifest.jsonl"):
        text = (out / line["text_path"]).read_bytes()
        assert sha256_hex(text) == line["text_sha256"]
    if (out / "state.sqlite").exists():
        with sqlite3.connect(out / "state.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_manifest_line_that_is_no_manifest_record_stops_the_run_clearly(
    demo_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(demo_out, out)
    (out / "state.sqlite").unlink()  # the store must be rebuilt from the manifest
    with open(out / "manifest.jsonl", "a") as manifest:
        manifest.write('{"id": "0123456789abcdef"}\n')
    result = newsarc("demo", "--out", str(out))
    assert result.returncode == 3  # the output directory cannot be used as it is
    assert "manifest record 12 is not a manifest record (lacks canonical_url" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
