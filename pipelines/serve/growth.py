"""Growth: new, total, active, returning members and contributors; stickiness; cohorts;
members slipping away. Definitions live in the SQL of queries/ (METRICS.md Growth)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.serve.bucket_metrics import compare_with_previous, growth_by_bucket
from pipelines.serve.buckets import Grain, bucket_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query

ROW_LIMIT = 5_000
HEADLINE_KEYS = ("new_members", "total_members", "active_members", "returning_members", "contributors")


def headline_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """metric, label, value, previous, change of the Growth page's headline members."""
    return compare_with_previous(snapshot, filters, HEADLINE_KEYS)


def period_metrics(snapshot: Snapshot, filters: Filters, grain: Grain = "day") -> pl.DataFrame:
    """One row per day/week/month bucket of the period (see queries/period_metrics.sql)."""
    return growth_by_bucket(snapshot, filters, bucket_params(filters, grain))


MASKED_DAYS = 127  # stickiness.sql keeps a member's days in a 128-bit number: the period and 29 before


def stickiness(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """day, dau, mau, ratio per day, and `stickiness` (the period's mean ratio) on every row."""
    days = bucket_params(filters, "day")
    window_starts = [filters.midnight(day - dt.timedelta(days=29)) for day in days["labels"]]
    query = "stickiness" if filters.days + 29 <= MASKED_DAYS else "stickiness_long"
    return run_query(snapshot, query, {
        **filters.params(), **days, "window_starts": window_starts,
        "lookback_start": window_starts[0], "lookback_day": filters.first_day - dt.timedelta(days=29),
        "range_end": filters.bounds()[1],
    })


def cohort_retention(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """cohort_month, cohort_size, months_after, active, retention for the period's first-seen months."""
    first_month = filters.first_day.replace(day=1)
    last_month = filters.last_day.replace(day=1)
    return run_query(snapshot, "cohort_retention", {
        **filters.params(), "first_month": first_month, "last_month": last_month, "newest_month": last_month,
        "range_start": filters.midnight(first_month), "range_end": filters.bounds()[1],
    })


def slipping_away(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """Members active (>= 5) in the 90 days before the period's last 30 days and silent in them."""
    return run_query(snapshot, "slipping_away", {**filters.params(), "as_of": filters.bounds()[1]})


def new_members(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """The members behind 'new members' for the filters' period."""
    return run_query(snapshot, "members_first_seen", {**filters.params(), "row_limit": ROW_LIMIT})


def active_members(snapshot: Snapshot, filters: Filters,
                   kinds: tuple[str, ...] = ("contribution", "reaction", "event")) -> pl.DataFrame:
    """The members behind 'active members' (or, with kinds=('contribution',), 'contributors')."""
    return run_query(snapshot, "members_active", {**filters.params(), "kinds": list(kinds), "row_limit": ROW_LIMIT})


def activity_rows(snapshot: Snapshot, filters: Filters,
                  kinds: tuple[str, ...] = ("contribution",)) -> pl.DataFrame:
    """The activities behind a chart point, newest first."""
    return run_query(snapshot, "activity_rows", {**filters.params(), "kinds": list(kinds), "row_limit": ROW_LIMIT})
