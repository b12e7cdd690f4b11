"""Sentiment: how the community feels over time and where, the texts behind the numbers, what
drives negative sentiment, who is waiting for staff, and how the scores are made."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from pages.ui import charts, data, formatting
from pages.ui.context import page_context
from pages.ui.metrics import metric_row, mode_caption
from pages.ui.roles import NotAllowed, is_analyst, require_analyst
from pages.ui.tables import rows_table
from pipelines.config import warehouse_path
from pipelines.errors import WarehouseBusyError
from pipelines.load.rescore import rescore
from pipelines.sentiment import SCORER, SCORERS
from pipelines.sentiment.quality import EVAL_SETS, EVAL_SOURCE, MEASURED
from pipelines.serve import sentiment
from pipelines.serve.buckets import GRAINS, bucket_period, default_grain
from pipelines.serve.definitions import DEFINITIONS, PERIOD_NOTE

LABEL_COLOURS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828"}
SHARE_KEYS = ("positive_share", "neutral_share", "negative_share")
PERCENT = st.column_config.NumberColumn(format="percent")
POLARITY = st.column_config.NumberColumn("Polarity", format="%+.2f")


def latest_pick(picks: dict[str, list]):
    """The bucket of the chart clicked last (both charts keep their selection across reruns)."""
    remembered = st.session_state.setdefault("_sentiment_picks", {})
    fresh = [values[0] for name, values in picks.items() if values and values != remembered.get(name)]
    remembered.update(picks)
    if fresh:
        st.session_state["_sentiment_bucket"] = fresh[0]
    elif not any(picks.values()):
        st.session_state["_sentiment_bucket"] = None
    return st.session_state.get("_sentiment_bucket")


found, filters = page_context()
previous = filters.previous()
in_use = data.query(sentiment.scorer_in_use, found)

st.title("Sentiment")
mode_caption(filters, f"Changes compare with {formatting.period(previous.first_day, previous.last_day)}. "
                      f"Scored by {in_use.label}.")

headlines = data.query(sentiment.headline_metrics, found, filters)
shares = data.query(sentiment.label_shares, found, filters)
metric_row({"sentiment_texts": shares["texts"],
            **{row["metric"]: row["value"] for row in headlines.iter_rows(named=True)}},
           {row["metric"]: row["change"] for row in headlines.iter_rows(named=True)})
for column, key in zip(st.columns(len(SHARE_KEYS)), SHARE_KEYS, strict=True):
    value = shares[key]
    column.metric(DEFINITIONS[key].label, "–" if value is None else f"{value:.1%}", help=DEFINITIONS[key].definition,
                  border=True)

st.subheader("Over time")
grain = st.segmented_control("Grain", GRAINS, default=default_grain(filters), key="sentiment_grain") \
    or default_grain(filters)
trend = data.query(sentiment.sentiment_trend, found, filters, grain)
bucket = None
if trend.is_empty():
    st.info(f"No texts between {formatting.period(filters.first_day, filters.last_day)}. Pick a wider date range "
            "or other platforms and channels in the sidebar, or load newer exports.")
else:
    means = charts.lines(trend, "bucket", {"mean_sentiment": "Mean sentiment"},
                         f"Mean and net sentiment per {grain} — click a point for its texts")
    means.add_scatter(x=trend["bucket"].to_list(), y=trend["net_sentiment"].to_list(), name="Net sentiment (pts)",
                      mode="lines+markers", yaxis="y2", customdata=[str(b) for b in trend["bucket"].to_list()])
    # Both axes symmetric around zero (so their zero lines meet), never flatter than ±0.25 / ±25 pts.
    mean_reach = max([0.25, *(abs(v) * 1.2 for v in trend["mean_sentiment"].drop_nulls().to_list())])
    net_reach = max([25.0, *(abs(v) * 1.2 for v in trend["net_sentiment"].drop_nulls().to_list())])
    means.update_layout(yaxis={"range": [-mean_reach, mean_reach], "title": "mean (scale −1 to 1)"},
                        yaxis2={"range": [-net_reach, net_reach], "overlaying": "y", "side": "right",
                                "title": "net (points)"})
    picked_mean = st.plotly_chart(means, key="sentiment_trend", on_select="rerun", selection_mode="points")
    split = charts.lines(trend, "bucket", {"positive_share": "Positive", "neutral_share": "Neutral",
                                           "negative_share": "Negative"},
                         f"Share of positive, neutral and negative texts per {grain} — click a bar for its texts",
                         bars=True)
    for trace, colour in zip(split.data, LABEL_COLOURS.values(), strict=True):
        trace.marker.color = colour
    split.update_layout(barmode="stack", yaxis_tickformat=".0%")
    picked_split = st.plotly_chart(split, key="sentiment_shares", on_select="rerun", selection_mode="points")
    bucket = latest_pick({"mean": charts.selected_values(picked_mean, as_date=True),
                          "split": charts.selected_values(picked_split, as_date=True)})

selection = bucket_period(filters, bucket, grain) if bucket else filters
if selection.first_day > selection.last_day:  # a point picked before the period changed
    bucket, selection = None, filters
st.subheader(f"Texts, {formatting.period(selection.first_day, selection.last_day)}")
if bucket is None:
    st.caption("The whole period; click a point or bar above to see one day, week or month.")
negative_tab, positive_tab = st.tabs(["Most negative", "Most positive"])
with negative_tab:
    rows_table(data.query(sentiment.most_negative, found, selection), key="sentiment_most_negative",
               file_name=f"most-negative-{selection.first_day}.csv", empty="No texts then.",
               column_config={"polarity": POLARITY})
with positive_tab:
    rows_table(data.query(sentiment.most_positive, found, selection), key="sentiment_most_positive",
               file_name=f"most-positive-{selection.first_day}.csv", empty="No texts then.",
               column_config={"polarity": POLARITY})

st.subheader("Needs a reply")
st.caption(DEFINITIONS["needs_reply"].definition + " The bots-and-staff toggle does not apply: staff and bots "
           "never wait for a staff reply.")
rows_table(data.query(sentiment.needs_reply, found, filters), key="sentiment_needs_reply",
           file_name="needs-a-reply.csv", empty="No negative text is waiting for a staff reply.",
           column_config={"polarity": POLARITY})

st.subheader("What drives negative sentiment")
st.caption(DEFINITIONS["negative_drivers"].definition + " Compared with "
           f"{formatting.period(previous.first_day, previous.last_day)}.")
rows_table(data.query(sentiment.negative_drivers, found, filters), key="sentiment_drivers",
           file_name="negative-drivers.csv",
           empty="No word or phrase appears in two or more negative texts of this period.",
           column_config={"weight": st.column_config.NumberColumn(format="%.2f"),
                          "previous_weight": st.column_config.NumberColumn(format="%.2f"),
                          "change": st.column_config.NumberColumn(format="%+.2f")})

st.subheader("By platform and channel")
channels = data.query(sentiment.by_channel, found, filters)
if channels.is_empty():
    st.info("No texts in this period under these filters.")
else:
    labelled = channels.head(20).with_columns((pl.col("platform") + " · " + pl.col("channel")).alias("where"))
    bars = charts.lines(labelled, "where", {"net_sentiment": "Net sentiment (pts)"},
                        "Net sentiment per channel (the 20 with most texts)", bars=True)
    bars.data[0].marker.color = [LABEL_COLOURS["positive"] if v >= 0 else LABEL_COLOURS["negative"]
                                 for v in labelled["net_sentiment"].to_list()]
    st.plotly_chart(bars, key="sentiment_channels_chart")
    rows_table(channels, key="sentiment_channels", file_name="sentiment-by-channel.csv",
               column_config={**{key: PERCENT for key in SHARE_KEYS},
                              "mean_sentiment": st.column_config.NumberColumn(format="%+.2f"),
                              "net_sentiment": st.column_config.NumberColumn(format="%+.0f")})

st.subheader("Distribution")
spread = data.query(sentiment.distribution, found, filters)
if spread["texts"].sum() == 0:
    st.info("No texts in this period under these filters.")
else:
    histogram = go.Figure(go.Bar(
        x=[f"{low:+.1f} to {high:+.1f}" for low, high in zip(spread["bin_from"], spread["bin_to"], strict=True)],
        y=spread["texts"].to_list(), marker_color=[LABEL_COLOURS[label] for label in spread["label"]]))
    histogram.update_layout(title="Texts per polarity band (red negative, grey neutral, green positive)",
                            margin={"t": 50, "b": 10}, bargap=0.05)
    st.plotly_chart(histogram, key="sentiment_distribution")

with st.expander("How is sentiment scored?"):
    st.markdown(f"**In use: {in_use.label}** (`{in_use.name}`). {in_use.method}")
    st.markdown("Before scoring, texts are cleaned: code blocks and inline code, HTML, URLs, e-mail addresses, "
                "Slack and Discord mentions and @handles, and quoted lines are removed. Each distinct text is "
                "scored once, when it is loaded.")
    st.markdown(f"**Measured quality** on the {EVAL_SOURCE}: Pearson r between polarity and the mean human "
                "rating, and 3-class agreement (the share of texts whose positive/neutral/negative label matches "
                "the label of the rating scaled to −1…1). Details: `docs/sentiment.md`.")
    quality = pl.DataFrame([
        {"scorer": SCORERS[name].label, "texts": EVAL_SETS[set_name], "pearson_r": r, "agreement": agreement}
        for name, per_set in MEASURED.items() for set_name, (r, agreement) in per_set.items()])
    st.dataframe(quality, hide_index=True, key="sentiment_quality",
                 column_config={"pearson_r": st.column_config.NumberColumn("Pearson r", format="%.3f"),
                                "agreement": st.column_config.NumberColumn("3-class agreement", format="percent")})
    for key in ("mean_sentiment", "net_sentiment"):
        st.markdown(f"**{DEFINITIONS[key].label}**: {DEFINITIONS[key].definition}")
    st.markdown(PERIOD_NOTE.format(tz=filters.time_zone))

st.subheader("Sentiment scorer")
if "sentiment_rescored" in st.session_state:
    st.success(st.session_state.pop("sentiment_rescored"))
if in_use.name != SCORER:
    st.info(f"This warehouse is scored by {in_use.label}; the recommended scorer is {SCORERS[SCORER].label} "
            f"(Pearson r {MEASURED[SCORER]['all sets'][0]:.2f} against human ratings, vs "
            f"{MEASURED.get(in_use.name, {}).get('all sets', (float('nan'),))[0]:.2f}).")
names = list(SCORERS)
choice = st.selectbox("Scorer", names, index=names.index(in_use.name), format_func=lambda name: SCORERS[name].label,
                      key="sentiment_scorer_choice",
                      help="Changing the scorer re-scores every text of the warehouse (once per distinct text and "
                           "scorer: switching back later is quick).")
st.caption(SCORERS[choice].method)
if not is_analyst():
    st.caption("Changing the scorer needs the analyst role (this dashboard runs with the viewer role).")
elif st.button("Re-score every text with this scorer", key="sentiment_rescore",
               type="primary" if choice != in_use.name else "secondary"):
    with st.status(f"Re-scoring with {SCORERS[choice].label}…", expanded=True) as status:
        bar = st.progress(0.0)

        def report(stage: str, done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"{stage}: {done:,} of {total:,} distinct texts")

        try:
            require_analyst()  # checked on the server too, not only by hiding the button
            result = rescore(warehouse_path(), choice, progress=report)
        except (WarehouseBusyError, NotAllowed) as err:
            status.update(label=f"Nothing changed: {err}", state="error")
        else:
            st.session_state["sentiment_rescored"] = (
                f"Re-scored with {SCORERS[choice].label}: {result.texts_scored:,} distinct texts scored, "
                f"{result.activities_updated:,} activities updated.")
            st.rerun()
