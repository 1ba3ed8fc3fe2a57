"""Imported once by the extraction forkserver (see :mod:`archive.workers`); never elsewhere.

Loads what extraction would otherwise load lazily in each worker, on its first page.
"""

from trafilatura.external import jt_stoplist_init

import archive.articles  # noqa: F401  (extraction, metadata, cleaning, signing)

jt_stoplist_init()
