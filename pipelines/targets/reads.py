"""Serve-side reads of targets, their change log and the monthly commentary (named queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.named_queries import run_query

CHANGES_SHOWN = 500


@dataclass(frozen=True)
class Commentary:
    month: dt.date
    text: str
    set_by: str | None
    set_at: dt.datetime


def targets_between(snapshot: Snapshot, first_month: dt.date, last_month: dt.date) -> pl.DataFrame:
    """kpi, month, target, higher_is_better, set_by, set_at for the months in [first, last]."""
    return run_query(snapshot, "targets_between", {"first_month": first_month, "last_month": last_month})


def all_targets(snapshot: Snapshot) -> pl.DataFrame:
    """kpi, month, target, higher_is_better: every target, month by month."""
    return run_query(snapshot, "targets_all")


def target_changes(snapshot: Snapshot, limit: int = CHANGES_SHOWN) -> pl.DataFrame:
    """The change log, newest first."""
    return run_query(snapshot, "targets_changes", {"row_limit": limit})


def data_fingerprint(snapshot: Snapshot) -> str:
    """The version of the warehouse's data (load/warehouse.py WriteSession): equal fingerprints mean
    equal KPI values, so the app can keep months' actuals across a save of targets or commentary
    (which rewrites the file but keeps the data version). Every other write gives a new one."""
    found = run_query(snapshot, "data_version")
    return found["value"][0] if found.height else f"file {snapshot.version}"


def commentary(snapshot: Snapshot, month: dt.date) -> Commentary | None:
    found = run_query(snapshot, "targets_commentary", {"month": month})
    if found.is_empty():
        return None
    row = found.row(0, named=True)
    return Commentary(row["month"], row["commentary"], row["set_by"], row["set_at"])
