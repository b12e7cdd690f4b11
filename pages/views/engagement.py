"""Engagement: who needs an answer, who answers, who contributes most, and how posts land."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from pages.ui import charts, data
from pages.ui.context import page_context
from pages.ui.metrics import metric_row, mode_caption
from pages.ui.tables import rows_table
from pipelines.serve import engagement, growth
from pipelines.serve.definitions import DEFINITIONS

RESPONSE_KEYS = ("response_rate", "median_hours_to_first_response", "p90_hours_to_first_response",
                 "unanswered_threads", "community_answer_share")

found, filters = page_context()
st.title("Engagement")
mode_caption(filters)

responses = data.query(engagement.response_metrics, found, filters)
metric_row({key: responses[key] for key in RESPONSE_KEYS})
st.caption(f"{responses['threads_started']} threads started, {responses['threads_answered']} answered; "
           f"{responses['threads_first_answered']} threads got their first response in the period.")

queue_tab, threads_tab = st.tabs(["Unanswered queue (oldest first)", "Threads started"])
with queue_tab:
    rows_table(data.query(engagement.unanswered_threads, found, filters), key="engagement_unanswered",
               file_name="unanswered-threads.csv", empty="Every thread of this period got an answer.")
with threads_tab:
    rows_table(data.query(engagement.threads_started, found, filters), key="engagement_threads",
               file_name="threads.csv", empty="No threads were started in this period.")

st.subheader("Contributions by platform and channel")
by_channel = data.query(engagement.contributions_by_channel, found, filters)
if by_channel.is_empty():
    st.info("No contributions in this period under these filters.")
else:
    labelled = by_channel.with_columns((by_channel["platform"] + " · " + by_channel["channel"]).alias("where"))
    picked = st.plotly_chart(charts.lines(labelled, "where", {"contributions": "Contributions"},
                                          "Contributions per channel — click a bar for its rows", bars=True),
                             key="engagement_channels", on_select="rerun", selection_mode="points")
    chosen = charts.selected_values(picked)
    if chosen:
        platform, channel = chosen[0].split(" · ", 1)
        narrowed = replace(filters, platforms=(platform,), channels=(channel,))
        rows_table(data.query(growth.activity_rows, found, narrowed), key="engagement_channel_rows",
                   file_name=f"contributions-{channel}.csv")

st.subheader("Top contributors")
with st.expander("Engagement score weights", expanded=False):
    defaults = engagement.EngagementWeights()
    columns = st.columns(5)
    weights = engagement.EngagementWeights(
        thread=columns[0].number_input("Thread start", 0.0, 100.0, defaults.thread, key="w_thread"),
        reply=columns[1].number_input("Reply or comment", 0.0, 100.0, defaults.reply, key="w_reply"),
        message=columns[2].number_input("Chat message", 0.0, 100.0, defaults.message, key="w_message"),
        reaction=columns[3].number_input("Reaction given", 0.0, 100.0, defaults.reaction, key="w_reaction"),
        event=columns[4].number_input("Event attended", 0.0, 100.0, defaults.event, key="w_event"),
    )
st.caption(f"{DEFINITIONS['engagement_score'].definition} Weights in use: thread start {weights.thread:g}, "
           f"reply {weights.reply:g}, chat message {weights.message:g}, reaction {weights.reaction:g}, "
           f"event {weights.event:g}. {DEFINITIONS['engagement_level'].definition}")
rows_table(data.query(engagement.engagement_scores, found, filters, weights, 100), key="engagement_top",
           file_name="top-contributors.csv", empty="Nobody was active in the 90 days up to this period's end.")

st.subheader("Social posts")
social = data.query(engagement.social_metrics, found, filters)
if social.is_empty():
    st.info("No social posts in this period. Load X (or other social) exports to see them here.")
else:
    for row in social.iter_rows(named=True):
        st.markdown(f"**{row['platform']}** · {row['posts']} posts · {row['impressions'] or 0:,} impressions")
        metric_row({"engagement_rate": row["engagement_rate"], "interactions_per_post": row["interactions_per_post"]})
    posts = data.query(engagement.social_posts, found, filters)
    best_tab, worst_tab = st.tabs(["Best posts", "Worst posts"])
    with best_tab:
        rows_table(posts.head(10), key="engagement_best_posts", file_name="best-posts.csv")
    with worst_tab:
        worst = posts.drop_nulls("engagement_rate").sort("engagement_rate", "impressions").head(10)
        rows_table(worst, key="engagement_worst_posts", file_name="worst-posts.csv")
    st.caption("Posts are the community's own account's, so the bots-and-staff toggle does not apply to them.")
