"""``newsarc reextract | index | wacz | verify``: work on an archive after the crawl.

These commands need no network and no Scrapy engine; they are thin shells around
``archive.rebuild``, ``archive.cdx``, ``archive.wacz`` and ``archive.verify``. The only
crawler knowledge they add is the sources: which pages a source's spider treated as
articles and with which options it extracted them.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.corpus import MANIFEST, read_manifest, write_atomic
from crawler.exitcodes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:  # archive.rebuild loads extraction: only the commands that rebuild import it
    from archive.rebuild import OptionsFor, RebuildResult


class ArchiveUsageError(Exception):
    """Bad input to an archive command; the message says what to do."""


def _usage(error: Exception | str) -> int:
    # Printed here: under `python -m crawler.cli` the cli module's own UsageError is
    # another class than the one this module could import.
    print(f"newsarc: {error}", file=sys.stderr)
    return EXIT_USAGE


def options_for_sources(sources: dict[str, Any], unknown: set[str]) -> OptionsFor:
    """What each source's spider passed to extraction, looked up by the warcinfo
    ``isPartOf`` name, else by the page's domain. ``site_*`` names are ``--start`` crawls,
    which treat every page of their site as a candidate and judge it by content. Names
    with no source file and no domain match are collected in ``unknown``."""
    from urllib.parse import urlsplit

    from archive.rebuild import SourceOptions

    def options_for(name: str | None, url: str) -> SourceOptions | None:
        source = sources.get(name or "")
        if source is None and name and name.startswith("site_"):
            return SourceOptions(name, "", require_article_signals=True)
        if source is None:
            source = next((s for s in sources.values() if s.owns(url)), None)
        if source is None:
            unknown.add(name or f"(no warcinfo isPartOf; {urlsplit(url).hostname})")
            return None
        if not source.is_article_url(url):
            return None
        return SourceOptions(
            source.name, source.language, source.url_date, source.clean, source.mobile_hosts or None
        )

    return options_for


class RebuildProgress:
    """Pages done and articles written: redrawn on a terminal, every tenth otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, result: RebuildResult, total: int) -> None:
        now = time.monotonic()
        step = max(total // 10, 1)
        if result.pages < total and (now - self.shown < 0.5 if self.tty else result.pages % step):
            return
        self.shown = now
        rate = result.pages / max(now - self.started, 1e-6)
        line = f"reextract: {result.pages}/{total} pages ({rate:.1f}/s), {result.articles} articles"
        end = "\n" if not self.tty or result.pages == total else ""
        sys.stderr.write(("\r\x1b[K" if self.tty else "") + line + end)
        sys.stderr.flush()


def cmd_reextract(args: argparse.Namespace) -> int:
    from archive.rebuild import RebuildError, reextract
    from crawler.sources import load_sources, source_dirs
    from crawler.window import Window

    window = Window.parse(args.since, args.until)
    unknown: set[str] = set()
    try:
        result = reextract(
            [Path(p) for p in args.archives],
            Path(args.out),
            options_for_sources(load_sources(source_dirs(args.sources or [])), unknown),
            in_window=window.contains if window.since or window.until else None,
            min_words=args.min_words,
            skip_duplicate_texts=args.duplicate_texts == "skip",
            workers=args.workers,
            progress=RebuildProgress(),
        )
    except RebuildError as error:
        return _usage(error)
    for error in result.errors:
        print(f"newsarc: reextract: {error}", file=sys.stderr)
    print(
        f"{result.articles} articles ({result.duplicates} duplicates)"
        f" from {result.pages} archived pages"
        f" ({result.not_articles} not articles, {result.repeated} repeated captures,"
        f" {result.out_of_window} outside the window, {len(result.errors)} unreadable or failed,"
        f" {result.unresolved_revisits} revisits whose original is not in the inputs)"
    )
    print(f"texts and manifest: {Path(args.out).resolve()}")
    for name in sorted(unknown):
        print(
            f"newsarc: reextract: no source file for {name!r}, so its pages were skipped;"
            " give the directory of its source file with --sources DIR",
            file=sys.stderr,
        )
    return EXIT_FAILED if result.errors or unknown else EXIT_OK


def _closed_warcs(out: Path) -> list[Path]:
    from archive.cdx import closed_warcs

    warcs = closed_warcs(out)
    if not warcs:
        raise ArchiveUsageError(
            f"{out}: no closed WARC files in {out / 'warc'}; give a crawl's --out"
        )
    return warcs


def cmd_index(args: argparse.Namespace) -> int:
    from archive.cdx import write_cdxj

    out = Path(args.out)
    try:
        warcs = _closed_warcs(out)
    except ArchiveUsageError as error:
        return _usage(error)
    index = io.StringIO()
    write_cdxj(warcs, index)
    if args.output == "-":
        sys.stdout.write(index.getvalue())
        return EXIT_OK
    target = Path(args.output) if args.output else out / "index.cdxj"
    write_atomic(target, index.getvalue().encode("utf-8"))
    lines = index.getvalue().count("\n")
    print(f"indexed {len(warcs)} WARC files, {lines} captures: {target}")
    return EXIT_OK


def cmd_wacz(args: argparse.Namespace) -> int:
    from importlib.metadata import version

    from archive.wacz import page_entries, write_wacz

    out = Path(args.out)
    try:
        warcs = _closed_warcs(out)
    except ArchiveUsageError as error:
        return _usage(error)
    target = Path(args.output) if args.output else out / f"{out.resolve().name}.wacz"
    pages = page_entries(list(read_manifest(out / MANIFEST)))
    title = args.title or f"newsarc archive {out.resolve().name}"
    write_wacz(warcs, target, pages, title, f"newsarc {version('newsarc')}")
    print(f"{target}: {len(warcs)} WARC files, {len(pages)} pages")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from archive.verify import verify_output
    from crawler.lock import LockedError, OutputLock
    from crawler.output import OutputError

    out = Path(args.out)
    if not (out / "warc").is_dir() and not (out / MANIFEST).exists():
        return _usage(f"{out}: not a newsarc output directory (no warc/ or {MANIFEST})")
    lock = OutputLock(out)
    try:
        lock.acquire()  # a crawl in progress would show as half-written files
    except LockedError as error:
        print(f"newsarc: verify: {error}", file=sys.stderr)
        return EXIT_LOCKED
    except OutputError:
        pass  # a read-only archive: nobody can be writing to it
    try:
        report = verify_output(out)
    finally:
        lock.release()
    shown = report.problems[: args.max_problems]
    for problem in shown:
        print(f"PROBLEM {problem}")
    if len(report.problems) > len(shown):
        print(f"... and {len(report.problems) - len(shown)} more problems")
    counts = (
        f"{report.warcs} WARC files, {report.records} records, {report.articles} manifest"
        f" lines, {report.texts} text files"
    )
    print(f"verify: {'OK' if report.ok else f'FAIL {len(report.problems)} problems'}; {counts}")
    return EXIT_OK if report.ok else EXIT_FAILED


def add_commands(commands: Any) -> None:
    """Register the archive commands on ``newsarc``'s subparsers."""
    reextract = commands.add_parser(
        "reextract", help="rebuild texts and manifest from WARC/WACZ files (no network)"
    )
    reextract.add_argument("archives", nargs="+", metavar="WARC_OR_WACZ", help="files or dirs")
    reextract.add_argument("--out", required=True, metavar="DIR", help="new output directory")
    reextract.add_argument("--since", metavar="YYYY-MM-DD", help="the crawl's window, if any")
    reextract.add_argument("--until", metavar="YYYY-MM-DD")
    reextract.add_argument("--min-words", type=int, default=40, metavar="N")
    reextract.add_argument(
        "--duplicate-texts", choices=("keep", "skip"), default="keep", help="as the crawl had it"
    )
    reextract.add_argument("--workers", type=int, metavar="N", help="processes (one per CPU)")
    reextract.add_argument("--sources", action="append", metavar="DIR")
    reextract.set_defaults(
        func=cmd_reextract,
        extracts=True,
        refused="reextract: the output directory refused a write: {reason}. What it holds is"
        " whole but not all; free space (or fix permissions) and run reextract again into a"
        " new --out directory.",
    )

    index = commands.add_parser("index", help="CDXJ index of an output directory's WARCs")
    index.add_argument("--out", default="data", metavar="DIR", help="output dir (./data)")
    index.add_argument("-o", "--output", metavar="FILE", help="index file (<DIR>/index.cdxj; -)")
    index.set_defaults(func=cmd_index)

    wacz = commands.add_parser("wacz", help="package WARCs, index and pages as a WACZ")
    wacz.add_argument("--out", default="data", metavar="DIR", help="output dir (./data)")
    wacz.add_argument("-o", "--output", metavar="FILE", help="WACZ file (<DIR>/<name>.wacz)")
    wacz.add_argument("--title", help="collection title")
    wacz.set_defaults(func=cmd_wacz)

    verify = commands.add_parser("verify", help="check WARCs, manifest and texts agree")
    verify.add_argument("--out", default="data", metavar="DIR", help="output dir (./data)")
    verify.add_argument("--max-problems", type=int, default=50, metavar="N")
    verify.set_defaults(func=cmd_verify)
