"""A deterministic synthetic news site for the benchmark.

Article pages of 30–80 KB with real-looking furniture (menus, teaser cards, share links,
footer, scripts) around a story of 2–9 KB of text, a quarter in Chinese and a tenth of
those GB18030-encoded behind a ``gb2312`` declaration, listing pages with pagination, and a
sitemap. Written once to a directory and served as static files, so serving costs nothing but I/O.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

HOST = "bench.newsarc.test"
LISTING_SIZE = 50

_EN = [
    "minister",
    "foreign",
    "talks",
    "cooperation",
    "agreement",
    "delegation",
    "summit",
    "bilateral",
    "trade",
    "economic",
    "security",
    "regional",
    "partnership",
    "president",
    "government",
    "relations",
    "said",
    "meeting",
    "development",
    "strategic",
    "investment",
    "energy",
    "transport",
    "connectivity",
    "dialogue",
    "visit",
    "leaders",
    "statement",
    "council",
    "support",
    "initiative",
    "framework",
    "countries",
    "both",
    "sides",
    "agreed",
    "discussed",
    "issues",
    "mutual",
    "interest",
    "friendly",
    "ties",
    "official",
    "spokesperson",
]
_ZH = (
    "外交部发言人表示中国哈萨克斯坦两国关系合作发展经济贸易安全地区伙伴"
    "总统政府会谈访问领导人声明支持倡议框架双方同意讨论问题共同利益友好"
)


def _sentence(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return "".join(rng.choice(_ZH) for _ in range(rng.randint(25, 60))) + "。"
    words = [rng.choice(_EN) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, chinese: bool) -> str:
    return ("" if chinese else " ").join(_sentence(rng, chinese) for _ in range(rng.randint(2, 5)))


def _menu(rng: random.Random) -> str:
    """A header menu with drop-downs, as news sites nest them."""
    items = []
    for i in range(rng.randint(5, 12)):
        sub = "".join(
            f'<li class="menu-item"><a href="/section/{i}/{k}/"><span>{rng.choice(_EN).title()}'
            f"</span></a></li>"
            for k in range(8)
        )
        items.append(
            f'<li class="menu-item has-children"><a href="/section/{i}/">'
            f"<span>{rng.choice(_EN).title()}</span></a>"
            f'<div class="dropdown"><ul class="sub-menu">{sub}</ul></div></li>'
        )
    return f'<nav class="main-menu"><ul class="menu">{"".join(items)}</ul></nav>'


def _cards(rng: random.Random, n: int, count: int) -> str:
    """Teaser cards for other stories: image, headline, summary, date."""
    cards = []
    for k in range(1, count + 1):
        other = (n + 7 * k) % 997
        cards.append(
            f'<div class="card"><a href="/news/{other}.html" class="card-link">'
            f'<div class="card-img"><img src="/img/{other}-thumb.jpg" alt="" loading="lazy"></div>'
            f'<h3 class="card-title">{_sentence(rng, False)[:70]}</h3></a>'
            f'<p class="card-summary">{_sentence(rng, False)}</p>'
            f'<span class="card-date">2024-0{1 + k % 9}-1{k % 10}</span></div>'
        )
    return "".join(cards)


def _share(n: int) -> str:
    links = "".join(
        f'<li><a href="https://share.example/{name}?u=/news/{n}.html" class="share-{name}">'
        f'<i class="icon icon-{name}"></i><span>{name.title()}</span></a></li>'
        for name in ("facebook", "twitter", "telegram", "whatsapp", "email", "print")
    )
    return f'<div class="share"><span>Share</span><ul class="share-list">{links}</ul></div>'


def _footer(rng: random.Random) -> str:
    columns = "".join(
        f'<div class="footer-col"><h4>{rng.choice(_EN).title()}</h4><ul>'
        + "".join(f'<li><a href="/about/{c}/{i}/">About page {i}</a></li>' for i in range(10))
        + "</ul></div>"
        for c in range(5)
    )
    return (
        f'<footer class="site-footer"><div class="footer-cols">{columns}</div>'
        '<div class="footer-bottom"><p>Copyright 2024 Bench News. All rights reserved.</p>'
        '<p><a href="/privacy/">Privacy</a> | <a href="/terms/">Terms</a></p></div></footer>'
    )


def article_html(n: int, total: int) -> tuple[bytes, str]:
    """Page ``n`` and the charset it is encoded in.

    Shaped like the pages of ``shared/corpus``: a story of a few kilobytes of text in some
    50 KB of markup, most of it furniture (menus, cards, share links, footer, scripts).
    """
    rng = random.Random(n)
    chinese = n % 4 == 0
    gb = chinese and n % 40 == 0
    charset = "gb2312" if gb else "utf-8"
    title = _sentence(rng, chinese)[:60]
    day = 1 + n % 28
    date = f"2024-{1 + n % 12:02d}-{day:02d}"
    story_size = rng.randint(2_000, 9_000)
    body, size = [], 0
    while size < story_size:
        paragraph = _paragraph(rng, chinese)
        body.append(f"<p>{paragraph}</p>")
        size += len(paragraph.encode("utf-8"))
    figure = (
        f'<figure class="photo"><img src="/img/{n}.jpg" alt="{title}" width="800">'
        f"<figcaption>{_sentence(rng, chinese)[:80]} Photo: Xinhua</figcaption></figure>"
    )
    body.insert(1, figure)
    tags = "".join(
        f'<a href="/tag/{rng.choice(_EN)}/" rel="tag">{rng.choice(_EN)}</a>' for _ in range(6)
    )
    most_read = "".join(
        f'<li><a href="/news/{(n + 13 * k) % 997}.html">{_sentence(rng, False)[:60]}</a></li>'
        for k in range(1, 11)
    )
    scripts = "".join(
        f"<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'slot':{i},"
        f"'page':{n}}});{'var x=1;' * rng.randint(0, 900)}</script>"
        for i in range(8)
    )
    html = f"""<!DOCTYPE html>
<html lang="{"zh" if chinese else "en"}"><head><meta charset="{charset}">
<title>{title} - Bench News</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{_sentence(rng, chinese)[:150]}">
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="og:image" content="https://{HOST}/img/{n}.jpg">
<meta property="article:published_time" content="{date}T08:00:00+00:00">
<link rel="canonical" href="https://{HOST}/news/{n}.html">
<link rel="stylesheet" href="/css/main.css"><link rel="icon" href="/favicon.ico">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{title}","datePublished":"{date}T08:00:00+00:00",
"publisher":{{"@type":"Organization","name":"Bench News"}}}}</script>
<style>{"body{margin:0}.card{display:flex}" * 60}</style></head>
<body class="article-page"><div class="topbar"><a href="/login/">Log in</a>
<a href="/subscribe/">Subscribe</a></div>
<header class="site-header"><a class="logo" href="/"><img src="/logo.svg" alt="Bench News"></a>
{_menu(rng)}<form class="search" action="/search/"><input name="q"><button>Search</button></form>
</header>
<div class="crumbs"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt;
<a href="/news/world/">World</a></div>
<main class="content"><article class="story"><h1 class="story-title">{title}</h1>
<div class="byline"><span class="author">Bench Reporter</span>
<time datetime="{date}">{date}</time></div>{_share(n)}
<div class="story-body">{"".join(body)}</div>
<div class="tags">{tags}</div>{_share(n)}
</article>
<section class="related"><h2>Related stories</h2>{_cards(rng, n, rng.randint(4, 14))}</section>
</main>
<aside class="sidebar"><div class="widget"><h3>Most read</h3><ol>{most_read}</ol></div>
<div class="widget">{_cards(rng, n + 500, 6)}</div>
<div class="widget newsletter"><h3>Newsletter</h3><form action="/newsletter/">
<input type="email" name="email"><button>Sign up</button></form></div></aside>
{_footer(rng)}
{scripts}</body></html>"""
    return html.encode("gb18030" if gb else "utf-8"), charset


def write_site(root: Path, total: int) -> Path:
    """Write ``total`` articles, listings and a sitemap under ``root/HOST``.

    Each article is also written gzipped, as served (``<n>.html.gz``): compressing at
    serve time would cost the server a millisecond a page of the cores being measured.
    """
    base = root / HOST
    (base / "news").mkdir(parents=True, exist_ok=True)
    (base / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for n in range(total):
        page = article_html(n, total)[0]
        (base / "news" / f"{n}.html").write_bytes(page)
        (base / "news" / f"{n}.html.gz").write_bytes(gzip.compress(page, mtime=0))
    pages = (total + LISTING_SIZE - 1) // LISTING_SIZE
    for page in range(1, pages + 1):
        items = range((page - 1) * LISTING_SIZE, min(page * LISTING_SIZE, total))
        links = "".join(f'<li><a href="/news/{n}.html">Story {n}</a></li>' for n in items)
        nxt = f'<a class="next" href="/list/{page + 1}.html">Next</a>' if page < pages else ""
        listing = f"<html><body><ul>{links}</ul>{nxt}</body></html>"
        (base / "list").mkdir(exist_ok=True)
        (base / "list" / f"{page}.html").write_text(listing)
    urls = "".join(f"<url><loc>https://{HOST}/news/{n}.html</loc></url>" for n in range(total))
    sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    (base / "sitemap.xml").write_text(sitemap)
    return base


SOURCE_TOML = f"""
name = "bench"
publisher = "Bench News (synthetic)"
kind = "wire"
language = "en"
domains = ["{HOST}"]

[discovery]
[[discovery.listings]]
url = "https://{HOST}/list/1.html"
next = "a.next::attr(href)"
max_pages = 100000

[articles]
allow = ['^https://{HOST.replace(".", "[.]")}/news/\\d+[.]html$']
"""
