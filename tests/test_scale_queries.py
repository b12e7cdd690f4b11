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


@pytest.mark.parametrize("time_zone", ["UTC", "America/New_York", "Pacific/Kiritimati", "Asia/Kathmandu"])
def test_local_day_is_the_calendar_day_in_the_zone(golden, time_zone):
    """local_day() (90_filters.sql) is integer arithmetic in UTC and ICU elsewhere: both give the day
    a wall calendar in the zone shows, either side of midnight, of a DST change and of 1970."""
    instants = ["1969-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00", "1900-03-01 12:00:00+00",
                "2026-03-08 06:59:59+00", "2026-03-08 07:00:00+00", "2026-04-30 23:59:59.999999+00",
                "2026-05-01 00:00:00+00", "2026-11-01 05:30:00+00", "2026-12-31 10:15:00+00"]
    rows = golden.cursor().execute("""
        SELECT ts, day_of_number(local_day($tz, ts)) AS by_macro, timezone($tz, ts)::DATE AS by_calendar,
               day_number(timezone($tz, ts)::DATE) = local_day($tz, ts) AS same_number
        FROM (SELECT unnest($instants)::TIMESTAMPTZ AS ts)""", {"tz": time_zone, "instants": instants}).fetchall()
    assert len(rows) == len(instants)
    for ts, by_macro, by_calendar, same_number in rows:
        assert (by_macro, same_number) == (by_calendar, True), ts
