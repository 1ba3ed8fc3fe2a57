# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""tass.com (TASS, English).

Structure from the site's public URLs: the RSS feed ``/rss/v2.xml``, stories at
``/<section>/<numeric id>``. Dates on the page are drawn by script from
``<dateformat time="<unix>">``; the JSON-LD ``NewsArticle`` carries ``datePublished``.
Markup (``news-header__title``, ``text-content``) approximated; no saved page. A feed
link on ``m.tass.com`` (the mobile host) is an invented case for host folding: it is
fetched on ``tass.com``, once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import date as Date

from tests.sites import Case, Story, Writer, prose, rss

SITE = "https://tass.com"


def article(story: Story) -> str:
    moment = datetime(story.day.year, story.day.month, story.day.day, 11, 40, tzinfo=UTC)
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{story.title} - Russian Politics &amp; Diplomacy - TASS</title>
<meta property="og:site_name" content="TASS"><meta property="og:title" content="{story.title}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{story.title}","datePublished":"{moment.isoformat()}","publisher":{{"@type":"Organization","name":"TASS"}}}}</script>
</head><body>
<header class="header"><a href="/" class="logo">TASS Russian News Agency</a><nav><a href="/politics">Politics</a> <a href="/world">World</a> <a href="/economy">Business &amp; Economy</a> <a href="/society">Society &amp; Culture</a></nav></header>
<div class="news"><div class="news-header"><h1 class="news-header__title">{story.title}</h1>
<div class="news-header__lead">{story.paragraphs[0][:80]}</div>
<dateformat time="{int(moment.timestamp())}" mode="abs"></dateformat></div>
<div class="text-content"><p>MOSCOW, {story.day:%B} {story.day.day}. /TASS/. {story.paragraphs[0]}</p>
{body.split("</p>", 1)[1]}
</div>
<div class="tags"><a href="/tag/russia">Russia</a> <a href="/tag/kazakhstan">Kazakhstan</a></div>
<div class="follow">Follow TASS on Telegram</div></div>
<footer class="footer"><p>© TASS 1999-2025. All rights reserved. Reproduction of materials is permitted with reference to TASS.</p></footer>
</body></html>"""


def build(site: Writer) -> Case:
    case = Case(
        "tass", boilerplate=["Follow TASS", "Reproduction of materials", "TASS Russian News Agency"]
    )
    specs = [
        (
            Date(2025, 3, 6),
            "Putin, Tokayev discuss energy cooperation by phone",
            "politics/1925123",
        ),
        (Date(2025, 2, 27), "Lavrov to visit Central Asia in March", "politics/1922410"),
        (
            Date(2025, 2, 17),
            "Russia, China hold consultations on Asia-Pacific security",
            "world/1918007",
        ),
        (Date(2025, 2, 4), "Moscow hosts CIS foreign ministers' meeting", "politics/1911234"),
        (Date(2025, 1, 22), "Russian, Kazakh PMs sign roadmap on transport", "economy/1905321"),
    ]
    stories = []
    for day, title, path in specs:
        story = Story(
            f"{SITE}/{path}",
            title,
            day,
            prose(title, "the Kremlin spokesman", day, "the strategic partnership"),
        )
        stories.append(story)
        case.publish(site, story, article(story))

    def link(s: Story) -> str:
        return s.url.replace(SITE, "https://m.tass.com") if s.day == Date(2025, 2, 17) else s.url

    entries = [(s.title, link(s), s.day) for s in stories]
    entries.append(("A duplicate", stories[2].url, stories[2].day))
    entries.append(("Photo: Moscow in snow", f"{SITE}/photo/1919999", Date(2025, 2, 18)))
    case.non_articles.append(f"{SITE}/photo/1919999")
    case.never_fetched.append("https://m.tass.com/world/1918007")
    site.page(f"{SITE}/rss/v2.xml", rss("TASS", entries))
    return case
