"""Members: find someone and see them across platforms."""

from __future__ import annotations

import streamlit as st

from pages.ui import data, formatting
from pages.ui.context import page_context
from pages.ui.tables import rows_table
from pipelines import number_text
from pipelines.serve import engagement, members

found, filters = page_context()
st.title("Members")

member_id = st.query_params.get("member")
text = st.text_input("Search by name, handle or email", key="member_search")
if text or not member_id:
    results = data.query(members.search_members, found, text)
    st.caption("Select a row to open the profile.")
    rows_table(results, key="member_results", file_name="members.csv", empty="No member matches.")

if member_id:
    profile = data.query(members.member_profile, found, member_id)
    if profile is None:
        st.warning("That member is not in the warehouse (perhaps an undone batch). Search again above.")
        st.stop()
    st.header(formatting.plain(profile["display_name"] or profile["member_id"]), anchor=False)
    kinds = [label for flag, label in ((profile["is_staff"], "staff"), (profile["is_bot"], "bot")) if flag]
    st.caption(" · ".join([", ".join(profile["platforms"] or []), *kinds,
                           f"first seen {profile['first_seen_at']:%d %b %Y}" if profile["first_seen_at"] else ""]))
    scores = data.query(engagement.engagement_scores, found, filters, engagement.EngagementWeights(), 100_000)
    mine = scores.filter(scores["member_id"] == member_id)
    level = mine["engagement_level"][0] if mine.height else "not active in the last 90 days"
    columns = st.columns(5)
    columns[0].metric("Contributions", f"{profile['contributions']:,}", border=True)
    columns[1].metric("Reactions given", f"{profile['reactions_given']:,}", border=True)
    columns[2].metric("Events attended", f"{profile['events_attended']:,}", border=True)
    columns[3].metric("Mean sentiment", number_text.value_text("mean_sentiment", profile["mean_sentiment"]),
                      border=True)
    columns[4].metric("Engagement level", level, border=True,
                      help="As of the end of the selected period, over the 90 days before it.")
    identities_tab, timeline_tab, events_tab = st.tabs(["Identities", "Activity", "Events"])
    with identities_tab:
        st.dataframe(data.query(members.member_identities, found, member_id), hide_index=True)
    with timeline_tab:
        rows_table(data.query(members.member_timeline, found, member_id), key="member_timeline",
                   file_name=f"{member_id}-activity.csv", empty="No activity.")
    with events_tab:
        rows_table(data.query(members.member_events, found, member_id), key="member_events",
                   file_name=f"{member_id}-events.csv", empty="No events.")
