"""How numbers read on screen."""

from __future__ import annotations

import datetime as dt

RATIOS = {"response_rate", "community_answer_share", "attendance_rate", "no_show_rate", "attendee_activation",
          "stickiness", "engagement_rate"}
HOURS = {"median_hours_to_first_response", "p90_hours_to_first_response"}
SIGNED = {"mean_sentiment"}


def metric_value(key: str, value: float | None) -> str:
    if value is None:
        return "–"
    if key in SIGNED:
        return f"{value:+.2f}"
    if key in RATIOS:
        return f"{value:.1%}"
    if key in HOURS:
        return f"{value:,.1f} h"
    if key == "net_sentiment":
        return f"{value:+.0f} pts"
    if key == "interactions_per_post":
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def metric_change(key: str, change: float | None) -> str | None:
    if change is None:
        return None
    if key in SIGNED:
        return f"{change:+.2f}"
    if key in RATIOS:
        return f"{change * 100:+.1f} pts"
    if key in HOURS:
        return f"{change:+,.1f} h"
    return f"{change:+,.0f}"


def period(first_day: dt.date, last_day: dt.date) -> str:
    return f"{first_day:%d %b %Y} – {last_day:%d %b %Y}"


MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def plain(text: str | None) -> str:
    """Text from an export made safe for places that read markdown (labels): every markdown
    character is escaped, so a name like '[click](javascript:…)' stays literal."""
    return "".join(f"\\{char}" if char in MARKDOWN_SPECIALS else char for char in (text or ""))
