"""Serve a benchmark site from loopback in its own process; prints its address."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from crawler.localsite import LocalSite

if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    with LocalSite(Path(sys.argv[1])) as site:
        print(site.address, flush=True)
        signal.sigwait({signal.SIGTERM, signal.SIGINT})
