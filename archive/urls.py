"""URL canonicalisation: one story, one id.

The canonical form is an identifier, not always a fetchable address: the scheme is
folded to https so that the http and https copies of a story share an id.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "spm",
        "from",
        "share",
        "cmpid",
        "ocid",
        "at_medium",
        "at_campaign",
        "utm_id",
    }
)


def canonical_url(url: str, mobile_hosts: dict[str, str] | None = None) -> str:
    """Fold the variants a story's URL comes in to one form.

    Lower-cases scheme and host, folds http to https, drops default ports, ``www.``-less
    and mobile hosts are mapped through ``mobile_hosts`` (e.g. ``{"m.tass.com": "tass.com"}``),
    removes fragments and tracking parameters (``utm_*`` and the known click ids), sorts
    the remaining query, and drops a trailing slash (except the root's).
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if mobile_hosts:
        host = mobile_hosts.get(host, host)
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    )
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def article_id(canonical: str) -> str:
    """The 16-hex id of an article: a stable hash of its canonical URL."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
