"""Overview page data: headline numbers with their change, and the activity trend."""

from __future__ import annotations

from typing import Literal

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.definitions import DEFINITIONS
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query

Grain = Literal["day", "week", "month"]
HEADLINE_KEYS = ("new_members", "active_members", "contributions", "mean_sentiment")


def headline_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """One row per headline metric: metric, label, value, previous, change (value - previous)."""
    current = run_query(snapshot, "headline_metrics", filters.params()).row(0, named=True)
    before = run_query(snapshot, "headline_metrics", filters.previous().params()).row(0, named=True)
    rows = []
    for key in HEADLINE_KEYS:
        value, previous = current[key], before[key]
        change = value - previous if value is not None and previous is not None else None
        rows.append({"metric": key, "label": DEFINITIONS[key].label, "value": value, "previous": previous,
                     "change": change})
    return pl.DataFrame(
        rows,
        schema={"metric": pl.String, "label": pl.String, "value": pl.Float64, "previous": pl.Float64,
                "change": pl.Float64},
    )


def activity_trend(snapshot: Snapshot, filters: Filters, grain: Grain = "day") -> pl.DataFrame:
    """bucket (date), contributions, active_members, mean_sentiment per day/week/month."""
    if grain not in ("day", "week", "month"):
        raise ValueError(f"unknown grain {grain!r}")
    return run_query(snapshot, "activity_trend", {**filters.params(), "grain": grain})
