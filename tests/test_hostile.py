"""Hostile names and content: URLs, titles, canonical links and source names built to
escape the output directory or smuggle control characters into the corpus.

Nothing may be written outside ``--out``; inside it, every path has the one shape
newsarc gives it; text files hold no control character but the newline."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterator
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from archive.corpus import read_manifest
from crawler.localsite import LoopbackServer
from tests.conftest import newsarc

HOST = "hostile.example"
NASTY = "\x00\x01\x07\x08\x0b\x0c\x1b[2J\x7f\x85\x9b\u2028\u202eexe.txt\u202c\ufeff\u200b"
PATHS = [
    "/news/..%2F..%2F..%2F..%2Ftmp%2Fnewsarc-escape",
    "/news/../../../../tmp/newsarc-escape-2",
    "/news/%00%01%1b%5B31m%0d%0aSet-Cookie:%20x=1",
    "/news/" + "long-" * 1000,
    "/news/" + quote("\u202egpj.exe"),
    "/news/" + quote("ｆｕｌｌ／ｗｉｄｔｈ．．／．．／etc"),
    "/news/C:%5CWindows%5Csystem32%5Cevil",
    "/news/%2Fetc%2Fpasswd",
    "/news/plain-and-good",
]
LOCS = [
    *(f"https://{HOST}{path}" for path in PATHS),
    "/etc/passwd",
    "file:///etc/passwd",
    "../../../../etc/passwd",
]
SOURCE = f"""name = "hostile"
publisher = {json.dumps("Hostile" + NASTY)}
kind = "media"
language = "en"
domains = ["{HOST}"]

[discovery]
sitemaps = ["https://{HOST}/sitemap.xml"]

[articles]
allow = ['^https://hostile\\.example/news/']
"""


def hostile_page(path: str) -> bytes:
    """An article whose title, dates, canonical link and text are all hostile."""
    words = " ".join(f"word{i}{NASTY if i % 7 == 0 else ''}" for i in range(80))
    title = f"../../../../etc/passwd{NASTY}/tmp/x {escape(unquote(path)[:200])}"
    return (
        "<!DOCTYPE html><html lang='en'><head>"
        f"<title>{title}</title>"
        f"<meta property='og:title' content='{escape(title)}'>"
        "<meta property='og:type' content='article'>"
        f"<meta property='og:site_name' content='../..{NASTY}'>"
        "<meta property='article:published_time' content='2025-01-15T10:00:00Z'>"
        f"<link rel='canonical' href='https://{HOST}/../../..{escape(path)}%00'>"
        "</head><body><article>"
        f"<h1>{title}</h1><p>Published {NASTY} 2025-01-15 by ../../root</p>"
        f"<p>{words}</p><p>{escape(unquote(path))} {words[::-1]}</p>"
        "</article></body></html>"
    ).encode("utf-8", "surrogatepass")


class HostileSite:
    def __init__(self) -> None:
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append(self.path)
                if self.path == "/robots.txt":
                    body, ctype = b"", "text/plain"
                elif self.path == "/sitemap.xml":
                    entries = "".join(f"<url><loc>{escape(loc)}</loc></url>" for loc in LOCS)
                    body = f"<urlset>{entries}</urlset>".encode()
                    ctype = "application/xml"
                else:
                    body, ctype = hostile_page(self.path), "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = LoopbackServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostileSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def host_map(self) -> dict[str, str]:
        host, port = self.server.server_address[:2]
        return {HOST: f"{host}:{port}"}


SHAPES = re.compile(
    r"manifest\.jsonl|(state|neardup)\.sqlite(-wal|-shm|-journal)?|\.newsarc\.lock|runs/[\w.-]+"
    r"|warc/[\w.~-]+\.warc\.gz|texts/[a-z0-9_]{1,64}/\d{4}/\d{4}-\d{2}-\d{2}_[0-9a-f]{16}\.txt"
)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, HostileSite]]:
    sandbox = tmp_path_factory.mktemp("hostile")
    for name in ("sources", "cwd"):
        (sandbox / name).mkdir()
    (sandbox / "sources" / "hostile.toml").write_text(SOURCE, encoding="utf-8")
    with HostileSite() as site:
        result = newsarc(
            "crawl",
            "hostile",
            "--sources",
            str(sandbox / "sources"),
            "--out",
            str(sandbox / "out"),
            "-s",
            f"NEWSARC_HOST_MAP={json.dumps(site.host_map())}",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            cwd=sandbox / "cwd",
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        yield sandbox, site


def test_nothing_is_written_outside_the_output_directory(crawled) -> None:
    sandbox, site = crawled
    assert sorted(p.name for p in sandbox.iterdir()) == ["cwd", "out", "sources"]
    assert not list((sandbox / "cwd").iterdir())
    assert [p.name for p in (sandbox / "sources").iterdir()] == ["hostile.toml"]
    assert not list(Path("/tmp").glob("newsarc-escape*"))
    assert not [p for p in site.requests if not p.startswith(("/news/", "/sitemap", "/robots"))]


def test_every_file_in_the_output_has_newsarcs_own_shape(crawled) -> None:
    out = crawled[0] / "out"
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert [f for f in files if not SHAPES.fullmatch(f)] == []
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()) and not path.is_symlink()


def test_the_hostile_articles_were_written_and_hold_no_control_characters(crawled) -> None:
    out = crawled[0] / "out"
    lines = list(read_manifest(out / "manifest.jsonl"))
    assert len(lines) >= len(PATHS) - 2  # ids come from canonical URLs; some may coincide
    for line in lines:
        text = (out / line["text_path"]).read_text(encoding="utf-8")
        bad = {c for c in text if unicodedata.category(c) == "Cc" and c != "\n"}
        assert not bad, (line["url"], bad)
        assert "\u2028" not in text and "\ufeff" not in text and "\u200b" not in text
        assert Path(line["text_path"]).parts[0] == "texts" and ".." not in line["text_path"]
        assert urlsplit(line["url"]).hostname == HOST


@pytest.mark.parametrize(
    "name",
    ["../../evil", "/etc/passwd", "evil\x00name", "ｅｖｉｌ", "a" * 65, "Evil", "evil\u202e"],
    ids=["dotdot", "absolute", "nul", "fullwidth", "long", "upper", "bidi"],
)
def test_hostile_source_names_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "sources").mkdir()
    text = SOURCE.replace('name = "hostile"', f"name = {json.dumps(name)}")
    (tmp_path / "sources" / "evil.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = newsarc("crawl", "hostile", "--sources", str(tmp_path / "sources"), "--out", str(out))
    assert result.returncode == 2 and "field 'name'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources"]
