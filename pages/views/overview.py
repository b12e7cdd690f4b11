"""Overview: the headline numbers of the period and how activity moved."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pages.ui import charts, data, formatting
from pages.ui.context import page_context
from pages.ui.metrics import metric_row, mode_caption
from pages.ui.tables import rows_table
from pipelines.serve import growth, overview
from pipelines.serve.buckets import GRAINS, bucket_period, default_grain
from pipelines.serve.definitions import DEFINITIONS, PERIOD_NOTE

found, filters = page_context()
previous = filters.previous()

st.title("Overview")
mode_caption(filters, f"Changes compare with {formatting.period(previous.first_day, previous.last_day)}.")

headlines = data.query(overview.headline_metrics, found, filters)
metric_row({row["metric"]: row["value"] for row in headlines.iter_rows(named=True)},
           {row["metric"]: row["change"] for row in headlines.iter_rows(named=True)})

st.subheader("Activity over time")
grain = st.segmented_control("Grain", GRAINS, default=default_grain(filters), key="overview_grain") \
    or default_grain(filters)
trend = data.query(overview.activity_trend, found, filters, grain)

if trend.is_empty():
    st.info(
        f"No activity between {formatting.period(filters.first_day, filters.last_day)}. "
        "Pick a wider date range or another platform in the sidebar, or load newer exports."
    )
else:
    picked = st.plotly_chart(
        charts.lines(trend, "bucket", {"contributions": "Contributions", "active_members": "Active members"},
                     f"Contributions and active members per {grain} — click a point for its rows"),
        key="overview_trend", on_select="rerun", selection_mode="points")
    sentiment = trend["mean_sentiment"].fill_null(0.0).to_list()
    sentiment_chart = go.Figure()
    sentiment_chart.add_bar(x=trend["bucket"].to_list(), y=sentiment, name="Mean sentiment",
                            marker_color=["#2e7d32" if value >= 0 else "#c62828" for value in sentiment])
    # Symmetric around zero so a dip below zero reads as one; never flatter than ±0.25.
    reach = max([0.25, *(abs(value) * 1.2 for value in sentiment)])
    sentiment_chart.update_layout(title=f"Mean sentiment per {grain} (scale −1 to 1)",
                                  yaxis_range=[-reach, reach], margin={"t": 50, "b": 10})
    st.plotly_chart(sentiment_chart, width="stretch", key="overview_sentiment")

    buckets = charts.selected_values(picked, as_date=True)
    if buckets:
        narrowed = bucket_period(filters, buckets[0], grain)
        st.markdown(f"**Contributions, {formatting.period(narrowed.first_day, narrowed.last_day)}**")
        rows_table(data.query(growth.activity_rows, found, narrowed), key="overview_rows",
                   file_name=f"contributions-{narrowed.first_day}.csv", empty="No contributions then.")

with st.expander("How are these computed?"):
    for key in overview.HEADLINE_KEYS:
        st.markdown(f"**{DEFINITIONS[key].label}**: {DEFINITIONS[key].definition}")
    st.markdown(PERIOD_NOTE.format(tz=filters.time_zone))
