"""The archive's life after a crawl: revisits across runs, rebuild from WARC, index and
WACZ replay in pywb, verify, the per-directory lock, and resume after kill -9.

Every crawl is a real `newsarc crawl` subprocess against a loopback site; every archive
check is made by an independent reader (warcio, cdxj-indexer, pywb, warccheck)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from archive.rebuild import decode_content
from archive.warc import iter_records, read_record
from crawler.exitcodes import EXIT_LOCKED
from crawler.localsite import LocalSite, LoopbackServer
from tests.conftest import DEMO_SITE, REPO, SHARED, newsarc, run
from tests.test_crawl import local, manifest

SOURCES = ("astanatimes", "chinaorgcn")
WARCCHECK = SHARED / "tools" / "warccheck" / "check.sh"


def crawl(site: LocalSite, out: Path, *args: str) -> subprocess.CompletedProcess:
    return newsarc("crawl", *SOURCES, "--out", str(out), *local(site), *args)


def run_report(out: Path, index: int) -> dict:
    return json.loads(sorted((out / "runs").glob("*.json"))[index].read_text())


@pytest.fixture(scope="session")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of the demo site, then a second with --refresh (every page fetched again)."""
    out = tmp_path_factory.mktemp("lifecycle") / "out"
    with LocalSite(DEMO_SITE) as site:
        for extra in ((), ("--refresh",)):
            result = crawl(site, out, *extra)
            assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return out


def test_second_run_writes_revisits_and_no_duplicate_texts(two_runs: Path) -> None:
    first, second = run_report(two_runs, 0), run_report(two_runs, 1)
    assert first["bytes_saved_by_revisits"] == 0
    assert sum(s["articles"]["new"] for s in first["sources"]) == 11
    assert sum(s["articles"]["new"] for s in second["sources"]) == 0
    assert sum(s["articles"]["already_had"] for s in second["sources"]) == 11
    revisits = sum(s["warc"]["revisits"] for s in second["sources"])
    assert revisits == sum(s["pages_fetched"] for s in second["sources"]) > 11
    assert second["bytes_saved_by_revisits"] > 0
    records = manifest(two_runs)
    assert len(records) == len({r["id"] for r in records}) == 11
    assert len(list((two_runs / "texts").rglob("*.txt"))) == 11

    originals = {}
    revisit_records = []
    for path in sorted((two_runs / "warc").glob("*.warc.gz")):
        for _, record in iter_records(path):
            headers = record.rec_headers
            if record.rec_type == "response":
                key = (headers["WARC-Target-URI"], headers["WARC-Payload-Digest"])
                originals[key] = headers["WARC-Date"]
            elif record.rec_type == "revisit":
                revisit_records.append(headers)
            record.content_stream().read()
    assert len(revisit_records) == revisits
    for headers in revisit_records:
        assert headers["WARC-Profile"].endswith("/revisit/identical-payload-digest")
        key = (headers["WARC-Refers-To-Target-URI"], headers["WARC-Payload-Digest"])
        assert originals[key] == headers["WARC-Refers-To-Date"]


@pytest.mark.skipif(not WARCCHECK.exists(), reason="warccheck harness not present")
def test_warccheck_passes_with_revisits(two_runs: Path) -> None:
    result = run(["bash", str(WARCCHECK), str(two_runs / "warc")], timeout=600)
    last = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0 and last.startswith("warccheck: OK"), result.stdout[-3000:]


def test_reextract_reproduces_the_crawl_byte_for_byte(two_runs: Path, tmp_path: Path) -> None:
    out = tmp_path / "rebuilt"
    result = newsarc("reextract", str(two_runs / "warc"), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "reextract: " in result.stderr  # progress
    crawled = {r["id"]: r for r in manifest(two_runs)}
    rebuilt = {r["id"]: r for r in manifest(out)}
    assert rebuilt == crawled
    for record in crawled.values():
        path = record["text_path"]
        assert (out / path).read_bytes() == (two_runs / path).read_bytes()
    assert sorted(p.relative_to(out) for p in (out / "texts").rglob("*")) == sorted(
        p.relative_to(two_runs) for p in (two_runs / "texts").rglob("*")
    )
    again = newsarc("reextract", str(two_runs / "warc"), "--out", str(out))
    assert again.returncode == 2 and "already holds a manifest" in again.stderr


def test_index_is_cdxj_of_every_capture(two_runs: Path, tmp_path: Path) -> None:
    target = tmp_path / "index.cdxj"
    result = newsarc("index", "--out", str(two_runs), "-o", str(target))
    assert result.returncode == 0, result.stderr
    lines = target.read_text().splitlines()
    assert lines == sorted(lines)
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    kinds = [e["mime"] == "warc/revisit" for e in entries]
    report = run_report(two_runs, 1)
    assert sum(kinds) == sum(s["warc"]["revisits"] for s in report["sources"])
    for entry in entries[:5]:
        record = read_record(two_runs / "warc" / entry["filename"], int(entry["offset"]))
        assert record.rec_headers["WARC-Target-URI"] == entry["url"]


def test_verify_passes_on_a_good_output(two_runs: Path) -> None:
    result = newsarc("verify", "--out", str(two_runs))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("verify: OK") and "11 manifest lines" in result.stdout


def _flip_byte(out: Path, record: dict) -> str:
    path = out / "warc" / record["warc_file"]
    data = bytearray(path.read_bytes())
    data[record["warc_offset"] + record["warc_length"] // 2] ^= 0x20
    path.write_bytes(bytes(data))
    return f"{path} @ {record['warc_offset']}: corrupt or truncated gzip member"


def _delete_text(out: Path, record: dict) -> str:
    (out / record["text_path"]).unlink()
    return f"{out / record['text_path']}: missing"


def _edit_text(out: Path, record: dict) -> str:
    path = out / record["text_path"]
    path.write_text(path.read_text().replace(" ", "  ", 1))
    return f"{path}: SHA-256 differs"


def _wrong_offset(out: Path, record: dict) -> str:
    lines = (out / "manifest.jsonl").read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if json.loads(line)["id"] == record["id"])
    lines[number] = json.dumps({**record, "warc_offset": record["warc_offset"] + 7})
    (out / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    return f"manifest.jsonl:{number + 1}: points at {record['warc_file']} @"


@pytest.mark.parametrize("damage", [_flip_byte, _delete_text, _edit_text, _wrong_offset])
def test_verify_names_each_kind_of_damage(two_runs: Path, tmp_path: Path, damage) -> None:
    out = tmp_path / "copy"
    shutil.copytree(two_runs, out)
    expected = damage(out, manifest(out)[3])
    result = newsarc("verify", "--out", str(out))
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("verify: FAIL")


@pytest.fixture(scope="session")
def pywb_bin() -> Path:
    """pywb lives in its own venv: it pins redis<3, which the project's scrapy-redis cannot use."""
    candidates = [os.environ.get("WARCCHECK_VENV"), Path.home() / ".cache" / "warccheck-venv"]
    for venv in filter(None, candidates):
        if (Path(venv) / "bin" / "wayback").exists():
            return Path(venv) / "bin"
    venv = Path.home() / ".cache" / "newsarc-pywb"
    if not (venv / "bin" / "wayback").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "pywb"]
        subprocess.run(pip, check=True, timeout=900)
    return venv / "bin"


@pytest.fixture
def wayback(pywb_bin: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A pywb server on loopback over an empty collection; stopped by its pid."""
    import socket

    home = tmp_path / "pywb"
    home.mkdir()
    subprocess.run([str(pywb_bin / "wb-manager"), "init", "c"], cwd=home, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield home, f"http://127.0.0.1:{port}"


def _start_wayback(pywb_bin: Path, home: Path, base: str) -> subprocess.Popen:
    port = base.rsplit(":", 1)[1]
    server = subprocess.Popen(
        [str(pywb_bin / "wayback"), "-b", "127.0.0.1", "-p", port, "-t", "4"],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("pywb's wayback exited at start") from None
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("pywb's wayback did not answer")


def test_wacz_replays_in_pywb(two_runs: Path, pywb_bin: Path, wayback, tmp_path: Path) -> None:
    import zipfile

    home, base = wayback
    wacz = tmp_path / "corpus.wacz"
    result = newsarc("wacz", "--out", str(two_runs), "-o", str(wacz))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(wacz) as package:
        names = package.namelist()
        package_json = json.loads(package.read("datapackage.json"))
        pages = [json.loads(x) for x in package.read("pages/pages.jsonl").splitlines()]
        assert all(package.getinfo(n).compress_type == zipfile.ZIP_STORED for n in names)
        for resource in package_json["resources"]:
            import hashlib

            digest = hashlib.sha256(package.read(resource["path"])).hexdigest()
            assert resource["hash"] == "sha256:" + digest
    assert {"indexes/index.cdx", "pages/pages.jsonl", "datapackage.json"} <= set(names)
    assert pages[0]["format"] == "json-pages-1.0" and len(pages) == 12

    add = [str(pywb_bin / "wb-manager"), "add", "--unpack-wacz", "c", str(wacz)]
    subprocess.run(add, cwd=home, check=True, capture_output=True)
    server = _start_wayback(pywb_bin, home, base)
    try:
        for record in manifest(two_runs):
            stamp = "".join(ch for ch in record["fetched_at"] if ch.isdigit())[:14]
            with urllib.request.urlopen(f"{base}/c/{stamp}id_/{record['url']}") as reply:
                assert reply.headers["Memento-Datetime"], record["url"]
                body = reply.read()
            archived = read_record(two_runs / "warc" / record["warc_file"], record["warc_offset"])
            coding = archived.http_headers.get_header("Content-Encoding")
            assert body == decode_content(archived.payload, coding), record["url"]
    finally:
        server.terminate()
        server.wait(timeout=30)


class _GateHandler(BaseHTTPRequestHandler):
    """Holds every request until the test opens the gate, then relays it to the site."""

    protocol_version = "HTTP/1.1"
    gate: threading.Event
    seen: threading.Event
    upstream: str

    def do_GET(self) -> None:
        self.seen.set()
        self.gate.wait(timeout=120)
        request = urllib.request.Request(
            f"http://{self.upstream}{self.path}", headers={"Host": self.headers["Host"]}
        )
        try:
            with urllib.request.urlopen(request) as reply:
                status, body, ctype = reply.status, reply.read(), reply.headers["Content-Type"]
        except urllib.error.HTTPError as error:
            status, body, ctype = error.code, b"", "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", ctype or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_second_crawl_on_a_locked_directory_exits_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    gate, seen = threading.Event(), threading.Event()
    with LocalSite(DEMO_SITE) as site:
        handler = type(
            "Gate", (_GateHandler,), {"gate": gate, "seen": seen, "upstream": site.address}
        )
        server = LoopbackServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        gated = {host: f"127.0.0.1:{server.server_address[1]}" for host in site.hosts()}
        settings = ["-s", f"NEWSARC_HOST_MAP={json.dumps(gated)}", "-s", "AUTOTHROTTLE_ENABLED=0"]
        first = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "crawl", *SOURCES, "--out", str(out), *settings],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert seen.wait(timeout=120), "the first crawl never made a request"
            second = newsarc("crawl", *SOURCES, "--out", str(out), *settings)
            verify_during = newsarc("verify", "--out", str(out))
            assert first.poll() is None  # the first is held at the gate, lock and all
        finally:
            gate.set()
            _, stderr = first.communicate(timeout=240)
            server.shutdown()
            server.server_close()
    assert second.returncode == EXIT_LOCKED
    assert "another newsarc crawl is writing to" in second.stderr
    assert f"pid {first.pid}" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0, stderr[-3000:]
    assert len(list((out / "runs").glob("*.json"))) == 1  # the second wrote nothing
    assert verify_during.returncode == EXIT_LOCKED  # not fooled by half-written files
    assert newsarc("verify", "--out", str(out)).returncode == 0


WORDS = (
    "minister",
    "delegation",
    "talks",
    "trade",
    "agreement",
    "border",
    "region",
    "council",
    "envoy",
    "summit",
    "water",
    "energy",
    "railway",
    "corridor",
    "investment",
    "exporters",
    "universities",
    "exchange",
    "programme",
    "visit",
    "cooperation",
    "security",
    "climate",
    "harvest",
    "grain",
    "transit",
    "pipeline",
    "port",
    "customs",
    "tariff",
    "statement",
    "spokesman",
    "embassy",
    "consulate",
    "treaty",
    "parliament",
    "budget",
    "reform",
    "election",
    "observers",
    "ceasefire",
    "humanitarian",
    "aid",
    "convoy",
    "bridge",
    "highway",
    "airport",
    "capital",
    "province",
)


def make_site(root: Path, stories: int, copies: int = 0) -> Path:
    """A news site of ``stories`` distinct articles linked from one listing page, then
    ``copies`` republished copies of the first stories under other titles and URLs."""
    import random

    site = root / "news.example"
    links = []
    for number in range(stories + copies):
        rng = random.Random(number if number < stories else number - stories)
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 40))).capitalize() + "."
            for _ in range(5)
        ]
        title = f"Story {number}: " + " ".join(rng.choice(WORDS) for _ in range(7))
        page = site / "2025" / "03" / f"story-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page.write_text(
            f"<html lang='en'><head><title>{title}</title>"
            f"<meta property='og:type' content='article'>"
            f"<meta property='article:published_time' content='2025-03-{number % 28 + 1:02d}'>"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
            f"</article><footer>News Example</footer></body></html>"
        )
        links.append(f"<li><a href='/2025/03/story-{number}/'>{title}</a></li>")
    (site / "index.html").write_text(f"<html><body><ul>{''.join(links)}</ul></body></html>")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    sources = root / "sources"
    sources.mkdir()
    (sources / "example.toml").write_text(
        'name = "example"\npublisher = "News Example"\nkind = "media"\nlanguage = "en"\n'
        'domains = ["news.example"]\n[[discovery.listings]]\nurl = "https://news.example/"\n'
        "[articles]\nallow = ['^https://news\\.example/2025/03/story-\\d+/$']\n"
        "url_date = '/(?P<year>\\d{4})/(?P<month>\\d{2})/'\n"
    )
    return sources


def test_kill_9_then_resume(tmp_path: Path) -> None:
    sources = make_site(tmp_path / "site", 80, copies=2)
    out = tmp_path / "out"
    with LocalSite(tmp_path / "site") as site:
        command = [
            *("crawl", "example", "--sources", str(sources), "--out", str(out), *local(site)),
            *("-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
        ]
        crawl = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *command],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its extraction workers die with it
        )
        try:
            for _ in range(1200):
                if len(manifest(out)) >= 5 or crawl.poll() is not None:
                    break
                time.sleep(0.1)
            assert crawl.poll() is None, "the crawl ended before it could be killed"
        finally:
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait(timeout=30)
        written_before = {r["url"] for r in manifest(out)}
        left_open = list((out / "warc").glob("*.warc.gz.open"))
        assert len(left_open) == 1 and written_before
        with open(left_open[0], "ab") as torn:  # a torn last record, as a power cut leaves
            torn.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x0b\x77\x0c\x72")
        fetched_before = len(site.requests)

        again = newsarc(*command)
        assert again.returncode == 0, again.stderr[-3000:]
        refetched = {f"https://news.example{p}" for _, p in site.requests[fetched_before:]}

    report = run_report(out, 0)
    assert report["repaired_warcs"] == [left_open[0].name.removesuffix(".open")]
    assert not list((out / "warc").glob("*.open"))
    warcs = sorted((out / "warc").glob("*.warc.gz"))
    check = run([sys.executable, "-m", "warcio.cli", "check", "-v", *map(str, warcs)])
    assert check.returncode == 0 and "digest pass" in check.stdout, check.stdout[-3000:]
    records = manifest(out)
    assert len(records) == len({r["id"] for r in records}) == 82  # none twice, none lost
    pairs = {frozenset((r["id"], r["duplicate_of"])) for r in records if r["duplicate_of"]}
    assert len(pairs) == 2  # the republished copies
    assert not written_before & refetched  # what was written is not fetched again
    assert newsarc("verify", "--out", str(out)).returncode == 0

    unknown = newsarc("reextract", str(out / "warc"), "--out", str(tmp_path / "nosource"))
    assert unknown.returncode == 1 and "no source file for 'example'" in unknown.stderr
    rebuilt = tmp_path / "rebuilt"
    result = newsarc(
        "reextract", str(out / "warc"), "--out", str(rebuilt), "--sources", str(sources)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert {r["id"] for r in manifest(rebuilt)} == {r["id"] for r in records}
    assert {
        frozenset((r["id"], r["duplicate_of"])) for r in manifest(rebuilt) if r["duplicate_of"]
    } == pairs
    for record in records:
        path = record["text_path"]
        assert (rebuilt / path).read_bytes() == (out / path).read_bytes()


def test_ctrl_c_closes_the_run_and_the_next_run_resumes(tmp_path: Path) -> None:
    sources = make_site(tmp_path / "site", 60)
    out = tmp_path / "out"
    with LocalSite(tmp_path / "site") as site:
        command = [
            *("crawl", "example", "--sources", str(sources), "--out", str(out), *local(site)),
            *("-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
        ]
        crawl = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", *command],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(1200):
            if len(manifest(out)) >= 3 or crawl.poll() is not None:
                break
            time.sleep(0.1)
        assert crawl.poll() is None, "the crawl ended before it could be interrupted"
        crawl.send_signal(signal.SIGINT)  # what Ctrl-C sends
        stdout, stderr = crawl.communicate(timeout=120)
        assert crawl.returncode == 1, stderr[-3000:]
        assert "FAILED" in stdout and "shutdown" in stdout
        stopped = run_report(out, 0)
        assert stopped["exit_code"] == 1 and stopped["sources"][0]["finish_reason"] == "shutdown"
        assert not list((out / "warc").glob("*.open"))  # closed on the way out
        written_before = {r["url"] for r in manifest(out)}
        fetched_before = len(site.requests)

        again = newsarc(*command)
        assert again.returncode == 0, again.stderr[-3000:]
        refetched = {f"https://news.example{p}" for _, p in site.requests[fetched_before:]}
    assert run_report(out, 1)["repaired_warcs"] == []
    records = manifest(out)
    assert len(records) == len({r["id"] for r in records}) == 60
    assert not written_before & refetched
    assert newsarc("verify", "--out", str(out)).returncode == 0
