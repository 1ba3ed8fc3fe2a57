"""Rebuild texts and manifest from WARC (or WACZ) files alone: ``newsarc reextract``.

Each archived article page is given to :func:`archive.extract.extract_page` exactly as
the crawl gave it: the payload with its content coding undone, the response's
``Content-Type``, the source's options, and the record's ``WARC-Date`` as the fetch
date. The corpus entry is then built by :func:`archive.articles.article_entry`, as the
crawl builds it. So on the archive a crawl wrote, the texts come out byte for byte the
same, under the same ids, paths and WARC pointers; with an improved extractor they come
out improved.

Captures are taken in the order they were fetched (``WARC-Date``, then file and offset),
the order in which the crawl wrote them, so the first capture of an article wins and the
first of two equal texts is the original, as in the crawl. Extraction runs in
:func:`archive.workers.in_order`; workers read their own records, so both cores decompress
and extract while the parent only writes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from datetime import date as Date
from pathlib import Path

from archive.articles import (
    Capture,
    Signed,
    article_entry,
    extract_signed,
    settle_near_duplicate,
)
from archive.clean import CleanRules
from archive.corpus import MANIFEST, Manifest, write_atomic
from archive.dedup import NearDuplicateIndex
from archive.listing import UnreadableWarc, list_captures
from archive.pages import DEFAULT_MIN_WORDS, PageInput, is_html_page
from archive.warc import read_record
from archive.workers import in_order, start_forkserver

MAX_DECODED_SIZE = 32 * 1024 * 1024  # the crawl's DOWNLOAD_MAXSIZE
# Pages per frame to and from a worker: the parent wakes once a batch, not once a page,
# and took a fifth less CPU. Two batches per worker keep each worker busy.
BATCH = 8


class RebuildError(ValueError):
    """The inputs or output of a rebuild cannot be used; the message says what to do."""


@dataclass(frozen=True)
class SourceOptions:
    """How the crawl extracted the pages of one source (what its spider passed on)."""

    name: str
    language: str | None
    url_date: str | None = None
    rules: CleanRules = field(default_factory=CleanRules)
    mobile_hosts: dict[str, str] | None = None
    require_article_signals: bool = False


# (source name from warcinfo isPartOf or None, page URL) -> options, or None when the
# crawl would not have treated that URL as an article page.
OptionsFor = Callable[[str | None, str], SourceOptions | None]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One archived article page: where its record is and where its payload is."""

    page: PageInput  # body left empty; the worker reads it
    capture: Capture
    payload: tuple[Path, int] | None  # None: a revisit whose original is not in the inputs


@dataclass
class RebuildResult:
    pages: int = 0
    articles: int = 0
    duplicates: int = 0
    not_articles: int = 0
    out_of_window: int = 0
    repeated: int = 0
    unresolved_revisits: int = 0
    errors: list[str] = field(default_factory=list)


def decode_content(body: bytes, coding: str | None, limit: int = MAX_DECODED_SIZE) -> bytes:
    """Undo ``Content-Encoding`` as Scrapy's HttpCompressionMiddleware does, at most ``limit``
    bytes out (a decompression bomb raises ValueError)."""
    codings = [c.strip().lower() for c in (coding or "").split(",") if c.strip()]
    for name in reversed(codings):
        if name in ("gzip", "x-gzip"):
            body = _inflate(body, zlib.MAX_WBITS | 32, limit)
        elif name == "deflate":
            try:
                body = _inflate(body, zlib.MAX_WBITS, limit)
            except zlib.error:
                body = _inflate(body, -zlib.MAX_WBITS, limit)
        elif name == "br":
            import brotli

            body = brotli.decompress(body)
            if len(body) > limit:
                raise ValueError(f"decoded body larger than {limit} bytes")
        elif name != "identity":
            raise ValueError(f"unsupported Content-Encoding {name!r}")
    return body


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    out: list[bytes] = []
    size = 0
    while data:
        decompressor = zlib.decompressobj(wbits)
        chunk = decompressor.decompress(data, limit + 1 - size)
        size += len(chunk)
        out.append(chunk)
        if size > limit or decompressor.unconsumed_tail:
            raise ValueError(f"decoded body larger than {limit} bytes")
        data = decompressor.unused_data if decompressor.eof else b""
    return b"".join(out)


_Result = tuple[Signed | None, str | None]


def _extract(candidate: Candidate) -> _Result:
    """Worker: read the payload, undo its content coding, extract and sign; or say why not."""
    assert candidate.payload is not None
    try:
        record = read_record(*candidate.payload)
        http = record.http_headers
        body = decode_content(record.payload, http.get_header("Content-Encoding") if http else None)
    except (OSError, ValueError, EOFError, zlib.error) as error:
        return None, str(error) or type(error).__name__
    return extract_signed(replace(candidate.page, body=body)), None


def _failed(candidate: Candidate, error: Exception) -> _Result:
    """A page whose extraction raised, or killed its worker (a crash in native code on a
    hostile page): reported with its record while the rebuild goes on."""
    return None, f"extraction failed: {type(error).__name__}: {error}"


def warc_paths(inputs: Iterable[Path], stack: ExitStack) -> list[Path]:
    """WARC files named or inside named directories and WACZ files, in name order.

    A WACZ's WARCs are unpacked into a temporary directory that ``stack`` removes.
    """
    found: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found.extend(p for p in path.rglob("*.warc.gz") if p.is_file())
            found.extend(p for p in path.rglob("*.warc") if p.is_file())
        elif path.suffix == ".wacz":
            found.extend(
                _unpack_wacz(path, Path(stack.enter_context(tempfile.TemporaryDirectory())))
            )
        elif path.is_file() and path.name.endswith((".warc.gz", ".warc")):
            found.append(path)
        else:
            raise RebuildError(f"{path}: not a WARC file, a WACZ file or a directory of WARCs")
    if not found:
        raise RebuildError("no WARC files found in the given paths")
    return sorted(set(found), key=lambda p: (p.name, str(p)))


def _unpack_wacz(path: Path, into: Path) -> list[Path]:
    try:
        with zipfile.ZipFile(path) as package:
            names = [n for n in package.namelist() if n.startswith("archive/") and ".warc" in n]
            for name in names:
                target = into / Path(name).name
                with package.open(name) as source, open(target, "wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
    except zipfile.BadZipFile:
        raise RebuildError(f"{path}: not a valid WACZ (zip) file") from None
    return [into / Path(n).name for n in names]


def candidates(paths: list[Path], options_for: OptionsFor, min_words: int) -> Iterator[Candidate]:
    """Article pages in archive order, revisits resolved to their original's payload."""
    originals: dict[tuple[str, str], tuple[Path, int]] = {}
    by_id: dict[str, tuple[Path, int]] = {}
    for path in paths:
        try:
            records = list_captures(path)
        except UnreadableWarc as error:
            raise RebuildError(str(error)) from None
        for record in records:
            here = (path, record.offset)
            if record.kind == "response":
                originals.setdefault((record.url, record.payload_digest), here)
                by_id[record.record_id] = here
                payload: tuple[Path, int] | None = here
            else:
                payload = by_id.get(record.refers_to) or originals.get(
                    (record.refers_to_uri, record.payload_digest)
                )
            content_type = sys.intern(record.content_type)
            if not is_html_page(record.status, content_type):
                continue
            options = options_for(record.source, record.url)
            if options is None:
                continue
            page = PageInput(
                url=record.url,
                body=b"",
                content_type=content_type,
                language=options.language,
                url_date=options.url_date,
                rules=options.rules,
                min_words=min_words,
                require_article_signals=options.require_article_signals,
                mobile_hosts=options.mobile_hosts,
                fetched_date=record.date[:10] or None,
            )
            capture = Capture(
                record.url, options.name, path.name, record.offset, record.length, record.date
            )
            yield Candidate(page, capture, payload)


def reextract(
    inputs: Iterable[Path],
    out: Path,
    options_for: OptionsFor,
    *,
    in_window: Callable[[Date], bool] | None = None,
    min_words: int = DEFAULT_MIN_WORDS,
    skip_duplicate_texts: bool = False,
    workers: int | None = None,
    progress: Callable[[RebuildResult, int], None] | None = None,
) -> RebuildResult:
    """Write ``out/texts/...`` and ``out/manifest.jsonl`` from the archives in ``inputs``.

    ``in_window`` is the crawl's date window (articles dated outside it are left out);
    ``skip_duplicate_texts`` its ``NEWSARC_DUPLICATE_TEXTS=skip``. Memory grows by about
    0.7 KB per archived article page: all of them are listed to be taken in archive order.
    """
    if (out / MANIFEST).exists():
        raise RebuildError(f"{out} already holds a manifest: give an empty or new --out directory")
    result = RebuildResult()
    start_forkserver()  # its preload overlaps the scan of the archives
    with ExitStack() as stack:
        paths = warc_paths(inputs, stack)
        listed = list(candidates(paths, options_for, min_words))
        found = sorted(
            (c for c in listed if c.payload),
            key=lambda c: (c.capture.fetched_at, c.capture.warc_file, c.capture.warc_offset),
        )
        result.unresolved_revisits = len(listed) - len(found)
        out.mkdir(parents=True, exist_ok=True)
        corpus = _Corpus(
            out,
            stack.enter_context(closing(Manifest(out / MANIFEST))),
            in_window,
            stack.enter_context(NearDuplicateIndex.scratch(out)),
            skip_duplicate_texts,
        )
        count = workers or os.cpu_count() or 1
        extractions = stack.enter_context(
            closing(in_order(_extract, found, count, window=2, failed=_failed, batch=BATCH))
        )
        for candidate, (extraction, error) in zip(found, extractions, strict=True):
            result.pages += 1
            if error is None:
                corpus.add(result, candidate, extraction)
            else:
                where = f"{candidate.capture.warc_file} @ {candidate.capture.warc_offset}"
                result.errors.append(f"{where}: {error}")
            if progress:
                progress(result, len(found))
    return result


@dataclass
class _Corpus:
    """What CorpusPipeline does with each extraction, against this rebuild's own corpus."""

    out: Path
    manifest: Manifest
    in_window: Callable[[Date], bool] | None
    near: NearDuplicateIndex
    skip_duplicate_texts: bool = False
    ids: set[str] = field(default_factory=set)
    texts: dict[str, str] = field(default_factory=dict)  # text sha256 -> first article id

    def add(
        self,
        result: RebuildResult,
        candidate: Candidate,
        extracted: Signed | None,
    ) -> None:
        if extracted is None:
            result.not_articles += 1
            return
        found, signature = extracted
        if found.date and self.in_window and not self.in_window(Date.fromisoformat(found.date)):
            result.out_of_window += 1
            return
        if found.id in self.ids:
            result.repeated += 1
            return
        record, data = article_entry(found, candidate.capture, self.texts.get)
        settle_near_duplicate(record, signature, self.near, self.skip_duplicate_texts)
        if record["text_path"]:
            write_atomic(self.out / record["text_path"], data)
        self.manifest.append(record)
        self.ids.add(found.id)
        self.texts.setdefault(record["text_sha256"], found.id)
        if record["duplicate_of"] is None:
            self.near.add(record["id"], signature)
        result.articles += 1
        result.duplicates += bool(record["duplicate_of"])
