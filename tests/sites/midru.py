# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""mid.ru, English (Russian MFA), on its 1C-Bitrix CMS.

Structure from the site's public URLs: news listing ``/en/foreign_policy/news/`` paged by
Bitrix's ``?PAGEN_1=N`` ("next" link), stories at ``/en/foreign_policy/news/<id>/``,
``www.mid.ru`` an alias of ``mid.ru``. Markup (``announce__item``, ``text-block``)
approximated; no saved page was available. Listing dates are "12 February 2025 18:05".
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose

SITE = "https://mid.ru"
NEWS = f"{SITE}/en/foreign_policy/news"

HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>{title}</title></head><body>
<header class="header"><a href="/en/" class="header__logo">The Ministry of Foreign Affairs of the Russian Federation</a>
<nav class="menu"><a href="/en/foreign_policy/">Foreign policy</a> <a href="/en/press_service/">Press service</a> <a href="/en/about_us/">About the Ministry</a> <a href="/en/maps/">Countries</a></nav>
<div class="version"><a href="/ru/">Русский</a> <a href="/en/">English</a> <a href="/fr/">Français</a></div></header>
"""
FOOT = """<footer class="footer"><p>© 2025 The Ministry of Foreign Affairs of the Russian Federation</p>
<p>All materials of the site may be used with a reference to the source.</p></footer></body></html>"""


def article(story: Story) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        HEAD.format(title=story.title)
        + f"""<div class="text-block">
<div class="breadcrumbs"><a href="/en/">Home</a> / <a href="/en/foreign_policy/">Foreign policy</a> / <a href="/en/foreign_policy/news/">News</a></div>
<h1 class="text-block__title">{story.title}</h1>
<div class="text-block__date">{story.day.day} {story.day:%B %Y} 18:05</div>
<div class="text">{body}</div>
<div class="text-block__footer"><a href="?print=y">Print version</a> <a href="#">Send by e-mail</a> <span>Share:</span></div>
</div>"""
        + FOOT
    )


def build(site: Writer) -> Case:
    case = Case(
        "midru",
        boilerplate=[
            "Print version",
            "Send by e-mail",
            "All materials of the site",
            "Home / Foreign policy",
        ],
    )
    specs = [
        (
            Date(2025, 3, 1),
            "Foreign Minister Sergey Lavrov's meeting with Foreign Minister of Turkiye",
            1998102,
        ),
        (
            Date(2025, 2, 25),
            "Foreign Minister Sergey Lavrov's talks with Foreign Minister of Kazakhstan",
            1997714,
        ),
        (
            Date(2025, 2, 12),
            "Comment by the Information and Press Department on the CSTO meeting",
            1995341,
        ),
        (
            Date(2025, 2, 3),
            "Deputy Foreign Minister's meeting with the Ambassador of China",
            1993802,
        ),
        (
            Date(2025, 1, 29),
            "Foreign Ministry statement on the anniversary of diplomatic relations",
            1993100,
        ),
        (Date(2025, 1, 20), "Foreign Minister's interview with a news agency", 1991876),
    ]
    stories = []
    for day, title, number in specs:
        story = Story(
            f"{NEWS}/{number}/",
            title,
            day,
            prose(title, "Sergey Lavrov", day, "strategic dialogue"),
        )
        stories.append(story)
        case.publish(site, story, article(story))

    def page(items: list[Story], next_page: int | None) -> str:
        rows = "".join(
            f'<div class="announce__item"><a class="announce__link" href="{s.url.removeprefix(SITE)}">{s.title}</a><div class="announce__date">{s.day.day} {s.day:%B %Y} 18:05</div></div>'
            for s in items
        )
        pager = (
            f'<div class="pagination"><a class="pagination__next" href="/en/foreign_policy/news/?PAGEN_1={next_page}">Next</a></div>'
            if next_page
            else ""
        )
        return HEAD.format(title="News") + f'<div class="announce">{rows}</div>{pager}' + FOOT

    site.page(f"{NEWS}/", page(stories[:2], 2))
    # A link on www.mid.ru (the alias host) to a story also linked on mid.ru: one fetch.
    alias = stories[2].url.replace("https://mid.ru", "https://www.mid.ru")
    second = page(stories[2:4], 3).replace(
        '<div class="announce">',
        f'<div class="announce"><div class="announce__item"><a class="announce__link" href="{alias}">{stories[2].title}</a><div class="announce__date">12 February 2025</div></div>',
    )
    site.page(f"{NEWS}/?PAGEN_1=2", second)
    site.page(f"{NEWS}/?PAGEN_1=3", page(stories[4:], 4))
    case.never_fetched += [alias, f"{NEWS}/?PAGEN_1=4"]
    return case
