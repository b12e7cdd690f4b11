"""Serve-side reads of targets, their change log and the monthly commentary (named queries)."""

from __future__ import annotations

import datetime as dt
import hashlib
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
    """A digest of every base table's rows except the targets' own: equal fingerprints mean equal KPI
    values, so the app can keep months' actuals across a save of targets or commentary (which rewrites
    the file). Tables are listed from the catalog, so tables added later are covered too."""
    tables = run_query(snapshot, "targets_data_tables")["table_name"].to_list()
    # Identifiers from DuckDB's own catalog, quoted; no value is formatted into the SQL.
    parts = [f'SELECT {position} AS position, count(*) AS row_count, sum(hash(t)::HUGEINT) AS row_hashes '
             f'FROM "{_quoted(name)}" AS t' for position, name in enumerate(tables)]
    cursor = snapshot.cursor()
    try:
        rows = cursor.execute(" UNION ALL ".join(parts) + " ORDER BY position").fetchall() if parts else []
    finally:
        cursor.close()
    digest = hashlib.sha256(repr(list(zip(tables, rows, strict=True))).encode())
    return digest.hexdigest()


def _quoted(identifier: str) -> str:
    return identifier.replace('"', '""')


def commentary(snapshot: Snapshot, month: dt.date) -> Commentary | None:
    found = run_query(snapshot, "targets_commentary", {"month": month})
    if found.is_empty():
        return None
    row = found.row(0, named=True)
    return Commentary(row["month"], row["commentary"], row["set_by"], row["set_at"])
