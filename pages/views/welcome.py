"""Get started: what to do when the warehouse is empty."""

from __future__ import annotations

import streamlit as st

from pages.ui import actions
from pages.ui.roles import is_analyst
from pipelines.config import warehouse_path

st.title("Welcome to Community Pulse")
st.write(
    "Community Pulse turns the exports you download from Discord, X, Luma and other platforms "
    "into one dashboard of growth, engagement, sentiment and events. Your warehouse is empty so far."
)

left, right = st.columns(2)
with left:
    st.subheader("Explore with demo data")
    st.write("18 months of a made-up community: about 2,400 members on Discord, an X account and Luma events, "
             "loaded through the same pipeline as real exports.")
    if not is_analyst():
        st.info("Loading data needs the analyst role.")
    elif st.button("Load the demo data", type="primary", key="load_demo"):
        with st.status("Generating and loading the demo exports…", expanded=True) as progress:
            bar = st.progress(0.0)

            def report(index: int, total: int, result) -> None:
                bar.progress(index / total, text=f"{index}/{total}: {result.file_name}")

            actions.load_demo(warehouse_path(), on_file=report)
            progress.update(label="Demo data loaded", state="complete")
        st.rerun()
with right:
    st.subheader("Load your own exports")
    st.write("Upload them on the **Data** page, or from a shell in the project folder:")
    st.code("python -m pipelines ingest path/to/exports/", language="bash")
    st.write("Files, folders and zips are accepted; the format is recognised from the content. "
             "`python -m pipelines formats` lists what is supported.")
