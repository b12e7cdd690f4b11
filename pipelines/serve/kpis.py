"""A month's headline KPIs, computed by the same serve functions as the pages."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import polars as pl

from pipelines.serve.bucket_metrics import sentiment_by_bucket
from pipelines.serve.buckets import bucket_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.engagement import response_metrics, response_metrics_by
from pipelines.serve.events import event_metrics, event_metrics_by
from pipelines.serve.filters import Filters
from pipelines.serve.growth import period_metrics, stickiness

KPI_KEYS = (
    "new_members", "active_members", "returning_members", "contributors", "stickiness", "response_rate",
    "median_hours_to_first_response", "unanswered_threads", "community_answer_share", "mean_sentiment",
    "net_sentiment", "registrations", "attendance_rate", "attendee_activation",
)
# The KPIs that are counts (METRICS.md "KPI targets": additive): a month's value grows with the days
# counted, so the current month is projected at its pace so far. The others (rates, medians, means)
# are not scaled: their value so far is the projection.
ADDITIVE_KPIS = frozenset({
    "new_members", "active_members", "returning_members", "contributors", "unanswered_threads", "registrations",
})


def month_filters(month: str, time_zone: str = "UTC", include_non_humans: bool = False) -> Filters:
    """'2026-04' -> the filters of that calendar month."""
    try:
        first_day = dt.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValueError(f"month must look like 2026-04, not {month!r}") from None
    last_day = (first_day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return Filters(first_day, last_day, include_non_humans=include_non_humans, time_zone=time_zone)


def monthly_kpis(snapshot: Snapshot, filters: Filters) -> dict[str, float | int | None]:
    growth = period_metrics(snapshot, filters, "month").row(0, named=True)
    sentiment = sentiment_by_bucket(snapshot, filters, bucket_params(filters, "month")).row(0, named=True)
    responses = response_metrics(snapshot, filters)
    events = event_metrics(snapshot, filters)
    daily = stickiness(snapshot, filters)
    found = {**growth, **sentiment, **responses, **events,
             "stickiness": daily["stickiness"][0] if daily.height else None}
    return {key: found[key] for key in KPI_KEYS}


def kpis_by_month(snapshot: Snapshot, filters: Filters) -> dict[dt.date, dict[str, float | int | None]]:
    """Each calendar month of the period (first day -> its KPIs), clipped to the period: for every
    month, what monthly_kpis gives for that month alone, in five queries instead of five a month.
    Stickiness is the mean of the daily ratios, as stickiness.sql's own per-period value."""
    # The five read the warehouse apart, each on its own cursor: run together, one query's
    # single-threaded phases overlap another's scans (about 10% at tier L on two cores).
    with ThreadPoolExecutor(max_workers=5) as pool:
        counting = [pool.submit(period_metrics, snapshot, filters, "month"),
                    pool.submit(sentiment_by_bucket, snapshot, filters, bucket_params(filters, "month")),
                    pool.submit(response_metrics_by, snapshot, filters, "month"),
                    pool.submit(event_metrics_by, snapshot, filters, "month"),
                    pool.submit(stickiness, snapshot, filters)]
        growth, sentiment, responses, events, daily = (future.result() for future in counting)
    per_month = (daily.group_by(pl.col("day").dt.truncate("1mo").alias("bucket"))
                 .agg(pl.col("ratio").mean().alias("stickiness")))
    months = {}
    for frame in (growth, sentiment, responses, events, per_month):
        for row in frame.iter_rows(named=True):
            months.setdefault(row["bucket"], {}).update(row)
    return {month: {key: found.get(key) for key in KPI_KEYS} for month, found in sorted(months.items())}
