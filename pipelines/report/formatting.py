"""The report's own number conventions beside the figures' (pipelines/number_text.py, shared with
the dashboard): attainments, how a target is written, and the matching Excel and chart formats
so the XLSX keeps raw numbers."""

from __future__ import annotations

from pipelines.number_text import Unit, unit

UNIT_HINTS: dict[Unit, str] = {
    "ratio": "ratio: 0.6 = 60%", "hours": "hours", "polarity": "polarity, −1 to 1",
    "points": "points, −100 to 100", "decimal": "number", "count": "count",
}
EXCEL_FORMATS: dict[Unit, str] = {
    "ratio": "0.0%", "hours": "#,##0.0", "polarity": "+0.00;-0.00;0.00", "points": "+0;-0;0",
    "decimal": "#,##0.0", "count": "#,##0",
}


def share(value: float | None) -> str:
    """An attainment: 85.7%."""
    return "–" if value is None else f"{value:.1%}"


def unit_hint(kpi: str) -> str:
    """How a target for the KPI is written."""
    return UNIT_HINTS[unit(kpi)]


def excel_format(kpi: str) -> str:
    return EXCEL_FORMATS[unit(kpi)]


def axis_format(kpi: str) -> str:
    """Plotly tick format for the KPI's unit."""
    return ".0%" if unit(kpi) == "ratio" else ""
