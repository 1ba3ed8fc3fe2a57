"""WACZ packages (https://specs.webrecorder.net/wacz/1.1.1/) of an output directory.

One zip holds the WARCs under ``archive/``, their CDXJ index as ``indexes/index.cdx``
(the name pywb's ``wb-manager add --unpack-wacz`` looks for), a pages list and a
``datapackage.json`` with the SHA-256 of every file. Everything is stored uncompressed,
as the spec asks, so replay tools can read records in place; WARC records are gzipped
already. The package is written under a temporary name and renamed when whole.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from archive.cdx import write_cdxj

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


def page_entries(manifest_records: list[dict]) -> list[dict]:
    """One pages.jsonl entry per article: its URL, capture time and title."""
    return [
        {
            "id": uuid.uuid5(uuid.NAMESPACE_URL, f"{r['url']} {r['fetched_at']}").hex,
            "url": r["url"],
            "ts": r["fetched_at"],
            **({"title": r["title"]} if r.get("title") else {}),
        }
        for r in manifest_records
        if r.get("url") and r.get("fetched_at")
    ]


def write_wacz(
    warcs: list[Path], destination: Path, pages: list[dict], title: str, software: str
) -> dict:
    """Write the package; returns its datapackage description."""
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    resources = []
    try:
        with zipfile.ZipFile(temporary, "x", compression=zipfile.ZIP_STORED) as package:
            for warc in warcs:
                resources.append(_add_file(package, f"archive/{warc.name}", warc))
            index = io.StringIO()
            write_cdxj(warcs, index)
            resources.append(_add_bytes(package, "indexes/index.cdx", index.getvalue().encode()))
            lines = [json.dumps(x, ensure_ascii=False) for x in [PAGES_HEADER, *pages]]
            pages_data = ("\n".join(lines) + "\n").encode("utf-8")
            resources.append(_add_bytes(package, "pages/pages.jsonl", pages_data))
            description = {
                "profile": "data-package",
                "wacz_version": WACZ_VERSION,
                "title": title,
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "software": software,
                "resources": resources,
            }
            data = json.dumps(description, indent=2).encode("utf-8")
            package.writestr("datapackage.json", data)
            digest = {"path": "datapackage.json", "hash": "sha256:" + _sha256(data)}
            package.writestr("datapackage-digest.json", json.dumps(digest, indent=2))
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return description


def _resource(name: str, digest: str, size: int) -> dict:
    return {"name": Path(name).name, "path": name, "hash": "sha256:" + digest, "bytes": size}


def _add_file(package: zipfile.ZipFile, name: str, path: Path) -> dict:
    digest = hashlib.sha256()
    size = 0
    member = zipfile.ZipInfo(name, date_time=datetime.now(UTC).timetuple()[:6])
    with open(path, "rb") as source, package.open(member, "w", force_zip64=True) as sink:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
            sink.write(chunk)
            size += len(chunk)
    return _resource(name, digest.hexdigest(), size)


def _add_bytes(package: zipfile.ZipFile, name: str, data: bytes) -> dict:
    package.writestr(name, data)
    return _resource(name, _sha256(data), len(data))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
