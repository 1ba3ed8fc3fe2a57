"""Crawls as users start them: `scrapy crawl` from the repo root and `newsarc crawl`,
always against loopback sites reached through NEWSARC_HOST_MAP."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from crawler.localsite import LocalSite
from tests.conftest import DEMO_SITE, REPO, newsarc, run


def local(site: LocalSite) -> list[str]:
    """Settings that send a crawl to the loopback site, at full speed."""
    host_map = json.dumps(site.host_map())
    return ["-s", f"NEWSARC_HOST_MAP={host_map}", "-s", "AUTOTHROTTLE_ENABLED=0"]


def manifest(out: Path) -> list[dict]:
    path = out / "manifest.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_scrapy_list_shows_every_source() -> None:
    result = run([sys.executable, "-m", "scrapy", "list"], cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert {"astanatimes", "chinaorgcn"} <= set(result.stdout.split())


def test_scrapy_crawl_with_a_date_window(demo_site: LocalSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "astanatimes",
            "-a",
            "since=2025-01-05",
            "-a",
            "until=2025-01-20",
            "-s",
            f"NEWSARC_OUT={out}",
            "-s",
            f"NEWSARC_HOST_MAP={json.dumps(demo_site.host_map())}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
        ],
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    dates = sorted(r["date"] for r in manifest(out))
    assert dates == ["2025-01-09", "2025-01-15"]
    fetched = {path for host, path in demo_site.requests if host == "astanatimes.com"}
    assert not any(path.startswith("/2024/12/") for path in fetched)  # outside: not requested


def test_user_source_directory_and_unknown_source(demo_site: LocalSite, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (REPO / "crawler" / "sources" / "chinaorgcn.toml").read_text()
    (sources / "mine.toml").write_text(text.replace('name = "chinaorgcn"', 'name = "mine"'))
    listed = newsarc("sources", "--sources", str(sources))
    assert listed.returncode == 0 and "mine" in listed.stdout
    unknown = newsarc("crawl", "nosuch", "--out", str(tmp_path / "x"))
    assert unknown.returncode == 2
    assert "unknown source 'nosuch'" in unknown.stderr and "astanatimes" in unknown.stderr
    out = tmp_path / "out"
    host_map = json.dumps(demo_site.host_map())
    crawl = newsarc(
        "crawl",
        "mine",
        "--sources",
        str(sources),
        "--out",
        str(out),
        "--max-articles",
        "2",
        "-s",
        f"NEWSARC_HOST_MAP={host_map}",
        "-s",
        "AUTOTHROTTLE_ENABLED=0",
    )
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert [r["source"] for r in manifest(out)] == ["mine", "mine"]
    # The progress line is added to Scrapy's extensions; the consoles stay out.
    [log] = (out / "runs").glob("*.log")
    extensions = log.read_text().split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "crawler.progress.Progress" in extensions and "CoreStats" in extensions
    assert "RemoteControl" not in extensions and "TelnetConsole" not in extensions


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-13-01"], "since: expected a date as YYYY-MM-DD"),
        (["--since", "2025-02-01", "--until", "2025-01-01"], "is before since"),
        (["-s", "NOEQUALS"], "expected NAME=VALUE"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path, args: list, message: str) -> None:
    result = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "o"), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_directory_exit_3(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = newsarc("crawl", "astanatimes", "--out", str(locked / "out"))
    assert result.returncode == 3 and "cannot create output directory" in result.stderr


def test_output_that_is_a_file_exit_3(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = newsarc("crawl", "astanatimes", "--out", str(tmp_path / "file" / "out"))
    assert result.returncode == 3 and "cannot create output directory" in result.stderr


def test_start_url_crawls_any_site_and_recognises_articles(
    demo_site: LocalSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = newsarc(
        "crawl", "--start", "https://astanatimes.com/", "--out", str(out), *local(demo_site)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    urls = sorted(r["url"] for r in manifest(out))
    assert len(urls) == 6 and all(u.startswith("https://astanatimes.com/202") for u in urls)
    assert {r["source"] for r in manifest(out)} == {"site_astanatimes_com"}
    assert not any(host != "astanatimes.com" for host, _ in demo_site.requests)


def test_start_url_may_be_a_sitemap(demo_site: LocalSite, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = newsarc(
        "crawl",
        "--start",
        "http://www.china.org.cn/sitemap.xml",
        "--out",
        str(out),
        *local(demo_site),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(manifest(out)) == 5


def test_extract_prints_the_crawl_text_of_a_saved_page(demo_out: Path) -> None:
    record = next(r for r in manifest(demo_out) if "2024-07-03" in r["date"])
    page = DEMO_SITE / "www.china.org.cn" / record["url"].split("www.china.org.cn/", 1)[1]
    text = newsarc("extract", str(page), "--url", record["url"])
    assert text.returncode == 0, text.stderr
    assert text.stdout == (demo_out / record["text_path"]).read_text(encoding="utf-8")
    body = newsarc("extract", str(page), "--url", record["url"], "--format", "body")
    assert body.stdout.startswith("ASTANA, July 2 (Xinhua) --")
    meta = json.loads(
        newsarc("extract", str(page), "--url", record["url"], "--format", "json").stdout
    )
    assert meta["date"] == "2024-07-03" and meta["id"] == record["id"]


UNDATED = """
name = "undated"
publisher = "The Astana Times, listing only"
kind = "wire"
language = "en"
domains = ["astanatimes.com"]

[discovery]
[[discovery.listings]]
url = "https://astanatimes.com/category/news/"
next = "a.next.page-numbers::attr(href)"

[articles]
allow = ['^https://astanatimes\\.com/\\d{4}/\\d{2}/(?!\\d+/$)[^/]+/$']
"""


def test_a_page_dated_outside_the_window_is_not_fetched_again(
    demo_site: LocalSite, tmp_path: Path
) -> None:
    # Nothing before the fetch dates these links (no item dates, no url_date): the first
    # run must fetch every story to learn its date, the second must not.
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "undated.toml").write_text(UNDATED)
    out = tmp_path / "out"
    args = ["crawl", "undated", "--sources", str(sources), "--out", str(out), "--since"]

    def article_fetches() -> int:
        return sum(1 for host, path in demo_site.requests if path.startswith("/202"))

    first = newsarc(*args, "2025-01-10", *local(demo_site))
    assert first.returncode == 0, first.stderr[-3000:]
    assert article_fetches() == 6
    assert sorted(r["date"] for r in manifest(out)) == ["2025-01-15", "2025-01-21"]
    second = newsarc(*args, "2025-01-10", *local(demo_site))
    assert second.returncode == 0, second.stderr[-3000:]
    assert article_fetches() == 6  # four known to be too old, two already had
    wider = newsarc(*args, "2025-01-01", *local(demo_site))
    assert wider.returncode == 0, wider.stderr[-3000:]
    assert len(manifest(out)) == 4  # a wider window fetches what it now includes


def test_texts_from_revisited_pages_point_at_the_record_with_their_bytes(
    demo_site: LocalSite, tmp_path: Path
) -> None:
    # An archive-only crawl keeps the pages but writes no text; the next crawl finds the
    # same payloads (revisit records) and must trace each text to the original response.
    from archive.warc import read_record

    out = tmp_path / "out"
    first = newsarc(
        "crawl", "astanatimes", "--out", str(out), "-s", "NEWSARC_EXTRACT=0", *local(demo_site)
    )
    assert first.returncode == 0, first.stderr[-3000:]
    assert manifest(out) == []
    second = newsarc("crawl", "astanatimes", "--out", str(out), *local(demo_site))
    assert second.returncode == 0, second.stderr[-3000:]
    records = manifest(out)
    assert len(records) == 6
    for record in records:
        found = read_record(out / "warc" / record["warc_file"], record["warc_offset"])
        assert found.rec_type == "response"
        assert found.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert found.rec_headers.get_header("WARC-Date") == record["fetched_at"]
        assert found.payload
    verify = newsarc("verify", "--out", str(out))
    assert verify.returncode == 0, verify.stdout + verify.stderr
