# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""www.state.gov (US Department of State), a WordPress site with Yoast SEO.

Structure from the site's public URLs and feeds: RSS at
``/rss-feed/press-releases/feed/`` (WordPress appends ``utm_*`` to feed links), a Yoast
sitemap index ``/sitemap_index.xml`` whose child sitemaps carry ``<lastmod>``, releases at
``/releases/office-of-the-spokesperson/YYYY/MM/<slug>/`` and briefings at
``/briefings/<slug>/``. Markup (``featured-content__headline``, ``entry-content``,
Yoast JSON-LD) approximated from the WordPress theme's class names; no saved page.
"""

from __future__ import annotations

from datetime import date as Date

from tests.sites import Case, Story, Writer, prose, rss

SITE = "https://www.state.gov"
RELEASES = f"{SITE}/releases/office-of-the-spokesperson"


def article(story: Story, kind: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in story.paragraphs)
    stamp = f"{story.day}T14:30:00+00:00"
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{story.title} - United States Department of State</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="United States Department of State"><meta property="og:title" content="{story.title}"><meta property="article:published_time" content="{stamp}">
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"WebPage","datePublished":"{stamp}","name":"{story.title}"}}]}}</script>
</head><body>
<div class="usa-banner">An official website of the United States Government <button>Here's how you know</button></div>
<header class="site-header"><a href="/">U.S. Department of State</a><nav><a href="/policy-issues/">Policy Issues</a> <a href="/countries-areas/">Countries &amp; Areas</a> <a href="/bureaus-offices/">Bureaus &amp; Offices</a> <a href="/about/">About</a></nav></header>
<main><div class="featured-content"><p class="article-meta__content-type">{kind}</p>
<h1 class="featured-content__headline">{story.title}</h1></div>
<div class="article-meta"><p class="article-meta__author-bureau">Office of the Spokesperson</p><p class="article-meta__publish-date">{story.day:%B} {story.day.day}, {story.day.year}</p></div>
<div class="entry-content">{body}</div>
<div class="related-tags"><span>Tags</span> <a href="/bureau-of-european-and-eurasian-affairs/">Bureau of European and Eurasian Affairs</a> <a href="/countries-areas/kazakhstan/">Kazakhstan</a></div>
</main>
<footer class="site-footer"><p>White House</p><p>USA.gov</p><p>Office of the Inspector General</p><p>Archives</p><p>Contact Us</p><p>Privacy Policy</p><p>Accessibility Statement</p><p>Copyright Information</p><p>FOIA</p><p>No FEAR Act</p></footer>
</body></html>"""


def build(site: Writer) -> Case:
    case = Case(
        "stategov",
        boilerplate=[
            "Here's how you know",
            "Office of the Spokesperson",
            "Bureau of European and Eurasian Affairs",
            "Inspector General",
            "No FEAR Act",
        ],
    )
    specs = [
        (
            f"{RELEASES}/2025/03/secretary-rubios-call-with-kazakhstani-foreign-minister-nurtleu/",
            "Secretary Rubio's Call with Kazakhstani Foreign Minister Nurtleu",
            Date(2025, 3, 4),
            "Readout",
        ),
        (
            f"{RELEASES}/2025/02/secretary-rubios-meeting-with-chinese-foreign-minister-wang-yi/",
            "Secretary Rubio's Meeting with Chinese Foreign Minister Wang Yi",
            Date(2025, 2, 22),
            "Readout",
        ),
        (
            f"{SITE}/briefings/department-press-briefing-february-11-2025/",
            "Department Press Briefing – February 11, 2025",
            Date(2025, 2, 11),
            "Department Press Briefing",
        ),
        (
            f"{RELEASES}/2025/02/joint-statement-on-the-c5-1-ministerial/",
            "Joint Statement on the C5+1 Ministerial",
            Date(2025, 2, 5),
            "Media Note",
        ),
        (
            f"{RELEASES}/2025/01/deputy-secretarys-travel-to-central-asia/",
            "Deputy Secretary's Travel to Central Asia",
            Date(2025, 1, 24),
            "Media Note",
        ),
    ]
    stories = []
    for url, title, day, kind in specs:
        story = Story(
            url, title, day, prose(title, "Secretary Rubio", day, "regional connectivity", 5)
        )
        stories.append(story)
        site.page(url, article(story, kind))
        case.stories.append(story)
    # The briefing has no date in its URL and is only in the sitemap: fetched, dated by its page.
    old = [
        Story(
            f"{RELEASES}/2024/11/secretary-blinkens-meeting-with-{n}/",
            f"Meeting {n}",
            Date(2024, 11, n),
            [],
        )
        for n in (5, 19)
    ]
    case.never_fetched += [s.url for s in old] + [stories[0].url, stories[4].url]

    utm = "?utm_source=rss&utm_medium=rss&utm_campaign=x"
    entries = [(s.title, s.url + utm, s.day) for s in stories if "briefings" not in s.url]
    site.page(f"{SITE}/rss-feed/press-releases/feed/", rss("Press Releases", entries))

    def urlset(entries: list[tuple[str, Date]]) -> str:
        urls = "".join(
            f"<url><loc>{u}</loc><lastmod>{d}T15:00:00+00:00</lastmod></url>" for u, d in entries
        )
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    site.page(f"{SITE}/post-sitemap.xml", urlset([(s.url, s.day) for s in stories]))
    site.page(f"{SITE}/post-sitemap2.xml", urlset([(s.url, s.day) for s in old]))
    pages = [
        (f"{SITE}/about/", Date(2025, 2, 10)),
        (f"{SITE}/countries-areas/kazakhstan/", Date(2025, 2, 12)),
    ]
    site.page(f"{SITE}/page-sitemap.xml", urlset(pages))
    case.non_articles += [u for u, _ in pages]
    index = "".join(
        f"<sitemap><loc>{SITE}/{name}</loc><lastmod>{day}T15:00:00+00:00</lastmod></sitemap>"
        for name, day in (
            ("post-sitemap.xml", Date(2025, 3, 4)),
            ("post-sitemap2.xml", Date(2024, 11, 30)),
            ("page-sitemap.xml", Date(2025, 2, 12)),
        )
    )
    site.page(
        f"{SITE}/sitemap_index.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{index}</sitemapindex>',
    )
    case.never_fetched.append(f"{SITE}/post-sitemap2.xml")  # its lastmod is before since
    return case
