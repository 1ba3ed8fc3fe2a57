"""archive.prune's attribute tests select exactly what trafilatura's XPaths select."""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path

import lxml.html
import pytest
import trafilatura
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml.etree import XPath
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.readability_lxml import Document
from trafilatura.settings import Extractor

from archive import prune
from archive.extract import decode_html  # importing extraction installs the tests

CORPUS = Path(__file__).parent / "data" / "corpus"
BOUND = {key: prune.in_use(key) for key in prune.TESTS}


def _paths(tree, elements) -> list[str]:
    root = tree.getroottree()
    return [root.getpath(element) for element in elements]


def _assert_same_selection(tree) -> None:
    for key, bound in BOUND.items():
        expected = _paths(tree, bound.original(tree))
        assert _paths(tree, bound(tree)) == expected, key


def test_every_xpath_it_was_written_for_is_replaced():
    # a trafilatura whose XPaths read otherwise keeps its own: this says which to re-derive
    assert prune.install() == ["readability", *prune.TESTS]
    assert all(isinstance(bound, prune._BoundTest) for bound in BOUND.values())


def test_an_xpath_of_another_shape_is_left_alone():
    spec = prune.TESTS[("xpaths.RAW_TREE_PRUNE_XPATH", 1)]
    changed = XPath(".//*[self::div or self::section][contains(@class, 'elementor-share-buttons')]")
    assert spec.bind(changed) is None


# tokens of each XPath's own patterns, and its literals, so that attributes hit and just miss
_TOKENS = [
    sorted(
        {
            token
            for pattern in bound.patterns
            for token in re.sub(r"\(\?:|[()?^$\[\]\\]", "", pattern.pattern).split("|")
            if token
        }
    )
    for bound in BOUND.values()
    if bound.patterns
]
_LITERALS = ["comments-title", "reply-x", "display:none", "display: none", "nav", "NAV", "Navi",
             "MostPopularStories", "elementor-share-buttons", "elementor-share-button", "post",
             "entry", "articleBody", "articleContent", "article", "story", "content",
             "main-Content", "MAIN-CONTENT", "Page-Content", "FullText", "true", "text", "cell",
             "postarea", "art-postcontent", "footer", "site-footer"]  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(_LITERALS),
    st.sampled_from(_TOKENS).flatmap(st.sampled_from),
    st.lists(
        st.one_of(st.sampled_from(_LITERALS), st.text("aAcehimnoprstx -_:", max_size=6)),
        max_size=3,
    ).map(" ".join),
)
_NAMES = ["class", "id", "style", "role", "aria-hidden", "data-component", "itemprop",
          "data-lp-replacement-content"]  # fmt: skip
_TAGS = ["div", "section", "aside", "list", "item", "details", "ol", "ul", "p", "span",
         "article", "main", "h1", "a", "li", "footer", "script", "svg", "template"]  # fmt: skip


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(_TAGS))
    names = draw(st.lists(st.sampled_from(_NAMES), max_size=4, unique=True))  # in drawn order
    attributes = "".join(f' {name}="{draw(_VALUES)}"' for name in names)
    children = draw(st.lists(_element(depth + 1), max_size=3)) if depth < 3 else []
    return f"<{tag}{attributes}>x{''.join(children)}</{tag}>"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element(), min_size=1, max_size=4))
@example(['<div class="comments-x" id="reply-1"><p id="a" style="hidden">x</p></div>'])
@example(['<div><section class="post">x</section><div class="entry">y</div></div>'])
@example(['<aside class="infinite-scroll"><h1>x</h1></aside><div id="infinitescroll">x</div>'])
@example(['<span aria-hidden="true">x</span><p role="Navigation">y</p>'])
@example(['<section class="elementor-share-button">x</section>'])
def test_generated_pages_select_the_same_elements(elements):
    _assert_same_selection(lxml.html.fromstring(f"<html><body>{''.join(elements)}</body></html>"))


@pytest.mark.parametrize("page", sorted(CORPUS.glob("*.html")), ids=lambda path: path.stem)
def test_real_pages_select_the_same_elements_raw_and_converted(page):
    tree = trafilatura.load_html(decode_html(page.read_bytes()))
    _assert_same_selection(tree)
    options = Extractor()
    _assert_same_selection(convert_tags(tree_cleaning(deepcopy(tree), options), options))


def _unlikely_dropped(tree, remove) -> bytes:
    tree = deepcopy(tree)
    remove(Document(tree))
    return lxml.html.tostring(tree)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_element(), min_size=1, max_size=4))
@example(['<div class="" id="sidebar">x<p class="comment">y</p></div>tail'])
@example(['<div class="article comment">x</div><span class="menu" id="">y</span>'])
def test_the_unlikely_candidates_pass_drops_what_readabilitys_drops(elements):
    tree = lxml.html.fromstring(f"<html><body>{''.join(elements)}</body></html>")
    assert prune.readability_own is not None
    expected = _unlikely_dropped(tree, prune.readability_own)
    assert _unlikely_dropped(tree, prune.remove_unlikely_candidates) == expected


@pytest.mark.parametrize("page", sorted(CORPUS.glob("*.html")), ids=lambda path: path.stem)
def test_the_unlikely_candidates_pass_on_real_pages(page):
    tree = trafilatura.load_html(decode_html(page.read_bytes()))
    expected = _unlikely_dropped(tree, prune.readability_own)
    assert _unlikely_dropped(tree, prune.remove_unlikely_candidates) == expected


def test_the_unlikely_candidates_pass_keeps_the_page_frame():
    tree = lxml.html.fromstring('<html class="footer"><body id="comments"><p>x</p></body></html>')
    expected = _unlikely_dropped(tree, prune.readability_own)
    assert b"<body" in expected
    assert _unlikely_dropped(tree, prune.remove_unlikely_candidates) == expected
