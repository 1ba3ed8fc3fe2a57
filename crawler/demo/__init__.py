"""The bundled demo site: ``newsarc demo`` runs the whole pipeline against it.

The site tree in ``site/`` (written by ``make_site.py``) is served on 127.0.0.1 and
reached through ``NEWSARC_HOST_MAP``, so the shipped ``astanatimes`` and
``chinaorgcn`` sources are crawled with their real URLs, the real Scrapy engine and
every pipeline stage, and nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

from archive.corpus import MANIFEST, read_manifest

SITE = Path(__file__).parent / "site"
DEMO_SOURCES = ("astanatimes", "chinaorgcn")


def print_preview(out: Path) -> None:
    """Where the corpus is and a few of its texts, for a first-time user."""
    manifest = out / MANIFEST
    if not manifest.exists():
        return
    records = list(read_manifest(manifest))
    print(f"\n{len(records)} articles in the corpus; the first ones:")
    for record in records[:4]:
        print(f"  {record['date']}  {record['source']:<12} {out / record['text_path']}")
    if records:
        print(f"\nRead one:  cat {out / records[0]['text_path']}")
