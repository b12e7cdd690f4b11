"""Calendar buckets of a period in the reporting time zone, handed to SQL as bound lists.

Day, week (Monday first) and month buckets are clipped to the period, so a weekly chart of
a period starting on a Wednesday begins with a short week rather than counting days outside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal

from pipelines.serve.filters import Filters

Grain = Literal["day", "week", "month"]
GRAINS: tuple[Grain, ...] = ("day", "week", "month")


def bucket_params(filters: Filters, grain: Grain) -> dict:
    """labels (first day of each bucket), starts and ends (aware datetimes), clipped to the period."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    labels, starts, ends = [], [], []
    day = _bucket_start(filters.first_day, grain)
    while day <= filters.last_day:
        following = _next_bucket(day, grain)
        labels.append(day)
        starts.append(filters.midnight(max(day, filters.first_day)))
        ends.append(filters.midnight(min(following, filters.last_day + dt.timedelta(days=1))))
        day = following
    return {"labels": labels, "starts": starts, "ends": ends}


def periods_params(*periods: Filters) -> dict:
    """Whole periods as buckets (e.g. the previous and the current period)."""
    bounds = [period.bounds() for period in periods]
    return {"labels": [period.first_day for period in periods], "starts": [b[0] for b in bounds],
            "ends": [b[1] for b in bounds]}


def bucketed_params(filters: Filters, grain: Grain | None = None) -> dict:
    """What a per-bucket query binds: the filters, the buckets (the whole period when `grain` is
    None) and the range they cover."""
    buckets = periods_params(filters) if grain is None else bucket_params(filters, grain)
    start, end = filters.bounds()
    return {**filters.params(), **buckets, "range_start": start, "range_end": end}


def _bucket_start(day: dt.date, grain: Grain) -> dt.date:
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def _next_bucket(day: dt.date, grain: Grain) -> dt.date:
    if grain == "day":
        return day + dt.timedelta(days=1)
    if grain == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def bucket_period(filters: Filters, bucket: dt.date, grain: Grain) -> Filters:
    """The filters narrowed to one bucket (clipped to the period): for the rows behind a point."""
    last = _next_bucket(bucket, grain) - dt.timedelta(days=1)
    return replace(filters, first_day=max(bucket, filters.first_day), last_day=min(last, filters.last_day))


def default_grain(filters: Filters) -> Grain:
    return "day" if filters.days <= 45 else "week" if filters.days <= 200 else "month"
