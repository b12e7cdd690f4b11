"""Queries rewritten for large warehouses give the same answers as the straightforward ones."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.serve import growth
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query


@pytest.mark.parametrize("first, last", [(dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
                                         (dt.date(2026, 1, 1), dt.date(2026, 4, 7)),
                                         (dt.date(2026, 4, 20), dt.date(2026, 5, 3))])
def test_stickiness_by_day_masks_equals_by_runs(golden, first, last, monkeypatch):
    filters = Filters(first, last, include_non_humans=True)
    masked = growth.stickiness(golden, filters)
    monkeypatch.setattr(growth, "MASKED_DAYS", 0)  # every period the long way
    runs = growth.stickiness(golden, filters)
    # Counts exactly; the ratios' mean to the last bits only, as DuckDB may sum it in any order.
    assert masked.select("day", "dau", "mau").rows() == runs.select("day", "dau", "mau").rows()
    for column in ("ratio", "stickiness"):
        expected = [None if value is None else pytest.approx(value, rel=1e-12) for value in runs[column]]
        assert masked[column].to_list() == expected
    assert masked["mau"].sum() > 0


def test_total_members_per_bucket_counts_everyone_first_seen_before(golden):
    filters = Filters(dt.date(2026, 3, 1), dt.date(2026, 4, 30))
    weeks = growth.period_metrics(golden, filters, "week")
    firsts = run_query(golden, "members_first_seen", {**filters.params(), "start": dt.datetime(1970, 1, 1,
                                                      tzinfo=dt.timezone.utc), "row_limit": 10_000})
    for row in weeks.iter_rows(named=True):
        assert row["total_members"] == sum(f < row["bucket_end"] for f in firsts["first_seen_at"])
