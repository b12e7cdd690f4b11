"""Engagement metrics against hand-computed values on tests/golden_community.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pipelines.serve.engagement import (
    EngagementWeights,
    contributions_by_channel,
    engagement_scores,
    response_metrics,
    social_metrics,
    social_posts,
    threads_started,
    unanswered_threads,
)
from pipelines.serve.filters import Filters

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
EVERYONE = replace(APRIL, include_non_humans=True)


def test_response_metrics_humans_only(golden):
    got = response_metrics(golden, APRIL)
    # Threads started in April by humans: T1, T2, T3, T5, T7 (T4 is staff's; T6 started in March).
    assert got["threads_started"] == 5
    # Answered: T1 (sam at +2 h; ana's own reply does not count), T2 (cleo at +24 h; the bot does
    # not count), T5 (ben at +27 h, in May). T3 and T7 got none.
    assert got["threads_answered"] == 3
    assert got["response_rate"] == pytest.approx(0.6)
    assert got["median_hours_to_first_response"] == pytest.approx(24.0)
    assert got["p90_hours_to_first_response"] == pytest.approx(24 + 0.8 * (27 - 24))  # 26.4
    # T3 and T7: no response and older than 24 h at the newest data point (05-01 01:00).
    assert got["unanswered_threads"] == 2
    # First responses in April: T1 (sam, staff), T2 (cleo), T6 (cleo, thread from March).
    assert got["threads_first_answered"] == 3
    assert got["community_answer_share"] == pytest.approx(2 / 3)


def test_response_metrics_including_staff_threads(golden):
    got = response_metrics(golden, EVERYONE)
    # + T4 (sam's thread, ana answers after 1 h).
    assert (got["threads_started"], got["threads_answered"]) == (6, 4)
    assert got["median_hours_to_first_response"] == pytest.approx((2 + 24) / 2)  # of 1, 2, 24, 27
    assert got["p90_hours_to_first_response"] == pytest.approx(24 + 0.7 * 3)  # 26.1
    assert got["community_answer_share"] == pytest.approx(3 / 4)


def test_unanswered_queue_is_oldest_first_with_links(golden):
    queue = unanswered_threads(golden, APRIL)
    assert queue["thread_id"].to_list() == ["discord:t3", "discord:t7"]
    assert queue["author"].to_list() == ["Cleo", "Ana"]
    assert queue["url"][0] == "https://discord.com/channels/1/2/t3"
    assert queue["hours_waiting"].to_list() == [24 * 20 + 13, 24 * 10 + 15]  # to 05-01 01:00


def test_threads_behind_the_response_rate(golden):
    threads = threads_started(golden, APRIL)
    by_id = {row["thread_id"]: row for row in threads.iter_rows(named=True)}
    assert set(by_id) == {"discord:t1", "discord:t2", "discord:t3", "discord:t5", "discord:t7"}
    assert by_id["discord:t1"]["first_responder"] == "Sam" and by_id["discord:t1"]["first_responder_is_staff"]
    assert by_id["discord:t2"]["hours_to_first_response"] == 24.0


def test_engagement_scores_and_levels(golden):
    scores = {row["display_name"]: row for row in engagement_scores(golden, APRIL).iter_rows(named=True)}
    # April, weights 5/3/2/1/4: ana 2+3+3+2+4, cleo 3+1+3+2, dan 1+4+2, ben 3+2+1, eve 4, hal 1.
    assert {name: row["period_score"] for name, row in scores.items() if row["period_score"]} == {
        "Ana": 14, "Cleo": 9, "Dan": 7, "Ben": 6, "Eve": 4, "Hal": 1}
    # Trailing 90 days (01-31..04-30) adds the March event for ana, T6 for ben, 3 messages for fay,
    # 2 for gus: 18, 9, 8, 7, 6, 4, 4, 1 (total 57). Core reaches 80% (45.6) with fay (cumulative
    # 48), regular the next 15% (to 54.15: eve, gus), casual the rest (hal).
    assert {name: row["trailing_score"] for name, row in scores.items()} == {
        "Ana": 18, "Cleo": 9, "Ben": 8, "Dan": 7, "Fay": 6, "Eve": 4, "Gus": 4, "Hal": 1}
    levels = {name: row["engagement_level"] for name, row in scores.items()}
    assert [n for n, level in levels.items() if level == "core"] == ["Ana", "Cleo", "Dan", "Ben", "Fay"]
    assert sorted(n for n, level in levels.items() if level == "regular") == ["Eve", "Gus"]
    assert [n for n, level in levels.items() if level == "casual"] == ["Hal"]


def test_weights_are_editable(golden):
    only_events = EngagementWeights(thread=0, reply=0, message=0, reaction=0, event=1)
    scores = engagement_scores(golden, APRIL, only_events)
    scored = {name: score for name, score in zip(scores["display_name"], scores["period_score"], strict=True)
              if score}
    assert scored == {"Ana": 1, "Dan": 1, "Eve": 1}


def test_contributions_by_channel(golden):
    table = contributions_by_channel(golden, APRIL)
    assert table.rows() == [("discord", "help", 10, 4)]


def test_social_engagement(golden):
    row = social_metrics(golden, APRIL).row(0, named=True)
    assert (row["platform"], row["posts"], row["impressions"], row["engagements"]) == ("x", 2, 1500, 35)
    assert row["engagement_rate"] == pytest.approx(35 / 1500)  # a ratio of sums, not a mean of ratios
    assert row["interactions_per_post"] == pytest.approx((20 + 2 + 5 + 3 + 1 + 0) / 2)
    posts = social_posts(golden, APRIL)
    assert posts["activity_id"].to_list() == ["x:1", "x:2"]  # best (3%) then worst (1%)
    assert posts["engagement_rate"].to_list() == pytest.approx([0.03, 0.01])
