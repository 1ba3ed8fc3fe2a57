"""``newsarc``: crawl, inspect sources, extract and clean texts, run the demo.

Exit codes: 0 success; 1 a crawl failed; 2 bad usage (unknown source, bad date, bad
source file); 3 the output directory cannot be used; 5 another crawl holds the output
directory (its lock); `verify` exits 1 when the output is inconsistent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crawler.exitcodes import (
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_REDIS,
    EXIT_USAGE,
)


class UsageError(Exception):
    """Bad command-line input; the message says what to do."""


def _settings_pairs(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-s {pair!r}: expected NAME=VALUE")
        settings[name] = value
    return settings


def _sources(args: argparse.Namespace) -> dict[str, Any]:
    from crawler.sources import load_sources, source_dirs

    return load_sources(source_dirs(args.sources or []))


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.output import check_writable
    from crawler.progress import Progress
    from crawler.run import project_settings, run_crawl
    from crawler.spiderloader import spider_for
    from crawler.spiders.site import SiteSpider
    from crawler.window import Window

    Window.parse(args.since, args.until)  # fail before anything is started or written
    settings = _settings_pairs(args.set or [])
    if not args.source and not args.start:
        raise UsageError("name at least one source (see `newsarc sources`) or give --start URL")
    known = _sources(args)
    unknown = [name for name in args.source if name not in known]
    if unknown:
        raise UsageError(
            f"unknown source {unknown[0]!r}; known sources: {', '.join(sorted(known))}"
            " (add your own with --sources DIR)"
        )
    out = Path(args.out)
    if args.redis:
        from crawler.distributed import RedisUnavailable, check_redis

        try:
            check_redis(args.redis)
        except RedisUnavailable as error:
            print(f"newsarc: {error}", file=sys.stderr)
            return EXIT_REDIS
    check_writable(out)
    overrides: dict[str, Any] = {
        "NEWSARC_OUT": str(out),
        "NEWSARC_SOURCES_DIRS": [str(Path(d).resolve()) for d in args.sources or []],
        "LOG_LEVEL": "WARNING" if not args.verbose else "INFO",
    }
    if args.redis:
        from crawler.distributed import worker_dir

        overrides["NEWSARC_REDIS_URL"] = args.redis
        overrides["NEWSARC_OUT"] = str(out := worker_dir(out))
        check_writable(out)
    if args.max_articles:
        overrides["NEWSARC_MAX_ARTICLES"] = args.max_articles
        overrides["CLOSESPIDER_ITEMCOUNT"] = args.max_articles
    overrides.update(settings)
    overrides.update(getattr(args, "extra_settings", {}))
    arguments = {"since": args.since, "until": args.until, "refresh": args.refresh}
    spiders: list[tuple[type, dict[str, Any]]] = [
        (spider_for(known[name]), arguments) for name in args.source
    ]
    if args.start:
        spiders.append((SiteSpider, {**arguments, "start": args.start}))
    crawl_settings = project_settings(overrides)
    crawl_settings.set_in_component_priority_dict("EXTENSIONS", Progress, 500)
    result = run_crawl(spiders, crawl_settings, out)
    _print_summary(result)
    if result.output_error:
        raise _refused(result.output_error)
    return result.exit_code


# What a refused write means for a command's output, and what to do; a command whose output
# cannot be resumed names its own (``set_defaults(refused=...)``).
REFUSED = (
    "the output directory refused a write: {reason}. The crawl stopped and what it"
    " wrote is whole; free space (or fix permissions) and run again to go on."
)


def _refused(reason: str, wording: str = REFUSED) -> Exception:
    from crawler.output import OutputError

    return OutputError(wording.format(reason=reason))


def _print_summary(result: Any) -> None:
    for source in result.sources:
        state = "FAILED" if source.failed else "ok"
        print(
            f"{source.name}: {state}; {source.count('response_received_count')} pages,"
            f" {source.count('newsarc/articles_written')} new articles,"
            f" {source.count('newsarc/skipped_seen') + source.count('newsarc/articles_known')}"
            f" already had, {source.count('newsarc/not_article')} not articles,"
            f" {source.count('log_count/ERROR')} errors"
            f" ({source.stats.get('finish_reason', 'not started')})"
        )
    root = result.out.resolve()
    saved = sum(s.count("newsarc/revisit_bytes_saved") for s in result.sources)
    revisits = sum(s.count("newsarc/warc_revisits") for s in result.sources)
    print(f"archive:  {result.warc_bytes} bytes written; {revisits} revisits saved {saved} bytes")
    if result.report_error:
        print(f"report:   not written ({result.report_error})")
    else:
        print(f"report:   {result.report_path.resolve()}")
    print(f"WARCs:    {root / 'warc'}")
    print(f"texts:    {root / 'texts'}")
    print(f"manifest: {root / 'manifest.jsonl'}")


def cmd_sources(args: argparse.Namespace) -> int:
    sources = _sources(args)
    rows = [("NAME", "PUBLISHER", "KIND", "LANG", "DISCOVERY")]
    rows += [
        (s.name, s.publisher, s.kind, s.language, ", ".join(s.discovery))
        for s in sorted(sources.values(), key=lambda s: s.name)
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[4]
        )
    return EXIT_OK


def cmd_probe(args: argparse.Namespace) -> int:
    from crawler.probe import run_probe

    known = _sources(args)
    if args.source not in known:
        raise UsageError(
            f"unknown source {args.source!r}; known sources: {', '.join(sorted(known))}"
        )
    report = run_probe(known[args.source], _settings_pairs(args.set or []))
    print(json.dumps(report.as_dict(), indent=2) if args.json else "\n".join(report.lines()))
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_extract(args: argparse.Namespace) -> int:
    from archive.clean import CleanRules
    from archive.extract import body_text, extract_page
    from archive.pages import PageInput

    body = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    url = args.url or (Path(args.file).resolve().as_uri() if args.file != "-" else "")
    source = _source_for_url(args, url) if args.url else None
    page = PageInput(
        url=url,
        body=body,
        language=source.language if source else None,
        url_date=source.url_date if source else None,
        rules=source.clean if source else CleanRules(),
        mobile_hosts=source.mobile_hosts if source else None,
        min_words=0,
    )
    found = extract_page(page)
    if found is None:
        print("newsarc: no article text found in this page", file=sys.stderr)
        return EXIT_FAILED
    if args.format == "text":
        sys.stdout.write(found.text)
    elif args.format == "body":
        sys.stdout.write(body_text(found))
    else:
        fields = {k: v for k, v in vars(found).items() if k != "paragraphs"}
        print(json.dumps(fields, ensure_ascii=False, indent=2))
    return EXIT_OK


def _source_for_url(args: argparse.Namespace, url: str) -> Any:
    return next((s for s in _sources(args).values() if s.owns(url)), None)


def cmd_clean(args: argparse.Namespace) -> int:
    from archive.clean import clean_text

    for name in args.files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"{path}: cannot read as UTF-8 text: {error}") from None
        cleaned = clean_text(text)
        if args.in_place:
            from archive.corpus import write_atomic

            write_atomic(path, cleaned.encode("utf-8"))
        else:
            sys.stdout.write(cleaned)
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from archive.evaluate import evaluate, report

    corpus = Path(args.corpus)
    if not (corpus / "corpus.jsonl").is_file():
        raise UsageError(f"{corpus}: no corpus.jsonl here; give the folder of saved pages")
    print(report(evaluate(corpus), per_page=not args.totals))
    return EXIT_OK


def _corpus_root(args: argparse.Namespace) -> Path:
    root = Path(args.out)
    if not (root / "manifest.jsonl").is_file():
        hint = " (run `newsarc merge` first)" if (root / "workers").is_dir() else ""
        raise UsageError(f"{root}: no manifest.jsonl; give the --out of a crawl{hint}")
    return root


def _progress(label: str) -> Any:
    """A callback showing a running count: redrawn on a terminal, else a line per 10,000."""
    tty = sys.stderr.isatty()

    def show(count: int) -> None:
        if tty:
            sys.stderr.write(f"\r\x1b[K{label} {count}")
        elif count % 10_000 == 0:
            sys.stderr.write(f"{label} {count}\n")
        sys.stderr.flush()

    return show


def cmd_merge(args: argparse.Namespace) -> int:
    from archive.shards import MergeError, merge_shards

    try:
        count = merge_shards(Path(args.out), _progress("merged"))
    except MergeError as error:
        raise UsageError(str(error)) from None
    print(f"{count} articles in {Path(args.out) / 'manifest.jsonl'}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from archive.export import ExportError, articles, export
    from crawler.window import Window

    Window.parse(args.since, args.until)
    root = _corpus_root(args)
    target = Path(args.to or f"corpus.{args.format}")
    rows = articles(
        root, dedup=args.dedup, since=args.since, until=args.until, sources=args.source or ()
    )
    try:
        count = export(rows, target, args.format, _progress("exported"))
    except ExportError as error:
        raise UsageError(str(error)) from None
    print(f"{count} articles in {target}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from archive.stats import corpus_stats, summary_lines, write_report

    root = _corpus_root(args)
    stats = corpus_stats(root)
    written = write_report(stats, Path(args.to) if args.to else root / "stats")
    print("\n".join(summary_lines(stats)))
    print("written: " + ", ".join(str(path) for path in written))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The demo is an ordinary crawl of the shipped sources, pointed at the bundled site."""
    from crawler.demo import DEMO_SOURCES, SITE, print_preview
    from crawler.localsite import LocalSite

    with LocalSite(SITE) as site:
        crawl = build_parser().parse_args(["crawl", *DEMO_SOURCES, "--out", args.out])
        crawl.verbose = args.verbose
        crawl.extra_settings = {
            "NEWSARC_HOST_MAP": site.host_map(),
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
        }
        print(f"newsarc demo: serving {', '.join(site.hosts())} on {site.address}")
        code = cmd_crawl(crawl)
    print_preview(Path(args.out))
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsarc", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    crawl = commands.add_parser("crawl", help="crawl sources into WARCs, texts and a manifest")
    crawl.add_argument("source", nargs="*", help="source names (see `newsarc sources`)")
    crawl.add_argument("--start", action="append", metavar="URL", help="crawl any site from URL")
    crawl.add_argument("--since", metavar="YYYY-MM-DD")
    crawl.add_argument("--until", metavar="YYYY-MM-DD")
    crawl.add_argument("--out", default="data", metavar="DIR", help="output dir (./data)")
    crawl.add_argument("--max-articles", type=int, metavar="N")
    crawl.add_argument("--refresh", action="store_true", help="refetch articles already had")
    crawl.add_argument(
        "--redis", metavar="URL", help="distributed: share frontier and seen-set (redis://...)"
    )
    crawl.add_argument("--sources", action="append", metavar="DIR", help="extra source files")
    crawl.add_argument("-s", "--set", action="append", metavar="NAME=VALUE")
    crawl.add_argument("-v", "--verbose", action="store_true", help="Scrapy's INFO log")
    crawl.set_defaults(func=cmd_crawl, extracts=True)

    sources = commands.add_parser("sources", help="list the sources")
    sources.add_argument("--sources", action="append", metavar="DIR")
    sources.set_defaults(func=cmd_sources)

    extract = commands.add_parser("extract", help="clean text of one saved page")
    extract.add_argument("file", help="HTML file, or - for stdin")
    extract.add_argument("--url", help="the page's URL (picks the source's rules)")
    extract.add_argument("--format", choices=("text", "body", "json"), default="text")
    extract.add_argument("--sources", action="append", metavar="DIR")
    extract.set_defaults(func=cmd_extract)

    clean = commands.add_parser("clean", help="apply the text cleaner to text files")
    clean.add_argument("files", nargs="+", metavar="FILE")
    clean.add_argument("--in-place", action="store_true")
    clean.set_defaults(func=cmd_clean)

    evaluation = commands.add_parser("eval", help="score extraction against reference texts")
    evaluation.add_argument("corpus", metavar="DIR", help="folder with corpus.jsonl and pages")
    evaluation.add_argument("--totals", action="store_true", help="only the totals table")
    evaluation.set_defaults(func=cmd_eval)

    merge = commands.add_parser("merge", help="one manifest over distributed workers' shards")
    merge.add_argument("--out", default="data", metavar="DIR", help="the crawls' --out")
    merge.set_defaults(func=cmd_merge)

    export = commands.add_parser("export", help="the corpus as one dataset file")
    export.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    export.add_argument("--out", default="data", metavar="DIR", help="the crawl's --out")
    export.add_argument("--to", metavar="FILE", help="output file (./corpus.FORMAT)")
    export.add_argument("--dedup", action="store_true", help="leave out duplicates")
    export.add_argument("--since", metavar="YYYY-MM-DD")
    export.add_argument("--until", metavar="YYYY-MM-DD")
    export.add_argument("--source", action="append", metavar="NAME", help="only this source")
    export.set_defaults(func=cmd_export)

    stats = commands.add_parser("stats", help="counts, duplicates, failures and a plot")
    stats.add_argument("--out", default="data", metavar="DIR", help="the crawl's --out")
    stats.add_argument("--to", metavar="DIR", help="report directory (DIR/stats)")
    stats.set_defaults(func=cmd_stats)

    probe = commands.add_parser("probe", help="fetch one discovery page and one article")
    probe.add_argument("source", help="source name (see `newsarc sources`)")
    probe.add_argument("--json", action="store_true", help="the report as JSON")
    probe.add_argument("--sources", action="append", metavar="DIR")
    probe.add_argument("-s", "--set", action="append", metavar="NAME=VALUE")
    probe.set_defaults(func=cmd_probe)

    demo = commands.add_parser("demo", help="the whole pipeline on a bundled offline site")
    demo.add_argument("--out", default="newsarc-demo", metavar="DIR")
    demo.add_argument("-v", "--verbose", action="store_true")
    demo.set_defaults(func=cmd_demo)

    from crawler.archive_commands import add_commands

    add_commands(commands)  # reextract, index, wacz, verify
    return parser


def _extracts(args: argparse.Namespace) -> bool:
    """Whether the command will extract: ``reextract``, and a crawl unless it only archives.

    A guess from the command line alone, so the forkserver can start before Scrapy is
    imported (``scrapy.settings`` alone takes 0.2 s). ``ExtractPipeline.enabled`` stays the
    authority: a wrong guess starts the forkserver for nothing, or leaves it to ``run_crawl``.
    """
    if not getattr(args, "extracts", False):
        return False
    try:
        settings = _settings_pairs(getattr(args, "set", None) or [])
    except UsageError:
        return False  # the command says what is wrong
    return settings.get("NEWSARC_EXTRACT", "1").strip().lower() not in ("0", "false")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if _extracts(args):
        from archive.workers import start_forkserver

        try:
            start_forkserver()  # its half-second preload runs while this process imports and scans
        except ValueError as error:  # NEWSARC_WORKER_MALLOC names no allocator
            print(f"newsarc: {error}", file=sys.stderr)
            return EXIT_USAGE

    from crawler.lock import LockedError
    from crawler.output import OutputError
    from crawler.sources import SourceError
    from crawler.window import WindowError

    try:
        return args.func(args)
    except (UsageError, SourceError, WindowError) as error:
        print(f"newsarc: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as error:
        print(f"newsarc: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    except OSError as error:  # a write refused outside a crawl's own guard (the run report)
        from crawler.middlewares import output_error

        reason = output_error(error)
        if reason is None:
            raise
        print(f"newsarc: {_refused(reason, getattr(args, 'refused', REFUSED))}", file=sys.stderr)
        return EXIT_OUTPUT
    except LockedError as error:
        print(f"newsarc: {error}", file=sys.stderr)
        return EXIT_LOCKED


if __name__ == "__main__":
    sys.exit(main())
