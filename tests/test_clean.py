"""The text cleaner and the corpus text format.

tests/data/seeds/ is a byte-for-byte copy of ../shared/seeds/ (the documents the project started
from and the clean text each must become). Other examples are real-looking lines of the kinds
that leak out of Xinhua, china.org.cn, MFA, TASS and Astana Times pages.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive import clean
from archive.clean import CleanRules, clean_document, clean_text
from archive.textformat import Document, format_text, parse_text

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_NAMES = ["000_791620250045f3ab.txt", "004_2c0c104f733e8c9b.txt"]
TITLE = "Xi hails uniqueness of China-Kazakhstan partnership"
LEAD = (
    "ASTANA, July 2 (Xinhua) -- Chinese President Xi Jinping said on Tuesday that China and "
    "Kazakhstan have established a unique permanent comprehensive strategic partnership."
)
BODY = [
    LEAD,
    "China and Kazakhstan share a long tradition of friendship, Xi noted.",
    "More than 2,000 years ago, the ancient Silk Road closely connected the two countries, "
    "marking the beginning of a history of friendly exchanges, he said.",
]
ZH_STORY = [
    "习近平出席巴西总统卢拉举行的欢迎宴会",
    "新华社巴西利亚11月20日电 当地时间11月20日晚，国家主席习近平出席巴西总统卢拉举行的欢迎宴会。",
    "习近平指出，中巴两国虽然远隔重洋，但两国人民友好交往源远流长。",
    "双方要共同努力，推动中巴关系迈向新的更高水平。",
]
RU_STORY = [
    "Лавров провел переговоры с главой МИД Казахстана",
    "МОСКВА, 2 июля. /ТАСС/. Министр иностранных дел России Сергей Лавров провел переговоры с "
    "главой МИД Казахстана.",
    "Стороны обсудили подготовку к саммиту ШОС в Астане.",
]


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def cleaned(*paragraphs: str, title: str | None = None, **kwargs) -> Document:
    return clean_document(Document(date=None, title=title, paragraphs=list(paragraphs)), **kwargs)


def survives(paragraph: str, around: list[str] = BODY) -> bool:
    return paragraph in cleaned(*around[:1], paragraph, *around[1:]).paragraphs


# --- the seeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_becomes_expected_file(name):
    assert clean_text(read(SEEDS / name)) == read(SEEDS / "expected" / name)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_expected_file_is_left_unchanged(name):
    expected = read(SEEDS / "expected" / name)
    assert clean_text(expected) == expected


def test_seed_004_as_the_crawler_sees_it_gives_the_expected_file():
    lines = read(SEEDS / SEED_NAMES[1]).split("\n")
    doc = clean_document(Document(date=None, title=TITLE, paragraphs=lines))
    assert format_text(doc) == read(SEEDS / "expected" / SEED_NAMES[1])


def test_seed_004_takes_its_date_from_its_byline_and_its_title_from_the_top():
    doc = clean_document(parse_text(read(SEEDS / SEED_NAMES[1])))
    assert (doc.date, doc.title) == ("2024-07-03", TITLE)
    assert doc.paragraphs[0].startswith("ASTANA, July 2 (Xinhua) --")


# --- text format ----------------------------------------------------------------------------


def test_format_text_layout():
    doc = Document(date="2024-07-03", title="Title", paragraphs=["One.", "Two."])
    assert format_text(doc) == "date 2024-07-03\n\nTitle\n\nOne.\n\nTwo.\n"
    assert format_text(Document(None, None, ["One."])) == "One.\n"
    assert format_text(Document("2024-07-03", None, [])) == "date 2024-07-03\n"
    assert format_text(Document(None, None, [])) == ""


def test_nothing_left_is_an_empty_file_or_the_date_line_alone():
    assert clean_text("Share:\n8013945\n") == ""
    assert clean_text("date 2024-07-03\n\nShare:\n\n8013945\n") == "date 2024-07-03\n"
    assert clean_text("") == clean_text("\n\n \u00a0\n") == ""


def test_parse_text_reads_a_header_glued_to_the_first_paragraph():
    doc = parse_text(read(SEEDS / SEED_NAMES[0]))
    assert doc.date == "2025-01-09"
    assert doc.title is None
    assert doc.paragraphs[0].startswith("ASTANA – China and Kazakhstan")
    assert len(doc.paragraphs) == 5


def test_parse_text_makes_every_line_a_paragraph():
    doc = parse_text(read(SEEDS / SEED_NAMES[1]))
    assert doc.date is None
    assert doc.paragraphs[:3] == [
        "习近平出席巴西总统卢拉举行的欢迎宴会",
        "News > Latest News >",
        TITLE,
    ]


def test_parse_text_keeps_a_header_that_is_not_a_date_as_text():
    assert parse_text("date 2024-13-45 Hello\n") == Document(None, None, ["date 2024-13-45 Hello"])


def test_format_parse_round_trip_keeps_the_bytes():
    doc = Document(date="2024-07-03", title=TITLE, paragraphs=BODY)
    text = format_text(doc)
    assert parse_text(text) == Document("2024-07-03", None, [TITLE, *BODY])
    assert format_text(parse_text(text)) == text


# --- 1. whitespace and invisible characters -------------------------------------------------


def test_whitespace_is_normalised_and_invisible_characters_removed():
    doc = cleaned(
        "\ufeffChina and\u00a0Kazakhstan\u2009share\u3000a long\ttradition\u200b of "
        "friendship.\u00a0",
        "   ",
        "\x00Two-way travel hit a new high,\x07 he said.\x85",
    )
    assert doc.paragraphs == [
        "China and Kazakhstan share a long tradition of friendship.",
        "Two-way travel hit a new high, he said.",
    ]


def test_line_breaks_inside_a_paragraph_split_it():
    assert cleaned("First sentence.\nSecond sentence.").paragraphs == [
        "First sentence.",
        "Second sentence.",
    ]


# --- 2. stray headline in another script ----------------------------------------------------


def test_stray_chinese_headline_atop_english_story_is_dropped():
    doc = cleaned("习近平出席巴西总统卢拉举行的欢迎宴会", *BODY)
    assert doc.paragraphs == BODY


def test_stray_russian_headline_in_english_story_is_dropped():
    assert not survives("Лавров провел переговоры с главой МИД Казахстана")


def test_stray_english_headline_atop_chinese_story_is_dropped():
    doc = cleaned(TITLE, *ZH_STORY)
    assert doc.title == ZH_STORY[0]
    assert doc.paragraphs == ZH_STORY[1:]


def test_chinese_headlines_mentioning_reporters_are_kept():
    for line in ["外国记者参观新疆", "记者节：致敬新闻工作者"]:
        assert survives(line, around=ZH_STORY[1:])


def test_chinese_story_is_untouched():
    doc = cleaned(*ZH_STORY)
    assert [doc.title, *doc.paragraphs] == ZH_STORY
    text = format_text(Document("2024-11-20", None, ZH_STORY))
    assert clean_text(text) == text


def test_russian_story_is_untouched():
    doc = cleaned(*RU_STORY)
    assert [doc.title, *doc.paragraphs] == RU_STORY


def test_chinese_quote_inside_english_paragraph_is_kept():
    assert survives("Xi quoted a Chinese saying, 和而不同 (harmony without uniformity).")
    assert survives("Kazakh children sang the song 歌唱祖国 in Chinese")


def test_bilingual_page_is_not_treated_as_stray():
    pairs = ["中哈关系", "China-Kazakhstan relations", "永久全面战略伙伴", "Permanent partners"]
    assert cleaned("Intro.", *pairs).paragraphs == ["Intro.", *pairs]


# --- 3. breadcrumbs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "News > Latest News >",
        "Home » World » Asia",
        "首页 > 新闻",
        "Главная / Новости / Внешняя политика",
        "Home | China | Foreign Ministry",
        "Home > News > Xi hails uniqueness of China-Kazakhstan partnership",
        "Accueil › Actualités",
    ],
)
def test_breadcrumbs_are_dropped(line):
    assert not survives(line)


@pytest.mark.parametrize(
    "line",
    [
        "« Merci » a-t-il dit",
        "Trade rose 20 percent / year, he said.",
        "Kazakhstan/China border crossings reopened",
    ],
)
def test_lines_with_separator_characters_are_not_breadcrumbs(line):
    assert survives(line)


def test_table_rows_from_trafilatura_are_not_breadcrumbs():
    rows = ["| Year | Trade |", "|---|---|", "| 2023 | 41 billion |", "| 中国 | 哈萨克斯坦 |"]
    assert cleaned(*BODY, *rows).paragraphs == [*BODY, *rows]


def test_russian_quotes_are_not_breadcrumb_separators():
    assert survives("«Газпром» и «Роснефть» » итоги года", around=RU_STORY)


# --- 4. bylines and share widgets -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Source: Xinhua | 2024-07-03",
        "Source: Xinhua",
        "Editor: Li Ming",
        "Responsible editor: Wang Fang",
        "责任编辑：李明",
        "新华社记者 李然 张晓",
        "本报记者 王芳 报道",
        "来源：新华社",
        "Источник: ТАСС",
        "Share:",
        "Share",
        "Print",
        "E-mail",
        "Font size: A A A",
        "Facebook Twitter WeChat Weibo LinkedIn",
        "Share on X",
        "Print | E-mail | Share",
        "分享到：微信 微博 QQ空间",
        "Поделиться: ВКонтакте Telegram WhatsApp",
        "2024-07-03 10:23 | Source: Xinhua | Editor: Li Ming",
    ],
)
def test_bylines_and_share_widgets_are_dropped(line):
    assert not survives(line)


@pytest.mark.parametrize(
    ("byline", "date"),
    [
        ("Source: Xinhua | 2024-07-03", "2024-07-03"),
        ("Updated: 2024/7/3 10:23", "2024-07-03"),
        ("Published: 2024.07.03", "2024-07-03"),
        ("发布时间：2024年7月3日 10:23", "2024-07-03"),
        ("Updated: July 3, 2024", "2024-07-03"),
        ("Date: 3 July 2024", "2024-07-03"),
        ("Дата: 3 июля 2024", "2024-07-03"),
        ("Source: Xinhua | 2024-02-30", None),
    ],
)
def test_date_of_a_dropped_byline_becomes_the_document_date(byline, date):
    assert cleaned(byline, *BODY).date == date


def test_byline_date_does_not_override_a_known_date():
    doc = clean_document(Document("2024-07-02", None, ["Source: Xinhua | 2024-07-03", *BODY]))
    assert doc.date == "2024-07-02"


@pytest.mark.parametrize(
    "line",
    [
        "Source: a senior official said the talks went well.",
        "Q: Can you share more details about the visit?",
        "Print media were invited to the ceremony.",
        "July 3, 2024",
        "X",
        "Copy",
    ],
)
def test_sentences_that_start_like_bylines_are_kept(line):
    assert survives(line)


# --- 5. title -------------------------------------------------------------------------------


def test_headline_like_first_paragraph_becomes_title_and_its_copies_go():
    doc = cleaned(
        TITLE, *BODY[:2], "XI HAILS UNIQUENESS OF CHINA–KAZAKHSTAN PARTNERSHIP!", *BODY[2:]
    )
    assert doc.title == TITLE
    assert doc.paragraphs == BODY


def test_given_title_is_normalised_and_its_copies_go():
    doc = cleaned(
        TITLE, *BODY, title="  Xi hails\u00a0uniqueness of\nChina-Kazakhstan partnership "
    )
    assert doc.title == TITLE
    assert doc.paragraphs == BODY


def test_given_title_is_kept_even_when_it_reads_like_a_sentence():
    title = (
        "Foreign Ministry Spokesperson Guo Jiakun's Regular Press Conference on January 7, 2025."
    )
    assert cleaned(*BODY, title=title).title == title


def test_given_title_that_is_a_breadcrumb_is_no_title():
    doc = cleaned(TITLE, *BODY, title="Home > News")
    assert doc.title == TITLE


@pytest.mark.parametrize(
    "first", [LEAD, "ASTANA, July 2 (Xinhua) --", "Thank you.", "Q: Can you confirm the visit?"]
)
def test_sentences_and_datelines_do_not_become_titles(first):
    doc = cleaned(first, *BODY[1:])
    assert doc.title is None
    assert doc.paragraphs == [first, *BODY[1:]]


def test_speaker_label_that_recurs_is_not_a_title():
    transcript = ["Guo Jiakun", "Good afternoon.", "AFP", "Any comment?", "Guo Jiakun", "No."]
    transcript += ["Reuters", "A follow-up?", "Guo Jiakun", "I answered that."]
    doc = cleaned(*transcript)
    assert (doc.title, doc.paragraphs) == (None, transcript)


def test_paragraph_repeated_in_the_body_stays():
    doc = cleaned(TITLE, *BODY, BODY[1])
    assert doc.paragraphs == [*BODY, BODY[1]]


# --- 6. captions and photo credits ----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Chinese President Xi Jinping shakes hands with Kazakh President Kassym-Jomart Tokayev on "
        "July 2, 2024. [Photo by Xie Huanchi/Xinhua]",
        "Xi Jinping arrives in Astana on July 2, 2024. (Photo by Li Xueren)",
        "Tokayev holds a welcoming ceremony at the airport. (Xinhua/Li Ren)",
        "The SCO summit venue in Astana. [Photo/Xinhua]",
        "Delegates arrive at the summit. (Photo: AFP)",
        "Lavrov and Kazakh Foreign Minister Murat Nurtleu. (AP Photo/Evan Vucci)",
        "7月2日，国家主席习近平同哈萨克斯坦总统托卡耶夫握手。（新华社记者 李然 摄）",
        "7月2日，国家主席习近平抵达阿斯塔纳。新华社记者 谢环驰 摄",
        "Сергей Лавров на переговорах в Москве. (Фото: ТАСС)",
        "Photo: Xinhua",
        "Photo by Xie Huanchi/Xinhua",
        "Фото: Сергей Бобылев/ТАСС",
        "图片来源：新华社",
        "Kazakh President Kassym-Jomart Tokayev speaks in Astana on July 3. Photo: AP",
        "© dpa | Kay Nietfeld",
    ],
)
def test_captions_and_credits_are_dropped(line):
    assert not survives(line)


@pytest.mark.parametrize(
    "line",
    [
        LEAD,
        "BEIJING, July 3 (Xinhua)",
        "Photographers from 20 countries covered the summit.",
        "The leaders posed for a group photo before the talks (see below).",
    ],
)
def test_paragraphs_mentioning_agencies_or_photos_are_kept(line):
    assert survives(line, around=["Intro.", *BODY[1:]])


# --- 7, 8. bare URLs, image names, page ids -------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "http://images.china.cn/site1000/2024-07/03/117287875_f307f17b-9713-477d-8af6-5b702ceec727.png",
        "https://english.news.cn/20240703/abc/c.html",
        "www.example.com/x",
        "mfa.gov.cn/eng/xw/fyrbt/",
        "117287875_f307f17b.jpg",
    ],
)
def test_bare_urls_and_image_names_are_dropped(line):
    assert not survives(line)


@pytest.mark.parametrize("line", ["8013945", "#8013945", "ID: 8013945", "No. 8013945", "№ 42"])
def test_page_ids_are_dropped(line):
    assert not survives(line)


@pytest.mark.parametrize(
    "line",
    [
        "The full text is available at www.fmprc.gov.cn.",
        "2,000 people attended.",
        "No. 1 priority is trade",
        "1",
        "1992",
    ],
)
def test_sentences_with_urls_or_numbers_are_kept(line):
    assert survives(line)


# --- 9. per-source rules --------------------------------------------------------------------


def test_source_drop_rules_drop_matching_paragraphs():
    rules = CleanRules(drop=(r"^Follow Astana Times on", r"Subscribe"))
    doc = cleaned(*BODY, "Follow Astana Times on Telegram and X.", rules=rules)
    assert doc.paragraphs == BODY
    assert clean_text("Please Subscribe now.\n\nKept.\n", rules) == "Kept.\n"


def test_bad_drop_rule_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match=r"\(unclosed"):
        CleanRules(drop=("fine", "(unclosed"))
    with pytest.raises(TypeError):
        CleanRules(drop="^Follow us")  # type: ignore[arg-type]


# --- 11. real paragraphs survive ------------------------------------------------------------


def test_press_conference_transcript_is_untouched():
    transcript = [
        "Foreign Ministry Spokesperson Guo Jiakun's Regular Press Conference on January 7, 2025",
        "Guo Jiakun: Good afternoon. I have two announcements to start with.",
        "AFP: Can you confirm that the meeting took place?",
        "Guo Jiakun: I have no information to offer on that.",
        "Q: Thank you.",
        "Guo Jiakun: Thank you.",
        "Thank you.",
        "He said he agreed.",
        "“We are good neighbors,” he said.",
        "Thank you.",
    ]
    text = format_text(Document("2025-01-07", None, transcript))
    assert clean_text(text) == text


# --- 10. properties -------------------------------------------------------------------------

LINES = [
    *read(SEEDS / SEED_NAMES[1]).splitlines(),
    *ZH_STORY,
    *RU_STORY,
    "date 2024-07-03",
    "Share:",
    "Home » World",
    "Photo: Xinhua",
    "8013945",
    "Q: Why?",
    "\u00a0",
    "\ufeff",
    "- Veröffentlicht am 13. Mai 2026 um 15:44",
    "Advertisement",
    "___",
    "| 2023 | 41 billion |",
    "|---|---|",
    "【责任编辑:张樵苏】",
    "von Katja Belousova",
]
FRAGMENTS = st.one_of(
    st.sampled_from(LINES),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=30),
    st.text(alphabet="ab 习近平Лав.>|/:-\n\r\t\x00\x1f\x85\u2028\u00a0\u200b", max_size=30),
    st.sampled_from(["\n", "\n\n", "\r\n", " ", "\x0b", "\u2029"]),
)
TEXTS = st.one_of(st.text(), st.lists(FRAGMENTS, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_clean_text_properties(text):
    out = clean_text(text)
    assert clean_text(out) == out
    assert format_text(parse_text(out)) == out
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
    assert not [c for c in out if c != "\n" and unicodedata.category(c) in ("Cc", "Cs")]
    assert all(line == line.strip() for line in out.splitlines())


WORDS = st.one_of(
    st.text("abcXY", min_size=1, max_size=6),
    st.text("习近平出席", min_size=1, max_size=4),
    st.text("Лавров", min_size=1, max_size=5),
    st.sampled_from(["2024-07-03", "(Xinhua)", "--", "Source:", "|", ">", "Share", "date"]),
    st.sampled_from(["Photo:", "July 3, 2024", "»", "«", "8013945", "http://a.cn/x.png"]),
)
PARAGRAPHS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)
PARAGRAPHS = PARAGRAPHS.flatmap(lambda p: st.sampled_from([p, f"{p}.", f"{p}。", f"{p}:"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(PARAGRAPHS, max_size=12), st.one_of(st.none(), PARAGRAPHS))
def test_crawled_document_written_and_recleaned_keeps_its_bytes(paragraphs, title):
    text = format_text(clean_document(Document(None, title, paragraphs)))
    assert clean_text(text) == text


# --- page furniture, each rule with the line it was written for -----------------------------
# The lines below are copied from pages of ../shared/corpus/ (named after each), where
# trafilatura's default extraction keeps them and the reference text does not.

FURNITURE = {
    "ad label (politico.eu)": "Advertisement",
    "separator (apnews.com)": "___",
    "reading time (faktencheck.afp.com)": "- 3 Minuten Lesezeit",
    "reading time in English": "4 min read",
    "byline field, de (faktencheck.afp.com)": "- Von: Bill MCCARTHY, Marisha GOLDHAMER",
    "translation credit (faktencheck.afp.com)": "- Übersetzung und Adaptierung: AFP Deutschland",
    "source field, de (zdf.de)": "Quelle: AFP",
    "byline without a colon (zdf.de)": "von Katja Belousova",
    "English byline": "By Bill McCarthy and Marisha Goldhamer",
    "wire credits (reuters.com)": "Reporting by Maya Gebeilly in Beirut, Anthony Deutsch in The "
    "Hague and David Clarke in London; Writing by David Clarke; Editing by Daniel Flynn",
    "contributors (apnews.com)": "Peoples reported from New York and Thomson-DeVeaux from "
    "Washington. Associated Press writers Will Weissert in Johnstown, Pennsylvania, and Bill "
    "Barrow in Atlanta contributed to this report.",
    "copyright footer (faktencheck.afp.com)": "Copyright © AFP 2017-2026. Für die kommerzielle "
    "Nutzung dieses Inhalts ist ein Abonnement erforderlich. Klicken Sie hier für weitere "
    "Informationen.",
    "rights reserved": "All rights reserved.",
    "copyright line": "(c) 2024 Xinhua News Agency",
    "embed consent (zdf.de)": "Ein Klick für den Datenschutz",
    "cookie banner": "We use cookies to improve your experience. By clicking Accept, you agree.",
    "video teaser (zdf.de)": "Nach dem Angriff auf Israel wurden auf dem EU-Gipfel in Brüssel "
    "schärfere Sanktionen gegen Iran beschlossen. 18.04.2024 | 0:21 min",
    "error-report widget (news.cn)": "【纠错】",
    "bracketed editor (news.cn)": "【责任编辑:张樵苏】",
    "share prompt (people.com.cn)": "分享让更多人看到",
    "comment widget (people.com.cn)": "- 评论",
    "follow widget (people.com.cn)": "- 关注",
    "bracketed editors (china.chinadaily.com.cn)": "（编辑：严玉洁 王辉）",
    "reporter's mail address (en.yna.co.kr)": "kokobj@yna.co.kr",
    "end mark (en.yna.co.kr)": "(END)",
    "comment count (bbc.com)": "- 941 comments",
    "caption label (gmw.cn)": "图注：测试表明，有关人在高空中喝酒更容易醉的传言是不正确的",
    "caption (youth.cn)": "图为马素湘在澳大利亚悉尼游玩时的近影。",
    "original title (gmw.cn)": "原标题：他晚于阿姆斯特朗登月 却是首个敢在月球喝酒的人",
    "pointer to a live blog (zdf.de)": "Mehr zur Lage im Nahen Osten lesen Sie in unserem "
    "Liveblog:",
    "related-stories label (reuters.com)": "Related Coverage",
    "read-more link": "Read more: Xi hails uniqueness of China-Kazakhstan partnership",
    "standards footer (reuters.com)": "Our Standards: The Thomson Reuters Trust Principles.",
}


@pytest.mark.parametrize("line", FURNITURE.values(), ids=FURNITURE.keys())
def test_page_furniture_is_dropped(line):
    assert not survives(line)
    assert not survives(line, around=ZH_STORY)


@pytest.mark.parametrize(
    "paragraph",
    [
        "By contrast, the ministry said talks with Astana would resume in September.",
        "Von Anfang an war klar, dass die Gespräche schwierig werden würden.",
        "Copyright law in Kazakhstan was amended in 2020 to cover online news.",
        "The court ruled that websites must obtain consent before setting cookies.",
        "Reporting on the talks was restricted, the agency said.",
        "Related talks will be held in Astana next week.",
        "Read more than 2,000 years of history in the Silk Road museum, the guide said.",
        "Tokayev said:",
        "(c) strengthen cooperation in trade, investment and transport;",
        "By The Numbers",
        "The summit lasted 90 minutes.",
        "| 2023 | 41 billion |",
        "IDENTIFIED AS PRESS",
    ],
)
def test_real_paragraphs_like_furniture_survive(paragraph):
    assert survives(paragraph)


def test_a_publication_stamp_gives_the_date():
    doc = cleaned(*BODY[:1], "- Veröffentlicht am 13. Mai 2026 um 15:44", *BODY[1:])
    assert doc.date == "2026-05-13"
    assert doc.paragraphs == BODY


def test_a_stamp_with_time_zone_gives_the_date():
    doc = cleaned(*BODY, "Updated 17:41 JST, October 13, 2024")  # time zone as on japannews
    assert (doc.date, doc.paragraphs) == ("2024-10-13", BODY)


def test_european_day_month_year_dates_are_read():
    doc = cleaned("Quelle: AFP | 28.04.2023", *BODY)
    assert doc.date == "2023-04-28"


# --- mixed scripts ---------------------------------------------------------------------------


def test_chinese_headline_atop_an_english_story_is_removed():
    doc = cleaned("中哈关系迈向新的高度", *BODY, title=TITLE)
    assert doc.title == TITLE
    assert doc.paragraphs == BODY


def test_chinese_quote_inside_an_english_story_is_kept():
    quote = "“志合者，不以山海为远。”"
    explained = "Xi quoted an old saying, which means that distance cannot separate true partners."
    story = [*BODY[:2], quote, explained, *BODY[2:]]
    assert cleaned(*story, title=TITLE).paragraphs == story


# --- fast paths give what the plain definitions give -----------------------------------------


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.sampled_from(["", ".", "!", "\n", ".\n", "]", "]\n", "摄", "。", ":"]))
def test_fast_paths_agree_with_the_plain_definitions(text, end):
    lines = (
        re.sub(r"\s+", " ", clean._INVISIBLE.sub("", line)).strip() for line in text.splitlines()
    )
    assert clean._normalise(text) == [line for line in lines if line]
    key = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())
    assert clean.text_key(text) == key
    cjk = clean._CJK_RUN.pattern.removesuffix("+")
    wide = len(re.findall(cjk, text))
    assert clean._words(text) == len(re.sub(cjk, " ", text).split()) + (wide + 1) // 2
    scripts = Counter(clean._script(c) for c in text if c.isalpha())
    assert dict(clean._scripts(text)) == {
        s: n * (3 if s in clean._WIDE else 1) for s, n in scripts.items()
    }
    tokens = [t.casefold() for t in clean._TOKEN.findall(text)]
    assert clean._is_share_widget(text) == (
        any(t in clean._SHARE_WORDS for t in tokens)
        and all(t in clean._SHARE_WORDS | clean._SHARE_FILLER for t in tokens)
    )
    line = text + end
    patterns = (clean._END_CREDIT.search, clean._END_CREDIT_ZH.search, clean._CREDIT_LINE.match)
    assert clean.is_caption(line) == any(p(line) for p in patterns)


def test_script_ranges_hold_letters_of_their_script_only():
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for letters, script, weight in clean._SCRIPT_RANGES:
        found = "".join(letters.findall(everything))
        assert found and all(c.isalpha() and clean._script(c) == script for c in found)
        assert weight == (3 if script in clean._WIDE else 1)


def test_credit_longest_is_the_longest_line_the_credit_pattern_matches():
    assert clean._CREDIT.fullmatch("x" * 299 + " contributed to this report.")
    parser = pytest.importorskip("re._parser")  # private; only here to check the constant
    assert parser.parse(clean._CREDIT.pattern, clean._CREDIT.flags).getwidth()[1] == 327
    assert clean._CREDIT_LONGEST == 327
