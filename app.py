"""Community Pulse: the dashboard's entry point (navigation and the shared sidebar)."""

from __future__ import annotations

import streamlit as st

from pages.ui import data
from pages.ui.sidebar import render_filters

st.set_page_config(page_title="Community Pulse", page_icon="📈", layout="wide")

found = data.snapshot()
status = data.warehouse_status(found)

DATA_PAGE = st.Page("pages/views/data.py", title="Data", icon="🗂️")

if status.is_empty:
    navigation = st.navigation([st.Page("pages/views/welcome.py", title="Get started", icon="👋", default=True),
                                DATA_PAGE])
else:
    navigation = st.navigation([
        st.Page("pages/views/overview.py", title="Overview", icon="📊", default=True),
        st.Page("pages/views/growth.py", title="Growth", icon="🌱"),
        st.Page("pages/views/engagement.py", title="Engagement", icon="💬"),
        st.Page("pages/views/sentiment.py", title="Sentiment", icon="🙂"),
        st.Page("pages/views/events.py", title="Events", icon="🎟️"),
        st.Page("pages/views/kpis.py", title="KPIs", icon="🎯"),
        st.Page("pages/views/members.py", title="Members", icon="👤"),
        DATA_PAGE,
    ])
    st.session_state["filters"] = render_filters(status, data.channel_names(found))

navigation.run()
