"""The rows behind each KPI of a month: the members, threads, contributions or events it counts."""

from __future__ import annotations

import polars as pl

from pipelines.serve import engagement, events, growth
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters

# What a KPI counts, as the pages name it (KPI_KEYS -> a kind of rows).
ROWS_OF = {
    "new_members": "new members", "active_members": "active members", "stickiness": "active members",
    "returning_members": "returning members", "contributors": "contributors",
    "response_rate": "threads", "median_hours_to_first_response": "threads", "community_answer_share": "threads",
    "unanswered_threads": "unanswered threads", "mean_sentiment": "contributions", "net_sentiment": "contributions",
    "registrations": "events", "attendance_rate": "events", "attendee_activation": "events",
}


def rows_behind(snapshot: Snapshot, kpi: str, filters: Filters) -> pl.DataFrame:
    kind = ROWS_OF[kpi]
    if kind == "new members":
        return growth.new_members(snapshot, filters)
    if kind == "active members":
        return growth.active_members(snapshot, filters)
    if kind == "returning members":
        return growth.active_members(snapshot, filters).filter(pl.col("returning"))
    if kind == "contributors":
        return growth.active_members(snapshot, filters, ("contribution",))
    if kind == "threads":
        return engagement.threads_started(snapshot, filters)
    if kind == "unanswered threads":
        return engagement.unanswered_threads(snapshot, filters)
    if kind == "contributions":  # the texts sentiment is measured on
        return growth.activity_rows(snapshot, filters).filter(pl.col("sentiment").is_not_null())
    return events.events_in_period(snapshot, filters)
