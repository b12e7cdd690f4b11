"""Metric names and definitions as users read them (from ../shared/METRICS.md), in one place.

Pages take help texts from here; the SQL that computes each metric cites the same words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricDefinition:
    key: str
    label: str
    definition: str
    higher_is_better: bool = True


DEFINITIONS = {
    d.key: d
    for d in [
        MetricDefinition(
            "new_members",
            "New members",
            "Members whose first-seen time (earliest of: join/sign-up date, first activity, first event "
            "registration, over all their identities) falls in the period.",
        ),
        MetricDefinition(
            "active_members",
            "Active members",
            "Distinct members with at least one activity in the period. An activity is a contribution, "
            "a reaction given, or an event attended.",
        ),
        MetricDefinition(
            "contributions",
            "Contributions",
            "Authored posts, thread starts, replies, comments and chat messages in the period.",
        ),
        MetricDefinition(
            "mean_sentiment",
            "Mean sentiment",
            "Mean polarity (from −1 to 1) over the period's texts. Positive above 0.05, negative below −0.05.",
        ),
    ]
}

HUMANS_ONLY_NOTE = (
    "Human members only: bots (flagged by the source or an analyst) and staff (marked by an analyst) "
    "are excluded."
)
EVERYONE_NOTE = "Including bots and staff."
PERIOD_NOTE = "Periods are half-open [start, end), bucketed by calendar day in the reporting time zone ({tz})."
