"""How periods and export text read on screen (a metric's figures: pipelines/number_text.py)."""

from __future__ import annotations

import datetime as dt


def period(first_day: dt.date, last_day: dt.date) -> str:
    return f"{first_day:%d %b %Y} – {last_day:%d %b %Y}"


MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def plain(text: str | None) -> str:
    """Text from an export made safe for places that read markdown (labels): every markdown
    character is escaped, so a name like '[click](javascript:…)' stays literal."""
    return "".join(f"\\{char}" if char in MARKDOWN_SPECIALS else char for char in (text or ""))
