"""Overview page data: headline numbers with their change, and the activity trend."""

from __future__ import annotations

import polars as pl

from pipelines.serve.bucket_metrics import compare_with_previous, growth_by_bucket, sentiment_by_bucket
from pipelines.serve.buckets import Grain, bucket_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters

HEADLINE_KEYS = ("new_members", "active_members", "contributions", "mean_sentiment")


def headline_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """One row per headline metric: metric, label, value, previous, change (value - previous)."""
    return compare_with_previous(snapshot, filters, HEADLINE_KEYS)


def activity_trend(snapshot: Snapshot, filters: Filters, grain: Grain = "day") -> pl.DataFrame:
    """bucket (date), contributions, active_members, mean_sentiment per day/week/month, for
    buckets with any activity."""
    buckets = bucket_params(filters, grain)
    growth = growth_by_bucket(snapshot, filters, buckets).select("bucket", "contributions", "active_members")
    sentiment = sentiment_by_bucket(snapshot, filters, buckets).select("bucket", "mean_sentiment")
    return growth.join(sentiment, on="bucket", how="left").filter(pl.col("active_members") > 0).sort("bucket")
