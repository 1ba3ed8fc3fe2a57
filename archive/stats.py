"""What a corpus holds: counts by source, month and language, words, duplicates, failures.

:func:`corpus_stats` reads the manifest once (and the run reports of ``runs/``, a
distributed crawl's workers' included) keeping only counters, so it runs in constant
memory on any corpus. :func:`write_report` writes a plot of articles per source per
month (PNG) next to a short text and HTML summary.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archive.corpus import MANIFEST, read_manifest, write_atomic

UNDATED = "undated"
WORD_BUCKETS = (100, 300, 600, 1000, 2000)


@dataclass
class CorpusStats:
    articles: int = 0
    words: int = 0
    by_source: Counter = field(default_factory=Counter)
    by_month: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    by_source_month: Counter = field(default_factory=Counter)
    word_buckets: Counter = field(default_factory=Counter)
    duplicates: int = 0
    duplicates_by_source: Counter = field(default_factory=Counter)
    runs: int = 0
    failed_sources: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)

    def add(self, record: dict) -> None:
        source = record.get("source") or "?"
        month = (record.get("date") or "")[:7] or UNDATED
        words = int(record.get("words") or 0)
        self.articles += 1
        self.words += words
        self.by_source[source] += 1
        self.by_month[month] += 1
        self.by_language[record.get("language") or "?"] += 1
        self.by_source_month[source, month] += 1
        self.word_buckets[_bucket(words)] += 1
        if record.get("duplicate_of"):
            self.duplicates += 1
            self.duplicates_by_source[source] += 1

    def add_run(self, report: dict) -> None:
        self.runs += 1
        for source in report.get("sources", []):
            if source.get("status") == "failed":
                self.failed_sources[source.get("name", "?")] += 1
            self.errors.update(source.get("errors") or {})


def _bucket(words: int) -> str:
    for limit in WORD_BUCKETS:
        if words < limit:
            return f"<{limit}"
    return f">={WORD_BUCKETS[-1]}"


def corpus_stats(root: Path) -> CorpusStats:
    stats = CorpusStats()
    for record in read_manifest(root / MANIFEST):
        stats.add(record)
    for path in sorted([*root.glob("runs/*.json"), *root.glob("workers/*/runs/*.json")]):
        try:
            stats.add_run(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a report being written right now, or not a report
    return stats


def summary_lines(stats: CorpusStats) -> list[str]:
    mean = stats.words / stats.articles if stats.articles else 0
    bucket_order = [f"<{n}" for n in WORD_BUCKETS] + [f">={WORD_BUCKETS[-1]}"]
    lines = [
        f"articles: {stats.articles}",
        f"words: {stats.words} (mean {mean:.0f} per article)",
        f"duplicates: {stats.duplicates} ({_share(stats.duplicates, stats.articles)})",
        "",
        "by source:",
        *(
            f"  {name}: {count} ({stats.duplicates_by_source[name]} duplicates)"
            for name, count in sorted(stats.by_source.items())
        ),
        "by month:",
        *(f"  {month}: {count}" for month, count in sorted(stats.by_month.items())),
        "by language:",
        *(f"  {lang}: {count}" for lang, count in stats.by_language.most_common()),
        "by length (words):",
        *(f"  {b}: {stats.word_buckets[b]}" for b in bucket_order if stats.word_buckets[b]),
        f"runs: {stats.runs}",
        f"failed source runs: {sum(stats.failed_sources.values())}"
        + "".join(f"\n  {name}: {n}" for name, n in sorted(stats.failed_sources.items())),
        "errors:" + ("" if stats.errors else " none"),
        *(f"  {kind}: {count}" for kind, count in stats.errors.most_common()),
    ]
    return lines


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def plot_per_source_month(stats: CorpusStats, path: Path) -> None:
    """A PNG with one line of articles per month for each source."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    months = sorted({m for _, m in stats.by_source_month if m != UNDATED})
    figure, axes = pyplot.subplots(figsize=(10, 5), dpi=100)
    try:
        for source in sorted(stats.by_source):
            counts = [stats.by_source_month[source, m] for m in months]
            axes.plot(months, counts, marker="o", label=source)
        axes.set_title(f"Articles per source per month ({stats.articles} articles)")
        axes.set_xlabel("month")
        axes.set_ylabel("articles")
        if stats.by_source:
            axes.legend(loc="upper left", fontsize="small")
        if not months:
            axes.text(0.5, 0.5, "no dated articles", ha="center", transform=axes.transAxes)
        axes.tick_params(axis="x", labelrotation=45)
        figure.tight_layout()
        figure.savefig(path, format="png")
    finally:
        pyplot.close(figure)


def write_report(stats: CorpusStats, directory: Path) -> list[Path]:
    """``stats.txt``, ``stats.html`` and ``articles-per-month.png`` in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    png = directory / "articles-per-month.png"
    plot_per_source_month(stats, png)
    lines = summary_lines(stats)
    text = directory / "stats.txt"
    write_atomic(text, ("\n".join(lines) + "\n").encode("utf-8"))
    page = directory / "stats.html"
    write_atomic(
        page,
        "<!doctype html><meta charset=utf-8><title>newsarc corpus statistics</title>"
        "<h1>Corpus statistics</h1>"
        f'<img src="{png.name}" alt="articles per source per month">'
        f"<pre>{html.escape(chr(10).join(lines))}</pre>\n".encode(),
    )
    return [text, page, png]
