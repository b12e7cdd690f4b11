"""Chart building and reading chart selections (the first step of every drill-down)."""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import polars as pl


def lines(frame: pl.DataFrame, x: str, series: dict[str, str], title: str, *, bars: bool = False) -> go.Figure:
    """One trace per column in `series` ({column: legend label}); each point carries its x value
    as customdata, so a click can be mapped back to the rows behind it."""
    figure = go.Figure()
    raw = frame[x].to_list()
    shown = [chart_text(value) if isinstance(value, str) else value for value in raw]
    for column, label in series.items():
        trace = go.Bar if bars else go.Scatter
        extra = {} if bars else {"mode": "lines+markers"}
        figure.add_trace(trace(x=shown, y=frame[column].to_list(), name=label,
                               customdata=[str(value) for value in raw], **extra))
    figure.update_layout(title=title, hovermode="x unified", legend_orientation="h", margin={"t": 50, "b": 10},
                         clickmode="event+select")
    return figure


def chart_text(text: str) -> str:
    """Export text for a plotly label: plotly reads a subset of HTML there, so escape it."""
    return html.escape(text, quote=False)


def selected_values(event, *, as_date: bool = False) -> list:
    """The customdata of the points selected in a chart (dates for bucket charts)."""
    if event is None:
        return []
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else \
        event.selection.points
    values = []
    for point in points:
        value = point.get("customdata")
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None:
            value = point.get("x")
        if value is None:
            continue
        values.append(dt.date.fromisoformat(str(value)[:10]) if as_date else value)
    return sorted(set(values))
