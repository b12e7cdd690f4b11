"""Writes: targets (with their change log) and the monthly commentary, each save one transaction
through writable_copy, so the app never sees half a change."""

from __future__ import annotations

import datetime as dt
import getpass
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.load.warehouse import writable_copy
from pipelines.serve.definitions import DEFINITIONS
from pipelines.serve.kpis import KPI_KEYS

USER_ENV_VAR = "COMMUNITY_PULSE_USER"
COMMENTARY_MAX_CHARS = 2_000


@dataclass(frozen=True)
class TargetInput:
    """One KPI and month as an analyst wants it: target None removes the month's target;
    higher_is_better None keeps the KPI's usual direction (definitions.py)."""

    kpi: str
    month: dt.date
    target: float | None
    higher_is_better: bool | None = None


def current_user() -> str:
    """Who is changing things, for the change log: $COMMUNITY_PULSE_USER, else the login name."""
    try:
        return os.environ.get(USER_ENV_VAR) or getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in some containers
        return "unknown"


def default_direction(kpi: str) -> bool:
    return DEFINITIONS[kpi].higher_is_better


def save_targets(db_path: Path, targets: Iterable[TargetInput], *, changed_by: str, source: str) -> int:
    """Set or remove targets in one transaction; returns how many changed (only changes are logged)."""
    incoming = _incoming_frame(list(targets))
    if incoming.is_empty():
        return 0
    with writable_copy(db_path, keeps_data=True) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.register("incoming", incoming)
        connection.execute(_CHANGED_TARGETS)
        connection.execute(_LOG_CHANGES, {"changed_by": changed_by, "source": source})
        connection.execute(_REMOVE_TARGETS)
        connection.execute(_UPSERT_TARGETS, {"changed_by": changed_by})
        changed = connection.execute("SELECT count(*) FROM changed_targets").fetchall()[0][0]  # all: no open result
        connection.execute("COMMIT")
    return changed


def save_commentary(db_path: Path, month: dt.date, text: str, *, set_by: str) -> None:
    """The month's commentary (empty text removes it)."""
    cleaned = (text or "").strip()
    if len(cleaned) > COMMENTARY_MAX_CHARS:
        raise ValueError(f"the commentary is limited to {COMMENTARY_MAX_CHARS:,} characters")
    with writable_copy(db_path, keeps_data=True) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.execute("DELETE FROM kpi_commentary WHERE month = $month", {"month": month})
        if cleaned:
            connection.execute("INSERT INTO kpi_commentary VALUES ($month, $text, $set_by, now())",
                               {"month": month, "text": cleaned, "set_by": set_by})
        connection.execute("COMMIT")


def _incoming_frame(targets: list[TargetInput]) -> pl.DataFrame:
    seen: set[tuple[str, dt.date]] = set()
    for item in targets:
        _check(item)
        if (item.kpi, item.month) in seen:
            raise ValueError(f"{item.kpi} {item.month:%Y-%m} is given twice")
        seen.add((item.kpi, item.month))
    return pl.DataFrame(
        {"kpi": [t.kpi for t in targets], "month": [t.month for t in targets],
         "target": [None if t.target is None else float(t.target) for t in targets],
         "higher_is_better": [default_direction(t.kpi) if t.higher_is_better is None else t.higher_is_better
                              for t in targets]},
        schema={"kpi": pl.String, "month": pl.Date, "target": pl.Float64, "higher_is_better": pl.Boolean},
    )


def _check(item: TargetInput) -> None:
    if item.kpi not in KPI_KEYS:
        raise ValueError(f"{item.kpi!r} is not a KPI; KPIs: {', '.join(KPI_KEYS)}")
    if item.month.day != 1:
        raise ValueError(f"a target's month is its first day, not {item.month}")
    if item.target is not None and not math.isfinite(item.target):
        raise ValueError(f"the target of {item.kpi} {item.month:%Y-%m} must be a number")


# The incoming rows that differ from what is stored: a new, changed or removed target, or a new direction.
_CHANGED_TARGETS = """
CREATE OR REPLACE TEMP TABLE changed_targets AS
SELECT i.kpi, i.month, t.target AS old_target, i.target AS new_target,
       t.higher_is_better AS old_higher_is_better,
       CASE WHEN i.target IS NOT NULL THEN i.higher_is_better END AS new_higher_is_better
FROM incoming AS i
LEFT JOIN kpi_targets AS t USING (kpi, month)
WHERE i.target IS DISTINCT FROM t.target
   OR (i.target IS NOT NULL AND i.higher_is_better IS DISTINCT FROM t.higher_is_better)
"""

_LOG_CHANGES = """
INSERT INTO kpi_target_changes
SELECT now(), $changed_by, $source, kpi, month, old_target, new_target, old_higher_is_better, new_higher_is_better
FROM changed_targets
"""

_REMOVE_TARGETS = """
DELETE FROM kpi_targets AS t
USING changed_targets AS c
WHERE c.new_target IS NULL AND t.kpi = c.kpi AND t.month = c.month
"""

_UPSERT_TARGETS = """
INSERT INTO kpi_targets
SELECT kpi, month, new_target, new_higher_is_better, $changed_by, now()
FROM changed_targets
WHERE new_target IS NOT NULL
ON CONFLICT (kpi, month) DO UPDATE SET
    target = excluded.target,
    higher_is_better = excluded.higher_is_better,
    set_by = excluded.set_by,
    set_at = excluded.set_at
"""
