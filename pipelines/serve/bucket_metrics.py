"""The two per-bucket queries behind every headline and trend: growth (queries/period_metrics.sql)
and sentiment (queries/sentiment_metrics.sql), and a period's figures against the previous period's.

Sentiment is its own query because it counts texts, not members: a page that shows only sentiment
does not pay for period_metrics' per-member grouping."""

from __future__ import annotations

import polars as pl

from pipelines.serve.buckets import periods_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.definitions import DEFINITIONS
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query

SENTIMENT_KEYS = frozenset({"mean_sentiment", "net_sentiment"})  # the metrics sentiment_metrics.sql defines


def growth_by_bucket(snapshot: Snapshot, filters: Filters, buckets: dict,
                     range_from: Filters | None = None) -> pl.DataFrame:
    """period_metrics.sql over `buckets` (buckets.bucket_params or periods_params), which lie in
    [start of `range_from` (default: the filters' period), end of the filters' period)."""
    return run_query(snapshot, "period_metrics", _bound(filters, buckets, range_from))


def sentiment_by_bucket(snapshot: Snapshot, filters: Filters, buckets: dict,
                        range_from: Filters | None = None) -> pl.DataFrame:
    """sentiment_metrics.sql over `buckets`, as growth_by_bucket."""
    return run_query(snapshot, "sentiment_metrics", _bound(filters, buckets, range_from))


def compare_with_previous(snapshot: Snapshot, filters: Filters, keys: tuple[str, ...]) -> pl.DataFrame:
    """metric, label, value, previous, change: the period against the previous one of equal length.
    Runs only the queries the keys need."""
    previous = filters.previous()
    both = periods_params(previous, filters)
    queries = [growth_by_bucket] if set(keys) - SENTIMENT_KEYS else []
    queries += [sentiment_by_bucket] if set(keys) & SENTIMENT_KEYS else []
    before, now = {}, {}
    for count in queries:
        frame = count(snapshot, filters, both, range_from=previous)
        before.update(frame.row(0, named=True))
        now.update(frame.row(1, named=True))
    rows = []
    for key in keys:
        value, earlier = now[key], before[key]
        change = value - earlier if value is not None and earlier is not None else None
        rows.append({"metric": key, "label": DEFINITIONS[key].label, "value": value, "previous": earlier,
                     "change": change})
    return pl.DataFrame(rows, schema={"metric": pl.String, "label": pl.String, "value": pl.Float64,
                                      "previous": pl.Float64, "change": pl.Float64})


def _bound(filters: Filters, buckets: dict, range_from: Filters | None) -> dict:
    return {**filters.params(), **buckets, "range_start": (range_from or filters).bounds()[0],
            "range_end": filters.bounds()[1]}
