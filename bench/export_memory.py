"""Peak memory of `newsarc export` (and `stats`) on a large synthetic corpus.

    python -m bench.export_memory [--articles 100000] [--dir /tmp/newsarc-export-bench]

Writes a corpus of N synthetic articles (~450 words each, 6 sources, 24 months; a text
file and a manifest line per article, as a crawl leaves them), then runs each export
format and `newsarc stats` in a child process and prints its peak RSS (from wait4), to
check that they stream: the issue's bar is 300 MB for 100k articles. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from archive.corpus import MANIFEST, sha256_hex, text_relpath

SOURCES = ("xinhua", "chinaorgcn", "astanatimes", "fmprc", "tass", "kazinform")


def make_corpus(root: Path, count: int) -> None:
    rng = random.Random(100)
    vocabulary = [f"w{rng.randrange(10**6):06d}" for _ in range(20000)]
    with open(root / MANIFEST, "w", encoding="utf-8") as manifest:
        for number in range(count):
            source = SOURCES[number % len(SOURCES)]
            date = f"{2024 + number % 2}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            article = f"{number:016x}"
            paragraphs = [" ".join(rng.choices(vocabulary, k=90)) for _ in range(5)]
            text = f"date {date}\n\nStory {number}\n\n" + "\n\n".join(paragraphs) + "\n"
            relpath = text_relpath(source, date, article)
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            path.write_bytes(data)
            record = {
                "id": article,
                "url": f"https://{source}.example/{number}",
                "canonical_url": f"https://{source}.example/{number}",
                "source": source,
                "title": f"Story {number}",
                "date": date,
                "date_source": "page",
                "author": None,
                "language": "en",
                "sitename": source,
                "words": 450,
                "text_path": relpath,
                "text_sha256": sha256_hex(data),
                "warc_file": "bench.warc.gz",
                "warc_offset": number * 4096,
                "warc_length": 4096,
                "fetched_at": f"{date}T00:00:00.000000Z",
                "duplicate_of": None,
            }
            manifest.write(json.dumps(record) + "\n")


def peak_rss(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit status) of one child process."""
    started = time.monotonic()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.monotonic() - started, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--dir", default="/tmp/newsarc-export-bench")
    args = parser.parse_args()
    root = Path(args.dir)
    manifest = root / MANIFEST
    if not manifest.exists() or len(manifest.read_bytes().splitlines()) != args.articles:
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        started = time.monotonic()
        make_corpus(root, args.articles)
        print(f"corpus: {args.articles} articles in {time.monotonic() - started:.0f} s")
    cli = [sys.executable, "-m", "crawler.cli"]
    for fmt in ("jsonl", "csv", "parquet"):
        target = root / f"export.{fmt}"
        rss, seconds, code = peak_rss(
            [*cli, "export", "--out", str(root), "--format", fmt, "--to", str(target)]
        )
        size = target.stat().st_size / 2**20 if target.exists() else 0
        print(
            f"export {fmt:8} exit {code}  peak RSS {rss:6.0f} MB  {seconds:5.0f} s"
            f"  {size:6.0f} MB file"
        )
    rss, seconds, code = peak_rss([*cli, "stats", "--out", str(root)])
    print(f"stats           exit {code}  peak RSS {rss:6.0f} MB  {seconds:5.0f} s")


if __name__ == "__main__":
    main()
