"""Targets as CSV: `kpi,month,target,direction`, one row per KPI and month.

The export reads back unchanged (a round trip changes nothing). On import an empty target
removes that month's target and an empty direction keeps the KPI's usual one. Every field is
checked before anything is written; an error names the line.
"""

from __future__ import annotations

import csv
import io
import math

import polars as pl

from pipelines.serve.kpis import KPI_KEYS
from pipelines.targets.months import month_text, parse_month
from pipelines.targets.store import TargetInput

HEADER = ("kpi", "month", "target", "direction")
DIRECTIONS = {"higher": True, "lower": False}


class TargetCsvError(ValueError):
    """A CSV of targets that cannot be read; the message names the line."""


def targets_to_csv(targets: pl.DataFrame) -> str:
    """kpi, month, target, higher_is_better rows (reads.all_targets) as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in targets.iter_rows(named=True):
        writer.writerow([row["kpi"], month_text(row["month"]), _number_text(row["target"]),
                         "higher" if row["higher_is_better"] else "lower"])
    return out.getvalue()


def targets_from_csv(text: str) -> list[TargetInput]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    missing = [name for name in HEADER[:3] if name not in columns]
    if missing:
        raise TargetCsvError(f"line 1: the header needs the columns {', '.join(HEADER)} "
                             f"(missing: {', '.join(missing)})")
    targets, seen = [], {}
    for row in reader:
        line = reader.line_num
        values = {name: (row.get(original) or "").strip() for name, original in columns.items()}
        if not any(values.values()):
            continue  # a blank line
        target = _target_from(values, line)
        if (target.kpi, target.month) in seen:
            raise TargetCsvError(f"line {line}: {target.kpi} {month_text(target.month)} is already on line "
                                 f"{seen[(target.kpi, target.month)]}")
        seen[(target.kpi, target.month)] = line
        targets.append(target)
    return targets


def _target_from(values: dict[str, str], line: int) -> TargetInput:
    kpi = values["kpi"]
    if kpi not in KPI_KEYS:
        raise TargetCsvError(f"line {line}: {kpi!r} is not a KPI; KPIs: {', '.join(KPI_KEYS)}")
    try:
        month = parse_month(values["month"])
    except ValueError as err:
        raise TargetCsvError(f"line {line}: {err}") from None
    return TargetInput(kpi, month, _number(values["target"], line), _direction(values.get("direction", ""), line))


def _number(text: str, line: int) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise TargetCsvError(f"line {line}: the target must be a plain number (ratios as 0.6, not 60%), "
                             f"not {text!r}")
    return value


def _direction(text: str, line: int) -> bool | None:
    if not text:
        return None
    if text.lower() not in DIRECTIONS:
        raise TargetCsvError(f"line {line}: direction must be 'higher' or 'lower' (is better), not {text!r}")
    return DIRECTIONS[text.lower()]


def _number_text(value: float) -> str:
    """15.0 -> '15'; other values in Python's shortest form, which reads back to the same float."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
