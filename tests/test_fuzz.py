"""Fuzzing (hypothesis) of the code that meets untrusted bytes: the text cleaner, the
extractor wrapper, the source loader and the WARC reader path. No exception may escape
but the one a function documents, nothing may hang, and what comes out keeps its
promises. Examples are bounded and derandomized, so CI runs the same cases every time.
"""

from __future__ import annotations

import contextlib
import json
import unicodedata
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.clean import clean_text
from archive.extract import extract_page
from archive.listing import (
    _fast_listing,
    _NotPlain,
    _reference_listing,
    list_captures,
)
from archive.pages import PageInput
from archive.verify import GZIP_MAGIC, Problem, check_warc, gzip_members
from archive.warc import HttpRequest, HttpResponse, WarcWriter, repair_open_file, whole_members_end
from crawler.sources import SourceError, load_source
from tests.test_listing import outcome

pytestmark = pytest.mark.timeout(180)


def bounded(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def no_control_characters(text: str) -> bool:
    return not any(unicodedata.category(c) == "Cc" and c != "\n" for c in text)


# --- the cleaner -----------------------------------------------------------------------

FRAGMENTS = [
    "date 2025-01-15",
    "  date 2024-02-30",
    "Source: Xinhua | 2024-07-03 10:15:00",
    "Editor: Li Wei",
    "BEIJING, July 3 (Xinhua) -- The ministry said",
    "Home > News > World",
    "Share: Facebook Twitter WeChat",
    "https://example.org/image.jpg",
    "[Photo/Xinhua]",
    "Page 1 of 3",
    "外交部发言人表示，双方将继续加强合作。",
    "Министр иностранных дел заявил.",
    "A plain sentence of a news story that ends with a full stop.",
    "",
    " ",
    "\u200b\ufeff",
    "\x00\x1b[31m\x7f",
    "\u2028\u2029\x85\x0b\x0c\r",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)), max_size=25).map(
    "\n".join
)


@bounded(300)
@given(texts)
def test_cleaner_never_raises_is_idempotent_and_leaves_no_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == "" or cleaned.endswith("\n")
    assert no_control_characters(cleaned)
    assert clean_text(cleaned) == cleaned


# --- the extractor wrapper ---------------------------------------------------------------

TAGS = ["p", "div", "article", "span", "h1", "table", "td", "li", "script", "figcaption", "time"]


@st.composite
def html_pages(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(st.sampled_from(TAGS))
        text = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)))
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{text}" + (f"</{tag}>" if closed else ""))
    head = draw(
        st.sampled_from(
            [
                "",
                "<meta charset='gb2312'>",
                "<meta http-equiv='Content-Type' content='text/html; charset=shift_jis'>",
                "<meta property='og:type' content='article'><title>T</title>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
            ]
        )
    )
    page = f"<html><head>{head}</head><body>{''.join(parts)}</body></html>"
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1"]))
    body = page.encode(encoding, "replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(body)))
        body = body[:cut] + draw(st.binary(max_size=64))
    return body


@bounded(120)
@given(
    html_pages(),
    st.sampled_from([None, "text/html", "text/html; charset=utf-8", "text/html; charset=bogus"]),
    st.sampled_from(
        # URLs as Scrapy fetched them (a URL urlsplit refuses never reaches extraction)
        ["https://news.example/2025/01/x/", "https://news.example/", "file:///tmp/page.html", ""]
    ),
    st.booleans(),
)
def test_extractor_never_raises(
    body: bytes, content_type: str | None, url: str, judge: bool
) -> None:
    page = PageInput(
        url=url, body=body, content_type=content_type, min_words=0, require_article_signals=judge
    )
    found = extract_page(page)
    if found is not None:
        assert no_control_characters(found.text)
        assert found.text == "" or found.text.endswith("\n")
        assert len(found.id) == 16


# --- the source loader -------------------------------------------------------------------

KEYS = ["name", "publisher", "kind", "language", "domains", "homepage", "mobile_hosts"]
toml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-5, 5),
    st.booleans(),
    st.sampled_from(["astanatimes", "wire", "en", "https://x.example/", "(", "^https://"]),
)
toml_values = st.one_of(toml_scalars, st.lists(toml_scalars, max_size=3))


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return f"[{', '.join(map(toml_value, value))}]"
    return str(value)


def toml_line(key: str, value: object) -> str:
    return f"{key} = {toml_value(value)}"


@st.composite
def source_files(draw) -> str:
    lines = [toml_line(k, draw(toml_values)) for k in draw(st.lists(st.sampled_from(KEYS)))]
    for table, keys in (
        ("discovery", ["feeds", "sitemaps"]),
        ("articles", ["allow", "deny", "url_date"]),
        ("clean", ["drop"]),
    ):
        if draw(st.booleans()):
            lines.append(f"[{table}]")
            lines += [
                toml_line(k, draw(toml_values)) for k in draw(st.lists(st.sampled_from(keys)))
            ]
    if draw(st.booleans()):
        lines.append("[[discovery.listings]]")
        lines += [
            toml_line(k, draw(toml_values))
            for k in draw(st.lists(st.sampled_from(["url", "next", "item_date", "max_pages"])))
        ]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text += draw(st.text(max_size=30))
    return text


@bounded(300)
@given(source_files())
def test_source_loader_raises_only_source_error(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("src") / "fuzz.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        source = load_source(path)
    except SourceError as error:
        assert str(path) in str(error)
        return
    assert source.name and source.domains and source.allow and source.discovery


# --- the WARC reader path ----------------------------------------------------------------


@pytest.fixture(scope="module")
def good_warc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    writer = WarcWriter(directory=tmp_path_factory.mktemp("warc"), info={"software": "fuzz"})
    for n in range(3):
        body = f"<html><body><p>page {n}</p></body></html>".encode()
        writer.write_exchange(
            HttpRequest("GET", f"https://news.example/{n}", [("User-Agent", "fuzz")]),
            HttpResponse(200, [("Content-Type", "text/html")], body),
        )
    writer.close()
    [path] = writer.closed_files
    return path.read_bytes()


@st.composite
def damaged(draw, good: bytes) -> bytes:
    data = bytearray(good)
    for _ in range(draw(st.integers(0, 4))):
        how = draw(st.sampled_from(["flip", "cut", "insert", "drop"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif data:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@bounded(150)
@given(data=st.data())
def test_warc_reader_path_reports_damage_and_never_raises(
    good_warc: bytes, tmp_path_factory, data
) -> None:
    blob = data.draw(st.one_of(damaged(good_warc), st.binary(max_size=512)))
    path = tmp_path_factory.mktemp("bad") / "x.warc.gz"
    path.write_bytes(blob)
    problems: list[Problem] = []
    records = check_warc(path, problems)
    if blob == good_warc:
        assert not problems and len(records) == 7  # warcinfo + 3 x (response, request)
    with open(path, "rb") as stream:
        end = whole_members_end(stream)
        assert 0 <= end <= len(blob)
        members = list(gzip_members(stream))
    prefix = blob[:end]
    while prefix:  # what repair keeps is a run of whole gzip members
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(prefix)
        assert inflater.eof
        prefix = inflater.unused_data
    assert sum(length for _, length, _ in members) == len(blob)
    open_file = path.with_name("x.warc.gz.open")
    path.rename(open_file)
    repaired = repair_open_file(open_file)
    assert (repaired is None) == (end == 0)
    if repaired is not None:
        assert repaired.read_bytes() == blob[:end]


@bounded(150)
@given(data=st.data())
def test_a_damaged_warc_is_listed_as_warcio_lists_it(good_warc: bytes, tmp_path_factory, data):
    """reextract's listing reads a file with FastWARC only where warcio would read it the
    same; damage leaves the verdict to warcio (the same records, or the same error),
    except that a damaged gzip member before the last is refused where warcio would
    quietly stop at it."""
    blob = data.draw(damaged(good_warc))
    path = tmp_path_factory.mktemp("listing") / "x.warc.gz"
    path.write_bytes(blob)

    reference, listed = outcome(_reference_listing, path), outcome(list_captures, path)
    with open(path, "rb") as stream:
        *inside, _ = gzip_members(stream) if blob else [None]
    gzipped = blob.startswith(GZIP_MAGIC)  # as list_captures asks before its member walk
    if isinstance(reference, list) and gzipped and not all(w for *_, w in inside):
        assert "damaged gzip member" in listed
    else:
        assert listed == reference
    with contextlib.suppress(_NotPlain):
        assert _fast_listing(path) == reference


def test_fuzz_targets_reject_what_they_should(tmp_path: Path) -> None:
    """The properties above are not vacuous: bad input is refused, good input passes."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n')
    with pytest.raises(SourceError):
        load_source(bad)
    assert clean_text("date 2025-01-15\n\nTitle\n\nA sentence.\n").startswith("date 2025-01-15")
