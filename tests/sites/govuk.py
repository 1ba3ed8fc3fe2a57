# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""www.gov.uk, news of the Foreign, Commonwealth & Development Office (FCDO).

Structure from GOV.UK's public documentation: the Search API
(``/api/search.json`` with ``filter_organisations``, ``order=-public_timestamp``,
``count``/``start`` paging, results with ``link`` and ``public_timestamp``), the
organisation's Atom feed (``/government/organisations/<slug>.atom``), news at
``/government/news/<slug>`` and speeches at ``/government/speeches/<slug>``. Markup
follows the GOV.UK Design System / publishing components (``gem-c-title``,
``gem-c-metadata``, ``govuk-govspeak``, ``govuk:first-published-at`` meta) as
documented in alphagov's component guide; the pages are invented.
"""

from __future__ import annotations

import json
from datetime import date as Date
from datetime import timedelta

from tests.sites import Case, Story, Writer, prose

SITE = "https://www.gov.uk"
API = (
    f"{SITE}/api/search.json?filter_organisations=foreign-commonwealth-development-office"
    "&filter_content_purpose_supergroup=news_and_communications&order=-public_timestamp"
    "&fields=title,link,public_timestamp&count=50&start={offset}"
)
PAGE = 50
TITLES = [
    "UK and Kazakhstan agree new partnership on critical minerals",
    "Foreign Secretary statement on the situation in the Middle East",
    "UK announces humanitarian funding for Sudan",
    "Minister for Europe visits Central Asia",
    "UK sanctions target illicit finance networks",
    "Foreign Secretary meets G7 counterparts",
    "UK and China hold strategic dialogue",
    "New UK ambassador to Uzbekistan appointed",
    "UK statement to the OSCE Permanent Council",
    "UK-Mongolia joint statement on mining cooperation",
    "Travel advice updated for Central Asia",
    "UK supports election observation mission",
]


def article(story: Story, speech: bool) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs[1:])
    kind = "Speech" if speech else "News story"
    return f"""<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8">
<title>{story.title} - GOV.UK</title>
<meta name="govuk:format" content="{"speech" if speech else "news_article"}">
<meta name="govuk:first-published-at" content="{story.day}T10:00:00.000+00:00">
<meta name="govuk:public-updated-at" content="{story.day}T10:00:00.000+00:00">
<meta property="og:site_name" content="GOV.UK"><meta property="og:type" content="article"><meta property="og:title" content="{story.title}">
</head><body class="govuk-template__body">
<div id="global-cookie-message" class="gem-c-cookie-banner"><h2>Cookies on GOV.UK</h2><p>We use some essential cookies to make this website work.</p><button>Accept additional cookies</button> <button>Reject additional cookies</button></div>
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="gem-c-layout-super-navigation-header"><a href="/">GOV.UK</a><nav><a href="/browse">Menu</a> <a href="/search">Search GOV.UK</a></nav></header>
<div class="govuk-width-container"><div class="gem-c-breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/world">International</a></li></ol></div>
<main id="main-content" class="govuk-main-wrapper">
<div class="gem-c-title"><span class="gem-c-title__context">{kind}</span><h1 class="gem-c-title__text govuk-heading-l">{story.title}</h1></div>
<p class="gem-c-lead-paragraph">{story.paragraphs[0]}</p>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="/government/organisations/foreign-commonwealth-development-office">Foreign, Commonwealth &amp; Development Office</a></dd><dt>Published</dt><dd>{story.day.day} {story.day:%B %Y}</dd></dl></div>
<div class="gem-c-govspeak govuk-govspeak">{body}
<h2>Media enquiries</h2><p>Email <a href="mailto:newsdesk@fcdo.gov.uk">newsdesk@fcdo.gov.uk</a></p><p>Telephone 020 7008 3100</p><p>Contact the FCDO Communication Team via email (monitored 24 hours a day) in the first instance, and we will respond as soon as possible.</p></div>
<div class="gem-c-share-links"><h2>Share this page</h2><a href="#">Facebook</a> <a href="#">Twitter</a></div>
<div class="gem-c-published-dates">Published {story.day.day} {story.day:%B %Y}</div>
</main>
<div class="gem-c-feedback"><h2>Is this page useful?</h2><button>Yes</button> <button>No</button> <a href="#">Report a problem with this page</a></div></div>
<footer class="gem-c-layout-footer"><h2>Services and information</h2><a href="/browse/benefits">Benefits</a><p>All content is available under the Open Government Licence v3.0, except where otherwise stated</p><p>© Crown copyright</p></footer>
</body></html>"""


def build(site: Writer) -> Case:
    case = Case(
        "govuk",
        boilerplate=[
            "Cookies on GOV.UK",
            "Is this page useful",
            "Share this page",
            "newsdesk@fcdo.gov.uk",
            "020 7008 3100",
            "Open Government Licence",
            "Crown copyright",
            "Media enquiries",
            "FCDO Communication Team",
        ],
    )
    results = []
    for index in range(156):  # three years of weekly stories, newest first
        day = Date(2025, 3, 14) - timedelta(days=7 * index)
        title = TITLES[index % len(TITLES)] + (f" ({day:%B %Y})" if index >= len(TITLES) else "")
        slug = title.lower().replace(" ", "-").replace(",", "").replace("(", "").replace(")", "")
        kind = "speeches" if index == 3 else "news"
        url = f"{SITE}/government/{kind}/{slug}"
        stamp = f"{day}T10:00:00.000+00:00"
        results.append({"title": title, "link": url.removeprefix(SITE), "public_timestamp": stamp})
        if index >= len(TITLES):
            case.never_fetched.append(url)  # no page: never asked for
            continue
        story = Story(url, title, day, prose(title, "the Foreign Secretary", day, "UK policy", 5))
        case.publish(site, story, article(story, kind == "speeches"))
    # A publication in the results is no news article: its URL pattern keeps it out.
    publication = f"{SITE}/government/publications/fcdo-annual-report-2024"
    report = {"title": "FCDO annual report", "link": publication.removeprefix(SITE)}
    results.insert(6, {**report, "public_timestamp": "2025-02-13T09:00:00.000+00:00"})
    case.non_articles.append(publication)
    for page, start in enumerate(range(0, len(results), PAGE)):
        chunk = {"results": results[start : start + PAGE], "total": len(results), "start": start}
        site.page(API.format(offset=start), json.dumps(chunk, indent=1))
        case.listing_pages.append(API.format(offset=start))
        if page < 2:
            case.listing_needed.append(API.format(offset=start))  # the 2nd is wholly older
    entries = "".join(
        f'<entry><id>tag:www.gov.uk,2005:/{r["link"]}</id><updated>{r["public_timestamp"]}</updated><link rel="alternate" type="text/html" href="{SITE}{r["link"]}"/><title>{r["title"]}</title></entry>'
        for r in results[:4]
    )
    site.page(
        f"{SITE}/government/organisations/foreign-commonwealth-development-office.atom",
        f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><id>https://www.gov.uk/government/organisations/foreign-commonwealth-development-office</id><title>Foreign, Commonwealth &amp; Development Office - Activity on GOV.UK</title>{entries}</feed>',
    )
    return case
