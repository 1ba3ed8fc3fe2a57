"""Distributed mode: two `newsarc crawl --redis` workers against a real Redis server."""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.localsite import LocalSite
from tests.conftest import REPO, newsarc

HOST = "news.test"
ARTICLES = 40
PER_PAGE = 8
WORDS = [
    "minister",
    "delegation",
    "talks",
    "trade",
    "corridor",
    "water",
    "energy",
    "summit",
    "agreement",
    "border",
    "visit",
    "cooperation",
    "railway",
    "grain",
    "export",
    "investment",
    "forum",
    "security",
    "climate",
    "treaty",
    "envoy",
    "parliament",
    "budget",
    "harvest",
    "pipeline",
    "drought",
    "university",
    "exchange",
    "customs",
    "tariff",
]

SOURCE = """
name = "fixturewire"
publisher = "Fixture Wire"
kind = "wire"
language = "en"
domains = ["news.test"]

[discovery]
[[discovery.listings]]
url = "https://news.test/news/"
next = "a.next::attr(href)"
max_pages = 20

[articles]
allow = ['^https://news\\.test/2025/0\\d/story-\\d+/$']
url_date = '/(?P<year>\\d{4})/(?P<month>\\d{2})/'
"""


def article_path(number: int) -> str:
    return f"/2025/0{1 + number % 3}/story-{number}/"


def make_site(root: Path, sources: Path) -> None:
    """A wire site with ARTICLES distinct stories behind paginated listing pages."""
    rng = random.Random(8)
    site = root / HOST
    for number in range(ARTICLES):
        day = 1 + number % 28
        month = 1 + number % 3
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + "." for _ in range(4)
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page = site / article_path(number).strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html><head><title>Story {number}</title>"
            f'<meta property="article:published_time" content="2025-0{month}-{day:02d}">'
            f"</head><body><article><h1>Story {number} on {rng.choice(WORDS)}</h1>"
            f"{body}</article></body></html>"
        )
    pages = [list(range(i, min(i + PER_PAGE, ARTICLES))) for i in range(0, ARTICLES, PER_PAGE)]
    for index, numbers in enumerate(pages):
        links = "".join(f'<li><a href="{article_path(n)}">Story {n}</a></li>' for n in numbers)
        more = (
            f'<a class="next" href="/news/page/{index + 2}/">next</a>'
            if index + 1 < len(pages)
            else ""
        )
        listing = site / "news" / (f"page/{index + 1}" if index else "") / "index.html"
        listing.parent.mkdir(parents=True, exist_ok=True)
        listing.write_text(f"<html><body><ul>{links}</ul>{more}</body></html>")
    sources.mkdir()
    (sources / "fixturewire.toml").write_text(SOURCE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server of its own on a free loopback port, stopped afterwards."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (.ci/run installs Debian's redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("redis-server did not answer within 10 s")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


class BothWorkersSite(LocalSite):
    """Holds story pages until two workers (told apart by User-Agent) have each asked for one.

    Otherwise the first worker up may fetch every story before the second has started,
    and "both workers did work" would depend on start-up timing. At most 120 s.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.asking: set[str] = set()
        self.lock = threading.Lock()
        self.both = threading.Event()

    def hold(self, host: str, path: str, headers: Message) -> None:
        if "/story-" not in path:
            return
        with self.lock:
            self.asking.add(headers.get("User-Agent", ""))
            if len(self.asking) >= 2:
                self.both.set()
        self.both.wait(timeout=120)


def crawl_workers(count: int, out: Path, sources: Path, site: LocalSite, redis: str) -> list:
    args = [
        sys.executable, "-m", "crawler.cli", "crawl", "fixturewire",
        "--sources", str(sources), "--out", str(out), "--redis", redis,
        "-s", f"NEWSARC_HOST_MAP={json.dumps(site.host_map())}",
        "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "NEWSARC_EXTRACT_WORKERS=1",
    ]  # fmt: skip
    workers = [
        subprocess.Popen(
            [*args, "-s", f"USER_AGENT=newsarc-test (worker {number})"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for number in range(count)
    ]  # fmt: skip
    results = []
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=240)
        results.append((worker.returncode, stdout, stderr))
    return results


def shard_records(shard: Path) -> list[dict]:
    path = shard / "manifest.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_two_workers_share_one_frontier_and_one_seen_set(tmp_path: Path, redis_url: str) -> None:
    make_site(tmp_path / "site", tmp_path / "sources")
    out = tmp_path / "out"
    with BothWorkersSite(tmp_path / "site") as site:
        for code, stdout, stderr in crawl_workers(2, out, tmp_path / "sources", site, redis_url):
            assert code == 0, stdout + stderr[-3000:]
            assert "scrapy_redis" not in stderr  # no warning from it under this Scrapy
        fetched = Counter(path for host, path in site.requests if "/story-" in path)
        assert fetched == Counter({article_path(n): 1 for n in range(ARTICLES)})

        shards = sorted((out / "workers").iterdir())
        assert len(shards) == 2
        assert all(shard_records(shard) for shard in shards), "a worker wrote no article"
        for warc in out.glob("workers/*/warc/*"):
            assert warc.name.endswith(".warc.gz"), f"left open: {warc}"
            with open(warc, "rb") as stream:
                records = list(ArchiveIterator(stream, check_digests="raise"))
            assert records[0].rec_type == "warcinfo"

        merged = newsarc("merge", "--out", str(out))
        assert merged.returncode == 0, merged.stderr
        records = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
        assert sorted(r["url"] for r in records) == sorted(
            f"https://{HOST}{article_path(n)}" for n in range(ARTICLES)
        )
        for record in records:
            assert (out / record["text_path"]).is_file()
            assert (out / "warc" / record["warc_file"]).is_file()
            assert record["duplicate_of"] is None

        # A later run by a worker with an empty state of its own fetches no article again.
        before = len(site.requests)
        [(code, stdout, stderr)] = crawl_workers(1, out, tmp_path / "sources", site, redis_url)
        assert code == 0, stdout + stderr[-3000:]
        again = [path for _, path in site.requests[before:]]
        assert any(path.startswith("/news/") for path in again)  # listings are fetched
        assert not any("/story-" in path for path in again)


def test_unreachable_redis_is_one_line_and_exit_4(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "o"), "--redis", url)
    assert result.returncode == 4
    assert f"cannot reach Redis at {url}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
    bad = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "o"), "--redis", "localhost")
    assert bad.returncode == 4 and "expected e.g. redis://" in bad.stderr


def test_a_crawl_without_redis_does_not_load_scrapy_redis() -> None:
    probe = (
        "import sys\n"
        "from scrapy.settings import Settings\n"
        "from crawler.distributed import RedisAddon\n"
        "settings = Settings({'NEWSARC_OUT': 'o'})\n"
        "RedisAddon().update_settings(settings)\n"
        "assert settings.get('SCHEDULER') != 'crawler.frontier.SharedFrontierScheduler'\n"
        "loaded = [name for name in sys.modules if name.startswith(('scrapy_redis', 'redis'))]\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
