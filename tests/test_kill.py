"""kill -9 at random moments, again and again, into one output directory.

After every kill: each closed WARC passes warcio's check, the ``.open`` one is readable
up to its last whole record, no text file or manifest line a reader would accept is
half written, and the SQLite state is whole and never ahead of the manifest. Then one
run that is left alone repairs what the kills left and finishes the job, writing no
article twice. The moments are random but seeded, so a failure can be replayed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from warcio.checker import Checker

from archive.corpus import read_manifest, sha256_hex
from archive.warc import whole_members_end
from crawler.localsite import LocalSite
from tests.conftest import REPO, newsarc
from tests.test_lifecycle import make_site

KILLS = 20
ARTICLES = 40
SEED = 20260707


def manifest_lines(out: Path) -> int:
    path = out / "manifest.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def warc_bytes(out: Path) -> int:
    """Bytes archived so far; a file renamed from .open between glob and stat is skipped."""
    total = 0
    for path in (out / "warc").glob("*.warc.gz*") if out.exists() else ():
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            continue
    return total


def wait_until(crawl: subprocess.Popen, done: Callable[[], bool]) -> None:
    """Until ``done()`` or the crawl ends (at most 20 s)."""
    for _ in range(2000):
        if crawl.poll() is not None or done():
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            crawl.wait(timeout=0.01)


def warcio_check(path: Path) -> None:
    checker = Checker(SimpleNamespace(inputs=[str(path)], verbose=False))
    assert checker.process_all() == 0, f"warcio check failed: {path}"


class Invariants:
    """What must hold in ``out`` whenever no crawl is running."""

    def __init__(self, out: Path, scratch: Path) -> None:
        self.out = out
        self.scratch = scratch
        self.checked: set[tuple[str, int]] = set()

    def check(self) -> None:
        self.warcs()
        ids = self.manifest()
        self.texts(ids)
        self.state(ids)

    def warcs(self) -> None:
        for path in (self.out / "warc").glob("*.warc.gz"):
            key = (path.name, path.stat().st_size)
            if key not in self.checked:  # closed files never change
                warcio_check(path)
                self.checked.add(key)
        for path in (self.out / "warc").glob("*.warc.gz.open"):
            with open(path, "rb") as stream:
                end = whole_members_end(stream)
                stream.seek(0)
                whole = stream.read(end)
            prefix = self.scratch / "prefix.warc.gz"
            prefix.write_bytes(whole)
            if end:
                warcio_check(prefix)

    def manifest(self) -> dict[str, dict]:
        path = self.out / "manifest.jsonl"
        if not path.exists():
            return {}
        data = path.read_bytes()
        lines = data.split(b"\n")
        for line in lines[:-1]:  # every line that ends is whole JSON
            json.loads(line)
        records = list(read_manifest(path))  # a torn last line is not read
        ids = [r["id"] for r in records]
        assert len(ids) == len(set(ids)), "an article written twice"
        return {r["id"]: r for r in records}

    def texts(self, records: dict[str, dict]) -> None:
        for record in records.values():
            text = (self.out / record["text_path"]).read_bytes()
            assert sha256_hex(text) == record["text_sha256"], record["text_path"]
        for path in (self.out / "texts").rglob("*.txt") if (self.out / "texts").exists() else ():
            # A text file without its manifest line yet is whole too: written by rename.
            text = path.read_text(encoding="utf-8")
            assert text.endswith("\n") and text.startswith("date "), path

    def state(self, records: dict[str, dict]) -> None:
        path = self.out / "state.sqlite"
        if not path.exists():
            return
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = {row[0] for row in db.execute("SELECT id FROM articles")}
        assert stored <= set(records), "the state knows articles the manifest does not"


def test_twenty_kills_then_one_run_finishes_the_job(tmp_path: Path) -> None:
    sources = make_site(tmp_path / "site", ARTICLES)
    out = tmp_path / "out"
    invariants = Invariants(out, tmp_path)
    rng = random.Random(SEED)
    with LocalSite(tmp_path / "site") as site:
        command = [
            *("crawl", "example", "--sources", str(sources), "--out", str(out)),
            *("-s", f"NEWSARC_HOST_MAP={json.dumps(site.host_map())}"),
            *("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.02"),
            *("-s", "NEWSARC_EXTRACT_WORKERS=1"),
        ]
        finished = 0
        for kill in range(KILLS):
            # Even runs die in the middle of writing articles (after 1-3 more manifest
            # lines); odd runs refetch everything (--refresh: WARC writes, revisits) and
            # die after a random number of archived bytes, or early in start-up.
            refresh = ["--refresh"] if kill % 2 else []
            lines = manifest_lines(out) + rng.randint(1, 3)
            size = warc_bytes(out) + rng.randint(0, 40_000)
            crawl = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli", *command, *refresh],
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # the extraction workers die with it
            )
            try:
                if not refresh:
                    wait_until(crawl, lambda lines=lines: manifest_lines(out) >= lines)
                elif kill % 4 == 1:
                    crawl.wait(timeout=rng.uniform(0.1, 1.5))
                else:
                    wait_until(crawl, lambda size=size: warc_bytes(out) > size)
                finished += crawl.poll() is not None
            except subprocess.TimeoutExpired:
                pass
            finally:
                if crawl.poll() is None:
                    os.killpg(crawl.pid, signal.SIGKILL)
                crawl.wait(timeout=30)
            invariants.check()
        assert finished < KILLS // 4, "too few runs were killed: make the site bigger"

        left_open = sorted(p.name for p in (out / "warc").glob("*.warc.gz.open"))
        with open(out / "manifest.jsonl", "ab") as manifest:  # a line torn by a power cut
            manifest.write(b'{"id": "0123456789abcdef", "url": "https://news.exa')
        invariants.check()  # a reader skips the torn line
        final = newsarc(*command)
        assert final.returncode == 0, final.stderr[-3000:]

    invariants.check()
    [report_path] = [
        line.split(None, 1)[1] for line in final.stdout.splitlines() if line.startswith("report:")
    ]
    repaired = json.loads(Path(report_path).read_text())["repaired_warcs"]
    # "<name>" when cut back and closed, "<name>.open (removed: ...)" when nothing was whole
    assert sorted(n.split(" (")[0].removesuffix(".open") + ".open" for n in repaired) == left_open
    assert not list((out / "warc").glob("*.open"))
    records = list(read_manifest(out / "manifest.jsonl"))
    assert len(records) == len({r["id"] for r in records}) == ARTICLES  # none lost, none twice
    assert (out / "manifest.jsonl").read_bytes().endswith(b"\n")
    verify = newsarc("verify", "--out", str(out))
    assert verify.returncode == 0, verify.stdout[-3000:] + verify.stderr[-3000:]
