"""Sentiment page data: labels over time, by channel, the distribution, the texts behind the
numbers, the words behind negative sentiment, and the negative texts waiting for staff.
Per-bucket figures (texts per label, mean and net sentiment) come from sentiment_metrics.sql
(bucket_metrics.py), like everywhere else."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import polars as pl

from pipelines.sentiment import SCORER, SCORERS, Scorer
from pipelines.sentiment.clean import clean_all
from pipelines.serve.bucket_metrics import compare_with_previous, sentiment_by_bucket
from pipelines.serve.buckets import Grain, bucket_params, periods_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query

ROW_LIMIT = 5_000
HEADLINE_KEYS = ("mean_sentiment", "net_sentiment")
MOST_NEGATIVE, MOST_POSITIVE = 1, -1
DRIVERS_MIN_TEXTS = 2  # a word in one negative text is an anecdote, not a driver
DRIVERS_LIMIT = 25

# Words that say nothing on their own. Negations ("not", "no", "never", "can't") are kept: "not
# working" is a phrase worth seeing.
STOPWORDS = frozenset("""
a about above after again all also am an and any are as at be because been before being below between both
by could did do does doing down during each few for from further had has have having he her here hers herself
him himself his how i i'm i've i'd i'll if in into is it it's its itself just let's me more most my myself of off
on once only or other our ours ourselves out over own same she should so some such than that that's the their
theirs them themselves then there there's these they they're this those through to too under until up us very
was we we're were what what's when where which while who whom why will with would you you're your yours
yourself yourselves get got getting one two can also still yet now even really much many like just would've
""".split())
TERM_CHUNK_TEXTS = 25_000
# Chunks counted at once: no more than the cores, and a few at most, so that a many-core machine
# does not hold all of a month's words at once (what the chunks are for).
TERM_CHUNK_WORKERS = min(pl.thread_pool_size(), 4)
_WORD = r"[a-z][a-z0-9']*[a-z0-9]"  # two characters or more


def headline_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """metric, label, value, previous, change for mean and net sentiment."""
    return compare_with_previous(snapshot, filters, HEADLINE_KEYS)


def label_shares(snapshot: Snapshot, filters: Filters) -> dict:
    """texts, positive, neutral, negative and their *_share over the whole period."""
    return sentiment_by_bucket(snapshot, filters, periods_params(filters)).row(0, named=True)


def sentiment_trend(snapshot: Snapshot, filters: Filters, grain: Grain = "day") -> pl.DataFrame:
    """Per bucket with texts: bucket, texts, mean_sentiment, net_sentiment, positive, neutral,
    negative and their shares."""
    return sentiment_by_bucket(snapshot, filters, bucket_params(filters, grain)).filter(pl.col("texts") > 0)


def by_channel(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """platform, channel, texts, mean_sentiment, net_sentiment and label shares, busiest first."""
    return run_query(snapshot, "sentiment_by_channel", filters.params())


def distribution(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """bin, bin_from, bin_to, label, texts: 20 bins of width 0.1 over [-1, 1]."""
    return run_query(snapshot, "sentiment_distribution", filters.params())


def most_negative(snapshot: Snapshot, filters: Filters, limit: int = 20) -> pl.DataFrame:
    """The selection's most negative texts with author, platform, channel, date and link."""
    return run_query(snapshot, "sentiment_texts", {**filters.params(), "direction": MOST_NEGATIVE, "row_limit": limit})


def most_positive(snapshot: Snapshot, filters: Filters, limit: int = 20) -> pl.DataFrame:
    return run_query(snapshot, "sentiment_texts", {**filters.params(), "direction": MOST_POSITIVE, "row_limit": limit})


def needs_reply(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """Negative texts by members (not staff, not bots) with no staff contribution after them in
    their thread: most negative first."""
    return run_query(snapshot, "sentiment_needs_reply", {**filters.params(), "row_limit": ROW_LIMIT})


def negative_drivers(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """Words and two-word phrases of the period's negative texts against the previous period's.

    term, negative_texts (negative texts containing it), weight (their summed |polarity|: how
    much negativity it sits in), previous_texts, previous_weight, change (weight − previous
    weight). Terms in at least DRIVERS_MIN_TEXTS negative texts this period, biggest rise first.
    """
    now = _term_weights(run_query(snapshot, "sentiment_negative_texts", filters.params()))
    before = _term_weights(run_query(snapshot, "sentiment_negative_texts", filters.previous().params()))
    joined = now.join(before.rename({"negative_texts": "previous_texts", "weight": "previous_weight"}),
                      on="term", how="left")
    return (joined.with_columns(pl.col("previous_texts").fill_null(0), pl.col("previous_weight").fill_null(0.0))
            .with_columns(change=pl.col("weight") - pl.col("previous_weight"))
            .filter(pl.col("negative_texts") >= DRIVERS_MIN_TEXTS)
            .sort(["change", "negative_texts", "term"], descending=[True, True, False])
            .head(DRIVERS_LIMIT))


def _term_weights(texts: pl.DataFrame) -> pl.DataFrame:
    """term, negative_texts, weight over (activity_id, polarity, text) rows; TERM_CHUNK_TEXTS texts
    at a time (a text's words are many rows: a month of a large community's negative texts at once
    would take gigabytes), summed over the chunks. TERM_CHUNK_WORKERS chunks are counted side by
    side: polars' string functions run on one core per column, and a text is always whole in one chunk."""
    if texts.is_empty():
        return pl.DataFrame(schema={"term": pl.String, "negative_texts": pl.UInt32, "weight": pl.Float64})
    slices = [texts.slice(offset, TERM_CHUNK_TEXTS) for offset in range(0, texts.height, TERM_CHUNK_TEXTS)]
    with ThreadPoolExecutor(max_workers=TERM_CHUNK_WORKERS) as pool:
        chunks = list(pool.map(_chunk_term_weights, slices))
    return (pl.concat(chunks).group_by("term")
            .agg(pl.col("negative_texts").sum(), pl.col("weight").sum())
            .cast({"negative_texts": pl.UInt32}))


def _chunk_term_weights(texts: pl.DataFrame) -> pl.DataFrame:
    words = (texts.select("activity_id", "polarity", word=clean_all(texts["text"]).str.to_lowercase()
                          .str.replace_all("\u2019", "'").str.extract_all(_WORD))
             .explode("word").drop_nulls("word")
             .with_columns(kept=~pl.col("word").is_in(pl.Series(sorted(STOPWORDS)).implode())))
    # A text's words are consecutive rows: a word and the next row's form a phrase when both are
    # kept and the next row is of the same text (cheaper than a shift over each text).
    same_text = pl.col("activity_id") == pl.col("activity_id").shift(-1)
    phrases = words.with_columns(
        phrase=pl.when(pl.col("kept") & pl.col("kept").shift(-1).fill_null(False) & same_text)
        .then(pl.col("word") + " " + pl.col("word").shift(-1)))
    terms = pl.concat([
        words.filter("kept").select("activity_id", "polarity", term="word"),
        phrases.drop_nulls("phrase").select("activity_id", "polarity", term="phrase"),
    ]).unique(["activity_id", "term"])
    return (terms.group_by("term")
            .agg(negative_texts=pl.len(), weight=pl.col("polarity").abs().sum())
            .cast({"negative_texts": pl.UInt32}))


def scorer_in_use(snapshot: Snapshot) -> Scorer:
    """The scorer the warehouse's sentiment comes from (warehouse_info 'sentiment_scorer')."""
    from pipelines.load.rescore import active_scorer

    cursor = snapshot.cursor()
    try:
        return SCORERS[active_scorer(cursor)]
    finally:
        cursor.close()


def recommended_scorer() -> Scorer:
    return SCORERS[SCORER]
