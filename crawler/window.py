"""The ``since``/``until`` date window of a crawl."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date as Date

from dateutil import parser as dateparser


class WindowError(ValueError):
    """A bad ``since``/``until``; the message names the argument."""


def parse_day(name: str, value: str | None) -> Date | None:
    if value is None or value == "":
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise WindowError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def parse_any_date(text: str | None) -> Date | None:
    """A date from a feed, sitemap or listing (ISO 8601, RFC 822, and the like)."""
    if not text or not text.strip():
        return None
    try:
        return dateparser.parse(text.strip(), fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def month_end(month: Date) -> Date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Window:
    since: Date | None = None
    until: Date | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> Window:
        window = cls(parse_day("since", since), parse_day("until", until))
        if window.since and window.until and window.until < window.since:
            raise WindowError(f"until ({window.until}) is before since ({window.since})")
        return window

    def contains(self, day: Date) -> bool:
        return not self.entirely_before(day) and not (self.until and day > self.until)

    def entirely_before(self, day: Date) -> bool:
        return bool(self.since and day < self.since)

    def month_before(self, month: Date) -> bool:
        """Every day of ``month`` is before ``since``."""
        return bool(self.since and month_end(month) < self.since)

    def excludes_month(self, month: Date) -> bool:
        return self.month_before(month) or bool(self.until and month.replace(day=1) > self.until)
