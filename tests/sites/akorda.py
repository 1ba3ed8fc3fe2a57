# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""www.akorda.kz, the Kazakh presidency, English.

Structure from the site's public URLs: event listing ``/en/events`` paged by
``?page=N`` with a "next" link, stories at ``/en/<slug>-<number>`` (no date in the URL).
Markup (``event-item``, ``article-text``) approximated; no saved page was available.
The listing also links a photo gallery under the same URL pattern: it is fetched and
must be recognised as no article (a few captions, no text).
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose

SITE = "https://www.akorda.kz"

HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="{og}"><meta property="og:title" content="{title}"></head><body>
<header><a class="logo" href="/en">Official website of the President of the Republic of Kazakhstan</a>
<ul class="menu"><li><a href="/en/president">President</a></li><li><a href="/en/events">Events</a></li><li><a href="/en/addresses">Addresses</a></li><li><a href="/en/legal_acts">Legal acts</a></li></ul>
<div class="langs"><a href="/kz">Қазақша</a> <a href="/ru">Русский</a> <a href="/en">English</a></div></header>
"""
FOOT = """<footer><p>Official website of the President of the Republic of Kazakhstan</p>
<p>All rights reserved. When using materials, a hyperlink to akorda.kz is required.</p></footer></body></html>"""


def article(story: Story) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        HEAD.format(title=story.title, og="article")
        + f"""<div class="article">
<h1>{story.title}</h1>
<div class="article-date">{story.day.day} {story.day:%B %Y}, 15:40</div>
<div class="article-text">{body}</div>
<div class="article-share">Share <a href="https://t.me/share">Telegram</a></div>
</div>"""
        + FOOT
    )


def build(site: Writer) -> Case:
    case = Case("akorda", boilerplate=["All rights reserved", "hyperlink to akorda.kz", "Share"])
    specs = [
        (Date(2025, 3, 5), "Head of State receives Prime Minister", "1503251"),
        (
            Date(2025, 2, 21),
            "Kassym-Jomart Tokayev holds talks with President of Azerbaijan",
            "2102257",
        ),
        (
            Date(2025, 2, 10),
            "President holds meeting on development of transport and logistics",
            "1002253",
        ),
        (Date(2025, 1, 30), "Head of State chairs meeting of Security Council", "3001251"),
        (Date(2025, 1, 17), "President receives Minister of Foreign Affairs", "1701254"),
    ]
    stories = []
    for day, title, number in specs:
        slug = title.lower().replace(" ", "-").replace("--", "-")
        story = Story(
            f"{SITE}/en/{slug}-{number}",
            title,
            day,
            prose(title, "Kassym-Jomart Tokayev", day, "economic cooperation"),
        )
        stories.append(story)
        case.publish(site, story, article(story))
    gallery = f"{SITE}/en/photo-gallery-state-visit-to-azerbaijan-2102258"
    site.page(
        gallery,
        HEAD.format(title="Photo gallery", og="website")
        + '<div class="gallery"><img src="/p/1.jpg" alt="1"><p>Photo: Akorda press service</p></div>'
        + FOOT,
    )
    case.non_articles.append(gallery)

    def page(items: list[tuple[str, str, Date]], next_page: int | None) -> str:
        cards = "".join(
            f'<div class="event-item"><a href="{url.removeprefix(SITE)}">{title}</a><span class="event-date">{day.day} {day:%B %Y}</span></div>'
            for url, title, day in items
        )
        pager = (
            f'<ul class="pagination"><li class="next"><a href="/en/events?page={next_page}">›</a></li></ul>'
            if next_page
            else ""
        )
        return (
            HEAD.format(title="Events", og="website")
            + f'<div class="events">{cards}</div>{pager}'
            + FOOT
        )

    entries = [(s.url, s.title, s.day) for s in stories]
    entries.insert(2, (gallery, "Photo gallery: State visit to Azerbaijan", Date(2025, 2, 21)))
    site.page(f"{SITE}/en/events", page(entries[:4], 1))
    site.page(f"{SITE}/en/events?page=1", page(entries[4:], 2))
    case.never_fetched.append(f"{SITE}/en/events?page=2")
    return case
