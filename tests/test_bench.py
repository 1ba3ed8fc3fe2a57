"""The benchmark's summary: each measure's fastest round, memory at its worst (no timing)."""

from __future__ import annotations

from bench.run import Measure, best_of, ratios

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
