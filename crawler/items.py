"""The item a spider yields for an article page."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from archive.pages import Extraction


@dataclass
class Article:
    """One fetched article page, on its way through extraction to the corpus.

    ``body`` is the payload after content decoding (gzip undone), charset not applied:
    the extraction worker decodes it exactly once.
    """

    url: str
    source: str
    body: bytes
    content_type: str | None
    fetched_at: str  # ISO 8601 UTC, the WARC-Date of the response record
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    extraction: Extraction | None = None
    signature: np.ndarray | None = None  # MinHash of the text, for near-duplicate search
