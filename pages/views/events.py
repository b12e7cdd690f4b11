"""Events: registrations, who came, how long, who came back, who became active."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from pages.ui import charts, data
from pages.ui.context import page_context
from pages.ui.metrics import metric_row, mode_caption
from pages.ui.tables import rows_table
from pipelines.serve import events

EVENT_KEYS = ("registrations", "attendees", "attendance_rate", "no_show_rate", "minutes_attended",
              "repeat_attendees", "attendee_activation")

found, filters = page_context()
st.title("Events")
mode_caption(filters)

summary = data.query(events.event_metrics, found, filters)
metric_row({key: summary[key] for key in EVENT_KEYS})
if summary["mean_minutes_attended"] is not None:
    st.caption(f"Mean minutes per attended registration with session times: {summary['mean_minutes_attended']:.0f}.")

listed = data.query(events.events_in_period, found, filters)
if listed.is_empty():
    st.info("No events start in this period. Load event exports (Luma guest lists) or widen the date range.")
    st.stop()

chart = go.Figure()
labels = [f"{row['starts_at']:%Y-%m-%d} {row['title']}" for row in listed.iter_rows(named=True)]
chart_labels = [charts.chart_text(label) for label in labels]
chart.add_bar(x=chart_labels, y=listed["registrations"].to_list(), name="Registrations",
              customdata=listed["event_id"])
chart.add_bar(x=chart_labels, y=listed["attended"].to_list(), name="Attended", customdata=listed["event_id"])
chart.update_layout(title="Registrations and attendance per event — click a bar for the event",
                    barmode="group", legend_orientation="h", margin={"t": 50, "b": 10})
picked = st.plotly_chart(chart, key="events_chart", on_select="rerun", selection_mode="points")

st.subheader("One event")
clicked = charts.selected_values(picked)
titles = dict(zip(listed["event_id"], labels, strict=True))
if clicked and clicked[0] in titles:
    st.session_state["event_choice"] = clicked[0]
chosen = st.selectbox("Event", list(titles), format_func=titles.get, key="event_choice")
row = listed.filter(listed["event_id"] == chosen).row(0, named=True)
st.caption(f"{row['registrations']} registrations, {row['attended']} attended"
           + (f", {row['minutes_attended']:.0f} minutes in all" if row["minutes_attended"] else ""))
rows_table(data.query(events.event_people, found, filters, chosen), key="events_people",
           file_name=f"event-{chosen.replace(':', '-')}.csv")

with st.expander("All events of the period"):
    rows_table(listed, key="events_list", file_name="events.csv")
