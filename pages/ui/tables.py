"""Tables of the rows behind a number or a chart point: downloadable, and linked to profiles."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pages.ui.downloads import safe_csv
from pages.ui.formatting import plain

MEMBERS_PAGE = "pages/views/members.py"


def rows_table(frame: pl.DataFrame, *, key: str, file_name: str, empty: str = "No rows.",
               column_config: dict | None = None) -> None:
    """Show rows with a CSV download; selecting a row with a member opens a link to their profile.

    Text from exports is shown by st.dataframe as plain text (never as HTML or markdown).
    """
    if frame.is_empty():
        st.caption(empty)
        return
    if "url" in frame.columns:  # only web links: a javascript: URL from an export must not become a link
        frame = frame.with_columns(pl.when(pl.col("url").str.contains(r"^https?://")).then(pl.col("url")).alias("url"))
    shown = frame.drop([c for c in ("member_id",) if c in frame.columns])
    selection = st.dataframe(shown, key=key, hide_index=True, on_select="rerun", selection_mode="single-row",
                             column_config=_default_config(shown) | (column_config or {}))
    left, right = st.columns([1, 3])
    left.download_button("Download CSV", safe_csv(frame), file_name=file_name, mime="text/csv",
                         key=f"{key}_csv")
    rows = selection.selection.rows if selection is not None else []
    if rows and "member_id" in frame.columns:
        chosen = frame.row(rows[0], named=True)
        name = chosen.get("display_name") or chosen.get("member") or chosen.get("author") or "this member"
        right.page_link(MEMBERS_PAGE, label=f"Open {plain(name)}'s profile", icon="👤",
                        query_params={"member": chosen["member_id"]})


def _default_config(frame: pl.DataFrame) -> dict:
    config = {}
    for name in frame.columns:
        if name == "url":
            config[name] = st.column_config.LinkColumn("Link", display_text="open")
        elif name in ("text",):
            config[name] = st.column_config.TextColumn("Text", width="large")
    return config
