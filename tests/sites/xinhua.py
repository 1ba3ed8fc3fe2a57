# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""english.news.cn (Xinhua English), in its 2021+ layout.

Structure from the site's public URLs: stories at ``/YYYYMMDD/<32 hex>/c.html``, channel
pages such as ``/china/index.htm`` (no pagination in the HTML: older items come by
script). Markup follows the news.cn detail template seen in the saved Xinhua pages of
``shared/corpus`` (``header-time`` split into year/day/time, ``#detail`` body) with the
English site's furniture; it carries what the real pages leak into the body: photo
credits "(Xinhua/...)", an ``Editor:`` line and a "Source: Xinhua| <date> |Editor:" byline.
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose

SITE = "https://english.news.cn"


def article(story: Story, editor: str, byline: bool = True) -> str:
    """The 2021+ template; ``byline`` adds the older "Source: Xinhua| date" line, without
    which no date on the page is machine-readable (the header splits it into spans)."""
    first, *rest = story.paragraphs
    body = "\n".join(f"<p>{p}</p>" for p in rest)
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{story.title}-Xinhua</title>
<meta name="keywords" content="China"><meta name="description" content="{story.title}">
</head><body>
<div class="topBar"><a href="https://english.news.cn/">HOME</a> <a href="/china/index.htm">CHINA</a> <a href="/world/index.htm">WORLD</a> <a href="/business/index.htm">BUSINESS</a> <a href="/photo/index.htm">PHOTOS</a> <a href="https://www.news.cn/">中文</a></div>
<div class="header"><div class="header-cont clearfix">
<div class="head-line clearfix"><h1><span class="title">{story.title}</span></h1></div>
<div class="header-time left"><span class="year"><em> {story.day.year}</em></span><span class="day"><em> {story.day:%m}</em>/<em>{story.day:%d}</em></span><span class="time"> 19:21:05</span></div>
<div class="source">Source: Xinhua</div><div class="editor">Editor: {editor}</div>
</div></div>
<div class="main clearfix"><div class="main-left left"><div id="detail">
{f"<p>Source: Xinhua| {story.day} 19:21:05|Editor: {editor}</p>" if byline else ""}
<p><img src="20250212a.jpg"></p>
<p>People visit an exhibition in Beijing, capital of China, on {story.day:%b}. {story.day.day}, 2025. (Xinhua/Li Xin)</p>
<p>BEIJING, {story.day:%b}. {story.day.day} (Xinhua) -- {first}</p>
{body}
<p>Editor: {editor}</p>
</div>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a></div>
<div class="related"><h3>Related</h3><ul><li><a href="/20250101/00000000000000000000000000000000/c.html">An older related story</a></li></ul></div>
</div></div>
<div class="foot"><p>Copyright © 2000-2025 XINHUANET.com All rights reserved.</p><p>Xinhua News Agency</p></div>
</body></html>"""


def build(site: Writer) -> Case:
    case = Case(
        "xinhua",
        boilerplate=[
            "Editor:",
            "Source: Xinhua",
            "(Xinhua/Li Xin)",
            "All rights reserved",
            "Share:",
            "HOME",
        ],
    )
    specs = [
        (
            Date(2025, 3, 2),
            "China's two sessions to open with focus on high-quality development",
            "f3a1",
        ),
        (Date(2025, 2, 26), "Chinese, Kazakh FMs hold talks in Beijing", "b27c"),
        (Date(2025, 2, 12), "Xi sends congratulatory letter to international forum", "9d40"),
        (Date(2025, 2, 9), "China-Central Asia trade hits record high", "1e88"),
        (Date(2025, 1, 27), "Spring Festival travel rush in full swing", "07aa"),
    ]
    stories = []
    for day, title, key in specs:
        url = f"{SITE}/{day:%Y%m%d}/{(key * 8)}/c.html"
        story = Story(
            url,
            title,
            day,
            prose(title, "Chinese Foreign Minister Wang Yi", day, "bilateral cooperation"),
        )
        stories.append(story)
        case.publish(site, story, article(story, "Huang Yue", byline=day.day != 9))
    items = "".join(
        f'<div class="item"><div class="tit"><a href="../{s.url.removeprefix(SITE + "/")}" target="_blank">{s.title}</a></div><div class="time">{s.day} 19:21:05</div></div>'
        for s in stories
    )
    world = items.split('<div class="item">')[2]  # a story both channels carry: fetched once
    site.page(
        f"{SITE}/world/index.htm",
        f'<html><body><div id="list"><div class="item">{world}</div></body></html>',
    )
    site.page(
        f"{SITE}/china/index.htm",
        f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>China-Xinhua</title></head><body>
<div class="topBar"><a href="/">HOME</a></div><div id="list" class="list">{items}
<div class="item"><div class="tit"><a href="/photo/index.htm">Photos</a></div></div>
<div class="item"><div class="tit"><a href="/special/2025lh/index.htm">Special: Two Sessions 2025</a></div></div></div>
<div class="more"><a href="javascript:void(0)" class="btn">More</a></div></body></html>""",
    )
    case.non_articles += [f"{SITE}/photo/index.htm", f"{SITE}/special/2025lh/index.htm"]
    return case
