"""The filters every page shares, rendered once in the sidebar by app.py."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pipelines.config import reporting_time_zone
from pipelines.serve.filters import PRESETS, Filters, preset_range
from pipelines.serve.status import WarehouseStatus, anchor_day

DEFAULT_PRESET = "Last 30 days"


def render_filters(status: WarehouseStatus, today: dt.date | None = None) -> Filters:
    time_zone = reporting_time_zone()
    anchor, anchored_on_data = anchor_day(status, today or dt.date.today(), time_zone)
    with st.sidebar:
        st.subheader("Filters")
        preset = st.selectbox("Date range", PRESETS, index=PRESETS.index(DEFAULT_PRESET), key="date_preset")
        if preset == "Custom":
            first_default, last_default = preset_range("Last 30 days", anchor)
            picked = st.date_input("From – to", value=(first_default, last_default), key="custom_range")
            first_day, last_day = (picked if isinstance(picked, tuple) and len(picked) == 2
                                   else (first_default, last_default))
        else:
            first_day, last_day = preset_range(preset, anchor)
        st.caption(f"{first_day:%d %b %Y} – {last_day:%d %b %Y} ({time_zone})")
        if anchored_on_data and preset != "Custom":
            st.caption(f"Your newest data is from {anchor:%d %b %Y}, so ranges end there.")
        platforms = st.multiselect("Platforms", status.platforms, default=[], key="platforms",
                                   placeholder="All platforms")
        include_non_humans = st.toggle("Include bots and staff", value=False, key="include_non_humans")
        newest = status.last_day(time_zone)
        st.caption(f"Data up to {newest:%d %b %Y} · {status.batches} files loaded" if newest else "No data yet")
    return Filters(first_day, last_day, tuple(sorted(platforms)), include_non_humans, time_zone)
