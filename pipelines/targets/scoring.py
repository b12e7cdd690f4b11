"""Attainment, status and projection exactly as METRICS.md "KPI targets" states them.

- attainment = actual / target when higher is better, target / actual when lower is better;
- status: on track at >= 100%, at risk at >= 90%, off track below;
- the current month's projection: value so far x days in month / days elapsed for additive KPIs
  (counts); for the others (rates, medians, means) the value so far is the projection.

Where the ratio means nothing (a zero denominator, or a negative value: sentiment can be below
zero), attainment is left empty and the status compares actual with target directly: on track
when the target is met, off track otherwise (docs/metrics.md).
"""

from __future__ import annotations

ON_TRACK = "on track"
AT_RISK = "at risk"
OFF_TRACK = "off track"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK)

ON_TRACK_FROM = 1.0
AT_RISK_FROM = 0.9
# Ratios such as 0.27 / 0.3 land a hair below 0.9 in binary floating point; a status must not flip on that.
TOLERANCE = 1e-9


def attainment(actual: float | None, target: float | None, higher_is_better: bool) -> float | None:
    if actual is None or target is None:
        return None
    numerator, denominator = (actual, target) if higher_is_better else (target, actual)
    if denominator <= 0 or numerator < 0:
        return None
    return numerator / denominator


def status(actual: float | None, target: float | None, higher_is_better: bool) -> str | None:
    """on track / at risk / off track; None without an actual or a target."""
    if actual is None or target is None:
        return None
    ratio = attainment(actual, target, higher_is_better)
    if ratio is None:
        met = actual >= target if higher_is_better else actual <= target
        return ON_TRACK if met else OFF_TRACK
    if ratio >= ON_TRACK_FROM - TOLERANCE:
        return ON_TRACK
    if ratio >= AT_RISK_FROM - TOLERANCE:
        return AT_RISK
    return OFF_TRACK


def projection(value_so_far: float | None, additive: bool, days_in_month: int, days_elapsed: int) -> float | None:
    """The month-end value the current month is heading for. days_elapsed counts today."""
    if value_so_far is None:
        return None
    if not additive:
        return value_so_far
    if not 1 <= days_elapsed <= days_in_month:
        raise ValueError(f"days elapsed must be 1..{days_in_month}, not {days_elapsed}")
    return value_so_far * days_in_month / days_elapsed
