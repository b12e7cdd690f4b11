"""Overview: the headline numbers of the period and how activity moved."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pages.ui import data, formatting
from pages.ui.context import page_context
from pipelines.serve.definitions import DEFINITIONS, EVERYONE_NOTE, HUMANS_ONLY_NOTE, PERIOD_NOTE

found, filters = page_context()
previous = filters.previous()

st.title("Overview")
st.caption(
    f"{formatting.period(filters.first_day, filters.last_day)}, compared with "
    f"{formatting.period(previous.first_day, previous.last_day)}. "
    + (EVERYONE_NOTE if filters.include_non_humans else HUMANS_ONLY_NOTE)
)

headlines = data.headline_metrics(found, filters)
for column, row in zip(st.columns(len(headlines)), headlines.iter_rows(named=True)):
    column.metric(
        row["label"],
        formatting.metric_value(row["metric"], row["value"]),
        delta=formatting.metric_change(row["metric"], row["change"]),
        help=f"{DEFINITIONS[row['metric']].definition} Change: vs the previous period of the same length.",
        border=True,
    )

st.subheader("Activity over time")
default_grain = "day" if filters.days <= 45 else "week" if filters.days <= 200 else "month"
grain = st.segmented_control(
    "Grain", ["day", "week", "month"], default=default_grain, key="overview_grain"
) or default_grain
trend = data.activity_trend(found, filters, grain)

if trend.is_empty():
    st.info(
        f"No activity between {formatting.period(filters.first_day, filters.last_day)}. "
        "Pick a wider date range or another platform in the sidebar, or load newer exports."
    )
else:
    activity_chart = go.Figure()
    activity_chart.add_scatter(x=trend["bucket"].to_list(), y=trend["contributions"].to_list(),
                               name="Contributions", mode="lines+markers")
    activity_chart.add_scatter(x=trend["bucket"].to_list(), y=trend["active_members"].to_list(),
                               name="Active members", mode="lines+markers")
    activity_chart.update_layout(title=f"Contributions and active members per {grain}", hovermode="x unified",
                                 legend_orientation="h", margin={"t": 50, "b": 10})
    st.plotly_chart(activity_chart, width="stretch")

    sentiment = trend["mean_sentiment"].fill_null(0.0).to_list()
    sentiment_chart = go.Figure()
    sentiment_chart.add_bar(x=trend["bucket"].to_list(), y=sentiment, name="Mean sentiment",
                            marker_color=["#2e7d32" if value >= 0 else "#c62828" for value in sentiment])
    # Symmetric around zero so a dip below zero reads as one; never flatter than ±0.25.
    reach = max([0.25, *(abs(value) * 1.2 for value in sentiment)])
    sentiment_chart.update_layout(title=f"Mean sentiment per {grain} (scale −1 to 1)", yaxis_range=[-reach, reach],
                                  margin={"t": 50, "b": 10})
    st.plotly_chart(sentiment_chart, width="stretch")

with st.expander("How are these computed?"):
    for definition in DEFINITIONS.values():
        st.markdown(f"**{definition.label}**: {definition.definition}")
    st.markdown(PERIOD_NOTE.format(tz=filters.time_zone))
