"""``newsarc demo``: the whole pipeline against a bundled copy of two news sites.

The site tree in ``site/`` (written by ``make_site.py``) is served on 127.0.0.1 and
reached through ``NEWSARC_HOST_MAP``, so the shipped ``astanatimes`` and
``chinaorgcn`` sources are crawled with their real URLs, the real Scrapy engine and
every pipeline stage, and nothing leaves the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

from crawler.localsite import LocalSite

SITE = Path(__file__).parent / "site"
DEMO_SOURCES = ("astanatimes", "chinaorgcn")


def run_demo(out: Path, verbose: bool = False) -> int:
    from crawler.cli import build_parser, cmd_crawl

    with LocalSite(SITE) as site:
        args = build_parser().parse_args(["crawl", *DEMO_SOURCES, "--out", str(out)])
        args.verbose = verbose
        args.extra_settings = {
            "NEWSARC_HOST_MAP": site.host_map(),
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
        }
        print(f"newsarc demo: serving {', '.join(site.hosts())} on {site.address}")
        code = cmd_crawl(args)
    manifest = out / "manifest.jsonl"
    if manifest.exists():
        lines = manifest.read_text(encoding="utf-8").splitlines()
        print(f"\n{len(lines)} articles in the corpus; the first ones:")
        for line in lines[:4]:
            record = json.loads(line)
            print(f"  {record['date']}  {record['source']:<12} {out / record['text_path']}")
        print(f"\nRead one:  cat {out / json.loads(lines[0])['text_path']}" if lines else "")
    return code
