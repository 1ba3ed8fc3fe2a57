"""The design's one hard layout rule: archive/ works without Scrapy or crawler/."""

from __future__ import annotations

import ast
from pathlib import Path

ARCHIVE = Path(__file__).parent.parent / "archive"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_archive_imports_neither_scrapy_nor_crawler() -> None:
    for path in ARCHIVE.rglob("*.py"):
        assert not imported_modules(path) & {"scrapy", "crawler", "twisted"}, path
