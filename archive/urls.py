"""URL canonicalisation: one story, one id.

The canonical form is an identifier, not always a fetchable address: the scheme is
folded to https so that the http and https copies of a story share an id.
"""

from __future__ import annotations

import hashlib
import re
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
        "phpsessid",
        "jsessionid",
    }
)
_PATH_SESSION = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)


def canonical_url(url: str, mobile_hosts: dict[str, str] | None = None) -> str:
    """Fold the variants a story's URL comes in to one form.

    Lower-cases scheme and host, folds http to https, drops default ports, ``www.``-less
    and mobile hosts are mapped through ``mobile_hosts`` (e.g. ``{"m.tass.com": "tass.com"}``),
    removes fragments, session ids and tracking parameters (``utm_*`` and the known click
    ids), sorts the remaining query, and drops a trailing slash (except the root's).
    """
    parts = urlsplit(_PATH_SESSION.sub("", url.strip()))
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


def desktop_url(url: str, mobile_hosts: dict[str, str] | None) -> str:
    """``url`` on the desktop host where its host is a known mobile one; else unchanged."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not mobile_hosts or host not in mobile_hosts:
        return url
    netloc = mobile_hosts[host] + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def article_id(canonical: str) -> str:
    """The 16-hex id of an article: a stable hash of its canonical URL."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
