"""Text-level boilerplate removal for corpus articles.

trafilatura drops page furniture by HTML structure, yet some of it leaks through as text: a
headline of another story, breadcrumbs, "Source: Xinhua | 2024-07-03", share widgets, photo
captions, image URLs, page ids, the title printed twice (see the seeds). These rules look at
paragraphs only, so they clean a fresh extraction and an old text file alike.

Every rule drops whole paragraphs; none rewrites a sentence. Rules are narrow on purpose: junk
left in is a little noise for a researcher, a real paragraph dropped is lost from the corpus.
Two rules depend on context (the dominant script, the title), so one removal can change what
they see; the pipeline therefore runs to a fixed point, which makes cleaning idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from operator import itemgetter

from archive.textformat import Document, format_text, parse_text


@dataclass(frozen=True)
class CleanRules:
    """Per-source additions to the generic rules (from the source file's ``[clean]`` table)."""

    drop: tuple[str, ...] = ()  # regexes; re.search matching a paragraph drops it

    def __post_init__(self) -> None:
        if isinstance(self.drop, str):
            raise TypeError("CleanRules.drop is a tuple of regexes, not a string")
        object.__setattr__(self, "drop", tuple(self.drop))
        _compile(self.drop)


def clean_document(doc: Document, rules: CleanRules | None = None) -> Document:
    """``doc`` without boilerplate paragraphs, with a title and a date found where possible.

    A given title is checked by the same rules as a paragraph (a page title that is a breadcrumb
    is no title), then kept even when it does not look like a headline.
    """
    drop = _compile(rules.drop) if rules else ()
    title = " ".join(_normalise(doc.title or "")) or None
    paragraphs = [line for text in doc.paragraphs for line in _normalise(text)]
    state = (doc.date, [title, *paragraphs] if title else paragraphs)
    while True:
        date, found, paragraphs = _clean_pass(*state, given=title, drop=drop)
        if (date, paragraphs) == state:
            break
        state = (date, paragraphs)
    return Document(date=date, title=found, paragraphs=paragraphs[1:] if found else paragraphs)


def clean_text(text: str, rules: CleanRules | None = None) -> str:
    """Clean a corpus text file; "" when nothing is left, else one final newline."""
    return format_text(clean_document(parse_text(text), rules))


def _clean_pass(
    date: str | None, paragraphs: list[str], given: str | None, drop: tuple[re.Pattern[str], ...]
) -> tuple[str | None, str | None, list[str]]:
    date, paragraphs = _hoist_date_header(date, paragraphs)
    date, paragraphs = _drop_bylines(date, paragraphs)
    paragraphs = [p for p in paragraphs if not _is_junk(p)]
    if drop:
        paragraphs = [p for p in paragraphs if not any(regex.search(p) for regex in drop)]
    paragraphs = _drop_other_script(paragraphs)
    title, paragraphs = _take_title(paragraphs, given)
    return date, title, paragraphs


@lru_cache(maxsize=2048)
def _is_junk(paragraph: str) -> bool:
    """The rules that judge a paragraph by its own text alone; cached, since the fixed-point
    loop of :func:`clean_document` asks again about every paragraph that survived."""
    return any(rule(paragraph) for rule in _JUNK) or _is_furniture(_bare(paragraph))


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise ValueError(f"bad clean.drop pattern {pattern!r}: {error}") from None
    return tuple(compiled)


# --- 1. whitespace and invisible characters ------------------------------------------------

# Control characters (C0/C1 other than spaces and line breaks), soft hyphen, zero-width space,
# word joiner, BOM and lone surrogates. ZWJ/ZWNJ stay: Persian and Indic spelling needs them.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u180e\u200b\u2060\ufeff\ud800-\udfff]"
)


def _normalise(text: str) -> list[str]:
    """Lines without invisible characters, each run of whitespace one space, none empty.

    ``str.split()`` splits on exactly the characters regex ``\\s`` matches, and several times
    faster than ``re.sub(r"\\s+", " ", line).strip()`` would.
    """
    lines = (" ".join(_INVISIBLE.sub("", line).split()) for line in text.splitlines())
    return [line for line in lines if line]


def _hoist_date_header(date: str | None, paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A first paragraph starting "date YYYY-MM-DD" would read back as the header: make it one."""
    if date is None and paragraphs:
        head = parse_text(paragraphs[0])
        if head.date:
            return head.date, head.paragraphs + paragraphs[1:]
    return date, paragraphs


# --- shared measures -------------------------------------------------------------------------

_CJK_RUN = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3100-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    r"\uf900-\ufaff\U00020000-\U0003134f]+"
)
_SENTENCE_END = tuple(".!?。！？…:：;；")
_CLOSERS = "\"'”’»」』)）]】 "


@lru_cache(maxsize=2048)
def _words(text: str) -> int:
    """Whitespace words, two CJK characters counting as one word.

    Each run of CJK characters becomes one space, which splits words as a space per character
    would, at one substitution a run rather than one a character.
    """
    if text.isascii():
        return len(text.split())
    rest, runs = _CJK_RUN.subn(" ", text)
    wide = len(text) - len(rest) + runs
    return len(rest.split()) + (wide + 1) // 2


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _is_headline(text: str) -> bool:
    return (
        len(text) <= 200
        and _words(text) <= 25
        and not _ends_sentence(text)
        and not _is_table_row(text)
    )


def _is_table_row(text: str) -> bool:
    """trafilatura writes a table row as "| 2023 | 41 billion |"."""
    return len(text) > 1 and text.startswith("|") and text.endswith("|")


# --- 4. source/date bylines and share widgets ------------------------------------------------

_FIELD = re.compile(
    r"(?:sources?|(?:responsible |chief |executive |web )?editors?|editor-in-charge|translator|"
    r"proofreader|author|writer|date|updated|published|posted|release time|share|print|e-?mail|"
    r"font size|text size|来源|稿源|责任编辑|编辑|作者|发布时间|日期|字号|分享到|"
    r"quelle|von|autor(?:in)?|übersetzung(?: und adaptierung)?|foto|bild|lesezeit|"
    r"source|auteur|par|原标题|источник|редактор|автор|дата|поделиться)\s*[:：]",
    re.IGNORECASE,
)
_REPORTER_ZH = re.compile(
    r"[\w·]{0,8}记者[\s:：]+[\w·]{2,4}(?:[\s、，,]+[\w·]{2,4}){0,5}(?:\s*报道)?"
)
_PIPE = re.compile(r"\s*[|｜]\s*")
_SHARE_WORDS = {
    *("share", "print", "email", "e-mail", "facebook", "twitter", "wechat"),
    *("weibo", "linkedin", "telegram", "vk", "vkontakte", "whatsapp", "reddit", "pinterest"),
    *("tumblr", "qq", "qzone", "qq空间", "分享", "分享到", "打印", "微信", "微博", "朋友圈"),
    *("纠错", "评论", "关注", "收藏", "分享让更多人看到", "comments", "follow", "subscribe"),
    *("поделиться", "печать", "вконтакте", "одноклассники"),
}
_SHARE_FILLER = {"x", "copy", "this", "article", "story", "page", "link", "on", "to", "via"}
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_MONTHS = {  # by their first three letters: "Jul.", "July", "июля"
    name: number
    for names in (
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "янв фев мар апр мая июн июл авг сен окт ноя дек",
        "jan feb mär apr mai jun jul aug sep okt nov dez",
    )
    for number, name in enumerate(names.split(), start=1)
}
_DATES = (
    re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"\b(?P<m>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\.?\s+(?P<m>[^\W\d_]{3,9})\.?,?\s+(?P<y>\d{4})\b"),
)
_STAMP = re.compile(
    r"(?:published|updated|posted|first published|last updated|veröffentlicht|aktualisiert|"
    r"erschienen|publié|mis à jour|опубликовано|обновлено|发布时间|更新时间)(?:\s*[:：])?",
    re.IGNORECASE,
)
_STAMP_FILLER = re.compile(r"(?<!\w)(?:on|at|am|um|le|à|в|,)(?!\w)", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[-•·*]\s+")
_TIME = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:UTC|GMT|[A-Z]{1,3}[SD]?T|JST|KST|MSK)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\b)?",
    re.IGNORECASE,
)
_DATE_LEFTOVER = re.compile(r"[\s,.:/()|–—-]*")


def _drop_bylines(date: str | None, paragraphs: list[str]) -> tuple[str | None, list[str]]:
    kept = []
    for paragraph in paragraphs:
        if _is_byline_like(paragraph):
            date = date or find_date(paragraph)
        else:
            kept.append(paragraph)
    return date, kept


@lru_cache(maxsize=2048)
def _is_byline_like(paragraph: str) -> bool:
    """A byline, a share widget or a time stamp; cached like :func:`_is_junk`, as every pass of
    the fixed-point loop asks again about every paragraph."""
    bare = _bare(paragraph)
    return _is_byline(bare) or _is_share_widget(bare) or _is_stamp(bare)


def _is_byline(text: str) -> bool:
    """Labelled fields, maybe with a bare date, "Source: Xinhua | 2024-07-03"; "新华社记者 李然"."""
    if _words(text) > 20 or (_ends_sentence(text) and not text.endswith((":", "："))):
        return False
    if _REPORTER_ZH.fullmatch(text):
        return True
    segments = [s for s in _PIPE.split(text) if s]
    return any(_FIELD.match(s) for s in segments) and all(
        _FIELD.match(s) or is_date_only(s) or _is_share_widget(s) for s in segments
    )


def _is_stamp(text: str) -> bool:
    """ "Published on 13 May 2026 at 15:44", "Veröffentlicht am 13. Mai 2026 um 15:44"."""
    match = _STAMP.match(text)
    if not match or not find_date(text):
        return False
    return is_date_only(_STAMP_FILLER.sub(" ", text[match.end() :]))


def _bare(text: str) -> str:
    """Without the list mark trafilatura writes for <li> and without wrapping 【】 brackets."""
    return _LIST_MARK.sub("", text).strip("【】[]（） ")


def _is_share_widget(text: str) -> bool:
    """Share words and filler only, at least one share word: "Share this article | Print".

    Stops at the first other word, so a paragraph of prose costs one token, not all of them.
    """
    shares = False
    for match in _TOKEN.finditer(text):
        token = match.group().casefold()
        if token in _SHARE_WORDS:
            shares = True
        elif token not in _SHARE_FILLER:
            return False
    return shares


def find_date(text: str) -> str | None:
    found = sorted((m.start(), iso) for p in _DATES for m in p.finditer(text) if (iso := _iso(m)))
    return found[0][1] if found else None


def _iso(match: re.Match[str]) -> str | None:
    month = match["m"]
    number = int(month) if month.isdigit() else _MONTHS.get(month.casefold()[:3], 0)
    try:
        return Date(int(match["y"]), number, int(match["d"])).isoformat()
    except ValueError:
        return None


def is_date_only(text: str) -> bool:
    for pattern in _DATES:
        text = pattern.sub(" ", text)
    return _DATE_LEFTOVER.fullmatch(_TIME.sub(" ", text)) is not None


# --- 3. breadcrumbs ---------------------------------------------------------------------------

_CRUMB_SEP = re.compile(r"(?:^|\s)(?:>>?|＞|›|»|→|/|\|)(?=\s|$)")
_CRUMB_SEP_CHAR = re.compile(r"[>＞›»→/|]")  # a quick test: _CRUMB_SEP searches slowly
_CRUMB_PUNCT = re.compile(r"[!?。！？;；,，«‹]|\.(?:\s|$)")


def _is_breadcrumb(text: str) -> bool:
    """Short segments between > › » / | →: "News > Latest News >", "Главная / Новости"."""
    if _is_table_row(text) or not _CRUMB_SEP_CHAR.search(text):
        return False
    if not _CRUMB_SEP.search(text) or _CRUMB_PUNCT.search(text):
        return False
    segments = [s for s in (s.strip() for s in _CRUMB_SEP.split(text)) if s]
    if not segments:
        return True
    *path, last = segments
    return all(map(_is_crumb, path)) and (
        _is_crumb(last) or (len(path) >= 2 and _is_headline(last))
    )


def _is_crumb(segment: str) -> bool:
    return len(segment) <= 40 and _words(segment) <= 4


# --- 6. captions and photo credits ------------------------------------------------------------

_AGENCIES = (
    r"(?:Xinhua|Reuters|AFP|AP|EPA|TASS|Sputnik|RIA Novosti|Kyodo|Yonhap|Anadolu|AA|"
    r"Getty Images|VCG|IC|CFP|CNS|CGTN|China Daily|People's Daily|ANI|PTI|Kazinform)"
)
_PHOTO = r"(?:photos?|photographs?|images?|pictures?|pic|file photo|фото|фотография|foto)"
_END_CREDIT = re.compile(
    rf"[\[(（【]\s*(?:(?:{_PHOTO}|credit)\b[^\[\]()（）【】]{{0,80}}"
    rf"|{_AGENCIES}(?:\s+photo)?\s*/[^\[\]()（）【】]{{1,60}})[\])）】]$"
    rf"|(?<=[.!?])\s+{_PHOTO}\s*(?:by\b|[:：/])[^.!?]{{1,60}}$",
    re.IGNORECASE,
)
_END_CREDIT_ZH = re.compile(
    r"(?:[（(【\[][^（）()【】\[\]]{0,40}(?:摄|供图|新华社发)\s*[）)】\]]|记者[\s\w·、，,]{1,40}摄)$"
)
_CREDIT_LINE = re.compile(
    rf"©|{_PHOTO}\s*(?:by\b|[:：/])|(?:图片来源|图片提供|摄影|图注|图)\s*[:：]|图为.{{2,80}}$",
    re.IGNORECASE,
)


_NO_END_CREDIT = (".", "!", "?")


def is_caption(text: str) -> bool:
    """Ends with a credit ("... [Photo by Xie Huanchi/Xinhua]", "... July 3. Photo: AP").

    Prose ends with a full stop, and so cannot match either end-credit pattern: one ends on a
    bracket, the other on anything but . ! ?, and ``$`` matches at the end or before a final
    newline only. Their searches are slow: skip them then.
    """
    if not text.endswith(_NO_END_CREDIT) and (
        _END_CREDIT.search(text) or _END_CREDIT_ZH.search(text)
    ):
        return True
    return _CREDIT_LINE.match(text) is not None


# --- 7, 8. bare URLs, image file names, page ids ----------------------------------------------

_URL = re.compile(
    r"(?:(?:https?|ftp)://|//|www\.)\S+|[\w.-]+\.[a-z]{2,}(?::\d+)?/\S*"
    r"|\S+\.(?:jpe?g|png|gif|webp|bmp|svg|tiff?|avif)(?:[?#]\S*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Undecorated, only long numbers: "1" heads a section and "1992" a chronology entry.
_PAGE_ID = re.compile(
    r"(?:#|№|No\.?|Nr\.?|ID|Article ID|编号|文章编号)\s*[:：#]?\s*#?\d+|\d{5,}", re.IGNORECASE
)


def _is_bare_url(text: str) -> bool:
    """A link or a mail address alone: "images.china.cn", "kokobj@yna.co.kr"."""
    return _URL.fullmatch(text) is not None or _EMAIL.fullmatch(text) is not None


def _is_page_id(text: str) -> bool:
    return _PAGE_ID.fullmatch(text) is not None


_JUNK = (_is_breadcrumb, is_caption, _is_bare_url, _is_page_id)


# --- 9. page furniture: ad labels, rules, reading times, credits, copyright, consent ----------

_AD_LABEL = re.compile(
    r"advertisement|advertising|sponsored|anzeige|werbung|publicité|реклама|广告", re.IGNORECASE
)
_READING_TIME = re.compile(
    r"(?:(?:reading time|lesezeit|lesedauer|время чтения)\s*[:：]?\s*)?\d+\s*"
    r"(?:min(?:ute)?s?\.?|minuten?|мин\.?|минут[аы]?)(?:\s+(?:read|lesezeit|lesedauer|"
    r"de lecture|чтения))?",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:(?:additional )?reporting by|writing by|editing by|compiled by)\b.{0,300}"
    r"|.{0,300}\b(?:contributed to this report|contributed reporting)\.?",
    re.IGNORECASE,
)
_CREDIT_LONGEST = 327  # .{0,300} and "contributed to this report.": a longer line never matches
_COPYRIGHT = re.compile(
    r"(?:copyright\s*)?(?:©|\(c\)\s*(?=\d{4}|copyright))\s*.{0,300}"
    r"|copyright\s+(?:\d{4}|by)\b.{0,300}"
    r"|all rights reserved\.?|alle rechte vorbehalten\.?|版权所有.{0,60}|все права защищены\.?",
    re.IGNORECASE,
)
_VIDEO_TEASER = re.compile(r".{0,400}\|\s*\d{1,2}:\d{2}(?::\d{2})?\s*min\.?")
_COMMENT_COUNT = re.compile(
    r"\d[\d,.]*\s*(?:comments?|kommentare?|комментари\w*|条评论|评论)", re.IGNORECASE
)
_END_MARK = re.compile(r"[(（\[/]?\s*(?:END|ENDS|完)\s*[)）\]/]?")
_READ_MORE = re.compile(
    r"(?:read more|read also|see also|related(?: stories| articles| coverage)?|more on this story|"
    r"mehr zum thema|lesen sie auch|siehe auch|читайте также|по теме|相关阅读|延伸阅读|相关新闻|"
    r"推荐阅读)\s*[:：]?(?:\s*[^.!?。！？]{0,150})"
    r"|our standards\s*:.{0,80}",
    re.IGNORECASE,
)
_READ_MORE_LEAD_IN = re.compile(  # "... lesen Sie hier:", ending in a colon
    r".{0,150}\b(?:lesen sie|read (?:more|our|the latest)|more in our|читайте)\b.{0,80}[:：]",
    re.IGNORECASE,
)
# _CREDIT and _READ_MORE_LEAD_IN are not here: both backtrack at every one of the first 150 or
# 300 characters of a line, so _is_furniture tries them on the lines they might match only.
_FURNITURE = (
    _AD_LABEL,
    _READING_TIME,
    _VIDEO_TEASER,
    _COMMENT_COUNT,
    _END_MARK,
    _READ_MORE,
)
_CONSENT_TOPIC = re.compile(
    r"\b(?:cookies?|datenschutz\w*|privacy|consent|einwilligung|cookie-файл\w*)\b", re.IGNORECASE
)
_CONSENT_ACTION = re.compile(
    r"\b(?:click\w*|klick\w*|accept\w*|akzept\w*|zustimm\w*|einverstanden|manage|settings|"
    r"einstellungen|agree|allow|erlaub\w*|нажм\w*|принять|согла\w*)\b",
    re.IGNORECASE,
)
_NAME = r"[A-ZÄÖÜА-Я][\w'’.-]+(?:\s+[A-ZÄÖÜА-Я][\w'’.-]+){0,3}"
_NAME_BYLINE = re.compile(
    rf"(?:by|von|par|por|di|door)\s+(?!(?:the|a|an|der|die|das|le|la|les|el|los)\b){_NAME}(?:\s*(?:,|and|und|et|y|e|&)\s*{_NAME})*",
    re.IGNORECASE,
)


def _is_furniture(text: str) -> bool:
    """A line of the page around the story, not of the story: each pattern is a whole line."""
    if not any(char.isalnum() for char in text):
        return not _is_table_row(text)  # "___", "* * *", but not "|---|---|"
    if any(p.fullmatch(text) for p in _FURNITURE):
        return True
    if len(text) <= _CREDIT_LONGEST and _CREDIT.fullmatch(text):
        return True
    if text.endswith((":", "：")) and _READ_MORE_LEAD_IN.fullmatch(text):
        return True
    if _words(text) <= 40 and _COPYRIGHT.fullmatch(text):
        return True
    if _words(text) <= 30 and _CONSENT_TOPIC.search(text) and _CONSENT_ACTION.search(text):
        return True
    return (
        _words(text) <= 12 and _NAME_BYLINE.fullmatch(text) is not None and not _ends_sentence(text)
    )


# --- 2. stray headline in another script ------------------------------------------------------

_NOT_A_SCRIPT = {
    *("FULLWIDTH", "HALFWIDTH", "MODIFIER", "SMALL", "CAPITAL", "LETTER", "SUPERSCRIPT"),
    *("SUBSCRIPT", "CIRCLED", "PARENTHESIZED", "MATHEMATICAL"),
}
_HAN = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "BOPOMOFO": "CJK", "IDEOGRAPHIC": "CJK"}
_WIDE = {"CJK", "HANGUL"}  # one character carries about a word: weigh it as 3 letters


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    words = [w for w in unicodedata.name(char, "").split() if w not in _NOT_A_SCRIPT]
    return _HAN.get(words[0], words[0]) if words else ""


_LATIN = _script("a")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_NOT_ASCII_LETTER = bytes(c for c in range(256) if not (c < 128 and chr(c).isalpha()))
# Ranges of letters all of one script, counted by a regex rather than a character at a time
# (tests/test_clean.py checks each character against _script): kana and ideographs, Hangul
# syllables, Cyrillic.
_SCRIPT_RANGES = tuple(
    (re.compile(f"[{chars}]+"), script, 3 if script in _WIDE else 1)
    for chars, script in (
        ("\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff", "CJK"),
        ("\uac00-\ud7a3", "HANGUL"),
        ("\u0400-\u045f", "CYRILLIC"),
    )
)


@lru_cache(maxsize=2048)
def _scripts(text: str) -> tuple[tuple[str, int], ...]:
    """(script, weight) of the letters of ``text``, in no particular order (the callers only ask
    for a clear majority, so ties never count); cached, as every pass of the fixed-point loop
    asks again, hence a tuple: a cached Counter would be shared and could be changed."""
    # ASCII letters are Latin: bytes.translate counts them, as UTF-8 has no other bytes < 128.
    weights: Counter[str] = Counter()
    if latin := len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTER)):
        weights[_LATIN] = latin
    if text.isascii():
        return tuple(weights.items())
    others = _ASCII_RUNS.sub("", text)
    for letters, script, weight in _SCRIPT_RANGES:
        rest = letters.sub("", others)
        if len(rest) < len(others):
            weights[script] += (len(others) - len(rest)) * weight
            others = rest
    for script, times in Counter(map(_script, filter(str.isalpha, others))).items():  # C loops
        weights[script] += times * (3 if script in _WIDE else 1)
    return tuple(weights.items())


def _drop_other_script(paragraphs: list[str]) -> list[str]:
    """Drop headline-like paragraphs written in a script foreign to a clearly one-script text."""
    counts = [_scripts(p) for p in paragraphs]
    total: Counter[str] = Counter()
    for weights in counts:
        for script, weight in weights:
            total[script] += weight
    if not total:
        return paragraphs
    dominant, weight = total.most_common(1)[0]
    if weight * 3 < total.total() * 2:  # a bilingual page: no script is out of place
        return paragraphs
    return [
        p
        for p, c in zip(paragraphs, counts, strict=True)
        if not (_mostly_other(c, dominant) and _is_headline(p))
    ]


def _mostly_other(counts: tuple[tuple[str, int], ...], dominant: str) -> bool:
    if not counts:
        return False
    script, weight = max(counts, key=itemgetter(1))
    return script != dominant and weight * 2 > sum(w for _, w in counts)


# --- 5. title and the title printed twice -----------------------------------------------------

_DATELINE = re.compile(
    r"(?P<place>[^\W\d_]+(?:[ .'’-]+[^\W\d_]+)*)(?:,[^–—]{1,40}?)?\s*"
    r"(?:--|–|—|\([^()]{2,30}\)|/[^/]{2,30}/)"
)
_NON_WORD = re.compile(r"[\W_]+")


def _is_dateline(text: str) -> bool:
    """An upper-case place, maybe a date or agency, a dash: "ASTANA, July 2 (Xinhua) --"."""
    match = _DATELINE.match(text)
    return bool(match and len(match["place"]) <= 40 and match["place"].isupper())


_ASCII_NON_WORD = bytes(c for c in range(128) if not chr(c).isalnum())


def text_key(text: str) -> str:
    """Letters and digits only, case-folded: two texts that differ in nothing else match.

    bytes.translate drops the ASCII non-word characters (UTF-8 has no other bytes < 128) at a
    fraction of the cost of the regex, which is left with the few others, if any.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().encode("utf-8", "surrogatepass")
    key = folded.translate(None, _ASCII_NON_WORD).decode("utf-8", "surrogatepass")
    return key if key.isascii() else _NON_WORD.sub("", key)


@lru_cache(maxsize=2048)
def _key(paragraph: str) -> str:
    """:func:`text_key`, cached: every pass of the fixed-point loop compares all paragraphs."""
    return text_key(paragraph)


def _take_title(paragraphs: list[str], given: str | None) -> tuple[str | None, list[str]]:
    """The given title if it survived, else a headline-like first paragraph; drop its copies.

    A first paragraph that recurs more than once is a label ("Guo Jiakun" in a transcript).
    """
    if not paragraphs:
        return None, paragraphs
    first, rest = paragraphs[0], paragraphs[1:]
    key = _key(first)
    copies = [bool(key) and _key(p) == key for p in rest]
    headline = key and _is_headline(first) and not _is_dateline(first) and sum(copies) <= 1
    if first != given and not headline:
        return None, paragraphs
    return first, [first, *(p for p, copy in zip(rest, copies, strict=True) if not copy)]
