"""What every dashboard page starts from: the warehouse snapshot and the sidebar's filters."""

from __future__ import annotations

import streamlit as st

from pages.ui import data
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters


def page_context() -> tuple[Snapshot, Filters]:
    found = data.snapshot()
    filters = st.session_state.get("filters")
    if found is None or filters is None:
        st.info("No data loaded yet. Open **Get started** to load the demo or your own exports.")
        st.stop()
    return found, filters
