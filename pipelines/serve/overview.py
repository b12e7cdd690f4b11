"""Overview page data: headline numbers with their change, and the activity trend."""

from __future__ import annotations

import polars as pl

from pipelines.serve.buckets import Grain
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.growth import compare_with_previous, period_metrics

HEADLINE_KEYS = ("new_members", "active_members", "contributions", "mean_sentiment")


def headline_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """One row per headline metric: metric, label, value, previous, change (value - previous)."""
    return compare_with_previous(snapshot, filters, HEADLINE_KEYS)


def activity_trend(snapshot: Snapshot, filters: Filters, grain: Grain = "day") -> pl.DataFrame:
    """bucket (date), contributions, active_members, mean_sentiment per day/week/month, for
    buckets with any activity."""
    series = period_metrics(snapshot, filters, grain)
    return series.filter(pl.col("active_members") > 0).select(
        "bucket", "contributions", "active_members", "mean_sentiment")
