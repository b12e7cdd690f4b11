"""Events: registrations, attendance, minutes, repeat attendees, activation
(definitions in queries/event_metrics.sql, METRICS.md Events)."""

from __future__ import annotations

import polars as pl

from pipelines.serve.buckets import Grain, bucketed_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query


def event_metrics(snapshot: Snapshot, filters: Filters) -> dict:
    return event_metrics_by(snapshot, filters).drop("bucket").row(0, named=True)


def event_metrics_by(snapshot: Snapshot, filters: Filters, grain: Grain | None = None) -> pl.DataFrame:
    """event_metrics per day/week/month bucket (one row, the whole period, when grain is None)."""
    return run_query(snapshot, "event_metrics", bucketed_params(filters, grain))


def events_in_period(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    return run_query(snapshot, "events_in_period", filters.params())


def event_people(snapshot: Snapshot, filters: Filters, event_id: str) -> pl.DataFrame:
    return run_query(snapshot, "event_people", {**filters.params(), "event_id": event_id})
