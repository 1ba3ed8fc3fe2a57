"""trafilatura's pruning and body XPaths as Python tests on attributes, with the same results.

trafilatura finds boilerplate to prune, and the article's container, with XPaths whose
predicates call ``re:test``: EXSLT regular expressions, which lxml answers with a call into
Python for every element tested, over every element of the page. That is a third of
``bare_extraction`` on a news page. Each :class:`AttributeTest` walks only the elements its
XPath names, reads their attributes once and tests them with the XPath's own regexes, in
document order, so trafilatura deletes and keeps exactly what it would have.

:func:`install` puts them in place of the XPaths in trafilatura's own lists, each only if
that XPath still reads as the one it was written from (:attr:`AttributeTest.shape`); any
other is left to libxml2. It also puts a quicker :func:`remove_unlikely_candidates` in
readability's place, if readability's is still the one it was written from.
tests/test_prune.py holds every test to its XPath, and the quicker pass to readability's.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml.etree import XPath, _Element
from trafilatura.readability_lxml import FRAME_TAGS, REGEXES, Document

# re:test(@attr, 'pattern'[, 'flags']): the patterns are read from trafilatura's XPath
_RE_TEST = re.compile(r"re:test\(([^,]+),\s*'([^']*)'(?:,\s*'([^']*)')?\)")
_BLANKS = re.compile(r"\s+")
_BLANKS_BY_BRACKET = re.compile(r" ?([\[\]()|]) ?")

Patterns = list[re.Pattern]


def _found(pattern: re.Pattern, value: str | None) -> bool:
    """``re:test(@attr, pattern)``; an absent attribute is "", which no pattern here matches."""
    return value is not None and pattern.search(value) is not None


def _first(element: _Element, one: str, other: str) -> str | None:
    """XPath's string of ``@one|@other``: the value of whichever comes first in the source."""
    value, other_value = element.get(one), element.get(other)
    if value is None or other_value is None:
        return other_value if value is None else value
    names = element.keys()
    return value if names.index(one) < names.index(other) else other_value


@dataclass(frozen=True)
class AttributeTest:
    """One of trafilatura's XPaths, ``.//*[self::a or self::b][predicate]``, as a Python test.

    ``shape`` is the XPath's text with every ``re:test`` pattern written ``'…'``; ``test``
    receives the element and the XPath's patterns, compiled in order. ``select`` is how the
    XPath picks among the matches: all of them, ``[1]`` on the step (the first match among
    each element's children) or ``(…)[1]`` (the first in the document).
    """

    shape: str
    tags: tuple[str, ...]  # ("*",): every element
    test: Callable[[_Element, Patterns], bool]
    select: str = "all"  # "all", "first per parent" or "first"

    def bind(self, original: XPath) -> _BoundTest | None:
        """The test standing in for ``original``, or None if ``original`` is another XPath."""
        source = original.path
        if _squash(_RE_TEST.sub(_elided, source)) != _squash(self.shape):
            return None
        patterns = [
            re.compile(m[2], re.IGNORECASE if m[3] and "i" in m[3] else 0)
            for m in _RE_TEST.finditer(source)
        ]
        if any(p.search("") for p in patterns):
            return None  # an absent attribute would match: _found's shortcut would be wrong
        return _BoundTest(self, patterns, original)


@dataclass(frozen=True, slots=True)
class _BoundTest:
    """Called as trafilatura calls its XPath: with an element, giving a list in document order."""

    spec: AttributeTest
    patterns: Patterns
    original: XPath

    def __call__(self, tree: _Element) -> list[_Element]:
        spec, patterns, test = self.spec, self.patterns, self.spec.test
        elements = tree.iterdescendants(*spec.tags)
        if spec.select == "first":
            return next(([e] for e in elements if test(e, patterns)), [])
        found = [e for e in elements if test(e, patterns)]
        if spec.select == "first per parent":
            parents: set = set()
            found = [e for e in found if (p := e.getparent()) not in parents and not parents.add(p)]
        return found


def _elided(match: re.Match) -> str:
    flags = f", '{match[3]}'" if match[3] else ""
    return f"re:test({match[1]}, '…'{flags})"


def _squash(text: str) -> str:
    """The XPath with its layout taken out: blanks as one, none beside a bracket or a bar."""
    return _BLANKS_BY_BRACKET.sub(r"\1", _BLANKS.sub(" ", text)).strip()


def _raw_tree_prune(e: _Element, p: Patterns) -> bool:
    id_, class_ = e.get("id"), e.get("class")
    return (_found(p[0], id_) or _found(p[1], class_)) and (
        next(e.iterdescendants("h1"), None) is None or _found(p[2], id_) or _found(p[3], class_)
    )


def _share_buttons(e: _Element, p: Patterns) -> bool:
    return "elementor-share-buttons" in (e.get("class") or "")


def _comments_and_lists(e: _Element, p: Patterns) -> bool:
    id_, class_ = e.get("id"), e.get("class")
    return (_found(p[0], id_) or _found(p[1], class_)) and (
        e.tag not in ("ol", "ul") or _found(p[2], id_) or _found(p[3], class_)
    )


def _overall_discard(e: _Element, p: Patterns) -> bool:
    id_, class_ = e.get("id"), e.get("class")
    return (
        e.get("data-lp-replacement-content") is not None
        or "nav" in (e.get("role") or "").replace("N", "n")
        or "MostPopularStories" in (e.get("data-component") or "")
        or _found(p[0], _first(e, "id", "class"))
        or _found(p[1], id_)
        or _found(p[2], class_)
    )


def _hidden(e: _Element, p: Patterns) -> bool:
    id_, class_, style = e.get("id"), e.get("class"), e.get("style")
    if id_ is None and class_ is None and style is None:
        return e.get("aria-hidden") == "true"
    style = style or ""
    return (
        class_ == "comments-title"
        or (_first(e, "id", "class") or "").startswith("reply-")
        or _found(p[0], _first(e, "id", "style"))
        or "display:none" in style
        or "display: none" in style
        or _found(p[1], id_)
        or _found(p[2], class_)
        or e.get("aria-hidden") == "true"
    )


def _article_body(e: _Element, p: Patterns) -> bool:
    class_ = e.get("class")
    return (
        class_ in ("post", "entry")
        or e.get("itemprop") == "articleBody"
        or e.get("id") == "articleContent"
        or _found(p[0], e.get("id"))
        or _found(p[1], class_)
    )


def _story(e: _Element, p: Patterns) -> bool:
    id_, class_ = e.get("id"), e.get("class")
    return (
        e.get("role") == "article"
        or id_ in ("article", "story")
        or class_ in ("postarea", "art-postcontent", "text", "cell", "story")
        or _found(p[0], id_)
        or _found(p[1], class_)
        or _found(p[2], class_)
    )


def _main_content(e: _Element, p: Patterns) -> bool:
    id_, class_ = e.get("id") or "", e.get("class") or ""  # "" as XPath reads an absent one
    return (
        id_ == "content"
        or class_ == "content"
        or _found(p[0], id_)
        or _found(p[1], class_)
        or "main-content" in id_.replace("C", "c").replace("M", "m")
        or "main-content" in class_.replace("C", "c").replace("M", "m")
        or "page-content" in class_.replace("C", "c").replace("P", "p")
    )


_DROPPED_TAGS = frozenset(("aside", "fencedframe", "footer", "script", "style", "svg", "template"))


def _basic_clean(e: _Element, p: Patterns) -> bool:
    return (
        e.tag in _DROPPED_TAGS
        or (e.tag == "div" and "footer" in (_first(e, "class", "id") or ""))
        or _found(p[0], e.get("class"))
        or _found(p[1], e.get("id"))
    )


_BLOCKS = ("div", "item", "list", "p", "section", "span")
_CONTAINERS = ("article", "div", "main", "section")

# (trafilatura module and name, index in that list or None): the test standing for that XPath
TESTS: dict[tuple[str, int | None], AttributeTest] = {
    ("xpaths.RAW_TREE_PRUNE_XPATH", 0): AttributeTest(
        """.//*[self::div or self::section or self::aside][
        re:test(@id, '…') or re:test(@class, '…')][
        not(.//h1) or re:test(@id, '…') or re:test(@class, '…')]""",
        ("div", "section", "aside"),
        _raw_tree_prune,
    ),
    ("xpaths.RAW_TREE_PRUNE_XPATH", 1): AttributeTest(
        """.//*[self::div or self::section or self::aside][
        contains(@class, 'elementor-share-buttons')]""",
        ("div", "section", "aside"),
        _share_buttons,
    ),
    ("xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH", 0): AttributeTest(
        """.//*[self::div or self::list or self::section or self::details or self::ol or self::ul][
        re:test(@id, '…') or re:test(@class, '…')][
        not(self::ol or self::ul) or re:test(@id, '…') or re:test(@class, '…')]""",
        ("div", "list", "section", "details", "ol", "ul"),
        _comments_and_lists,
    ),
    ("xpaths.OVERALL_DISCARD_XPATH", 0): AttributeTest(
        """.//*[self::div or self::item or self::list or self::p or self::section or self::span][
        @data-lp-replacement-content or
        contains(translate(@role, 'N', 'n'), 'nav') or
        contains(@data-component, 'MostPopularStories') or
        re:test(@id|@class, '…') or re:test(@id, '…') or re:test(@class, '…')]""",
        _BLOCKS,
        _overall_discard,
    ),
    ("xpaths.OVERALL_DISCARD_XPATH", 1): AttributeTest(
        """.//*[@class='comments-title' or
        starts-with(@id|@class, 'reply-') or
        re:test(@id|@style, '…') or
        contains(@style, 'display:none') or contains(@style, 'display: none') or
        re:test(@id, '…') or re:test(@class, '…') or @aria-hidden='true']""",
        ("*",),
        _hidden,
    ),
    ("xpaths.BODY_XPATH", 0): AttributeTest(
        """.//*[self::article or self::div or self::main or self::section][
        @class='post' or @class='entry' or
        @itemprop='articleBody' or @id='articleContent' or
        re:test(@id, '…') or re:test(@class, '…')][1]""",
        _CONTAINERS,
        _article_body,
        select="first per parent",
    ),
    ("xpaths.BODY_XPATH", 2): AttributeTest(
        """(.//*[self::article or self::div or self::main or self::section][
        @role='article' or @id='article' or @id='story' or
        @class='postarea' or @class='art-postcontent' or @class='text' or @class='cell' or
        @class='story' or
        re:test(@id, '…') or re:test(@class, '…', 'i') or re:test(@class, '…')])[1]""",
        _CONTAINERS,
        _story,
        select="first",
    ),
    ("xpaths.BODY_XPATH", 3): AttributeTest(
        """(.//*[self::article or self::div or self::main or self::section][
        @id='content' or @class='content' or re:test(@id, '…') or re:test(@class, '…') or
        contains(translate(@id, 'CM','cm'), 'main-content') or
        contains(translate(@class, 'CM','cm'), 'main-content') or
        contains(translate(@class, 'CP','cp'), 'page-content')])[1]""",
        _CONTAINERS,
        _main_content,
        select="first",
    ),
    ("baseline.BASIC_CLEAN_XPATH", None): AttributeTest(
        """.//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|
        .//style|.//svg|.//template|.//*[re:test(@class, '…', 'i') or re:test(@id, '…', 'i')]""",
        ("*",),
        _basic_clean,
    ),
}


def install() -> list[tuple[str, int | None] | str]:
    """Put each test in place of its XPath in trafilatura's lists, and the readability pass in
    place of readability's; the ones put in place.

    Idempotent. trafilatura's modules share these list objects, so replacing an item is
    seen by every stage that prunes with it.
    """
    installed: list = ["readability"] if _install_readability_pass() else []
    for key, spec in TESTS.items():
        current = in_use(key)
        bound = spec.bind(current.original if isinstance(current, _BoundTest) else current)
        if bound is not None:
            _put(key, bound)
            installed.append(key)
    return installed


def in_use(key: tuple[str, int | None]) -> XPath | _BoundTest:
    """What trafilatura evaluates at ``key`` now: its XPath, or the test put in its place."""
    module, name = key[0].split(".")
    found = getattr(importlib.import_module(f"trafilatura.{module}"), name)
    return found if key[1] is None else found[key[1]]


def _put(key: tuple[str, int | None], bound: _BoundTest) -> None:
    module, name = key[0].split(".")
    if key[1] is None:
        setattr(importlib.import_module(f"trafilatura.{module}"), name, bound)
    else:
        getattr(importlib.import_module(f"trafilatura.{module}"), name)[key[1]] = bound


# sha256 of the source of readability's Document.remove_unlikely_candidates it stands for
_READABILITY_SOURCE = "6ef38c8475242af9"
_UNLIKELY = REGEXES["unlikelyCandidatesRe"].search
_MAYBE = REGEXES["okMaybeItsACandidateRe"].search
readability_own: Callable[[Document], None] | None = None  # the pass it replaced, once it has


def remove_unlikely_candidates(self: Document) -> None:
    """readability's pass, without joining the class and id of elements that have neither
    (most of them): a quarter of its cost, with the same elements dropped in the same order."""
    verdicts: dict[str, bool] = {}
    for elem in self.doc.findall(".//*"):
        class_, id_ = elem.get("class"), elem.get("id")
        if class_:
            attrs = f"{class_} {id_}" if id_ else class_
        elif id_:
            attrs = id_
        else:
            continue
        if len(attrs) < 2 or elem.tag in FRAME_TAGS:
            continue
        verdict = verdicts.get(attrs)
        if verdict is None:
            low = attrs.lower()
            verdict = verdicts[attrs] = bool(_UNLIKELY(low)) and not _MAYBE(low)
        if verdict:
            elem.drop_tree()


def _install_readability_pass() -> bool:
    global readability_own
    current = Document.remove_unlikely_candidates
    if current is remove_unlikely_candidates:
        return True
    try:
        source = inspect.getsource(current)
    except (OSError, TypeError):
        return False  # no source to check it against: leave it
    if hashlib.sha256(source.encode()).hexdigest()[:16] != _READABILITY_SOURCE:
        return False
    readability_own, Document.remove_unlikely_candidates = current, remove_unlikely_candidates
    return True
