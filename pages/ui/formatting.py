"""How numbers read on screen."""

from __future__ import annotations

import datetime as dt


def metric_value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key == "mean_sentiment":
        return f"{value:+.2f}"
    return f"{value:,.0f}"


def metric_change(key: str, change: float | None) -> str | None:
    if change is None:
        return None
    if key == "mean_sentiment":
        return f"{change:+.2f}"
    return f"{change:+,.0f}"


def period(first_day: dt.date, last_day: dt.date) -> str:
    return f"{first_day:%d %b %Y} – {last_day:%d %b %Y}"
