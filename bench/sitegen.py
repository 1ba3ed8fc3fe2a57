"""A deterministic synthetic news site for the benchmark.

Article pages of 30–80 KB with real-looking furniture (navigation, sidebars, related
stories, footer), a quarter in Chinese and a tenth of those GB18030-encoded behind a
``gb2312`` declaration, listing pages with pagination, and a sitemap. Written once to a
directory and served as static files, so serving costs nothing but I/O.
"""

from __future__ import annotations

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


def _furniture(rng: random.Random, n: int) -> tuple[str, str, str]:
    nav = "".join(f'<li><a href="/section/{i}/">Section {i}</a></li>' for i in range(60))
    related = "".join(
        f'<li><a href="/news/{(n + k) % 997}.html">{_sentence(rng, False)[:70]}</a></li>'
        for k in range(1, 25)
    )
    footer = "".join(f'<a href="/about/{i}/">About page {i}</a> | ' for i in range(40))
    return nav, related, footer


def article_html(n: int, total: int) -> tuple[bytes, str]:
    """Page ``n`` and the charset it is encoded in."""
    rng = random.Random(n)
    chinese = n % 4 == 0
    gb = chinese and n % 40 == 0
    charset = "gb2312" if gb else "utf-8"
    title = _sentence(rng, chinese)[:60]
    day = 1 + n % 28
    date = f"2024-{1 + n % 12:02d}-{day:02d}"
    target = rng.randint(30_000, 80_000)
    nav, related, footer = _furniture(rng, n)
    body, size = [], 0
    while size < target * 0.45:
        paragraph = _paragraph(rng, chinese)
        body.append(f"<p>{paragraph}</p>")
        size += len(paragraph.encode("utf-8"))
    sidebar = "".join(
        f"<div class='teaser'><p>{_sentence(rng, False)}</p></div>" for _ in range(30)
    )
    html = f"""<!DOCTYPE html>
<html lang="{"zh" if chinese else "en"}"><head><meta charset="{charset}">
<title>{title} - Bench News</title>
<meta property="og:type" content="article"><meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T08:00:00+00:00">
<link rel="canonical" href="https://{HOST}/news/{n}.html">
<style>{"body{margin:0}" * 200}</style></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<div class="crumbs"><a href="/">Home</a> &gt; <a href="/news/">News</a></div>
<main><article><h1>{title}</h1><time datetime="{date}">{date}</time>
{"".join(body)}
</article>
<aside><h3>Related</h3><ul>{related}</ul></aside></main>
<aside class="sidebar">{sidebar}</aside>
<footer>{footer}<p>Copyright Bench News</p></footer>
<script>{"var x=1;" * 2000}</script></body></html>"""
    return html.encode("gb18030" if gb else "utf-8"), charset


def write_site(root: Path, total: int) -> Path:
    """Write ``total`` articles, listings and a sitemap under ``root/HOST``."""
    base = root / HOST
    (base / "news").mkdir(parents=True, exist_ok=True)
    (base / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    for n in range(total):
        (base / "news" / f"{n}.html").write_bytes(article_html(n, total)[0])
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
