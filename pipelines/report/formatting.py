"""How KPI figures read in the report: the same conventions as the dashboard (pages/ui/formatting.py),
plus the matching Excel number formats so the XLSX keeps raw numbers."""

from __future__ import annotations

RATIOS = {"stickiness", "response_rate", "community_answer_share", "attendance_rate", "attendee_activation"}
HOURS = {"median_hours_to_first_response"}
SIGNED = {"mean_sentiment"}
POINTS = {"net_sentiment"}


def kpi_value(kpi: str, value: float | None) -> str:
    if value is None:
        return "–"
    if kpi in SIGNED:
        return f"{value:+.2f}"
    if kpi in RATIOS:
        return f"{value:.1%}"
    if kpi in HOURS:
        return f"{value:,.1f} h"
    if kpi in POINTS:
        return f"{value:+.0f} pts"
    return f"{value:,.0f}"


def kpi_change(kpi: str, change: float | None) -> str:
    if change is None:
        return "–"
    if kpi in SIGNED:
        return f"{change:+.2f}"
    if kpi in RATIOS:
        return f"{change * 100:+.1f} pts"
    if kpi in HOURS:
        return f"{change:+,.1f} h"
    if kpi in POINTS:
        return f"{change:+.0f} pts"
    return f"{change:+,.0f}"


def share(value: float | None) -> str:
    """An attainment: 85.7%."""
    return "–" if value is None else f"{value:.1%}"


def unit_hint(kpi: str) -> str:
    """How a target for the KPI is written."""
    if kpi in SIGNED:
        return "polarity, −1 to 1"
    if kpi in RATIOS:
        return "ratio: 0.6 = 60%"
    if kpi in HOURS:
        return "hours"
    if kpi in POINTS:
        return "points, −100 to 100"
    return "count"


def excel_format(kpi: str) -> str:
    if kpi in SIGNED:
        return "+0.00;-0.00;0.00"
    if kpi in RATIOS:
        return "0.0%"
    if kpi in HOURS:
        return "#,##0.0"
    if kpi in POINTS:
        return "+0;-0;0"
    return "#,##0"


def axis_format(kpi: str) -> str:
    """Plotly tick format for the KPI's unit."""
    return ".0%" if kpi in RATIOS else ""
