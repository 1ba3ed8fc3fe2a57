# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""en.inform.kz (Kazinform International News Agency), English, 2023+ layout.

Structure from the site's public URLs: stories at ``/news/<slug>-<6 hex>/``, the news
feed ``/lenta/`` paged by ``?page=N`` ("next" link), and an RSS feed ``/rss/``. The
listing carries no dates, so out-of-window stories found there are fetched and then
not written (their page date decides). Markup (``article__title``, ``article__body-text``)
approximated; no saved page. Kazinform closes stories with an "Earlier, Kazinform News
Agency reported ..." cross-link paragraph and a "Photo credit" line.
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose, rss

SITE = "https://en.inform.kz"


def article(story: Story) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{story.title}</title>
<meta property="og:title" content="{story.title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{story.day}T14:30:00+05:00">
</head><body>
<header class="header"><a class="header__logo" href="/">Kazinform</a><nav><a href="/category/politics/">Politics</a> <a href="/category/economy/">Economy</a> <a href="/category/society/">Society</a> <a href="/lenta/">All news</a></nav></header>
<article class="article"><h1 class="article__title">{story.title}</h1>
<div class="article__info"><span class="article__date">{story.day.day} {story.day:%B %Y} 14:30</span> <span class="article__author">Aigerim Zhunussova</span></div>
<div class="article__body-text">{body}
<p>Photo credit: Akorda</p>
<p>Earlier, Kazinform News Agency reported that Kazakhstan plans to expand its network of trade missions abroad.</p>
</div>
<div class="article__tags"><a href="/tag/diplomacy/">#Diplomacy</a> <a href="/tag/kazakhstan/">#Kazakhstan</a></div>
<div class="subscribe">Follow Kazinform on Telegram</div></article>
<footer><p>© 2025 Kazinform International News Agency. All rights reserved.</p></footer></body></html>"""


def build(site: Writer) -> Case:
    case = Case(
        "kazinform",
        boilerplate=[
            "Earlier, Kazinform News Agency reported",
            "Photo credit",
            "Follow Kazinform",
            "#Diplomacy",
            "All rights reserved",
        ],
    )
    specs = [
        (
            Date(2025, 3, 3),
            "Kazakhstan and Uzbekistan launch joint industrial cooperation center",
            "4c1d2e",
        ),
        (Date(2025, 2, 24), "Tokayev meets with Chinese Foreign Minister Wang Yi", "a9f310"),
        (Date(2025, 2, 13), "Kazakhstan, EU discuss Trans-Caspian route development", "07b5c2"),
        (Date(2025, 1, 30), "Kazakh Senate ratifies agreement with Kyrgyzstan", "e41a77"),
    ]
    stories = []
    for day, title, key in specs:
        slug = title.lower().replace(",", "").replace(" ", "-")
        story = Story(
            f"{SITE}/news/{slug}-{key}/",
            title,
            day,
            prose(title, "the Kazakh President", day, "regional integration"),
        )
        stories.append(story)
        case.publish(site, story, article(story), dated_early=False)
    site.page(f"{SITE}/rss/", rss("Kazinform", [(s.title, s.url, s.day) for s in stories[:2]]))
    case.never_fetched.append(stories[0].url)  # the feed dates it after until

    def page(links: list[Story], next_page: int | None) -> str:
        cards = "".join(
            f'<div class="lenta__item"><a href="{s.url.removeprefix(SITE)}">{s.title}</a></div>'
            for s in links
        )
        pager = (
            f'<a class="pagination__next" href="/lenta/?page={next_page}">Next</a>'
            if next_page
            else ""
        )
        return f'<!DOCTYPE html><html><body><div class="lenta">{cards}<div class="lenta__item"><a href="/category/politics/">Politics</a></div></div>{pager}</body></html>'

    site.page(f"{SITE}/lenta/", page(stories[1:3], 2))
    site.page(f"{SITE}/lenta/?page=2", page(stories[3:], None))
    case.non_articles.append(f"{SITE}/category/politics/")
    return case
