"""Corpus tools: near-duplicate marking on real copies, export, stats."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from archive.corpus import write_atomic
from archive.dedup import NearDuplicateIndex, mark_duplicates, minhash_signature
from archive.extract import extract_page
from archive.pages import PageInput
from tests.conftest import DEMO_SITE, SHARED, newsarc

CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
XINHUA_ON_CHINA_ORG = "www.china.org.cn/world/Off_the_Wire/2024-07/03/content_117287880.htm"
ASTANA_BRIEFING = (
    "astanatimes.com/2025/01/china-kazakhstan-enjoy-high-degree-of-mutual-trust"
    "-says-chinese-foreign-ministry/index.html"
)
PEOPLES_DAILY_XINHUA_COPY = "fundus-people-2024-04-24.html"


def extracted(path: Path, url: str) -> str:
    found = extract_page(PageInput(url=url, body=path.read_bytes(), min_words=0))
    assert found is not None, path
    return found.text


def real_texts() -> dict[str, str]:
    """Real texts: the dev corpus's reference bodies, the demo site's articles and the
    seeds, plus the copies of three stories as another page or scraper holds them."""
    texts = {}
    for line in (CORPUS / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        if page.get("body"):
            texts[f"reference:{page['file']}"] = f"{page.get('title') or ''}\n\n{page['body']}"
    for page in sorted(DEMO_SITE.rglob("*.htm*")):
        relative = page.relative_to(DEMO_SITE).as_posix()
        if "/20" in relative:  # the article pages
            texts[f"demo:{relative}"] = extracted(page, "https://" + relative)
    for seed in sorted(SEEDS.glob("*.txt")):
        texts[f"seed:{seed.name}"] = seed.read_text(encoding="utf-8")
    people = json.loads(
        next(
            line
            for line in (CORPUS / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
            if PEOPLES_DAILY_XINHUA_COPY in line
        )
    )
    texts[f"page:{PEOPLES_DAILY_XINHUA_COPY}"] = extracted(
        CORPUS / PEOPLES_DAILY_XINHUA_COPY, people["url"]
    )
    return texts


def test_near_duplicates_are_the_real_copies_and_nothing_else() -> None:
    texts = real_texts()
    records = [{"id": name, "text_sha256": str(hash(text))} for name, text in sorted(texts.items())]
    marked = {
        r["id"]: r["duplicate_of"] for r in mark_duplicates(records, lambda r: texts[r["id"]])
    }
    flagged = {frozenset((dup, original)) for dup, original in marked.items() if original}
    assert flagged == {
        # The Xinhua story china.org.cn republished, and a naive scraper's copy of it
        # with leaked headline, breadcrumbs, share widget and caption.
        frozenset((f"demo:{XINHUA_ON_CHINA_ORG}", "seed:004_2c0c104f733e8c9b.txt")),
        # The Astana Times foreign-ministry briefing, and the earlier scraper's copy.
        frozenset((f"demo:{ASTANA_BRIEFING}", "seed:000_791620250045f3ab.txt")),
        # People's Daily's copy of a Xinhua story, as newsarc extracts it and as
        # fundus' hand-written parser does.
        frozenset((f"page:{PEOPLES_DAILY_XINHUA_COPY}", f"reference:{PEOPLES_DAILY_XINHUA_COPY}")),
    }
    assert len(texts) > 40  # every other pair of real texts was compared and left alone


def test_exact_duplicates_point_at_the_first_copy() -> None:
    text = (SEEDS / "expected" / "004_2c0c104f733e8c9b.txt").read_text(encoding="utf-8")
    records = [{"id": f"a{n}", "text_sha256": "same"} for n in range(3)]
    marked = list(mark_duplicates(records, lambda r: text))
    assert [r["duplicate_of"] for r in marked] == [None, "a0", "a0"]


@pytest.mark.parametrize(
    ("text", "digest", "first_band"),
    [
        (SEEDS / "expected" / "000_791620250045f3ab.txt", "d22dbc39809bca0c", -8982367288375428469),
        (SEEDS / "expected" / "004_2c0c104f733e8c9b.txt", "d5a94274c6478552", 85811806498946357),
        (
            "外交部发言人毛宁主持例行记者会。她就中哈关系回答了记者提问。",
            "456efb7d67f24f4c",
            -3259328071654539940,
        ),
        ("", "09f32115c9a0acaf", 7647976801942438142),
    ],
)
def test_signatures_are_the_ones_earlier_versions_stored(
    text: Path | str, digest: str, first_band: int
) -> None:
    """A crawl's state keeps its originals' signatures and band keys from run to run: a
    change in how they are computed would leave every later copy of them unmatched."""
    if isinstance(text, Path):
        text = text.read_text(encoding="utf-8")
    index = NearDuplicateIndex()
    index.add("original", minhash_signature(text))
    signature, band = index.db.execute(
        "SELECT s.signature, b.key FROM neardup_signatures AS s JOIN neardup_bands AS b"
        " ON b.id = s.id WHERE b.band = 0"
    ).fetchone()
    assert (hashlib.sha256(signature).hexdigest()[:16], band) == (digest, first_band)


def test_write_atomic_makes_missing_directories_and_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "texts" / "src" / "2024" / "a.txt"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    blocked = tmp_path / "texts" / "src" / "2024" / "a.txt" / "b.txt"  # under a file
    with pytest.raises(NotADirectoryError):
        write_atomic(blocked, b"x")
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.txt"]


def manifest(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]


def test_parquet_export_loads_with_pandas_and_datasets(
    demo_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "corpus.parquet"
    result = newsarc("export", "--out", str(demo_out), "--format", "parquet", "--to", str(target))
    assert result.returncode == 0, result.stderr
    records = manifest(demo_out)
    assert f"{len(records)} articles in {target}" in result.stdout

    import pandas

    frame = pandas.read_parquet(target)
    assert sorted(frame["id"]) == sorted(r["id"] for r in records)
    for record in records:
        row = frame[frame["id"] == record["id"]].iloc[0]
        assert row["text"] == (demo_out / record["text_path"]).read_text(encoding="utf-8")
        assert row["words"] == record["words"] and row["source"] == record["source"]

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    dataset = datasets.load_dataset(
        "parquet", data_files=str(target), split="train", cache_dir=str(tmp_path / "hf")
    )
    assert dataset.num_rows == len(records)
    assert set(dataset.column_names) >= {"id", "url", "source", "date", "text", "duplicate_of"}


def test_jsonl_and_csv_export_with_filters(demo_out: Path, tmp_path: Path) -> None:
    records = manifest(demo_out)
    astana = [r for r in records if r["source"] == "astanatimes" and r["date"] >= "2025-01-01"]
    target = tmp_path / "astana.jsonl"
    result = newsarc(
        "export", "--out", str(demo_out), "--to", str(target),
        "--source", "astanatimes", "--since", "2025-01-01", "--dedup",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in astana) and astana
    assert all(r["text"].startswith("date 2025-") for r in rows)

    import pandas

    table = tmp_path / "all.csv"
    result = newsarc("export", "--out", str(demo_out), "--format", "csv", "--to", str(table))
    assert result.returncode == 0, result.stderr
    frame = pandas.read_csv(table, keep_default_na=False)
    assert len(frame) == len(records)
    first = frame.iloc[0]
    record = next(r for r in records if r["id"] == first["id"])
    assert first["text"] == (demo_out / record["text_path"]).read_text(encoding="utf-8")


def test_export_of_a_directory_without_a_manifest_is_one_line_exit_2(tmp_path: Path) -> None:
    result = newsarc("export", "--out", str(tmp_path), "--to", str(tmp_path / "x.jsonl"))
    assert result.returncode == 2 and "no manifest.jsonl" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.jsonl").exists()
    merge = newsarc("merge", "--out", str(tmp_path))
    assert merge.returncode == 2 and "no worker shards" in merge.stderr


def test_stats_writes_a_plot_and_a_summary(demo_out: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    result = newsarc("stats", "--out", str(demo_out), "--to", str(report))
    assert result.returncode == 0, result.stderr
    records = manifest(demo_out)
    assert f"articles: {len(records)}" in result.stdout
    summary = (report / "stats.txt").read_text(encoding="utf-8")
    for source in {r["source"] for r in records}:
        count = sum(r["source"] == source for r in records)
        assert f"  {source}: {count} (" in summary
    assert "articles-per-month.png" in (report / "stats.html").read_text(encoding="utf-8")

    from PIL import Image

    with Image.open(report / "articles-per-month.png") as image:
        assert image.format == "PNG" and image.width > 100 and image.height > 100
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 10  # drawn on, not a blank canvas


def story_page(text: str, headline: str | None = None, drop_last: bool = False) -> str:
    """An article page holding a corpus text (``date``, title, paragraphs)."""
    header, title, *paragraphs = text.strip().split("\n\n")
    if drop_last:
        paragraphs = paragraphs[:-1]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{headline or title}</title>"
        f'<meta property="article:published_time" content="{header.split()[1]}">'
        f"</head><body><article><h1>{headline or title}</h1>{body}</article></body></html>"
    )


def test_a_crawl_marks_a_republished_story_and_can_skip_its_text(tmp_path: Path) -> None:
    xinhua = (SEEDS / "expected" / "004_2c0c104f733e8c9b.txt").read_text(encoding="utf-8")
    other = (SEEDS / "expected" / "000_791620250045f3ab.txt").read_text(encoding="utf-8")
    site = tmp_path / "site" / "wire.test"
    (site / "story").mkdir(parents=True)
    (site / "story" / "xinhua.html").write_text(story_page(xinhua))
    republished = story_page(xinhua, headline="Xi: China-Kazakhstan ties unique", drop_last=True)
    (site / "story" / "republished.html").write_text(republished)
    (site / "story" / "briefing.html").write_text(story_page(other))
    links = "".join(
        f'<a href="/story/{n}.html">{n}</a>' for n in ("xinhua", "republished", "briefing")
    )
    (site / "index.html").write_text(f"<html><body>{links}</body></html>")

    from crawler.localsite import LocalSite

    with LocalSite(tmp_path / "site") as server:
        host_map = json.dumps(server.host_map())
        for mode in ("keep", "skip"):
            out = tmp_path / mode
            result = newsarc(
                "crawl", "--start", "https://wire.test/", "--out", str(out),
                "-s", f"NEWSARC_HOST_MAP={host_map}", "-s", "AUTOTHROTTLE_ENABLED=0",
                "-s", f"NEWSARC_DUPLICATE_TEXTS={mode}",
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            records = {r["url"].rsplit("/", 1)[1]: r for r in manifest(out)}
            assert set(records) == {"xinhua.html", "republished.html", "briefing.html"}
            first, second = (  # in the order written: the first one is the original
                r for r in manifest(out) if r["url"].endswith(("/xinhua.html", "/republished.html"))
            )
            assert first["duplicate_of"] is None and second["duplicate_of"] == first["id"]
            assert records["briefing.html"]["duplicate_of"] is None
            texts = sorted(p.name for p in out.glob("texts/**/*.txt"))
            if mode == "keep":
                assert len(texts) == 3 and (out / second["text_path"]).is_file()
            else:
                assert len(texts) == 2 and second["text_path"] == ""
