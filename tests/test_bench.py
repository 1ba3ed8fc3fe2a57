"""The benchmark's summary (each measure's fastest round, memory at its worst) and its site's
server. No timing."""

from __future__ import annotations

import http.client
import subprocess
import sys
from pathlib import Path

from bench import sitegen
from bench.run import Measure, best_of, ratios
from crawler.localsite import LocalSite

NAMES = (
    "bare Scrapy CrawlSpider, 32 conc.",
    "trafilatura alone, 1 process(es)",
    "trafilatura alone, 2 process(es)",
    "newsarc extraction alone, 1 process(es)",
    "newsarc extraction alone, 2 process(es)",
    "warcio pairs, gzip, from memory",
    "newsarc crawl (full pipeline)",
    "newsarc crawl, archive only",
    "newsarc reextract",
)


def a_round(seconds: float, pss: int) -> list[Measure]:
    return [Measure(name, 1000, seconds, None, pss, pss) for name in NAMES]


def test_best_of_takes_each_measures_fastest_round_and_its_worst_memory() -> None:
    slow, fast = a_round(10.0, 300 << 20), a_round(5.0, 200 << 20)
    fast[0] = Measure(NAMES[0], 1000, 20.0, None, 1, 1)  # bare Scrapy was slowed this round
    best = best_of([slow, fast])
    assert best[NAMES[0]].seconds == 10.0
    assert all(best[name].seconds == 5.0 for name in NAMES[1:])
    assert all(best[name].pss == 300 << 20 for name in NAMES)
    assert slow[1].pss == 300 << 20 and fast[1].pss == 200 << 20  # the rounds are left as measured
    summary = ratios(best)[-1]
    assert summary.startswith("pipeline/limit ") and summary.endswith("pss 300MB")
    assert "reextract/traf2 1.00" in summary


def test_the_bench_server_answers_as_the_local_site_does(tmp_path: Path) -> None:
    """Its own server, cheaper per request, must not change what the crawls are given."""
    base = sitegen.write_site(tmp_path, 12)  # one of them GB18030, with no declared charset
    (tmp_path / "127.0.0.1").symlink_to(base, target_is_directory=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", str(tmp_path)],
        cwd=Path(__file__).parent.parent,
        stdout=subprocess.PIPE,
    )
    try:
        address = server.stdout.readline().decode().strip() if server.stdout else ""
        with LocalSite(tmp_path) as site:
            paths = [f"/news/{n}.html" for n in range(12)] + ["/list/1.html", "/sitemap.xml"]
            for host in (sitegen.HOST, "127.0.0.1:8000"):
                for encoding in ("gzip, deflate, br", None):
                    for path in [*paths, "/robots.txt"]:
                        ours = _get(address, host, path, encoding)
                        assert ours == _get(site.address, host, path, encoding), (host, path)
                        assert ours[0] == 200
            assert _get(address, sitegen.HOST, "/../../etc/passwd", None)[0] == 404
            assert _get(address, "elsewhere.test", "/robots.txt", None)[0] == 404
    finally:
        server.terminate()
        assert server.wait(timeout=10) == 0


def _get(address: str, host: str, path: str, encoding: str | None) -> tuple:
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host)
        if encoding:
            connection.putheader("Accept-Encoding", encoding)
        connection.endheaders()
        response = connection.getresponse()
        headers = ("Content-Type", "Content-Encoding", "Content-Length")
        return (response.status, *map(response.getheader, headers), response.read())
    finally:
        connection.close()
