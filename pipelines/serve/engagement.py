"""Engagement: responses to threads, contributions by channel, engagement scores and levels,
social posts. Definitions live in the SQL of queries/ (METRICS.md Engagement)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from pipelines.serve.buckets import Grain, bucketed_params
from pipelines.serve.connection import Snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import run_query

ROW_LIMIT = 5_000


@dataclass(frozen=True)
class EngagementWeights:
    """METRICS.md default weights; editable on the Engagement page."""

    thread: float = 5.0     # a thread start: forum topic or social post
    reply: float = 3.0      # a reply or comment
    message: float = 2.0    # a chat message
    reaction: float = 1.0   # a reaction given
    event: float = 4.0      # an event attended

    def params(self) -> dict:
        return {f"w_{name}": value for name, value in asdict(self).items()}


def response_metrics(snapshot: Snapshot, filters: Filters) -> dict:
    """threads_started, threads_answered, response_rate, median/p90_hours_to_first_response,
    unanswered_threads, threads_first_answered, community_answer_share."""
    return response_metrics_by(snapshot, filters).drop("bucket").row(0, named=True)


def response_metrics_by(snapshot: Snapshot, filters: Filters, grain: Grain | None = None) -> pl.DataFrame:
    """response_metrics per day/week/month bucket (one row, the whole period, when grain is None)."""
    return run_query(snapshot, "response_metrics", bucketed_params(filters, grain))


def threads_started(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """The threads behind the response metrics, with their first response."""
    return run_query(snapshot, "threads_in_period", {**filters.params(), "row_limit": ROW_LIMIT})


def unanswered_threads(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """The unanswered queue, oldest first."""
    return run_query(snapshot, "unanswered_threads", {**filters.params(), "row_limit": ROW_LIMIT})


def contributions_by_channel(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    return run_query(snapshot, "contributions_by_channel", filters.params())


def engagement_scores(snapshot: Snapshot, filters: Filters, weights: EngagementWeights = EngagementWeights(),
                      limit: int = ROW_LIMIT) -> pl.DataFrame:
    """member_id, display_name, period_score, contributions, trailing_score, engagement_level."""
    return run_query(snapshot, "engagement_scores", {**filters.params(), **weights.params(), "row_limit": limit})


def social_metrics(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """Per platform: posts, impressions, engagements, engagement_rate, interactions_per_post."""
    return run_query(snapshot, "social_metrics", filters.params())


def social_posts(snapshot: Snapshot, filters: Filters) -> pl.DataFrame:
    """Each post of the period, best engagement rate first."""
    return run_query(snapshot, "social_posts", filters.params())
