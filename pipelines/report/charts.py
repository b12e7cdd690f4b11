"""The 12-month sparklines of actual vs target, one small chart per KPI (page and report alike)."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from pipelines.report.formatting import axis_format
from pipelines.serve.kpis import KPI_KEYS

COLUMNS = 3
ACTUAL_COLOUR = "#1f77b4"
TARGET_COLOUR = "#7f7f7f"
PROJECTED_COLOUR = "#ff7f0e"


def history_grid(history: pl.DataFrame, title: str) -> go.Figure:
    """history: month, kpi, label, actual, target, projected (scorecard.HISTORY_SCHEMA)."""
    kpis = [kpi for kpi in KPI_KEYS if kpi in set(history["kpi"].to_list())]
    labels = {row["kpi"]: row["label"] for row in history.select("kpi", "label").unique().iter_rows(named=True)}
    rows = math.ceil(len(kpis) / COLUMNS)
    figure = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=[labels[k] for k in kpis],
                           vertical_spacing=0.35 / rows, horizontal_spacing=0.06)
    in_legend: set[str] = set()
    for index, kpi in enumerate(kpis):
        one = history.filter(pl.col("kpi") == kpi).sort("month")
        row, column = index // COLUMNS + 1, index % COLUMNS + 1
        _add_series(figure, one, row, column, in_legend)
        figure.update_yaxes(tickformat=axis_format(kpi), row=row, col=column)
    figure.update_xaxes(tickformat="%b %y", dtick="M3")
    height = 190 * rows + 110
    # Title, then the legend, then the first row's subplot titles: each in its own band of the top margin.
    figure.update_layout(title={"text": title, "y": 1 - 12 / height, "yanchor": "top"}, height=height,
                         hovermode="x unified", margin={"t": 110, "b": 20},
                         legend={"orientation": "h", "x": 0, "yref": "container", "y": 1 - 48 / height,
                                 "yanchor": "top"})
    return figure


def _add_series(figure: go.Figure, one: pl.DataFrame, row: int, column: int, in_legend: set[str]) -> None:
    """Actual, target and (in the current month) the projection; each named once in the legend."""
    months = one["month"].to_list()
    series = [
        ("Actual", months, one["actual"].to_list(), {"mode": "lines+markers", "line": {"color": ACTUAL_COLOUR}}),
        ("Target", months, one["target"].to_list(),
         {"mode": "lines+markers", "line": {"color": TARGET_COLOUR, "dash": "dash"}}),
    ]
    projected = one.filter(pl.col("projected").is_not_null())
    if projected.height:
        series.append(("Projected month end", projected["month"].to_list(), projected["projected"].to_list(),
                       {"mode": "markers", "marker": {"color": PROJECTED_COLOUR, "symbol": "diamond-open", "size": 9}}))
    for name, xs, ys, style in series:
        figure.add_trace(go.Scatter(x=xs, y=ys, name=name, legendgroup=name, showlegend=name not in in_legend,
                                    connectgaps=False, **style), row=row, col=column)
        in_legend.add(name)
