# ruff: noqa: E501  (HTML templates: long lines are the markup itself)
"""Generate the bundled offline demo site served by ``newsarc demo``.

Writes ``crawler/demo/site/<host>/...`` for two hosts, imitating the real sites that
``crawler/sources/astanatimes.toml`` and ``crawler/sources/chinaorgcn.toml`` describe:

* ``astanatimes.com`` -- a WordPress news site: RSS feed at ``/feed/`` (4 newest stories),
  a paginated category archive ``/category/news/`` (+ ``page/2/``), tag, author, about and
  privacy pages, and 6 stories at ``/YYYY/MM/<slug>/``.
* ``www.china.org.cn`` -- the English portal carrying Xinhua copy in its older layout:
  a sitemap index ``/sitemap.xml`` -> Google News sitemap ``/sitemap_world.xml``, the
  "Latest News" listing ``/node_7075022.htm`` (+ ``node_7075022_2.htm``), channel pages, and
  5 stories at ``/world/Off_the_Wire/YYYY-MM/DD/content_<id>.htm``. One story is stored in
  GB18030 under a ``charset=gb2312`` meta tag (see ``GB18030_FILES``).

Mapping used by the demo server: a URL path ending in ``/`` is answered from
``index.html`` in that directory, or from ``index.xml`` (an RSS feed) where that exists;
any other path is the file itself.

Two stories are real (the project's seed documents: Astana Times 2025-01-09 and Xinhua /
china.org.cn 2024-07-03, text as in ``shared/seeds/expected``); all other stories, names
and page furniture are invented for the demo. Pages deliberately carry the boilerplate the
real sites have (menus, share widgets, captions, bylines, hidden ids) so that the
extraction and cleaning stages have something to do.

Deterministic, stdlib only:  ``python -m crawler.demo.make_site [--out DIR]``.
The generated tree is what gets committed; re-running produces identical bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "site"

AT_HOST = "astanatimes.com"
AT = "https://astanatimes.com"
CN_HOST = "www.china.org.cn"
CN = "http://www.china.org.cn"

KZ = timezone(timedelta(hours=5))  # Kazakhstan, single time zone UTC+5 since March 2024
BJ = timezone(timedelta(hours=8))

# Files (relative to the site root) whose bytes are GB18030, not UTF-8.
GB18030_FILES: list[str] = []


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def esc_t(s: str) -> str:
    """Escape text content only (quotes stay literal, as old CMS templates print them)."""
    return html.escape(s, quote=False)


def texturize(s: str) -> str:
    """HTML-escape and write typographic characters as numeric references, like WordPress."""
    s = html.escape(s, quote=False)
    for ch in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026":
        s = s.replace(ch, f"&#{ord(ch)};")
    return s


nl = "\n"


def words(paras: list[str]) -> int:
    return sum(len(p.split()) for p in paras)


# --------------------------------------------------------------------------------------
# The Astana Times (WordPress)
# --------------------------------------------------------------------------------------


@dataclass
class ATStory:
    post_id: int
    slug: str
    title: str
    published: datetime
    author: str
    tags: list[str]
    paras: list[str]
    image: str
    caption: str
    modified: datetime | None = None

    @property
    def url(self) -> str:
        return f"{AT}/{self.published:%Y/%m}/{self.slug}/"

    @property
    def path(self) -> str:
        return f"{self.published:%Y/%m}/{self.slug}/index.html"

    @property
    def excerpt(self) -> str:
        w = self.paras[0].split()
        return " ".join(w[:40]) + " \u2026"


AUTHORS = {
    "Dana Omarova": "dana-omarova",
    "Arman Seitkali": "arman-seitkali",
    "Saule Nurlanova": "saule-nurlanova",
}

TAGS = {
    "Kazakhstan-China": "kazakhstan-china",
    "Foreign Ministry": "foreign-ministry",
    "Uzbekistan": "uzbekistan",
    "Central Asia": "central-asia",
    "Trade": "trade",
    "Water": "water",
    "European Union": "european-union",
    "Transport": "transport",
    "Education": "education",
}

AT_STORIES: list[ATStory] = [
    ATStory(
        post_id=98412,
        slug="kazakhstan-and-uzbekistan-outline-joint-agenda-for-2025",
        title="Kazakhstan and Uzbekistan Outline Joint Agenda for 2025",
        published=datetime(2025, 1, 21, 15, 20, tzinfo=KZ),
        author="Arman Seitkali",
        tags=["Uzbekistan", "Central Asia", "Foreign Ministry"],
        image="2025/01/tashkent-consultations.jpg",
        caption="Consultations between the foreign ministries in Tashkent. "
        "Photo credit: the Kazakh Foreign Ministry\u2019s press service",
        paras=[
            "TASHKENT \u2013 Kazakhstan and Uzbekistan held political consultations between "
            "their foreign ministries in Tashkent on Jan. 20, reviewing the implementation of "
            "agreements signed last year and drawing up a joint agenda for 2025, the Kazakh "
            "Foreign Ministry\u2019s press service reported. The delegations were led by deputy "
            "foreign ministers of the two countries.",
            "The sides discussed preparations for upcoming high-level contacts, the work of the "
            "intergovernmental commission and the schedule of sectoral meetings planned for the "
            "first half of the year. Both delegations noted that regular consultations have "
            "become an important instrument for coordinating positions on bilateral and "
            "regional issues.",
            "Particular attention was paid to trade and transport. The diplomats discussed "
            "measures to simplify procedures at border crossing points, increase the capacity "
            "of railway links and develop joint logistics hubs that could serve cargo moving "
            "between Central Asia, China, the Middle East and Europe.",
            "Water management remained a central topic of the talks. The sides agreed to "
            "continue technical consultations on the joint use of transboundary rivers, "
            "including data exchange on water flows and coordination of seasonal releases, and "
            "to involve experts from both countries in preparing recommendations for the coming "
            "irrigation season.",
            "The delegations also exchanged views on cooperation within regional and "
            "international organizations, including the United Nations and the Organization of "
            "Turkic States, and agreed to hold the next round of consultations in Astana later "
            "this year. The date of the meeting will be agreed through diplomatic channels.",
        ],
    ),
    ATStory(
        post_id=98137,
        slug="kazakhstan-expands-digital-services-for-exporters",
        title="Kazakhstan Expands Digital Services for Exporters",
        published=datetime(2025, 1, 15, 11, 5, tzinfo=KZ),
        modified=datetime(2025, 1, 15, 16, 32, tzinfo=KZ),
        author="Saule Nurlanova",
        tags=["Trade"],
        image="2025/01/export-services.jpg",
        caption="Photo credit: Shutterstock",
        paras=[
            "ASTANA \u2013 Kazakhstan has expanded the range of online services available to "
            "exporters, allowing companies to apply for certificates of origin, register export "
            "contracts and track the status of customs declarations through a single digital "
            "window, the Ministry of Trade and Integration announced on Jan. 14.",
            "According to the ministry, the new services are intended to reduce paperwork and "
            "shorten the time needed to prepare shipments. Applications that previously "
            "required visits to several agencies can now be submitted online, and the status "
            "of each application is displayed in the exporter\u2019s personal account.",
            "Small and medium-sized businesses are expected to benefit most from the changes. "
            "Many of them lack specialized staff to deal with export documentation, and the "
            "ministry said the platform includes step-by-step guidance and templates for the "
            "most common types of contracts.",
            "\u201cOur aim is to make exporting as simple for a small company as it is for a "
            "large one. Every extra form and every extra trip to an office is a cost that "
            "businesses pass on to their customers,\u201d a ministry spokesperson said at a "
            "briefing in Astana.",
            "The ministry plans to connect the platform to the information systems of partner "
            "countries in the Eurasian Economic Union and Central Asia, which would allow "
            "electronic documents to be recognized across borders. Pilot data exchange is "
            "expected to begin later this year.",
            "Business associations welcomed the move but called for training sessions in the "
            "regions so that companies outside major cities can make full use of the new "
            "tools. The ministry said such sessions would be organized together with regional "
            "chambers of commerce starting in February.",
        ],
    ),
    ATStory(
        post_id=97865,
        slug="china-kazakhstan-enjoy-high-degree-of-mutual-trust-says-chinese-foreign-ministry",
        title="China, Kazakhstan Enjoy High Degree of Mutual Trust, Says Chinese Foreign Ministry",
        published=datetime(2025, 1, 9, 13, 45, tzinfo=KZ),
        author="Dana Omarova",
        tags=["Kazakhstan-China", "Foreign Ministry"],
        image="2025/01/guo-jiakun.jpg",
        caption="Guo Jiakun. Photo credit: fmprc.gov.cn",
        # Seed 000: paragraphs exactly as in shared/seeds/expected/000_791620250045f3ab.txt
        paras=[
            "ASTANA \u2013 China and Kazakhstan are good neighbors bound together by mountains "
            "and rivers, good friends sharing a high degree of mutual trust and good partners "
            "enabling each other\u2019s success, said China\u2019s Foreign Ministry Spokesperson "
            "Guo Jiakun\u2019s during a Jan. 7 press conference in Beijing.",
            "Commenting on Kazakh President Kassym-Jomart Tokayev\u2019s extensive interview on "
            "Jan. 3, where he reflected on the dynamics of relations with foreign partners, "
            "including China, Guo said that 2024 was a year of good harvest for China-Kazakhstan "
            "relations, reported Chinese Foreign Ministry\u2019s press service.",
            "\u201cChina and Kazakhstan are good neighbors bound together by mountains and "
            "rivers, good friends sharing a high degree of mutual trust and good partners "
            "enabling each other\u2019s success. Just as President Kassym-Jomart Tokayev noted "
            "in the interview, the cooperation between the two countries has evolved into a "
            "dynamic and multifaceted relationship. In recent years, under the strategic and "
            "personal guidance of President Xi Jinping and President Tokayev, cooperation "
            "between China and Kazakhstan in various fields has entered the fast lane,\u201d he "
            "said.",
            "Last year, President Xi paid a state visit to Kazakhstan and reached important new "
            "common understandings with President Tokayev on bilateral relations, providing a "
            "strong boost to bilateral cooperation. The two countries have seen frequent mutual "
            "visits at various levels and more robust trade and economic ties. Cooperation in "
            "industrial capacity, connectivity, agriculture, new energy and so on is going well. "
            "Cultural and people-to-people exchanges have seen breakthroughs. Two-way travel hit "
            "a new high, he said.",
            "\u201cIn the new year, China stands ready to work with Kazakhstan to forge stronger "
            "synergy between our development strategies, deepen mutually beneficial and "
            "win-win cooperation, jointly ensure the success of this year\u2019s major events, "
            "translate the common understandings of our heads of state into more deliverables "
            "and continue to take China-Kazakhstan relations to new heights,\u201d Guo noted.",
        ],
    ),
    ATStory(
        post_id=97702,
        slug="astana-to-host-regional-conference-on-water-resource-management",
        title="Astana to Host Regional Conference on Water Resource Management",
        published=datetime(2025, 1, 4, 10, 30, tzinfo=KZ),
        author="Dana Omarova",
        tags=["Water", "Central Asia"],
        image="2025/01/irrigation-canal.jpg",
        caption="An irrigation canal in the Turkistan Region. Photo credit: Shutterstock",
        paras=[
            "ASTANA \u2013 Astana will host a regional conference on water resource management "
            "in April, bringing together government officials, researchers and representatives "
            "of international organizations from Central Asia and neighboring countries, the "
            "Kazakh Ministry of Water Resources and Irrigation said on Jan. 3.",
            "The conference will focus on the modernization of irrigation systems, the "
            "introduction of water-saving technologies in agriculture and the exchange of "
            "hydrological data between countries that share river basins. Organizers expect "
            "participants to adopt a set of recommendations for national governments.",
            "Water availability has become one of the most discussed issues in the region. "
            "Growing populations, expanding agriculture and changes in glacier-fed river flows "
            "are placing additional pressure on water systems, and experts say closer "
            "cooperation between upstream and downstream countries is essential.",
            "The ministry said the program will include sessions on financing infrastructure "
            "projects, training specialists and using satellite monitoring to assess water use. "
            "Separate panels will be devoted to the Aral Sea basin and to the role of local "
            "water user associations.",
            "Registration for participants will open in February. The organizers said the "
            "conference materials will be published in Kazakh, Russian and English, and that "
            "several sessions will be streamed online for those unable to travel to Astana. "
            "Participation is free of charge for representatives of government agencies and "
            "research institutions.",
        ],
    ),
    ATStory(
        post_id=97311,
        slug="kazakhstan-and-eu-discuss-development-of-trans-caspian-transport-corridor",
        title="Kazakhstan and EU Discuss Development of Trans-Caspian Transport Corridor",
        published=datetime(2024, 12, 19, 17, 45, tzinfo=KZ),
        author="Arman Seitkali",
        tags=["European Union", "Transport"],
        image="2024/12/aktau-port.jpg",
        caption="The port of Aktau. Photo credit: Shutterstock",
        paras=[
            "BRUSSELS \u2013 Representatives of Kazakhstan and the European Union discussed the "
            "development of the Trans-Caspian International Transport Route during a meeting in "
            "Brussels on Dec. 18, the Kazakh Foreign Ministry reported. The talks were part of "
            "regular consultations on connectivity between Central Asia and Europe.",
            "The sides reviewed progress on projects aimed at removing bottlenecks along the "
            "route, which links China and Central Asia with Europe via the Caspian Sea, the "
            "South Caucasus and T\u00fcrkiye. Discussions covered port infrastructure, the "
            "modernization of railway sections and the digitalization of cargo documents.",
            "The Kazakh delegation briefed its European partners on measures to increase the "
            "handling capacity of the ports of Aktau and Kuryk and to expand the container "
            "fleet operating on the Caspian Sea. Both sides stressed the importance of "
            "synchronizing investment plans among all countries along the corridor.",
            "European representatives noted the growing interest of businesses in predictable "
            "and diversified supply chains and expressed readiness to continue supporting "
            "feasibility studies and technical assistance programs related to the route. They "
            "also pointed to the importance of common standards for digital documents, which "
            "would allow cargo to cross several borders without repeated paper checks.",
            "The parties agreed to hold the next round of consultations in Astana in the first "
            "half of 2025 and to invite representatives of transport companies and financial "
            "institutions to take part in the discussions. A joint working group will prepare an "
            "updated list of priority projects before the meeting.",
        ],
    ),
    ATStory(
        post_id=96958,
        slug="kazakh-universities-expand-exchange-programs-with-asian-partners",
        title="Kazakh Universities Expand Exchange Programs with Asian Partners",
        published=datetime(2024, 12, 6, 12, 10, tzinfo=KZ),
        author="Saule Nurlanova",
        tags=["Education"],
        image="2024/12/university-campus.jpg",
        caption="Photo credit: Shutterstock",
        paras=[
            "ALMATY \u2013 Several Kazakh universities have signed new agreements with partner "
            "institutions in China, South Korea, Japan and Malaysia to expand student and "
            "faculty exchange programs, the Ministry of Science and Higher Education reported "
            "on Dec. 5. The agreements were signed during an international education fair "
            "held in Almaty this week.",
            "Under the agreements, students will be able to spend one or two semesters at "
            "partner universities with their credits recognized at home. The programs cover "
            "engineering, information technology, agriculture and international relations, "
            "among other fields, and include summer schools for undergraduate students.",
            "University officials said the agreements also provide for joint research projects "
            "and co-supervised doctoral programs. Faculty members will be able to teach short "
            "courses abroad and invite visiting professors to deliver lectures in Kazakhstan. "
            "Libraries and laboratories of partner institutions will also be opened to "
            "visiting researchers.",
            "\u201cAcademic mobility helps our students see how their field develops in other "
            "countries and brings new ideas back to our classrooms,\u201d said Aliya Zhakupova, "
            "vice-rector for international cooperation at one of the participating "
            "universities in Almaty. She added that the university plans to double the number "
            "of its students studying abroad over the next three years.",
            "The ministry said the number of foreign students studying in Kazakhstan has been "
            "growing in recent years and that universities plan to offer more programs taught "
            "in English to attract applicants from abroad. Scholarships funded by the state and "
            "by partner universities will cover tuition for the strongest applicants.",
        ],
    ),
]

AT_FEED_N = 4  # the feed carries only the newest stories
AT_PER_PAGE = 4  # posts per archive page

AT_CSS = """
body{margin:0;font:16px/1.6 Georgia,serif;color:#222;background:#f4f4f4}
a{color:#0b5394;text-decoration:none}a:hover{text-decoration:underline}
.site{max-width:1140px;margin:0 auto;background:#fff}
.site-header{padding:16px 24px;border-bottom:4px solid #0b5394;display:flex;align-items:center;gap:24px}
.site-title{font:700 30px/1 Arial,sans-serif;margin:0}.site-description{margin:0;color:#666;font-size:13px}
.main-navigation ul{list-style:none;margin:0;padding:0;display:flex;gap:18px;font:700 14px Arial,sans-serif;text-transform:uppercase}
.site-content{display:flex;gap:32px;padding:24px}.content-area{flex:1 1 auto;min-width:0}
.widget-area{flex:0 0 300px;font:14px/1.5 Arial,sans-serif}.widget{margin-bottom:28px}
.widget-title{font-size:15px;text-transform:uppercase;border-bottom:2px solid #0b5394}
.entry-title{font:700 30px/1.25 Arial,sans-serif;margin:0 0 8px}.entry-meta{color:#777;font:13px Arial,sans-serif}
.wp-caption-text,figcaption{color:#666;font:13px Arial,sans-serif}
.post-thumbnail img,.wp-post-image{max-width:100%;height:auto;background:#dde}
.sharedaddy ul{list-style:none;display:flex;gap:10px;padding:0}.share-label{font-weight:700}
.tags-links a{background:#eef;padding:2px 6px;margin-right:4px;font-size:13px}
.related-posts ul{padding-left:18px}.pagination .page-numbers{padding:4px 9px;border:1px solid #ccd;margin-right:4px}
.site-footer{background:#1b2733;color:#ccd;padding:24px;font:13px Arial,sans-serif}.site-footer a{color:#fff}
#cookie-notice{position:fixed;bottom:0;left:0;right:0;background:#1b2733;color:#fff;padding:10px;font:13px Arial,sans-serif;text-align:center}
#cookie-notice a{color:#9cf;margin-left:10px}
.screen-reader-text{position:absolute;left:-9999px}
"""

AT_COOKIE_JS = (
    "document.getElementById('cn-accept-cookie').addEventListener('click',function(e){"
    "e.preventDefault();document.cookie='cookie_notice_accepted=true;path=/;max-age=31536000';"
    "document.getElementById('cookie-notice').style.display='none';});"
)


def at_date_text(d: datetime) -> str:
    return f"{d:%B} {d.day}, {d:%Y}"


def at_head(title: str, canonical: str, extra: str = "", description: str = "") -> str:
    desc = f'<meta name="description" content="{esc(description)}" />\n' if description else ""
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{texturize(title)}</title>
{desc}<meta name="robots" content="index, follow, max-image-preview:large" />
<link rel="canonical" href="{canonical}" />
<link rel="alternate" type="application/rss+xml" title="The Astana Times &raquo; Feed" href="{AT}/feed/" />
{extra}<meta name="generator" content="WordPress 6.7.1" />
<link rel="icon" href="{AT}/wp-content/uploads/2019/05/cropped-favicon-32x32.png" sizes="32x32" />
<style id="astanatimes-inline-css">{AT_CSS}</style>
</head>
"""


def at_header(body_class: str) -> str:
    return f"""<body class="{body_class}">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
<div class="site-branding">
<p class="site-title"><a href="{AT}/" rel="home"><img src="{AT}/wp-content/uploads/2019/05/logo-astana-times.png" width="260" height="52" alt="The Astana Times" /></a></p>
<p class="site-description">Kazakhstan News, Business, Diplomacy and Culture</p>
</div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
<ul id="primary-menu" class="menu">
<li id="menu-item-12" class="menu-item menu-item-type-custom menu-item-home menu-item-12"><a href="{AT}/">Home</a></li>
<li id="menu-item-15" class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-15"><a href="{AT}/category/news/">News</a></li>
<li id="menu-item-21" class="menu-item menu-item-type-taxonomy menu-item-object-post_tag menu-item-21"><a href="{AT}/tag/kazakhstan-china/">Kazakhstan-China</a></li>
<li id="menu-item-30" class="menu-item menu-item-type-post_type menu-item-object-page menu-item-30"><a href="{AT}/about-us/">About Us</a></li>
</ul>
</nav>
<form role="search" method="get" class="search-form" action="{AT}/">
<label><span class="screen-reader-text">Search for:</span>
<input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label>
<input type="submit" class="search-submit" value="Search" />
</form>
</header>
<div id="content" class="site-content">
"""


def at_sidebar(current: ATStory | None = None) -> str:
    newest = AT_STORIES[:AT_FEED_N]
    latest = "\n".join(
        f'<li><a href="{s.url}">{texturize(s.title)}</a> '
        f'<span class="post-date">{at_date_text(s.published)}</span></li>'
        for s in newest
        if s is not current
    )
    # "Most read" is a popularity widget: it shows a fixed few of the newest posts.
    most = "\n".join(
        f'<li><a href="{s.url}">{texturize(s.title)}</a></li>'
        for s in (AT_STORIES[2], AT_STORIES[0], AT_STORIES[1])
        if s is not current
    )
    return f"""<aside id="secondary" class="widget-area" role="complementary">
<section id="wpp-2" class="widget popular-posts">
<h2 class="widget-title">Most read</h2>
<ul class="wpp-list">
{most}
</ul>
</section>
<section id="recent-posts-3" class="widget widget_recent_entries">
<h2 class="widget-title">Latest news</h2>
<ul>
{latest}
</ul>
</section>
<section id="custom_html-4" class="widget_text widget widget_custom_html">
<h2 class="widget-title">Follow us</h2>
<div class="textwidget custom-html-widget">
<a href="https://www.facebook.com/TheAstanaTimes" rel="noopener" target="_blank">Facebook</a> |
<a href="https://x.com/TheAstanaTimes" rel="noopener" target="_blank">X</a> |
<a href="https://t.me/theastanatimes" rel="noopener" target="_blank">Telegram</a>
</div>
</section>
</aside>
"""


def at_footer() -> str:
    return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer">
<div class="footer-widgets">
<section class="widget widget_mc4wp_form_widget">
<h2 class="widget-title">Newsletter</h2>
<form id="mc4wp-form-1" class="mc4wp-form mc4wp-form-5231" method="post" data-id="5231" data-name="Newsletter">
<div class="mc4wp-form-fields"><p>Get the top stories from Kazakhstan in your inbox every week.</p>
<p><input type="email" name="EMAIL" placeholder="Your email address" required /> <input type="submit" value="Subscribe" /></p></div>
<label style="display: none !important;">Leave this field empty if you're human: <input type="text" name="_mc4wp_honeypot" value="" tabindex="-1" autocomplete="off" /></label>
</form>
</section>
<nav class="footer-navigation" aria-label="Footer menu">
<a href="{AT}/about-us/">About Us</a> | <a href="{AT}/privacy-policy/">Privacy Policy</a> | <a href="{AT}/feed/">RSS</a>
</nav>
</div>
<div class="site-info">&copy; 2025 The Astana Times. All rights reserved. Reproduction of materials is permitted only with a hyperlink to The Astana Times.</div>
</footer>
</div><!-- #page -->
<div id="cookie-notice" role="dialog" class="cookie-notice-hidden cookie-revoke-hidden cn-position-bottom" aria-label="Cookie Notice">
<div class="cookie-notice-container"><span id="cn-notice-text" class="cn-text-container">We use cookies to ensure that we give you the best experience on our website. If you continue to use this site we will assume that you are happy with it.</span><span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" id="cn-accept-cookie" data-cookie-set="accept" class="cn-set-cookie cn-button" aria-label="Ok">Ok</a><a href="{AT}/privacy-policy/" target="_blank" id="cn-more-info" class="cn-more-info cn-button" aria-label="Privacy policy">Privacy policy</a></span></div>
</div>
<script>{AT_COOKIE_JS}</script>
</body>
</html>
"""


def at_share(s: ATStory) -> str:
    u = quote(s.url, safe="")
    t = quote(s.title, safe="")
    return f"""<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">
<h3 class="sd-title share-label">Share this:</h3>
<div class="sd-content"><ul>
<li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="https://www.facebook.com/sharer/sharer.php?u={u}" target="_blank" title="Click to share on Facebook"><span>Facebook</span></a></li>
<li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button" href="https://x.com/intent/tweet?text={t}&amp;url={u}" target="_blank" title="Click to share on X"><span>X</span></a></li>
<li class="share-telegram"><a rel="nofollow noopener noreferrer" class="share-telegram sd-button" href="https://t.me/share/url?url={u}&amp;text={t}" target="_blank" title="Click to share on Telegram"><span>Telegram</span></a></li>
<li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject={t}&amp;body={u}" target="_blank" title="Click to email a link to a friend"><span>Email</span></a></li>
</ul></div></div></div>
"""


def at_related(s: ATStory) -> list[ATStory]:
    others = [o for o in AT_STORIES if o is not s]
    shared = [o for o in others if set(o.tags) & set(s.tags)]
    rest = [o for o in others[:AT_FEED_N] if o not in shared]
    return (shared + rest)[:3]


def at_jsonld(s: ATStory) -> str:
    mod = s.modified or s.published
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": s.url + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": s.url},
        "headline": s.title,
        "datePublished": s.published.isoformat(),
        "dateModified": mod.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": s.author,
                "url": f"{AT}/author/{AUTHORS[s.author]}/",
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": "The Astana Times",
            "logo": {
                "@type": "ImageObject",
                "url": f"{AT}/wp-content/uploads/2019/05/logo-astana-times.png",
            },
        },
        "image": {"@type": "ImageObject", "url": f"{AT}/wp-content/uploads/{s.image}"},
        "articleSection": ["News"],
        "keywords": s.tags,
        "inLanguage": "en-US",
        "wordCount": words(s.paras),
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def at_article_page(s: ATStory) -> str:
    mod = s.modified or s.published
    img = f"{AT}/wp-content/uploads/{s.image}"
    extra = f"""<meta property="og:locale" content="en_US" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{esc(s.title)}" />
<meta property="og:description" content="{esc(s.excerpt)}" />
<meta property="og:url" content="{s.url}" />
<meta property="og:site_name" content="The Astana Times" />
<meta property="og:image" content="{img}" />
<meta property="article:published_time" content="{s.published.isoformat()}" />
<meta property="article:modified_time" content="{mod.isoformat()}" />
<meta property="article:section" content="News" />
<meta name="author" content="{esc(s.author)}" />
<meta name="twitter:card" content="summary_large_image" />
<meta name="twitter:site" content="@TheAstanaTimes" />
<script type="application/ld+json" class="yoast-schema-graph">{at_jsonld(s)}</script>
"""
    tag_classes = " ".join(f"tag-{TAGS[t]}" for t in s.tags)
    body_class = (
        f"post-template-default single single-post postid-{s.post_id} single-format-standard"
    )
    paras = "\n\n".join(f"<p>{texturize(p)}</p>" for p in s.paras)
    tags = ", ".join(f'<a href="{AT}/tag/{TAGS[t]}/" rel="tag">{esc(t)}</a>' for t in s.tags)
    related = "\n".join(
        f'<li><a href="{o.url}" rel="bookmark">{texturize(o.title)}</a> '
        f'<span class="related-date">{at_date_text(o.published)}</span></li>'
        for o in at_related(s)
    )
    updated = (
        f'<time class="updated" datetime="{mod.isoformat()}">{at_date_text(mod)}</time>'
        if s.modified
        else ""
    )
    return (
        at_head(s.title + " - The Astana Times", s.url, extra, s.excerpt)
        + at_header(body_class)
        + f"""<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{s.post_id}" class="post-{s.post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-news {tag_classes}">
<header class="entry-header">
<span class="cat-links"><a href="{AT}/category/news/" rel="category tag">News</a></span>
<h1 class="entry-title">{texturize(s.title)}</h1>
<div class="entry-meta">
<span class="byline">By <span class="author vcard"><a class="url fn n" href="{AT}/author/{AUTHORS[s.author]}/">{esc(s.author)}</a></span></span>
<span class="sep"> in </span><span class="cat-links"><a href="{AT}/category/news/" rel="category tag">News</a></span>
<span class="sep"> on </span><span class="posted-on"><time class="entry-date published" datetime="{s.published.isoformat()}">{at_date_text(s.published)}</time>{updated}</span>
</div>
</header>
<figure class="post-thumbnail wp-caption">
<img width="1024" height="576" src="{img}" class="attachment-large size-large wp-post-image" alt="" decoding="async" fetchpriority="high" />
<figcaption class="wp-caption-text">{texturize(s.caption)}</figcaption>
</figure>
{at_share(s)}<div class="entry-content">
{paras}

</div><!-- .entry-content -->
<footer class="entry-footer">
<span class="tags-links">Tags: {tags}</span>
</footer>
{at_share(s)}</article>
<div class="related-posts">
<h3 class="related-posts-title">Related posts</h3>
<ul>
{related}
</ul>
</div>
<nav class="navigation post-navigation" aria-label="Posts">
<h2 class="screen-reader-text">Post navigation</h2>
<div class="nav-links">{at_post_nav(s)}</div>
</nav>
</main>
</div>
"""
        + at_sidebar(s)
        + at_footer()
    )


def at_post_nav(s: ATStory) -> str:
    i = AT_STORIES.index(s)
    out = []
    if i + 1 < len(AT_STORIES):
        o = AT_STORIES[i + 1]
        out.append(
            f'<div class="nav-previous"><a href="{o.url}" rel="prev"><span class="meta-nav">'
            f"Previous post</span> {texturize(o.title)}</a></div>"
        )
    if i > 0:
        o = AT_STORIES[i - 1]
        out.append(
            f'<div class="nav-next"><a href="{o.url}" rel="next"><span class="meta-nav">'
            f"Next post</span> {texturize(o.title)}</a></div>"
        )
    return "".join(out)


def at_archive_item(s: ATStory) -> str:
    return f"""<article id="post-{s.post_id}" class="post-{s.post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-news">
<a class="post-thumbnail" href="{s.url}" aria-hidden="true" tabindex="-1"><img width="300" height="169" src="{AT}/wp-content/uploads/{s.image.replace(".jpg", "-300x169.jpg")}" class="attachment-medium size-medium wp-post-image" alt="" decoding="async" loading="lazy" /></a>
<header class="entry-header">
<h2 class="entry-title"><a href="{s.url}" rel="bookmark">{texturize(s.title)}</a></h2>
<div class="entry-meta"><span class="posted-on"><a href="{s.url}" rel="bookmark"><time class="entry-date published" datetime="{s.published.isoformat()}">{at_date_text(s.published)}</time></a></span> <span class="byline">by <a href="{AT}/author/{AUTHORS[s.author]}/">{esc(s.author)}</a></span></div>
</header>
<div class="entry-summary"><p>{texturize(s.excerpt)}</p></div>
</article>
"""


def at_pagination(base: str, page: int, pages: int) -> str:
    def purl(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    parts = []
    if page > 1:
        parts.append(f'<a class="prev page-numbers" href="{purl(page - 1)}">&laquo; Previous</a>')
    for n in range(1, pages + 1):
        if n == page:
            parts.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{purl(n)}">{n}</a>')
    if page < pages:
        parts.append(f'<a class="next page-numbers" href="{purl(page + 1)}">Next &raquo;</a>')
    return f"""<nav class="navigation pagination" aria-label="Posts pagination">
<h2 class="screen-reader-text">Posts pagination</h2>
<div class="nav-links">{nl.join(parts)}</div>
</nav>
"""


def at_archive_pages(base: str, heading: str, body_class: str, stories: list[ATStory]):
    """Yield (relative path, html) for a paginated WordPress archive at URL ``base``."""
    pages = max(1, -(-len(stories) // AT_PER_PAGE))
    rel = base[len(AT) + 1 :]
    for page in range(1, pages + 1):
        chunk = stories[(page - 1) * AT_PER_PAGE : page * AT_PER_PAGE]
        url = base if page == 1 else f"{base}page/{page}/"
        links = ""
        if page > 1:
            prev = base if page == 2 else f"{base}page/{page - 1}/"
            links += f'<link rel="prev" href="{prev}" />\n'
        if page < pages:
            links += f'<link rel="next" href="{base}page/{page + 1}/" />\n'
        title = heading + (f" - Page {page} of {pages}" if page > 1 else "")
        extra = (
            '<meta property="og:type" content="website" />\n'
            f'<meta property="og:title" content="{esc(title)}" />\n'
            f'<meta property="og:url" content="{url}" />\n' + links
        )
        items = "".join(at_archive_item(s) for s in chunk)
        html_ = (
            at_head(title + " - The Astana Times", url, extra)
            + at_header(body_class + (f" paged paged-{page}" if page > 1 else ""))
            + f"""<div id="primary" class="content-area">
<main id="main" class="site-main">
<header class="page-header"><h1 class="page-title">{esc(heading)}</h1></header>
{items}{at_pagination(base, page, pages) if pages > 1 else ""}</main>
</div>
"""
            + at_sidebar()
            + at_footer()
        )
        path = rel + ("index.html" if page == 1 else f"page/{page}/index.html")
        yield path, html_


def at_simple_page(slug: str, title: str, paras: list[str], page_id: int) -> tuple[str, str]:
    url = f"{AT}/{slug}/"
    extra = (
        '<meta property="og:type" content="website" />\n'
        f'<meta property="og:title" content="{esc(title)}" />\n'
        f'<meta property="og:url" content="{url}" />\n'
    )
    body = "\n".join(f"<p>{texturize(p)}</p>" for p in paras)
    html_ = (
        at_head(title + " - The Astana Times", url, extra)
        + at_header(f"page-template-default page page-id-{page_id}")
        + f"""<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-{page_id}" class="post-{page_id} page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">{texturize(title)}</h1></header>
<div class="entry-content">
{body}
</div>
</article>
</main>
</div>
"""
        + at_sidebar()
        + at_footer()
    )
    return f"{slug}/index.html", html_


def at_home() -> str:
    lead, *rest = AT_STORIES[:AT_FEED_N]
    items = "".join(at_archive_item(s) for s in rest)
    extra = (
        '<meta property="og:type" content="website" />\n'
        '<meta property="og:title" content="The Astana Times" />\n'
        f'<meta property="og:url" content="{AT}/" />\n'
    )
    return (
        at_head(
            "The Astana Times - Kazakhstan News, Business, Diplomacy and Culture",
            f"{AT}/",
            extra,
            "News from Kazakhstan and Central Asia: politics, diplomacy, business and culture.",
        )
        + at_header("home blog")
        + f"""<div id="primary" class="content-area">
<main id="main" class="site-main">
<section class="featured-post">
<h2 class="section-title">Top story</h2>
{at_archive_item(lead)}</section>
<section class="latest-posts">
<h2 class="section-title">Latest news</h2>
{items}<p class="more-link"><a href="{AT}/category/news/">More news &raquo;</a></p>
</section>
</main>
</div>
"""
        + at_sidebar()
        + at_footer()
    )


def rfc822(d: datetime) -> str:
    return format_datetime(d.astimezone(UTC)).replace("-0000", "+0000")


def at_feed() -> str:
    items = []
    for s in AT_STORIES[:AT_FEED_N]:
        content = "\n".join(f"<p>{texturize(p)}</p>" for p in s.paras)
        cats = "".join(f"\n\t\t<category><![CDATA[{c}]]></category>" for c in ["News", *s.tags])
        items.append(
            f"""	<item>
		<title>{texturize(s.title)}</title>
		<link>{s.url}</link>
		<comments>{s.url}#respond</comments>
		<dc:creator><![CDATA[{s.author}]]></dc:creator>
		<pubDate>{rfc822(s.published)}</pubDate>{cats}
		<guid isPermaLink="false">{AT}/?p={s.post_id}</guid>
		<description><![CDATA[{texturize(s.excerpt)}]]></description>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<slash:comments>0</slash:comments>
	</item>
"""
        )
    newest = max(s.modified or s.published for s in AT_STORIES)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>The Astana Times</title>
	<atom:link href="{AT}/feed/" rel="self" type="application/rss+xml" />
	<link>{AT}</link>
	<description>Kazakhstan News, Business, Diplomacy and Culture</description>
	<lastBuildDate>{rfc822(newest)}</lastBuildDate>
	<language>en-US</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.1</generator>
{"".join(items)}</channel>
</rss>
"""


AT_ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /search/
Disallow: /?s=
"""


def build_astanatimes() -> dict[str, bytes]:
    files: dict[str, str] = {"robots.txt": AT_ROBOTS, "index.html": at_home()}
    files["feed/index.xml"] = at_feed()
    for s in AT_STORIES:
        files[s.path] = at_article_page(s)
    files.update(
        at_archive_pages(
            f"{AT}/category/news/",
            "Category: News",
            "archive category category-news",
            AT_STORIES,
        )
    )
    for tag in sorted({t for s in AT_STORIES for t in s.tags}):
        slug = TAGS[tag]
        files.update(
            at_archive_pages(
                f"{AT}/tag/{slug}/",
                f"Tag: {tag}",
                f"archive tag tag-{slug}",
                [s for s in AT_STORIES if tag in s.tags],
            )
        )
    for name, slug in AUTHORS.items():
        files.update(
            at_archive_pages(
                f"{AT}/author/{slug}/",
                f"Author: {name}",
                f"archive author author-{slug}",
                [s for s in AT_STORIES if s.author == name],
            )
        )
    p, h = at_simple_page(
        "about-us",
        "About Us",
        [
            "The Astana Times is an English-language newspaper covering news from Kazakhstan "
            "and Central Asia: politics and diplomacy, business and the economy, culture and "
            "society.",
            "This copy of the site is part of the newsarc offline demo. It was generated by "
            "crawler/demo/make_site.py; apart from the story of Jan. 9, 2025, the stories and "
            "names on it are invented.",
        ],
        31,
    )
    files[p] = h
    p, h = at_simple_page(
        "privacy-policy",
        "Privacy Policy",
        [
            "This website uses cookies to remember your preferences and to measure how the "
            "site is used. You can disable cookies in the settings of your browser.",
            "If you subscribe to our newsletter, we store your email address only to send you "
            "the newsletter. You can unsubscribe at any time using the link in each email.",
        ],
        3,
    )
    files[p] = h
    return {k: v.encode("utf-8") for k, v in files.items()}


# --------------------------------------------------------------------------------------
# china.org.cn (Xinhua copy, "Off the Wire")
# --------------------------------------------------------------------------------------


@dataclass
class CNStory:
    content_id: int
    page_id: int  # the CMS counter id printed near the end of the page
    title: str
    published: datetime  # Beijing time
    keywords: str
    paras: list[str]
    photo: str = ""
    caption: str = ""
    editor: str = ""
    encoding: str = "utf-8"
    nbsp_end: bool = False
    related: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{CN}/{self.rel}"

    @property
    def rel(self) -> str:
        d = self.published
        return f"world/Off_the_Wire/{d:%Y-%m}/{d:%d}/content_{self.content_id}.htm"

    @property
    def date(self) -> str:
        return f"{self.published:%Y-%m-%d}"


# Site-wide headline ticker in the top bar (a link to a Chinese-language story).
CN_TICKER_TEXT = "习近平出席巴西总统卢拉举行的欢迎宴会"
CN_TICKER_URL = "http://news.china.com.cn/2024-11/21/content_117560981.shtml"
LATEST = "node_7075022.htm"
LATEST_2 = "node_7075022_2.htm"

CN_STORIES: list[CNStory] = [
    CNStory(
        content_id=117295603,
        page_id=8014630,
        title="China-Europe freight trains via Khorgos maintain steady growth",
        published=datetime(2024, 7, 5, 10, 12, 37, tzinfo=BJ),
        keywords="China-Europe freight train, Khorgos, Kazakhstan",
        photo="http://images.china.cn/site1000/2024-07/05/117295598_4b1f0c2e-8d3a-4e55-9a6f-0c7d2e9b1a44.jpg",
        caption="A China-Europe freight train waits for customs clearance at the Khorgos "
        "port in northwest China's Xinjiang Uygur Autonomous Region. [Photo/Xinhua]",
        paras=[
            "URUMQI, July 4 (Xinhua) -- The number of China-Europe freight train trips "
            "passing through the Khorgos port in northwest China's Xinjiang Uygur Autonomous "
            "Region kept growing steadily in the first half of the year, according to local "
            "customs authorities.",
            "The trains carried a wide range of goods, including electronics, auto parts, "
            "household appliances and building materials, to destinations in Central Asia and "
            "Europe, while return trains brought back agricultural products, metals and other "
            "goods.",
            "Local customs officials said that the port has introduced measures such as "
            "round-the-clock clearance, advance declaration and the use of smart inspection "
            "equipment to shorten the time trains spend at the border.",
            "Khorgos, which borders Kazakhstan, is one of the major land ports on the "
            "China-Europe freight train routes.",
        ],
    ),
    CNStory(
        content_id=117291247,
        page_id=8014207,
        title="Chinese poetry evening brings audiences together in Almaty",
        published=datetime(2024, 7, 4, 9, 31, 5, tzinfo=BJ),
        keywords="Almaty, Chinese poetry, Kazakhstan, cultural exchanges",
        encoding="gb18030",
        editor="Zhang Wei",
        paras=[
            "ALMATY, July 3 (Xinhua) -- An evening of classical Chinese poetry and music was "
            "held in Almaty on Wednesday, drawing students, teachers and local residents "
            "interested in Chinese language and culture.",
            "Students of local Confucius Institutes recited works by poets of the Tang and Song "
            "dynasties in Chinese, Kazakh and Russian, accompanied by performances on "
            "traditional instruments.",
            "Opening the event, Wang Zhe (王喆), a teacher from the organizing institute, "
            'quoted the Tang Dynasty poet Wang Bo, "海内存知己，天涯若比邻" (A bosom friend '
            "afar brings a distant land near), saying the line captures the spirit of "
            "friendship between the two peoples.",
            "Many participants said that poetry helped them understand Chinese history and "
            "ways of thinking, and expressed the hope that such events would be held "
            "regularly.",
        ],
    ),
    CNStory(
        content_id=117287880,
        page_id=8013945,
        title="Xi hails uniqueness of China-Kazakhstan partnership",
        published=datetime(2024, 7, 3, 9, 48, 3, tzinfo=BJ),
        keywords="Xi Jinping, Kazakhstan, Tokayev, SCO",
        photo="http://images.china.cn/site1000/2024-07/03/117287875_f307f17b-9713-477d-8af6-5b702ceec727.png",
        caption="Chinese President Xi Jinping shakes hands with Kazakh President "
        "Kassym-Jomart Tokayev on July 2, 2024. On Tuesday evening, Xi and Tokayev had a "
        "cordial and friendly exchange over dinner in a pleasant and warm atmosphere, "
        "discussing issues related to China-Kazakhstan relations and issues of common "
        "concerns. [Photo by Xie Huanchi/Xinhua]",
        nbsp_end=True,
        # Seed 004: paragraphs exactly as in shared/seeds/expected/004_2c0c104f733e8c9b.txt
        paras=[
            "ASTANA, July 2 (Xinhua) -- Chinese President Xi Jinping said on Tuesday that "
            "China and Kazakhstan have established a unique permanent comprehensive strategic "
            "partnership.",
            "Xi made the remarks in a written statement upon his arrival in Astana for a state "
            "visit to Kazakhstan, where he will also attend the 24th Meeting of the Council of "
            "Heads of State of the Shanghai Cooperation Organization (SCO).",
            "The Chinese president said he is delighted to visit the beautiful country of "
            "Kazakhstan at the invitation of Kazakh President Kassym-Jomart Tokayev, and to "
            "attend the SCO summit, adding that he, on behalf of the Chinese government and "
            "the Chinese people, conveyed sincere greetings and best wishes to Tokayev and the "
            "friendly Kazakh people.",
            "China and Kazakhstan share a long tradition of friendship, Xi noted.",
            "More than 2,000 years ago, the ancient Silk Road closely connected the two "
            "countries, marking the beginning of a history of friendly exchanges, he said.",
            "Over the past 32 years since China and Kazakhstan established diplomatic ties, "
            "the relationship has withstood the test of time and the vicissitudes of the "
            "international landscape, evolving into a unique permanent comprehensive strategic "
            "partnership, Xi added.",
            "He also said that the everlasting friendship of the two nations has grown "
            "stronger over time, and set an example of solidarity, mutual benefit, and mutual "
            "success between neighboring countries.",
            "Xi recalled that 11 years ago, he first put forward the initiative of jointly "
            "building the Silk Road Economic Belt in Kazakhstan, adding that today, Belt and "
            "Road cooperation between China and Kazakhstan has yielded fruitful results.",
            "Two-way economic and trade cooperation has reached new highs, people-to-people "
            "and cultural exchanges have featured numerous highlights, and the two sides' "
            "international cooperation has been close and efficient, which has not only "
            "improved the well-being of the two peoples, but also injected more stability and "
            "positive energy into the international and regional situation, Xi added.",
            "He said that during the visit, he will have talks with President Tokayev and have "
            "an in-depth exchange of views on China-Kazakhstan relations, all-round "
            "cooperation and other international and regional issues of common concern, in a "
            "bid to make new plans and arrangements for the development of China-Kazakhstan "
            "permanent comprehensive strategic partnership.",
            "Xi also said that he looks forward to attending the SCO summit, and discussing "
            "with all parties the future of the organization and ways to advance cooperation, "
            "so as to achieve new and greater progress for this important multilateral "
            "mechanism.",
            "Three Kazakh Air Force fighter jets took off to escort Xi's plane after it entered "
            "the country's airspace. Tokayev held a grand welcoming ceremony at the airport to "
            'welcome Xi. A group of Kazakh children sang the song "Ode to the Motherland" in '
            "Chinese.",
            "On Tuesday evening, Xi and Tokayev had a cordial and friendly exchange over dinner "
            "in a pleasant and warm atmosphere, discussing issues related to China-Kazakhstan "
            "relations and issues of common concerns.",
        ],
    ),
    CNStory(
        content_id=117284536,
        page_id=8013411,
        title="Young people from SCO countries meet in Astana ahead of summit",
        published=datetime(2024, 7, 2, 8, 55, 41, tzinfo=BJ),
        keywords="SCO, youth, Astana, Kazakhstan",
        photo="http://images.china.cn/site1000/2024-07/02/117284530_9c2a7e15-3b64-4f0d-b8e1-6a5d0f3c72b9.jpg",
        caption="Participants attend a youth forum of Shanghai Cooperation Organization "
        "member states in Astana, Kazakhstan, July 1, 2024. [Photo/Xinhua]",
        paras=[
            "ASTANA, July 1 (Xinhua) -- Young people from member states of the Shanghai "
            "Cooperation Organization (SCO) gathered in Astana on Monday for a forum on "
            "education, innovation and cultural exchanges, ahead of the SCO summit to be held "
            "in the Kazakh capital this week.",
            "Participants discussed ways to expand student exchanges, promote joint startup "
            "projects and make better use of digital platforms for cooperation among young "
            "entrepreneurs and researchers in the region.",
            "Organizers said the forum aimed to give young people a greater voice in regional "
            "cooperation and to strengthen mutual understanding among the peoples of SCO "
            "countries.",
            "The 24th Meeting of the Council of Heads of State of the SCO is scheduled to take "
            "place in Astana on July 3 and 4.",
        ],
    ),
    CNStory(
        content_id=117280112,
        page_id=8012766,
        title="China, Kazakhstan to deepen cooperation in cross-border logistics",
        published=datetime(2024, 7, 1, 16, 20, 9, tzinfo=BJ),
        keywords="China, Kazakhstan, logistics, customs, border ports",
        paras=[
            "BEIJING, July 1 (Xinhua) -- Chinese and Kazakh officials on Monday agreed to "
            "further improve the efficiency of cross-border logistics, including expanding the "
            "capacity of border ports and promoting the digitalization of customs procedures.",
            "The two sides held talks in Beijing on the implementation of cooperation projects "
            "in transport and trade facilitation, and reviewed the operation of border "
            "crossings such as Khorgos and Alashankou.",
            "Officials from both countries said that the growing volume of goods moving "
            "between China, Central Asia and Europe requires better coordination of inspection "
            "procedures and smoother information exchange between customs authorities.",
            "The two sides agreed to set up a working group to study further measures to "
            "simplify clearance procedures for agricultural products and to support the "
            "development of logistics centers along the routes linking the two countries.",
        ],
    ),
]

CN_CSS = """
body{margin:0;font:12px/1.6 Arial,Helvetica,sans-serif;color:#333;background:#fff}
a{color:#003399;text-decoration:none}a:hover{text-decoration:underline}
#topBar{background:#eef2f7;border-bottom:1px solid #c9d3e0;height:26px;line-height:26px}
.topBar_inner,.header,.navBar,.wrap,.footer{width:980px;margin:0 auto}
.topLeft{float:left}.topNews{float:right}.topNews a{color:#c00}
.header{height:70px}.logo{float:left;padding-top:10px}
.navBar{background:#1d4f91;height:32px;line-height:32px}.navBar a{color:#fff;font-weight:bold;padding:0 12px}
.crumbs{width:980px;margin:8px auto;color:#666}
.wrap{overflow:hidden}.left{float:left;width:660px}.right{float:right;width:300px}
h1.artTitle{font:bold 24px/1.3 Georgia,serif;margin:12px 0;color:#000}
.fromSummary{color:#666;border-bottom:1px dotted #ccc;padding-bottom:6px;overflow:hidden}
.fromSummary .share{float:right}
#artiContent{font:14px/1.8 Arial,Helvetica,sans-serif}
#artiContent .title{font:bold 16px/1.4 Georgia,serif;text-align:center;margin:12px 0}
.box{border:1px solid #d5dde8;margin-bottom:12px}.box h3{background:#eef2f7;margin:0;padding:4px 8px;font-size:13px}
.box ul{margin:6px 0;padding-left:20px}
.newsList li{line-height:24px}.newsList span{color:#999;margin-left:8px}
#autopage{text-align:center;margin:10px 0}
.footer{border-top:2px solid #1d4f91;margin-top:20px;padding:10px 0;text-align:center;color:#666}
"""

CN_LANGS = [
    ("Chinese", "中文", "http://www.china.com.cn/"),
    ("French", "Français", "http://french.china.org.cn/"),
    ("German", "Deutsch", "http://german.china.org.cn/"),
    ("Japanese", "日本語", "http://japanese.china.org.cn/"),
    ("Spanish", "Español", "http://spanish.china.org.cn/"),
    ("Russian", "Русский", "http://russian.china.org.cn/"),
    ("Arabic", "العربية", "http://arabic.china.org.cn/"),
    ("Korean", "한국어", "http://korean.china.org.cn/"),
    ("Esperanto", "Esperanto", "http://esperanto.china.org.cn/"),
]

CN_NAV = [
    ("Home", f"{CN}/"),
    ("China", f"{CN}/china/"),
    ("World", f"{CN}/world/"),
    ("Business", f"{CN}/business/"),
    ("Opinion", f"{CN}/opinion/"),
    ("Latest News", f"{CN}/{LATEST}"),
]


def cn_head(title: str, charset: str, meta: str = "") -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{esc(title)}</title>
{meta}<style type="text/css">{CN_CSS}</style>
<script type="text/javascript">var _siteid = "1000";</script>
</head>
"""


def cn_top() -> str:
    langs = " | ".join(f'<a href="{u}" title="{en}">{esc(n)}</a>' for en, n, u in CN_LANGS)
    nav = "\n".join(f'<a href="{u}">{esc(n)}</a>' for n, u in CN_NAV)
    return f"""<body>
<div id="topBar"><div class="topBar_inner">
<div class="topLeft">{langs}</div>
<div class="topNews"><a href="{CN_TICKER_URL}" target="_blank">{CN_TICKER_TEXT}</a></div>
</div></div>
<table class="header" width="980" border="0" cellspacing="0" cellpadding="0" align="center"><tr>
<td class="logo" width="260"><a href="{CN}/"><img src="{CN}/img/2015/logo.gif" width="241" height="50" border="0" alt="China.org.cn" /></a></td>
<td align="right"><a href="{CN}/world/"><img src="{CN}/img/2015/banner_world.jpg" width="700" height="60" border="0" alt="" /></a></td>
</tr></table>
<div class="navBar">
{nav}
</div>
"""


def cn_footer() -> str:
    return f"""<div class="footer">
<a href="{CN}/">Home</a> | <a href="{CN}/{LATEST}">Latest News</a> | <a href="mailto:webmaster@china.org.cn">Contact Us</a><br />
Copyright &copy; China.org.cn. All Rights Reserved &nbsp; E-mail: webmaster@china.org.cn<br />
京ICP证 040089号
</div>
</body>
</html>
"""


def cn_most_viewed(exclude: CNStory | None = None) -> str:
    items = "\n".join(
        f'<li><a href="{s.url}" target="_blank">{esc(s.title)}</a></li>'
        for s in CN_STORIES
        if s is not exclude
    )
    return f"""<div class="box">
<h3>Most Viewed</h3>
<ul>
{items}
</ul>
</div>
"""


def cn_article_page(s: CNStory) -> str:
    charset = "gb2312" if s.encoding == "gb18030" else "utf-8"
    meta = f"""<meta name="keywords" content="{esc(s.keywords)}" />
<meta name="description" content="{esc(s.paras[0])}" />
<meta name="filetype" content="0" />
<meta name="publishedtype" content="1" />
<meta name="pagetype" content="1" />
<meta name="catalogs" content="7075022" />
<meta name="contentid" content="{s.content_id}" />
<meta name="publishdate" content="{s.date}" />
<meta name="author" content="" />
<meta name="source" content="Xinhua" />
"""
    enp = (
        f"<!--enpproperty <articleid>{s.content_id}</articleid><date>"
        f"{s.published:%Y-%m-%d %H:%M:%S}.0</date><author></author><title>{esc(s.title)}"
        f"</title><keyword>{esc(s.keywords)}</keyword><subtitle></subtitle><introtitle>"
        f"</introtitle><siteid>1000</siteid><nodeid>7075022</nodeid><nodename>Latest News"
        f"</nodename><nodesearchname></nodesearchname><picurl>{s.photo}</picurl>"
        f"/enpproperty-->"
    )
    u = quote(s.url, safe="")
    t = quote(s.title, safe="")
    photo = ""
    if s.photo:
        # Editor-inserted picture: the CMS puts image and caption in a small centred table.
        photo = (
            '<table width="100%" border="0" cellspacing="0" cellpadding="0" align="center">'
            f'<tbody>\n<tr><td align="center"><img src="{s.photo}" border="0" '
            'style="max-width:640px" /></td></tr>\n'
            f'<tr><td align="center"><p style="text-align: center;">{esc_t(s.caption)}</p>'
            "</td></tr>\n</tbody></table>\n"
        )
    paras = []
    for i, p in enumerate(s.paras):
        end = "&nbsp;" if s.nbsp_end and i == len(s.paras) - 1 else ""
        paras.append(f"<p>{esc_t(p)}{end}</p>")
    editor = f'<p style="text-align: right;">Editor: {esc(s.editor)}</p>\n' if s.editor else ""
    return (
        cn_head(f"{s.title} - China.org.cn", charset, meta)
        + cn_top()
        + f"""<div class="crumbs"><a href="{CN}/world/" target="_blank">News</a> &gt; <a href="{CN}/{LATEST}" target="_blank">Latest News</a> &gt; </div>
<div class="wrap">
<div class="left">
{enp}
<h1 class="artTitle">{esc(s.title)}</h1>
<div class="fromSummary">
<span class="fl">Source: Xinhua | {s.date}</span>
<div class="share"><span>Share:</span>
<a href="http://service.weibo.com/share/share.php?url={u}&amp;title={t}" target="_blank"><img src="{CN}/img/2015/share_weibo.gif" border="0" alt="" /></a>
<a href="https://www.facebook.com/sharer.php?u={u}&amp;t={t}" target="_blank"><img src="{CN}/img/2015/share_facebook.gif" border="0" alt="" /></a>
<a href="https://twitter.com/intent/tweet?text={t}&amp;url={u}" target="_blank"><img src="{CN}/img/2015/share_twitter.gif" border="0" alt="" /></a>
<a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={u}&amp;title={t}" target="_blank"><img src="{CN}/img/2015/share_linkedin.gif" border="0" alt="" /></a>
</div>
</div>
<div id="artiContent">
<div class="title">{esc(s.title)}</div>
{photo}{nl.join(paras)}
{editor}</div>
<div id="autopage"><center></center></div>
<div style="display:none" id="picurl">{s.photo}</div>
<div class="artiTools"><a href="javascript:window.print();">Print</a> <a href="mailto:?subject={t}&amp;body={u}">E-mail</a></div>
<div id="pageid">{s.page_id}</div>
<script type="text/javascript">var contentid = "{s.content_id}"; var pageid = "{s.page_id}";</script>
</div>
<div class="right">
{cn_most_viewed(s)}</div>
</div>
"""
        + cn_footer()
    )


def cn_listing(page: int, stories: list[CNStory], pages: int) -> str:
    items = "\n".join(
        f'<li><a href="{s.url}" target="_blank">{esc(s.title)}</a><span>{s.date}</span></li>'
        for s in stories
    )
    names = [LATEST, LATEST_2]
    nav = []
    if page > 1:
        nav.append(f'<a href="{names[page - 2]}">&lt;&lt; Previous</a>')
    for n in range(1, pages + 1):
        nav.append(str(n) if n == page else f'<a href="{names[n - 1]}">{n}</a>')
    if page < pages:
        nav.append(f'<a href="{names[page]}">Next &gt;&gt;</a>')
    return (
        cn_head("Latest News - China.org.cn", "utf-8")
        + cn_top()
        + f"""<div class="crumbs"><a href="{CN}/world/">News</a> &gt; Latest News</div>
<div class="wrap">
<div class="left">
<div class="box">
<h3>Latest News</h3>
<ul class="newsList">
{items}
</ul>
</div>
<div id="autopage"><center>{" ".join(nav)}</center></div>
</div>
<div class="right">
{cn_most_viewed()}</div>
</div>
"""
        + cn_footer()
    )


def cn_channel(name: str, stories: list[CNStory]) -> str:
    if stories:
        items = "\n".join(
            f'<li><a href="{s.url}" target="_blank">{esc(s.title)}</a><span>{s.date}</span></li>'
            for s in stories
        )
        body = f'<div class="box">\n<h3>Off the Wire</h3>\n<ul class="newsList">\n{items}\n</ul>\n</div>\n'
    else:
        body = (
            '<div class="box">\n<h3>Top Stories</h3>\n<p>See <a href="'
            + f"{CN}/{LATEST}"
            + '">Latest News</a>.</p>\n</div>\n'
        )
    return (
        cn_head(f"{name} - China.org.cn", "utf-8")
        + cn_top()
        + f"""<div class="crumbs"><a href="{CN}/">Home</a> &gt; {esc(name)}</div>
<div class="wrap">
<div class="left">
{body}</div>
<div class="right">
{cn_most_viewed()}</div>
</div>
"""
        + cn_footer()
    )


def cn_sitemap_index() -> str:
    last = max(s.published for s in CN_STORIES)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap>
<loc>{CN}/sitemap_world.xml</loc>
<lastmod>{last.isoformat()}</lastmod>
</sitemap>
</sitemapindex>
"""


def cn_news_sitemap() -> str:
    urls = "".join(
        f"""<url>
<loc>{s.url}</loc>
<lastmod>{s.published.isoformat()}</lastmod>
<news:news>
<news:publication>
<news:name>China.org.cn</news:name>
<news:language>en</news:language>
</news:publication>
<news:publication_date>{s.published.isoformat()}</news:publication_date>
<news:title>{esc(s.title)}</news:title>
<news:keywords>{esc(s.keywords)}</news:keywords>
</news:news>
</url>
"""
        for s in CN_STORIES
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}</urlset>
"""


CN_ROBOTS = f"""User-agent: *
Disallow: /search/
Disallow: /cgi-bin/

Sitemap: {CN}/sitemap.xml
"""


def build_chinaorgcn() -> dict[str, bytes]:
    files: dict[str, bytes] = {}

    def put(path: str, text: str, encoding: str = "utf-8") -> None:
        files[path] = text.encode(encoding)
        if encoding != "utf-8":
            GB18030_FILES.append(f"{CN_HOST}/{path}")

    put("robots.txt", CN_ROBOTS)
    put("sitemap.xml", cn_sitemap_index())
    put("sitemap_world.xml", cn_news_sitemap())
    put(LATEST, cn_listing(1, CN_STORIES, 2))
    put(LATEST_2, cn_listing(2, CN_STORIES[-2:], 2))
    put(
        "index.html",
        cn_channel(
            "China.org.cn - China news, weather, business, travel & language courses",
            CN_STORIES[:3],
        ),
    )
    put("world/index.html", cn_channel("World", CN_STORIES))
    for name in ("China", "Business", "Opinion"):
        put(f"{name.lower()}/index.html", cn_channel(name, []))
    for s in CN_STORIES:
        put(s.rel, cn_article_page(s), s.encoding)
    return files


# --------------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    GB18030_FILES.clear()
    out = {f"{AT_HOST}/{k}": v for k, v in build_astanatimes().items()}
    out.update({f"{CN_HOST}/{k}": v for k, v in build_chinaorgcn().items()})
    return out


def write(out_dir: Path) -> list[str]:
    files = build()
    for host in (AT_HOST, CN_HOST):
        if (out_dir / host).exists():
            shutil.rmtree(out_dir / host)
    for rel in sorted(files):
        p = out_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(files[rel])
    return sorted(files)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="site root (default: %(default)s)"
    )
    args = ap.parse_args(argv)
    names = write(args.out)
    print(f"wrote {len(names)} files under {args.out}")
    for g in GB18030_FILES:
        print(f"GB18030: {g}")


if __name__ == "__main__":
    main()
