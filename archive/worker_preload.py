"""Imported once by the extraction forkserver (see :mod:`archive.workers`); never elsewhere.

Loads what extraction would otherwise load lazily in each worker, on its first page, then
freezes it out of the garbage collector's sight: a collection in a worker would otherwise
write to every preloaded object and so copy all their pages into the worker.
"""

import gc

from trafilatura.external import jt_stoplist_init

import archive.articles  # signing
import archive.extract  # noqa: F401  (extraction, metadata, cleaning)

jt_stoplist_init()
gc.freeze()
