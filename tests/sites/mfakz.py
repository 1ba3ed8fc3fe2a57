# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""www.gov.kz, the Kazakh government portal: press releases of the MFA, in English.

Structure from the portal's public URLs: ``/memleket/entities/mfa/press/news?lang=en``
(listing, ``&page=N``), ``/memleket/entities/mfa/press/news/details/<id>?lang=en``
(articles; the ``lang`` parameter is part of the address). The portal is an Angular app
rendered on the server; this markup (``news-card``, ``content-page``) imitates that
output and is an approximation: no saved page of the site was available.
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose

SITE = "https://www.gov.kz"
ENTITY = f"{SITE}/memleket/entities/mfa"

HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} - Ministry of Foreign Affairs of the Republic of Kazakhstan</title>
<meta property="og:title" content="{title}">
</head><body><app-root>
<header class="header"><a class="logo" href="/?lang=en">eGov.kz Public authorities</a>
<nav><a href="/memleket/entities/mfa?lang=en">Ministry of Foreign Affairs</a> <a href="/memleket/entities/mfa/about?lang=en">About</a> <a href="/memleket/entities/mfa/press/news?lang=en">Press center</a> <a href="/memleket/entities/mfa/contacts?lang=en">Contacts</a></nav>
<div class="lang"><a href="?lang=kk">Қаз</a> <a href="?lang=ru">Рус</a> <a href="?lang=en">Eng</a></div></header>
"""
FOOT = """<footer class="footer"><p>© 2025 Ministry of Foreign Affairs of the Republic of Kazakhstan</p>
<p>Unified contact center: 1414</p><p>Was the information useful?</p></footer>
</app-root></body></html>"""


def article(story: Story) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        HEAD.format(title=story.title)
        + f"""<main class="content-page">
<div class="breadcrumbs"><a href="/?lang=en">Main</a> / <a href="/memleket/entities/mfa/press/news?lang=en">News</a></div>
<h1 class="title">{story.title}</h1>
<div class="date">{story.day.day} {story.day:%B %Y}, 10:15</div>
<div class="content">{body}</div>
<div class="share">Share: <a href="https://t.me/share">Telegram</a> <a href="https://facebook.com/share">Facebook</a></div>
<div class="updated">Last updated: {story.day.day} {story.day:%B %Y}, 10:20</div>
</main>
"""
        + FOOT
    )


def listing(stories: list[Story], next_page: int | None) -> str:
    cards = "\n".join(
        f'<div class="news-card"><a href="{s.url.removeprefix(SITE)}"><h3>{s.title}</h3></a><span class="date">{s.day.day} {s.day:%B %Y}</span></div>'
        for s in stories
    )
    pager = (
        f'<a class="next" href="/memleket/entities/mfa/press/news?lang=en&page={next_page}">Next</a>'
        if next_page
        else ""
    )
    return (
        HEAD.format(title="News")
        + f'<main class="news-list">{cards}<div class="pagination">{pager}</div></main>'
        + FOOT
    )


def build(site: Writer) -> Case:
    case = Case(
        "mfakz",
        boilerplate=[
            "Share:",
            "Last updated",
            "Was the information useful",
            "Main / News",
            "Unified contact center",
        ],
    )
    specs = [
        (Date(2025, 3, 3), "Kazakhstan and Japan Hold Political Consultations in Tokyo"),
        (
            Date(2025, 2, 20),
            "Deputy Foreign Minister Meets with EU Special Representative for Central Asia",
        ),
        (
            Date(2025, 2, 6),
            "Kazakh Foreign Minister Receives Credentials Copies from New Ambassadors",
        ),
        (Date(2025, 1, 28), "Kazakhstan Takes Part in Ministerial Meeting on Central Asia"),
        (Date(2025, 1, 15), "Foreign Ministry Briefs Diplomatic Corps on Reforms"),
    ]
    stories = []
    for number, (day, title) in enumerate(specs):
        url = f"{ENTITY}/press/news/details/{931200 - 17 * number}?lang=en"
        story = Story(
            url,
            title,
            day,
            prose(title, "the Deputy Foreign Minister", day, "the Central Asia agenda"),
        )
        stories.append(story)
        case.publish(site, story, article(story))
    site.page(f"{ENTITY}/press/news?lang=en", listing(stories[:3], 2))
    site.page(f"{ENTITY}/press/news?lang=en&page=2", listing(stories[3:], 3))
    case.never_fetched.append(f"{ENTITY}/press/news?lang=en&page=3")  # page 2 is wholly older
    case.non_articles.append(f"{ENTITY}/about?lang=en")
    return case
