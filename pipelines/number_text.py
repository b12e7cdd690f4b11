"""How a metric's figures read, the same on the dashboard and in the monthly report: each metric
in its unit (a share, hours, a polarity, points or a count), and a change between two periods in
the unit that change is read in (a share's change in percentage points)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

Unit = Literal["ratio", "hours", "polarity", "points", "decimal", "count"]

UNITS: dict[str, Unit] = {
    **dict.fromkeys(("response_rate", "community_answer_share", "attendance_rate", "no_show_rate",
                     "attendee_activation", "stickiness", "engagement_rate"), "ratio"),
    **dict.fromkeys(("median_hours_to_first_response", "p90_hours_to_first_response"), "hours"),
    "mean_sentiment": "polarity",  # -1 to 1
    "net_sentiment": "points",  # % positive - % negative
    "interactions_per_post": "decimal",
}

# unit: (a value's text, a change's text)
_TEXTS: dict[Unit, tuple[Callable[[float], str], Callable[[float], str]]] = {
    "ratio": (lambda value: f"{value:.1%}", lambda change: f"{change * 100:+.1f} pts"),
    "hours": (lambda value: f"{value:,.1f} h", lambda change: f"{change:+,.1f} h"),
    "polarity": (lambda value: f"{value:+.2f}", lambda change: f"{change:+.2f}"),
    "points": (lambda value: f"{value:+.0f} pts", lambda change: f"{change:+.0f} pts"),
    "decimal": (lambda value: f"{value:,.1f}", lambda change: f"{change:+,.1f}"),
    "count": (lambda value: f"{value:,.0f}", lambda change: f"{change:+,.0f}"),
}


def unit(key: str) -> Unit:
    return UNITS.get(key, "count")


def value_text(key: str, value: float | None) -> str:
    """A figure: '61.5%', '3.2 h', '+0.12', '+8 pts', '1,204'; '–' when there is none."""
    return "–" if value is None else _TEXTS[unit(key)][0](value)


def change_text(key: str, change: float | None) -> str | None:
    """A change: '+2.5 pts' (of a share or of net sentiment), '-1.0 h', '+0.05', '+12'; None when
    there is none."""
    return None if change is None else _TEXTS[unit(key)][1](change)
