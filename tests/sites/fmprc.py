# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""www.fmprc.gov.cn, English (China MFA), as of its 2024 redesign.

Structure from the public site's URLs as linked in news reports and scraper code: a TRS
WCM CMS, sections ``/eng/xw/fyrbt/lxjzh/`` (spokesperson's regular press conferences) and
``/eng/xw/zyxw/`` (ministry news), listing pages ``index.html``, ``index_1.html``, ...
(the pager is drawn by JavaScript ``createPageHTML``, so there is no next link to follow),
articles at ``<section>/YYYYMM/tYYYYMMDD_<id>.html``, ``www.mfa.gov.cn`` an alias host.
The markup (``news-details``, ``TRS_Editor``, Print/Close buttons) is an approximation;
no saved page of the site was available. One press conference is stored in GB18030
under a ``charset=gb2312`` meta tag, as older TRS templates declare.

The press-conference listing spans three years (36 pages, newest first) for the test
that a dated crawl fetches only the listing pages its window needs.
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose

BASE = "https://www.fmprc.gov.cn/eng/xw"
PRESSERS = f"{BASE}/fyrbt/lxjzh"
NEWS = f"{BASE}/zyxw"
SPOKESPEOPLE = ("Mao Ning", "Lin Jian", "Guo Jiakun")

HEAD = """<!DOCTYPE html>
<html lang="en"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{day} 19:30">
<meta name="ContentSource" content="Ministry of Foreign Affairs">
</head><body>
<div class="header"><div class="logo"><a href="/eng/"><img src="/eng/images/logo.png" alt="Ministry of Foreign Affairs of the People's Republic of China"></a></div>
<ul class="nav"><li><a href="/eng/">Home</a></li><li><a href="/eng/zy/">Ministry</a></li><li><a href="/eng/xw/">News</a></li><li><a href="/eng/wjb/">Spokesperson's Remarks</a></li><li><a href="/eng/zy/gb/">Countries &amp; Regions</a></li></ul></div>
<div class="position">Home &gt; News &gt; {section}</div>
"""
FOOT = """<div class="footer"><p>Copyright &copy; Ministry of Foreign Affairs, the People's Republic of China</p>
<p>Address: No. 2, Chaoyangmen Nandajie, Chaoyang District, Beijing, 100701 Tel: 86-10-65961114</p></div>
</body></html>"""


def article(story: Story, section: str, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        HEAD.format(charset=charset, title=story.title, day=story.day, section=section)
        + f"""<div class="news-details">
<div class="news-title"><h1>{story.title}</h1></div>
<div class="news-time"><span>Updated: {story.day:%B %d, %Y} 19:30</span></div>
<div class="news-main"><div class="TRS_Editor">
{body}
</div></div>
<div class="news-btn"><a href="javascript:window.print()">Print</a> <a href="javascript:window.close()">Close</a></div>
</div>
"""
        + FOOT
    )


def presser(day: Date, serial: int) -> Story:
    who = SPOKESPEOPLE[day.month % 3]
    title = f"Foreign Ministry Spokesperson {who}'s Regular Press Conference on {day:%B} {day.day}, {day.year}"
    url = f"{PRESSERS}/{day:%Y%m}/t{day:%Y%m%d}_{11500000 + serial}.html"
    answers = prose(title, who, day, "the question from the press", 3)
    paragraphs = [
        f"{who}: Good afternoon. I have two announcements to start with.",
        *answers,
        f"CCTV: Could you share more details on the visit announced on {day:%B} {day.day}?",
        f"{who}: {answers[1]}",
    ]
    return Story(url, title, day, paragraphs)


def listing(number: int, items: list[Story]) -> str:
    lis = "\n".join(
        f'<li><a href="./{s.url.rsplit("/", 2)[1]}/{s.url.rsplit("/", 1)[1]}" target="_blank">{s.title}</a><span>{s.day}</span></li>'
        for s in items
    )
    return (
        HEAD.format(charset="utf-8", title="Regular Press Conference", day="", section="Press")
        + f"""<div class="newsBd"><ul class="list1">
{lis}
</ul>
<div class="page"><script>createPageHTML(36, {number}, "index", "html");</script></div>
</div>
"""
        + FOOT
    )


def build(site: Writer) -> Case:
    case = Case("fmprc", boilerplate=["Print", "Close", "Copyright", "Updated:", "Home > News"])
    months = [Date(2025 - (i + 9) // 12, 12 - (i + 9) % 12, 1) for i in range(36)]  # 2025-03 ...
    for number, month in enumerate(months):
        items = [
            presser(month.replace(day=18), 2 * number),
            presser(month.replace(day=4), 2 * number + 1),
        ]
        url = f"{PRESSERS}/index.html" if number == 0 else f"{PRESSERS}/index_{number}.html"
        site.page(url, listing(number, items))
        case.listing_pages.append(url)
        if month >= Date(2025, 1, 1):
            case.listing_needed.append(url)  # January: the first page wholly before since
        for story in items:
            if story.day < Date(2025, 1, 1):
                case.never_fetched.append(story.url)  # no page: never asked for
            elif story.day.day == 18:  # stored in GB18030, declared gb2312
                who = story.paragraphs[0].split(":")[0]
                line = "We call it 人类命运共同体 — “a community with a shared future for mankind”."
                story.paragraphs.append(f"{who}: {line}")
                case.publish(site, story, article(story, "Press", "gb2312"), encoding="gb18030")
            else:
                case.publish(site, story, article(story, "Press"))
    news = [
        Story(
            f"{NEWS}/202502/t20250214_11577001.html",
            "Wang Yi Meets with Foreign Minister of Kazakhstan Murat Nurtleu",
            Date(2025, 2, 14),
            [],
        ),
        Story(
            f"{NEWS}/202501/t20250121_11570002.html",
            "Wang Yi Holds Talks with Visiting Egyptian Foreign Minister",
            Date(2025, 1, 21),
            [],
        ),
    ]
    for story in news:
        story.paragraphs = prose(story.title, "Wang Yi", story.day, "strategic partnership", 5)
        case.publish(site, story, article(story, "Ministry News"))
    alias = "https://www.mfa.gov.cn/eng/xw/zyxw/202502/t20250214_11577001.html"  # same story
    site.page(
        f"{NEWS}/index.html",
        HEAD.format(charset="utf-8", title="Ministry News", day="", section="News")
        + '<div class="newsBd"><ul class="list1">'
        + "".join(f'<li><a href="{s.url}">{s.title}</a><span>{s.day}</span></li>' for s in news)
        + f'<li><a href="{alias}">Wang Yi Meets with Murat Nurtleu</a><span>2025-02-14</span></li>'
        + '<li><a href="/eng/zy/gb/">Countries and Regions</a><span>2025-02-10</span></li>'
        + "</ul></div>"
        + FOOT,
    )
    case.non_articles.append("https://www.fmprc.gov.cn/eng/zy/gb/")
    case.never_fetched.append(alias)
    return case
