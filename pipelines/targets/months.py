"""Calendar months as their first day (a date), and the text form '2026-04' people type."""

from __future__ import annotations

import calendar
import datetime as dt


def parse_month(text: str) -> dt.date:
    """'2026-04' (or '2026-04-01') -> date(2026, 4, 1)."""
    cleaned = (text or "").strip()
    try:
        if len(cleaned) == 7:
            return dt.date.fromisoformat(f"{cleaned}-01")
        day = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"month must look like 2026-04, not {text!r}") from None
    if day.day != 1:
        raise ValueError(f"month must look like 2026-04, not {text!r}")
    return day


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def month_name(month: dt.date) -> str:
    return f"{month:%B %Y}"


def first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def days_in(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=days_in(month))


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_ending(month: dt.date, count: int) -> list[dt.date]:
    """The `count` months up to and including `month`, oldest first."""
    return [add_months(month, offset) for offset in range(1 - count, 1)]
