"""Score article extraction against saved pages with reference text.

Text is scored the way the public article-extraction-benchmark (Zyte) scores it, so figures
compare with its published table: per page, multisets of 4-token shingles of ``\\w+`` tokens;
tp/fp/fn normalised by their sum; precision and recall are means over pages, F1 is the harmonic
mean of those two means. A bag-of-words variant uses single tokens, one per CJK character.
Snippet pages (trafilatura's own evaluation style) sum tp/fp/fn over "with"/"without" pieces.

Every extractor sees the same bytes: newsarc through :func:`archive.extract.extract_page`, the
crawl's own code path, and trafilatura with its defaults and with ``favor_precision=True``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from archive.extract import extract_page
from archive.pages import PageInput

_TOKEN = re.compile(r"\w+")
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Output:
    """What one extractor made of one page."""

    text: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD


@dataclass
class PageScore:
    file: str
    gt_type: str
    shingles: tuple[float, float, float] | None = None  # normalised tp, fp, fn
    words: tuple[float, float, float] | None = None
    snippets: tuple[int, int, int] | None = None  # tp, fp, fn
    date_right: bool | None = None  # None: the reference states no date
    title_right: bool | None = None


@dataclass
class Totals:
    pages: list[PageScore] = field(default_factory=list)

    def text(self, kind: str = "shingles") -> tuple[float, float, float]:
        """Precision, recall (means over full-body pages) and the F1 of the two means."""
        scored = [getattr(page, kind) for page in self.pages if getattr(page, kind)]
        if not scored:
            return 0.0, 0.0, 0.0
        precision = sum(map(_precision, scored)) / len(scored)
        recall = sum(map(_recall, scored)) / len(scored)
        return precision, recall, _f1(precision, recall)

    def snippets(self) -> tuple[float, float, float]:
        counts = [page.snippets for page in self.pages if page.snippets]
        tp, fp, fn = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return precision, recall, _f1(precision, recall)

    def accuracy(self, attribute: str) -> tuple[int, int]:
        """(right, stated): pages whose reference gives the field, and how many got it."""
        judged = [getattr(p, attribute) for p in self.pages if getattr(p, attribute) is not None]
        return sum(judged), len(judged)


def shingles(text: str, size: int = 4) -> Counter[str]:
    """Runs of ``size`` word tokens; a shorter text is one shingle of all its tokens."""
    tokens = _TOKEN.findall(text or "")
    runs = (" ".join(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(run for run in runs if run)


def word_bag(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(_CJK.sub(r" \1 ", text or "")))


def match(reference: Counter[str], predicted: Counter[str]) -> tuple[float, float, float]:
    """tp, fp, fn of two multisets, normalised by their sum so every page weighs the same."""
    tp = sum((reference & predicted).values())
    fp = sum((predicted - reference).values())
    fn = sum((reference - predicted).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def snippet_counts(text: str, with_: Iterable[str], without: Iterable[str]) -> tuple[int, int, int]:
    """trafilatura's evaluation: a wanted piece found is tp, missed fn; an unwanted found fp."""
    flat = _SPACES.sub(" ", text or "")
    found = [_SPACES.sub(" ", piece).strip() in flat for piece in with_]
    leaked = [_SPACES.sub(" ", piece).strip() in flat for piece in without]
    return sum(found), sum(leaked), len(found) - sum(found)


def score_page(record: dict, output: Output) -> PageScore:
    page = PageScore(file=record["file"], gt_type=record["gt_type"])
    if record["gt_type"] == "full_body":
        page.shingles = match(shingles(record["body"]), shingles(output.text))
        page.words = match(word_bag(record["body"]), word_bag(output.text))
    elif record["gt_type"] == "snippets":
        page.snippets = snippet_counts(output.text, record["with"], record["without"])
    if record.get("date"):
        page.date_right = output.date == record["date"][:10]
    if record.get("title"):
        page.title_right = bool(output.title) and _title_key(output.title) == _title_key(
            record["title"]
        )
    return page


def load_corpus(directory: Path) -> list[dict]:
    """The records of ``directory/corpus.jsonl`` whose page file is there."""
    with (directory / "corpus.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return [r for r in records if (directory / r["file"]).is_file()]


def newsarc_output(body: bytes, url: str) -> Output:
    found = extract_page(PageInput(url=url, body=body, min_words=0))
    if found is None:
        return Output(text="")
    return Output(text="\n".join(found.paragraphs), title=found.title, date=found.date)


def trafilatura_output(body: bytes, url: str, **options: bool) -> Output:
    text = trafilatura.extract(body, url=url, **options) or ""
    meta = trafilatura.bare_extraction(body, url=url, with_metadata=True, **options)
    if meta is None:
        return Output(text=text)
    return Output(text=text, title=meta.title, date=meta.date)


EXTRACTORS: dict[str, Callable[[bytes, str], Output]] = {
    "newsarc": newsarc_output,
    "trafilatura": trafilatura_output,
    "trafilatura-precision": lambda body, url: trafilatura_output(body, url, favor_precision=True),
}


def evaluate(directory: Path, extractors: Iterable[str] = EXTRACTORS) -> dict[str, Totals]:
    """Every extractor over every page of the corpus in ``directory``."""
    results = {name: Totals() for name in extractors}
    for record in load_corpus(directory):
        body = (directory / record["file"]).read_bytes()
        url = record.get("url") or (directory / record["file"]).resolve().as_uri()
        for name, totals in results.items():
            totals.pages.append(score_page(record, EXTRACTORS[name](body, url)))
    return results


def report(results: dict[str, Totals], per_page: bool = True) -> str:
    """Per-page lines, then the totals table.

    A page line gives, for each extractor, shingle P/R/F1 (or snippet tp/fp/fn) and whether
    date (d) and title (t) were right (+) or wrong (-) where the reference states them.
    """
    names = list(results)
    lines = []
    if per_page:
        lines.append("page".ljust(52) + "".join(name.rjust(30) for name in names))
        for row in zip(*(results[n].pages for n in names), strict=True):
            cells = [_page_cell(page) for page in row]
            lines.append(row[0].file[:51].ljust(52) + "".join(c.rjust(30) for c in cells))
        lines.append("")
    lines.append(
        "| extractor | shingle P | shingle R | shingle F1 | BoW F1 | snippet F1 | date | title |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for name in names:
        totals = results[name]
        p, r, f = totals.text("shingles")
        dates, titles = totals.accuracy("date_right"), totals.accuracy("title_right")
        lines.append(
            f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {totals.text('words')[2]:.3f}"
            f" | {totals.snippets()[2]:.3f} | {_ratio(*dates)} | {_ratio(*titles)} |"
        )
    return "\n".join(lines)


def _page_cell(page: PageScore) -> str:
    marks = ("" if page.date_right is None else " d" + "+-"[not page.date_right]) + (
        "" if page.title_right is None else " t" + "+-"[not page.title_right]
    )
    if page.shingles:
        p, r = _precision(page.shingles), _recall(page.shingles)
        return f"P{p:.2f} R{r:.2f} F{_f1(p, r):.2f}{marks}"
    if page.snippets:
        tp, fp, fn = page.snippets
        return f"+{tp} fp{fp} fn{fn}{marks}"
    return marks.strip() or "-"


def _ratio(right: int, stated: int) -> str:
    return f"{right}/{stated} ({right / stated:.0%})" if stated else "-"


def _precision(counts: tuple[float, float, float]) -> float:
    tp, fp, fn = counts
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp else 0.0


def _recall(counts: tuple[float, float, float]) -> float:
    tp, fp, fn = counts
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _title_key(title: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", title).casefold())
