"""The output directory one process writes to, shared by all its crawlers.

The spider, the capture middleware and the pipelines of every crawler in a process
that write to the same directory share one store connection and one manifest, opened
by the first and closed by the last.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from archive.articles import sign_originals
from archive.corpus import MANIFEST, Manifest, read_manifest
from archive.dedup import NearDuplicateIndex
from archive.store import Store


class OutputError(OSError):
    """The output directory cannot be used; the message says what to do."""


@dataclass
class Output:
    root: Path
    store: Store
    manifest: Manifest
    near: NearDuplicateIndex  # on the store's connection: committed in its batches
    users: int = field(default=0, repr=False)


_open: dict[Path, Output] = {}


def acquire(root: Path | str) -> Output:
    path = Path(root).resolve()
    output = _open.get(path)
    if output is None:
        output = _open[path] = _open_output(path)
    output.users += 1
    return output


def release(output: Output) -> None:
    output.users -= 1
    if output.users <= 0 and _open.pop(output.root, None) is not None:
        output.manifest.close()
        output.store.close()


def check_writable(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output directory {root}: {error.strerror}") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise OutputError(
            f"output directory {root} is not writable: choose another with --out"
            " or fix its permissions"
        )


def _open_output(root: Path) -> Output:
    check_writable(root)
    manifest = Manifest(root / MANIFEST)
    store = Store(root / "state.sqlite")
    near = NearDuplicateIndex(store)
    try:
        sign_originals(store.catch_up(read_manifest(root / MANIFEST)), root, near)
    except ValueError as error:
        store.close()
        manifest.close()
        raise OutputError(
            f"{root / MANIFEST}: {error}: restore that line or remove it,"
            " then check the directory with `newsarc verify`"
        ) from None
    return Output(root=root, store=store, manifest=manifest, near=near)
