"""Data: upload and check exports, load them, see and undo what was loaded, how fresh each
source is, and who is who (merges, bots, staff)."""

from __future__ import annotations

import streamlit as st

from pages.ui import actions, data, formatting
from pages.ui.roles import NotAllowed, current_role, is_analyst
from pages.ui.tables import rows_table
from pipelines.config import reporting_time_zone, warehouse_path
from pipelines.load.mappings import saved_mappings
from pipelines.load.preview import preview_upload
from pipelines.parse import ParseOptions
from pipelines.parse.frames import ACTIVITY_TYPES
from pipelines.parse.mapped_csv import new_mapping
from pipelines.serve import data_status, identity

UPLOAD_LIMIT_MB = 200  # .streamlit/config.toml server.maxUploadSize
db_path = warehouse_path()
found = data.snapshot()

st.title("Data")
role = current_role()
st.caption(f"You are signed in with the **{role}** role." + (
    "" if is_analyst() else " Viewers see the history and freshness; uploading, undoing and merging need the "
                            "analyst role (see README, 'Roles')."))

upload_tab, history_tab, freshness_tab, members_tab = st.tabs(["Upload", "History", "Freshness", "Members"])


def _options() -> ParseOptions:
    return ParseOptions(local_zone=reporting_time_zone(), csv_mappings=saved_mappings(db_path))


with upload_tab:
    if not is_analyst():
        st.info("Uploading needs the analyst role.")
    else:
        st.write(f"Export files as the platforms wrote them: CSV, JSON, NDJSON, XLS/XLSX or ZIP, up to "
                 f"{UPLOAD_LIMIT_MB} MB each. Nothing is written until you press **Load**.")
        uploads = st.file_uploader("Export files", accept_multiple_files=True, key="uploads")
        previews = [p for upload in uploads or [] for p in
                    preview_upload(db_path, upload.name, upload.getvalue(), _options())]
        for index, preview in enumerate(previews):
            with st.container(border=True):
                st.markdown(f"**{formatting.plain(preview.name)}**")
                if preview.problem:
                    st.error(formatting.plain(preview.problem), icon="⚠️")
                    if preview.needs_mapping:
                        with st.form(key=f"mapping_{index}"):
                            st.write("Map this file's columns once; files of the same shape will load without "
                                     "asking.")
                            columns = ["", *preview.header]
                            left, right = st.columns(2)
                            source = left.text_input("Source name", key=f"map_source_{index}")
                            platform = right.text_input("Platform (lower-case)", key=f"map_platform_{index}")
                            date = left.selectbox("Date and time", columns, key=f"map_date_{index}")
                            author = right.selectbox("Author", columns, key=f"map_author_{index}")
                            text = left.selectbox("Text", columns, key=f"map_text_{index}")
                            channel = right.selectbox("Channel", columns, key=f"map_channel_{index}")
                            row_id = left.selectbox("Row id", columns, key=f"map_id_{index}")
                            email = right.selectbox("Email", columns, key=f"map_email_{index}")
                            kind = left.selectbox("Each row is a", ACTIVITY_TYPES, index=2, key=f"map_type_{index}")
                            if st.form_submit_button("Save mapping"):
                                try:
                                    actions.keep_mapping(db_path, new_mapping(
                                        preview.header, source=source, platform=platform, date=date, author=author,
                                        text=text or None, channel=channel or None, id=row_id or None,
                                        email=email or None, activity_type=kind))
                                    st.rerun()
                                except (ValueError, NotAllowed) as err:
                                    st.error(str(err))
                    continue
                span = (f"{preview.data_from:%Y-%m-%d} – {preview.data_to:%Y-%m-%d}" if preview.data_from
                        else "no dates")
                st.markdown(f"Format **{preview.format}** · **{preview.records:,}** rows · "
                            f"**{preview.new_records:,}** new · **{preview.present_records:,}** already there · "
                            f"**{preview.people:,}** people · covers {span}")
                for note in preview.notes:
                    st.caption(formatting.plain(note))
                with st.expander("First rows as they will be stored"):
                    st.dataframe(preview.sample, hide_index=True)
        loadable = [p for p in previews if p.loadable]
        if previews:
            st.write(f"{len(loadable)} of {len(previews)} file(s) can be loaded.")
        if loadable and st.button(f"Load {len(loadable)} file(s)", type="primary", key="load_files"):
            bar = st.progress(0.0)
            try:
                outcomes = actions.load_files(db_path, loadable, _options(),
                                              lambda i, n, name: bar.progress(i / n, text=f"{i}/{n}: {name}"))
            except NotAllowed as err:
                st.error(str(err))
                outcomes = []
            for name, result, problem in outcomes:
                if problem:
                    st.error(f"{formatting.plain(problem)} — nothing of this file was stored.")
                elif result.already_loaded:
                    st.info(f"{formatting.plain(name)}: already loaded as batch {result.batch_id}; nothing new.")
                else:
                    st.success(f"{formatting.plain(name)}: {result.rows_new:,} rows new, {result.rows_present:,} "
                               f"already there (batch {result.batch_id}).")

with history_tab:
    if found is None:
        st.info("Nothing loaded yet.")
    else:
        history = data.query(data_status.batch_history, found)
        rows_table(history, key="data_history", file_name="load-history.csv", empty="Nothing loaded yet.")
        if is_analyst() and not history.is_empty():
            active = history.filter(history["undone_at"].is_null())
            with st.form("undo_form"):
                batch_id = st.selectbox("Undo a batch (its rows leave every table and metric)",
                                        active["batch_id"].to_list(),
                                        format_func=lambda b: f"{b}: {active.filter(active['batch_id'] == b)['file_name'][0]}")
                confirmed = st.checkbox("I understand this removes the batch's rows", key="undo_confirm")
                if st.form_submit_button("Undo batch") and confirmed and batch_id is not None:
                    try:
                        removed = actions.undo(db_path, int(batch_id))
                        st.success(f"Batch {batch_id} undone: {sum(removed.values())} rows removed.")
                    except (ValueError, NotAllowed) as err:
                        st.error(str(err))

with freshness_tab:
    if found is None:
        st.info("Nothing loaded yet.")
    else:
        st.caption("Per platform and export format: the newest data point and when the newest file was loaded. "
                   "A quiet week looks like recent data with few rows; a missing export looks like an old "
                   "newest data point.")
        st.dataframe(data.query(data_status.data_freshness, found), hide_index=True)

with members_tab:
    if found is None:
        st.info("Nothing loaded yet.")
    else:
        st.subheader("Proposed merges")
        st.caption("Identities on different platforms with the same name or handle. Never merged automatically: "
                   "select the ones that are one person.")
        proposals = data.query(identity.merge_proposals, found)
        picked = st.dataframe(proposals, hide_index=True, on_select="rerun", selection_mode="multi-row",
                              key="merge_proposals")
        chosen = picked.selection.rows if picked is not None else []
        if is_analyst() and chosen and st.button(f"Merge {len(chosen)} selected", key="merge_selected"):
            pairs = [((row["platform_a"], row["user_a"]), (row["platform_b"], row["user_b"]))
                     for row in (proposals.row(i, named=True) for i in chosen)]
            try:
                actions.merge(db_path, pairs, reason="accepted proposal on the Data page")
                st.rerun()
            except NotAllowed as err:
                st.error(str(err))
        st.subheader("Merge history")
        merges = data.query(identity.merge_history, found)
        st.dataframe(merges, hide_index=True)
        active_merges = merges.filter(merges["active"]) if not merges.is_empty() else merges
        if is_analyst() and not active_merges.is_empty():
            merge_id = st.selectbox("Unmerge", active_merges["merge_id"].to_list(), key="unmerge_choice")
            if st.button("Unmerge", key="unmerge"):
                try:
                    actions.undo_merge(db_path, int(merge_id))
                    st.rerun()
                except (ValueError, NotAllowed) as err:
                    st.error(str(err))
        st.subheader("Bots and staff")
        text = st.text_input("Find an identity", key="flag_search")
        if text:
            matches = data.query(identity.identity_search, found, text)
            st.dataframe(matches.drop("member_id"), hide_index=True)
            if is_analyst() and not matches.is_empty():
                labels = [f"{p}:{u}" for p, u in zip(matches["platform"], matches["platform_user_id"], strict=True)]
                target = st.selectbox("Identity", labels, key="flag_identity")
                left, right = st.columns(2)
                bot = left.toggle("Bot", key="flag_bot")
                staff = right.toggle("Staff", key="flag_staff")
                if st.button("Save flags", key="flag_save"):
                    platform, _, user = target.partition(":")
                    try:
                        actions.flag(db_path, (platform, user), is_bot=bot, is_staff=staff)
                        st.success(f"{target}: bot={bot}, staff={staff}")
                    except NotAllowed as err:
                        st.error(str(err))
