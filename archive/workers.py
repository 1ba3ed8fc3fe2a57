"""The pool of processes that extract articles, for the crawl and for ``reextract``.

Workers are forked from a forkserver, never from the caller: a fork of a process running
the Twisted reactor and its threads is unsafe. The forkserver is a fresh interpreter that
first imports :mod:`archive.worker_preload`, so everything an extraction loads (trafilatura,
lxml, justext's stop words of every language: some 60 MB) is loaded once and shared by
the workers copy-on-write, instead of once per worker.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from concurrent.futures import ProcessPoolExecutor


def start_forkserver() -> multiprocessing.context.BaseContext:
    """Start the preloaded forkserver now, if it is not running; its context.

    Its half-second preload runs in its own process: started before a crawl's own set-up,
    it is done by the time the first pages arrive. Idempotent.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["archive.worker_preload"])
    multiprocessing.forkserver.ensure_running()
    return context


def extraction_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` extraction processes forked from one preloaded forkserver."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=start_forkserver())
