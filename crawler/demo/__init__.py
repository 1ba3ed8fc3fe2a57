"""The bundled demo site: ``newsarc demo`` runs the whole pipeline against it.

The site tree in ``site/`` (written by ``make_site.py``) is served on 127.0.0.1 and
reached through ``NEWSARC_HOST_MAP``, so the shipped ``astanatimes`` and
``chinaorgcn`` sources are crawled with their real URLs, the real Scrapy engine and
every pipeline stage, and nothing leaves the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

SITE = Path(__file__).parent / "site"
DEMO_SOURCES = ("astanatimes", "chinaorgcn")


def print_preview(out: Path) -> None:
    """Where the corpus is and a few of its texts, for a first-time user."""
    manifest = out / "manifest.jsonl"
    if not manifest.exists():
        return
    lines = manifest.read_text(encoding="utf-8").splitlines()
    print(f"\n{len(lines)} articles in the corpus; the first ones:")
    for line in lines[:4]:
        record = json.loads(line)
        print(f"  {record['date']}  {record['source']:<12} {out / record['text_path']}")
    if lines:
        print(f"\nRead one:  cat {out / json.loads(lines[0])['text_path']}")
