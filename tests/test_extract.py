"""HTML → article text on real saved pages (tests/data/corpus/, a few pages of the dev set).

Each structural rule of archive/extract.py is shown on the page where it matters, together with
the reference text that page comes with; the public ``article_text`` is checked against the CLI.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import lxml.html
import pytest
import trafilatura.utils
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from trafilatura.metadata import extract_author
from trafilatura.settings import Document, Extractor
from trafilatura.utils import HTML_PARSER
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from archive.clean import is_caption, text_key
from archive.evaluate import match, shingles
from archive.extract import (
    _options,
    _prune_captions,
    _prune_teaser_cards,
    _shown_description,
    article_text,
    detect_language,
    extract_page,
)
from archive.metadata import (
    ANY_AUTHOR_CLASS,
    ANY_AUTHOR_ID,
    AUTHOR_CLASS,
    AUTHOR_ID,
    AUTHOR_NAME_CLASS,
    DISCARD_CLASS,
    DISCARD_ID,
    byline_author,
)
from archive.pages import PageInput
from tests.conftest import newsarc

CORPUS = Path(__file__).parent / "data" / "corpus"
RECORDS = {
    record["file"]: record
    for record in map(json.loads, (CORPUS / "corpus.jsonl").read_text("utf-8").splitlines())
}


def page(name: str):
    record = RECORDS[name]
    return extract_page(
        PageInput(url=record["url"] or "", body=(CORPUS / name).read_bytes(), min_words=0)
    )


def recall(name: str, paragraphs: list[str]) -> float:
    tp, _, fn = match(shingles(RECORDS[name]["body"]), shingles("\n".join(paragraphs)))
    return tp / (tp + fn)


def test_teaser_cards_for_other_stories_are_not_the_article():
    found = page("fundus-taipeitimes-2024-10-15.html")
    text = "\n".join(found.paragraphs)
    assert "Taiwan on alert over Chinese carrier" not in text
    assert "RISK REMAINS" not in text
    assert "Thousands of US and Filipino troops yesterday launched joint exercises" in text
    assert found.title == "US, Manila launch war games after PRC’s Taiwan drills"


def test_standfirst_shown_on_the_page_opens_the_text():
    name = "fundus-orf-2024-11-22.html"
    found = page(name)
    assert found.paragraphs[0].startswith("Der designierte US-Präsident Donald Trump hat nach")
    assert found.paragraphs[0] == RECORDS[name]["body"].split("\n")[0]
    assert sum(p == found.paragraphs[0] for p in found.paragraphs) == 1
    assert recall(name, found.paragraphs) > 0.99


def test_a_story_cut_into_boxes_by_ads_is_read_whole():
    name = "fundus-politicoeu-2025-10-23.html"
    found = page(name)
    text = "\n".join(found.paragraphs)
    assert "Connolly faced questioning from supporters at one campaign event" in text  # 2nd box
    assert "Advertisement" not in text
    assert recall(name, found.paragraphs) > 0.99
    assert text.index("Should she win, Connolly will succeed") < text.index("Connolly faced")


def test_date_and_site_name_at_the_end_of_the_title():
    found = page("fundus-dw-2023-04-28.html")
    # The page's only other dates belong to linked stories (24.04.2023); its title says 28.04.
    assert found.date == "2023-04-28"
    assert found.title == "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken"


def test_chinese_site_suffix_and_editor_line_go():
    found = page("np4k-chinese-article-002.html")
    assert found.title == "短缺药品保供稳价 全力保障临床用药需求"
    assert not any("责任编辑" in p or "纠错" in p for p in found.paragraphs)
    assert found.paragraphs[0].startswith("新华社北京11月17日电")
    assert found.language == "zh"


def test_german_stamps_reading_time_and_copyright_go_and_give_the_date():
    name = "fundus-afpfaktencheck-2026-05-24.html"
    found = page(name)
    text = "\n".join(found.paragraphs)
    for furniture in ("Veröffentlicht am", "Minuten Lesezeit", "Von:", "Copyright ©"):
        assert furniture not in text
    assert found.date == "2026-05-13"
    assert found.language == "de"
    assert recall(name, found.paragraphs) > 0.99


def test_article_text_decodes_bytes_as_a_crawl_does():
    body = (CORPUS / "gne-people-1.html").read_bytes()  # declares GB2312, is UTF-8
    assert b"charset=GB2312" in body or b"charset=gb2312" in body
    text = article_text(body)
    assert "今年的6月16日是父亲节" in text
    assert article_text(body.decode("utf-8")) == text


def test_article_text_is_what_extract_prints_as_body(tmp_path: Path):
    name = "np4k-chinese-article-002.html"
    url = RECORDS[name]["url"]
    printed = newsarc("extract", str(CORPUS / name), "--url", url, "--format", "body")
    assert printed.returncode == 0, printed.stderr
    text = article_text((CORPUS / name).read_bytes(), url)
    assert text == printed.stdout
    assert not text.startswith("date ") and "短缺药品保供稳价 全力保障临床用药需求\n" not in text


@pytest.mark.parametrize("html", [b"", "", b"\xff\xfe\x00\x00", "<html>", "<p>too short</p>"])
def test_article_text_is_empty_without_an_article(html):
    assert article_text(html) == ""


@pytest.mark.parametrize("url", ["http://[", "https://a.b:99999/x", "http://%zz", "\x00"])
def test_article_text_takes_a_broken_url_as_none(url):
    html = "<html><body>" + "<p>The ministry said on Tuesday that talks would go on.</p>" * 20
    assert article_text(html, url) == article_text(html)
    assert article_text(html).startswith("The ministry said on Tuesday")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Chinese President Xi Jinping said on Tuesday that China and Kazakhstan have a unique "
         "permanent comprehensive strategic partnership.", "en"),
        ("当地时间11月20日晚，国家主席习近平出席巴西总统卢拉举行的欢迎宴会。", "zh"),
        ("Министр иностранных дел России Сергей Лавров провел переговоры с главой МИД "
         "Казахстана.", "ru"),
        ("Deutschlands Handel mit dem Iran ist in den vergangenen Jahren stark zurückgegangen.",
         "de"),
    ],
)  # fmt: skip
def test_language_of_the_text(text, language):
    assert detect_language(text) == language


def test_no_language_guess_for_a_few_words():
    assert detect_language("Share") is None


def test_language_comes_from_the_text_not_the_page_default():
    body = (CORPUS / "fundus-orf-2024-11-22.html").read_bytes()
    found = extract_page(PageInput(url="", body=body, language="en", min_words=0))
    assert found.language == "de"


_FRAGMENTS = st.sampled_from(
    [
        "<html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>",
        '<meta charset="gb2312">', '<meta charset="koi8-r">', "<h2>", "</h2>", '<a href="/x">',
        "</a>", "<figcaption>", "<title>A | Site | 31.02.2024</title>",
        '<meta property="og:description" content="A standfirst that is shown on the page.">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": 9}</script>',
        '<time datetime="2024-99-99">', "<!--", "-->", "<![CDATA[", "\x00", "\ufeff", "&#0;",
        "&#xD800;", "Photo: AP", "【责任编辑:张樵苏】", "Advertisement", "习近平" * 20,
        "The ministry said on Tuesday that talks would go on. " * 5,
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=40),
    st.booleans(),
    st.one_of(st.none(), st.text(max_size=20), st.just("https://example.org/a/1.html")),
)
def test_extraction_never_raises_on_mangled_html(parts, as_bytes, url):
    html = "".join(parts)
    text = article_text(html.encode("utf-8", "surrogatepass") if as_bytes else html, url)
    assert isinstance(text, str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=20000))
def test_extraction_never_raises_on_cut_or_corrupted_pages(noise, cut):
    body = (CORPUS / "fundus-orf-2024-11-22.html").read_bytes()
    mangled = body[:cut] + noise + body[cut + len(noise) :]
    found = extract_page(PageInput(url="https://orf.at/stories/3376705/", body=mangled))
    assert found is None or found.paragraphs


def test_a_url_urllib_cannot_parse_gives_no_article_and_no_exception() -> None:
    # a hostile WARC's WARC-Target-URI can be anything; reextract hands it on as is
    body = (
        b"<html><body><article><p>"
        + b"The minister said so. " * 40
        + b"</p></article></body></html>"
    )
    assert extract_page(PageInput(url="http://[::1", body=body)) is None
    assert article_text(body, "http://[::1").startswith("The minister said so.")


@given(st.one_of(st.none(), st.text(max_size=40)))
def test_the_shared_extraction_options_are_the_ones_trafilatura_would_build(url):
    # every page's options are a copy with the URL set: nothing else may depend on the URL
    built = Extractor(output_format="python", comments=False, tables=True, dedup=False, url=url)
    shared = _options(url)
    assert {name: getattr(shared, name) for name in Extractor.__slots__} == {
        name: getattr(built, name) for name in Extractor.__slots__
    }


_AUTHOR_ATTRIBUTES = {
    "class": [
        "author",
        "author-name",
        "AuthorName",
        "byline",
        "byl",
        "BBL",
        "username",
        "writer",
        "screenname",
        "post-author",
        "journalist-name",
        "comments",
        "Comments-x",
        "sidebar",
        "quote",
        "meta-date",
        "date",
        "title",
        "article-share",
        "print",
        "x",
        "",
        "it's",
        'say "hi"',
    ],
    "id": ["author", "Author1", "comments", "comment-list", "bianji", "ProductReviews", "main", ""],
    "rel": ["author", "me", "x"],
    "itemprop": ["author", "author name", "name"],
    "data-component": ["Byline", "Figure", "x"],
    "data-testid": ["AuthorCard", "AuthorURL"],
}
_AUTHOR_TAGS = ["a", "div", "span", "p", "section", "h3", "h4", "strong", "address", "time",
                "figure", "li", "em"]  # fmt: skip
_NAMES = st.sampled_from(["", "John Smith", "By Jane Doe", "X", "Li Wei", "Long name " * 14])


@st.composite
def _author_page(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_AUTHOR_TAGS))
    names = draw(st.lists(st.sampled_from(sorted(_AUTHOR_ATTRIBUTES)), max_size=3, unique=True))
    attributes = "".join(
        f' {name}="{draw(st.sampled_from(_AUTHOR_ATTRIBUTES[name])).replace(chr(34), "&quot;")}"'
        for name in names
    )
    children = draw(st.lists(_author_page(depth + 1), max_size=2)) if depth < 2 else []
    return f"<{tag}{attributes}>{draw(_NAMES)}{''.join(children)}</{tag}>{draw(_NAMES)}"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_author_page(), min_size=1, max_size=3))
@example(['<div class="BBL">Jane Doe</div>'])
@example(['<div id="comments"><span class="username">J Doe</span></div><h4 class="byl">X Y</h4>'])
def test_the_author_search_finds_what_trafilaturas_finds(blocks):
    # metadata.byline_author is trafilatura's extract_author with attribute tests in Python
    tree = lxml.html.fromstring(f"<html><body>{''.join(blocks)}</body></html>")
    expected = Document()
    expected.author = extract_author(copy.deepcopy(tree))
    expected.clean_and_trim()
    assert byline_author(tree) == expected.author


def test_the_author_search_uses_trafilaturas_patterns():
    tested = {
        pattern
        for expression in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS)
        for pattern in re.findall(r"re:test\(@\w+, '([^']*)'\)", expression.path)
    }
    assert tested == {
        pattern.pattern
        for pattern in (DISCARD_ID, DISCARD_CLASS, AUTHOR_NAME_CLASS, AUTHOR_ID, AUTHOR_CLASS,
                        ANY_AUTHOR_ID, ANY_AUTHOR_CLASS)
    }  # fmt: skip


_SPACES = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
_LETTERS = "aZ9_-.İıßſK\u0301\u0308\u1100\u1161\u11a8가經\ufb01①Σς"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(_SPACES) | st.sampled_from(_LETTERS) | st.characters(), max_size=30))
@example("e\u3000\u0301")
@example("\x85x\u2028")
def test_a_texts_key_does_not_depend_on_how_its_spaces_are_written(text):
    # The split-body search keys a paragraph's normalised text where it once keyed its raw text.
    assert text_key(" ".join(text.split())) == text_key(text)


_STANDFIRST = "The talks go on next week, the ministry said on Tuesday."
_TEXTS = st.sampled_from(
    [
        "", " ", "\u3000", "Photo: AP", "(Xinhua/Li Wei)", "[Photo by Xie Huanchi/Xinhua]",
        "图为会场", "The ministry said on Tuesday that talks would go on.", _STANDFIRST,
        _STANDFIRST.replace(" ", "\n  "), _STANDFIRST.replace(" ", "\xa0", 1), _STANDFIRST[:30],
    ]
)  # fmt: skip
_METAS = st.sampled_from(
    [
        "", f'<meta property="og:description" content="{_STANDFIRST}">',
        f'<meta name="description" content=" {_STANDFIRST.replace(" ", chr(9))}">',
        f'<meta name="description"><meta name="description" content="{_STANDFIRST}">',
        '<meta property="og:description" content="A summary of the story the page never shows.">'
        f'<meta name="description" content="{_STANDFIRST}">',
    ]
)  # fmt: skip


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["p", "div", "span", "em", "figcaption", "a", "h3", "section", "b"]))
    children = draw(st.lists(_block(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}>{draw(_TEXTS)}{''.join(children)}</{tag}>{draw(_TEXTS)}"


def _xpath_prunes_and_standfirst(tree: lxml.html.HtmlElement) -> str | None:
    """The prunes and the standfirst search of archive.extract as plain XPath, slow."""
    for caption in tree.xpath("//figcaption"):
        caption.drop_tree()
    for element in tree.xpath("//p|//td|//div|//span|//font|//center|//em|//i|//small"):
        text = " ".join(element.text_content().split())
        if len(element) == 0 and element.getparent() is not None and is_caption(text):
            element.drop_tree()
    for card in tree.xpath("//a[.//h1 or .//h2 or .//h3 or .//h4 or .//h5 or .//h6 or .//p]"):
        if card.getparent() is not None:
            card.drop_tree()
    for name in ("@property='og:description'", "@name='description'"):
        text = " ".join(tree.xpath(f"string(//meta[{name}]/@content)").split())
        shown = "//body//*[self::p or self::div or self::h2 or self::span or self::section]"
        if len(text) >= 40 and tree.xpath(f"{shown}[normalize-space(.) = $text]", text=text):
            return text
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_METAS, st.lists(_block(), min_size=1, max_size=4), st.booleans())
@example("", ["<a><div><a><p>x</p></a></div></a>"], False)
@example("", ["Photo: AP"], True)
def test_the_prunes_and_the_standfirst_search_do_what_their_xpath_says(meta, blocks, bare):
    html = f"<html><head>{meta}</head><body>{''.join(blocks)}</body></html>"
    if bare:  # a tree whose root is a block: a caption there has no parent to leave
        tree, expected = (lxml.html.fragment_fromstring(html, "div") for _ in range(2))
    else:
        tree, expected = (lxml.html.fromstring(html, parser=HTML_PARSER) for _ in range(2))
    _prune_captions(tree)
    _prune_teaser_cards(tree)
    assert _shown_description(tree) == _xpath_prunes_and_standfirst(expected)
    assert lxml.html.tostring(tree) == lxml.html.tostring(expected)


_PAGE_CHARACTERS = st.characters(codec=None) | st.sampled_from(
    "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\ufffe\uffff\ud800\udfff<>&é經"
)


@given(st.text(_PAGE_CHARACTERS, max_size=200))
@example("<p>plain</p>")
@example("a\x0cb\ufffec\x00")
def test_the_invalid_character_scrub_strips_what_trafilaturas_strips(text):
    scrub = trafilatura.utils.INVALID_XML_CHARS
    assert type(scrub).__name__ == "_InvalidXmlChars"  # installed: the pattern is trafilatura's
    assert scrub.sub("", text) == re.compile(scrub.PATTERN).sub("", text)
