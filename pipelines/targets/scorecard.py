"""A month's KPIs against their targets (METRICS.md "KPI targets"), and the 12 months up to it.

Actuals come from pipelines.serve.kpis.monthly_kpis, community-wide and for human members only,
so a closed month's figures are those of `python -m pipelines kpis --month`. The current month
(the month of `today` in the reporting time zone) is counted up to and including today, and
projected to its end; a month after it has no actuals yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.definitions import DEFINITIONS
from pipelines.serve.filters import Filters
from pipelines.serve.kpis import ADDITIVE_KPIS, KPI_KEYS, kpis_by_month, month_filters, monthly_kpis
from pipelines.targets import months, scoring
from pipelines.targets.reads import targets_between

HISTORY_MONTHS = 12

SCORECARD_SCHEMA = {
    "kpi": pl.String, "label": pl.String, "higher_is_better": pl.Boolean, "additive": pl.Boolean,
    "actual": pl.Float64, "target": pl.Float64, "attainment": pl.Float64, "status": pl.String,
    "previous": pl.Float64, "change": pl.Float64,
    "projected": pl.Float64, "projected_attainment": pl.Float64, "projected_status": pl.String,
}
HISTORY_SCHEMA = {"month": pl.Date, "kpi": pl.String, "label": pl.String, "actual": pl.Float64,
                  "target": pl.Float64, "projected": pl.Float64}


@dataclass(frozen=True)
class Scorecard:
    month: dt.date              # first day
    today: dt.date              # in the reporting time zone
    time_zone: str
    rows: pl.DataFrame          # one row per KPI (SCORECARD_SCHEMA)
    history: pl.DataFrame       # the HISTORY_MONTHS months up to `month`, per KPI (HISTORY_SCHEMA)

    @property
    def is_current(self) -> bool:
        return self.month == months.first_of(self.today)

    @property
    def is_future(self) -> bool:
        return self.month > months.first_of(self.today)

    @property
    def days_in_month(self) -> int:
        return months.days_in(self.month)

    @property
    def days_elapsed(self) -> int | None:
        """Days of the current month counted so far, today included."""
        return self.today.day if self.is_current else None


def kpi_filters(month: dt.date, time_zone: str, today: dt.date) -> Filters:
    """The period a month's KPIs count: the whole month, or up to and including today while it runs."""
    filters = month_filters(months.month_text(month), time_zone)
    return replace(filters, last_day=today) if month == months.first_of(today) else filters


def month_actuals(snapshot: Snapshot, month: dt.date, time_zone: str, today: dt.date) -> dict[str, float | None]:
    """The month's KPI values; nothing for a month still to come."""
    if month > months.first_of(today):
        return dict.fromkeys(KPI_KEYS)
    return monthly_kpis(snapshot, kpi_filters(month, time_zone, today))


def months_actuals(snapshot: Snapshot, shown: list[dt.date], time_zone: str,
                   today: dt.date) -> dict[dt.date, dict[str, float | None]]:
    """month_actuals of consecutive months, counted together (serve.kpis.kpis_by_month)."""
    counted = [month for month in shown if month <= months.first_of(today)]
    found = {}
    if counted:
        period = replace(kpi_filters(counted[0], time_zone, today),
                         last_day=kpi_filters(counted[-1], time_zone, today).last_day)
        found = kpis_by_month(snapshot, period)
    return {month: found.get(month, dict.fromkeys(KPI_KEYS)) for month in shown}


def history_months(month: dt.date) -> list[dt.date]:
    """The months a scorecard shows, oldest first; the one before `month` gives the change."""
    return months.months_ending(month, HISTORY_MONTHS)


def kpi_scorecard(snapshot: Snapshot, month: dt.date, time_zone: str, today: dt.date) -> Scorecard:
    shown = history_months(month)
    actuals = months_actuals(snapshot, shown, time_zone, today)
    return assemble(month, time_zone, today, actuals, targets_between(snapshot, shown[0], month))


def assemble(month: dt.date, time_zone: str, today: dt.date, actuals: dict[dt.date, dict],
             targets: pl.DataFrame) -> Scorecard:
    """The scorecard from each shown month's actuals (month_actuals) and the targets of those months
    (reads.targets_between)."""
    by_month = {(row["kpi"], row["month"]): row for row in targets.iter_rows(named=True)}
    card = Scorecard(month, today, time_zone, pl.DataFrame(schema=SCORECARD_SCHEMA),
                     pl.DataFrame(schema=HISTORY_SCHEMA))
    rows = [_scorecard_row(card, kpi, actuals, by_month) for kpi in KPI_KEYS]
    history = [_history_row(card, m, kpi, actuals, by_month) for m in history_months(month) for kpi in KPI_KEYS]
    return replace(card, rows=pl.DataFrame(rows, schema=SCORECARD_SCHEMA, orient="row"),
                   history=pl.DataFrame(history, schema=HISTORY_SCHEMA, orient="row"))


def _scorecard_row(card: Scorecard, kpi: str, actuals: dict, targets: dict) -> dict:
    stored = targets.get((kpi, card.month))
    target = stored["target"] if stored else None
    higher = stored["higher_is_better"] if stored else DEFINITIONS[kpi].higher_is_better
    actual = _number(actuals[card.month][kpi])
    previous = _number(actuals[months.add_months(card.month, -1)][kpi])
    projected = (scoring.projection(actual, kpi in ADDITIVE_KPIS, card.days_in_month, card.days_elapsed)
                 if card.is_current else None)
    # The current month compares its projection (a whole month's worth) with the previous whole month.
    compared = projected if card.is_current else actual
    return {
        "kpi": kpi, "label": DEFINITIONS[kpi].label, "higher_is_better": higher, "additive": kpi in ADDITIVE_KPIS,
        "actual": actual, "target": target, "attainment": scoring.attainment(actual, target, higher),
        "status": scoring.status(actual, target, higher), "previous": previous,
        "change": compared - previous if compared is not None and previous is not None else None,
        "projected": projected, "projected_attainment": scoring.attainment(projected, target, higher),
        "projected_status": scoring.status(projected, target, higher),
    }


def _history_row(card: Scorecard, month: dt.date, kpi: str, actuals: dict, targets: dict) -> tuple:
    stored = targets.get((kpi, month))
    actual = _number(actuals[month][kpi])
    projected = None
    if month == months.first_of(card.today):
        projected = scoring.projection(actual, kpi in ADDITIVE_KPIS, months.days_in(month), card.today.day)
    return (month, kpi, DEFINITIONS[kpi].label, actual, stored["target"] if stored else None, projected)


def _number(value) -> float | None:
    return None if value is None else float(value)
