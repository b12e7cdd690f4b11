"""Events: registrations, attendance, minutes, repeat attendees, activation
(definitions in queries/event_metrics.sql, METRICS.md Events)."""

from __future__ import annotations

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query


def event_metrics(snapshot: Snapshot, filters: Filters) -> dict:
    return run_query(snapshot, "event_metrics", filters.params()).row(0, named=True)


def events_in_period(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    return run_query(snapshot, "events_in_period", filters.params())


def event_people(snapshot: Snapshot, filters: Filters, event_id: str) -> pl.DataFrame:
    return run_query(snapshot, "event_people", {**filters.params(), "event_id": event_id})
