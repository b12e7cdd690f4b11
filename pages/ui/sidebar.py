"""The filters every page shares, rendered once in the sidebar by app.py, and kept in the URL
(st.query_params) so a view can be shared by link."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pipelines.config import reporting_time_zone
from pipelines.serve.filters import PRESETS, Filters, preset_range
from pipelines.serve.status import WarehouseStatus, anchor_day

DEFAULT_PRESET = "Last 30 days"


def render_filters(status: WarehouseStatus, channels: list[str], today: dt.date | None = None) -> Filters:
    time_zone = reporting_time_zone()
    anchor, anchored_on_data = anchor_day(status, today or dt.date.today(), time_zone)
    _state_from_url(status, channels)
    with st.sidebar:
        st.subheader("Filters")
        preset = st.selectbox("Date range", PRESETS, key="date_preset")
        if preset == "Custom":
            if "custom_range" not in st.session_state:
                st.session_state["custom_range"] = preset_range(DEFAULT_PRESET, anchor)
            picked = st.date_input("From – to", key="custom_range")
            first_day, last_day = (picked if isinstance(picked, tuple) and len(picked) == 2
                                   else preset_range(DEFAULT_PRESET, anchor))
        else:
            first_day, last_day = preset_range(preset, anchor)
        st.caption(f"{first_day:%d %b %Y} – {last_day:%d %b %Y} ({time_zone})")
        if anchored_on_data and preset != "Custom":
            st.caption(f"Your newest data is from {anchor:%d %b %Y}, so ranges end there.")
        platforms = st.multiselect("Platforms", status.platforms, key="platforms", placeholder="All platforms")
        chosen_channels = st.multiselect("Channels", channels, key="channels", placeholder="All channels",
                                         help="Only activities in these channels (events have no channel).")
        include_non_humans = st.toggle("Include bots and staff", key="include_non_humans")
        newest = status.last_day(time_zone)
        st.caption(f"Data up to {newest:%d %b %Y} · {status.batches} files loaded" if newest else "No data yet")
    _state_to_url(preset, first_day, last_day, platforms, chosen_channels, include_non_humans)
    return Filters(first_day, last_day, tuple(sorted(platforms)), include_non_humans, time_zone,
                   tuple(sorted(chosen_channels)))


def _state_from_url(status: WarehouseStatus, channels: list[str]) -> None:
    """On a session's first run, widgets start from the link's query parameters."""
    if st.session_state.get("_filters_from_url"):
        return
    st.session_state["_filters_from_url"] = True
    params = st.query_params
    preset = params.get("range", DEFAULT_PRESET)
    st.session_state["date_preset"] = preset if preset in PRESETS else DEFAULT_PRESET
    if st.session_state["date_preset"] == "Custom":
        try:
            st.session_state["custom_range"] = (dt.date.fromisoformat(params.get("from", "")),
                                                dt.date.fromisoformat(params.get("to", "")))
        except ValueError:
            st.session_state["date_preset"] = DEFAULT_PRESET
    st.session_state["platforms"] = [p for p in _listed(params.get("platforms")) if p in status.platforms]
    st.session_state["channels"] = [c for c in _listed(params.get("channels")) if c in channels]
    st.session_state["include_non_humans"] = params.get("everyone") == "1"


def _state_to_url(preset, first_day, last_day, platforms, channels, include_non_humans) -> None:
    wanted = {"range": preset}
    if preset == "Custom":
        wanted |= {"from": first_day.isoformat(), "to": last_day.isoformat()}
    if platforms:
        wanted["platforms"] = ",".join(platforms)
    if channels:
        wanted["channels"] = ",".join(channels)
    if include_non_humans:
        wanted["everyone"] = "1"
    for name in ("range", "from", "to", "platforms", "channels", "everyone"):
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]


def _listed(value: str | None) -> list[str]:
    return [item for item in (value or "").split(",") if item]
