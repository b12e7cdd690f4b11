"""Growth: who joins, who stays active, who comes back, and who is slipping away."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from pages.ui import charts, data, formatting
from pages.ui.context import page_context
from pages.ui.metrics import metric_row, mode_caption
from pages.ui.tables import rows_table
from pipelines.serve import growth
from pipelines.serve.buckets import GRAINS, bucket_period, default_grain
from pipelines.serve.definitions import DEFINITIONS

found, filters = page_context()
st.title("Growth")
mode_caption(filters)

summary = data.query(growth.headline_metrics, found, filters)
days = data.query(growth.stickiness, found, filters)
values = {row["metric"]: row["value"] for row in summary.iter_rows(named=True)}
changes = {row["metric"]: row["change"] for row in summary.iter_rows(named=True)}
metric_row({**values, "stickiness": days["stickiness"][0] if days.height else None}, changes)

st.subheader("Members over time")
grain = st.segmented_control("Grain", GRAINS, default=default_grain(filters), key="growth_grain") \
    or default_grain(filters)
series = data.query(growth.period_metrics, found, filters, grain)
picked = st.plotly_chart(
    charts.lines(series, "bucket", {"new_members": "New", "active_members": "Active",
                                    "returning_members": "Returning", "contributors": "Contributors"},
                 f"New, active, returning members and contributors per {grain} — click a point for the members"),
    key="growth_series", on_select="rerun", selection_mode="points")
buckets = charts.selected_values(picked, as_date=True)
if buckets:
    narrowed = bucket_period(filters, buckets[0], grain)
    when = formatting.period(narrowed.first_day, narrowed.last_day)
    new_tab, active_tab, contributors_tab = st.tabs(["New members", "Active members", "Contributors"])
    with new_tab:
        rows_table(data.query(growth.new_members, found, narrowed), key="growth_new_rows",
                   file_name=f"new-members-{narrowed.first_day}.csv", empty=f"Nobody was first seen {when}.")
    with active_tab:
        rows_table(data.query(growth.active_members, found, narrowed), key="growth_active_rows",
                   file_name=f"active-members-{narrowed.first_day}.csv", empty=f"Nobody was active {when}.")
    with contributors_tab:
        rows_table(data.query(growth.active_members, found, narrowed, ("contribution",)),
                   key="growth_contributor_rows", file_name=f"contributors-{narrowed.first_day}.csv",
                   empty=f"Nobody contributed {when}.")
st.plotly_chart(charts.lines(series, "bucket", {"total_members": "Total members"},
                             f"Total members at the end of each {grain}"), key="growth_total")

st.subheader("Stickiness")
if days.is_empty() or days["mau"].sum() == 0:
    st.info("No activity in this period or the 30 days before it, so there is no stickiness to show.")
else:
    stickiness_chart = go.Figure()
    stickiness_chart.add_bar(x=days["day"].to_list(), y=days["dau"].to_list(), name="DAU")
    stickiness_chart.add_scatter(x=days["day"].to_list(), y=days["mau"].to_list(), name="MAU (30 days)",
                                 mode="lines")
    stickiness_chart.add_scatter(x=days["day"].to_list(), y=days["ratio"].to_list(), name="DAU/MAU",
                                 mode="lines", yaxis="y2")
    stickiness_chart.update_layout(title="Daily and 30-day active members, and their ratio",
                                   yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%",
                                           "rangemode": "tozero"},
                                   legend_orientation="h", margin={"t": 50, "b": 10})
    st.plotly_chart(stickiness_chart, key="growth_stickiness")
    st.caption(DEFINITIONS["stickiness"].definition)

st.subheader("Cohort retention")
cohorts = data.query(growth.cohort_retention, found, filters)
if cohorts.is_empty():
    st.info("No members were first seen in this period's months.")
else:
    grid = cohorts.with_columns(pl.col("cohort_month").dt.strftime("%Y-%m").alias("cohort")).pivot(
        "months_after", index=["cohort", "cohort_size"], values="retention", sort_columns=True)
    month_columns = [c for c in grid.columns if c not in ("cohort", "cohort_size")]
    heatmap = go.Figure(go.Heatmap(
        z=grid.select(month_columns).to_numpy(), x=[f"+{c}" for c in month_columns],
        y=[f"{c} ({n})" for c, n in zip(grid["cohort"], grid["cohort_size"], strict=True)],
        colorscale="Greens", zmin=0, zmax=1, texttemplate="%{z:.0%}", hovertemplate="%{y}, month %{x}: %{z:.1%}"))
    heatmap.update_layout(title="Share of each first-seen month's members active k months later",
                          yaxis_autorange="reversed", margin={"t": 50, "b": 10})
    st.plotly_chart(heatmap, key="growth_cohorts")
    st.caption(DEFINITIONS["cohort_retention"].definition)

st.subheader("Slipping away")
st.caption(DEFINITIONS["slipping_away"].definition + " Select a row to open the member's profile.")
rows_table(data.query(growth.slipping_away, found, filters), key="growth_slipping",
           file_name="slipping-away.csv", empty="Nobody is slipping away: good news.")
