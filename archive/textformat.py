"""The corpus text file: one article as plain UTF-8 a human can read and a script can split.

    date YYYY-MM-DD        (only when the date is known)
    <blank line>
    Title                  (only when known)
    <blank line>
    Paragraph one.
    <blank line>
    Paragraph two.
    <newline at the end>

The format has no escaping, so a paragraph is one non-empty line without surrounding whitespace
(the cleaner guarantees it). A document with no title and no paragraphs is written as its date
line alone, or as "" when it has no date either: nothing is made up to fill the file.

The reader is tolerant because it also reads what older scrapers left behind (the seeds): the
date header may be indented or glued to the first paragraph on the same line, and every
non-empty line is a paragraph, whether blocks are separated by blank lines or not. It never
guesses which line is the title; that is the cleaner's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date

_HEADER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})(?!\S)")


@dataclass
class Document:
    date: str | None  # "YYYY-MM-DD"
    title: str | None
    paragraphs: list[str] = field(default_factory=list)


def format_text(doc: Document) -> str:
    """The text file for ``doc``: header, title and paragraphs as blocks, one final newline."""
    blocks = [f"date {doc.date}"] if doc.date else []
    if doc.title:
        blocks.append(doc.title)
    blocks.extend(doc.paragraphs)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def parse_text(text: str) -> Document:
    """Read a text file; title is always None and every non-empty line is a paragraph."""
    date = None
    text = text.removeprefix("\ufeff")
    match = _HEADER.match(text)
    if match and _is_date(match[1]):
        date, text = match[1], text[match.end() :]
    paragraphs = [line.strip() for line in text.splitlines()]
    return Document(date=date, title=None, paragraphs=[p for p in paragraphs if p])


def _is_date(value: str) -> bool:
    try:
        Date.fromisoformat(value)
    except ValueError:
        return False
    return True
