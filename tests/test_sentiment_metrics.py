"""Sentiment page metrics against the hand-computed community of tests/sentiment_community.py."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines import sentiment as sentiment_scorers
from pipelines.serve import sentiment
from pipelines.serve.connection import current_snapshot
from pipelines.serve.filters import Filters
from tests import sentiment_community

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
EVERYONE = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30), include_non_humans=True)


@pytest.fixture
def community(db_path, monkeypatch):
    monkeypatch.setitem(sentiment_scorers.SCORERS, sentiment_community.HAND_SCORER, sentiment_community.hand_scorer())
    return current_snapshot(sentiment_community.build(db_path))


def test_label_shares_humans_only(community):
    shares = sentiment.label_shares(community, APRIL)
    assert (shares["texts"], shares["positive"], shares["neutral"], shares["negative"]) == (8, 2, 2, 4)
    assert (shares["positive_share"], shares["neutral_share"], shares["negative_share"]) == (0.25, 0.25, 0.5)


def test_label_shares_with_bots_and_staff(community):
    shares = sentiment.label_shares(community, EVERYONE)
    assert (shares["texts"], shares["positive"], shares["neutral"], shares["negative"]) == (12, 2, 4, 6)


def test_mean_and_net_with_their_change(community):
    rows = {row["metric"]: row for row in sentiment.headline_metrics(community, APRIL).iter_rows(named=True)}
    assert rows["mean_sentiment"]["value"] == pytest.approx(-0.375 / 8)
    assert rows["net_sentiment"]["value"] == pytest.approx(-25.0)
    # March (2–31): -0.5, -0.125, 0.5: mean -0.125 / 3; net (1 - 2) / 3 = -33.3 pts.
    assert rows["mean_sentiment"]["previous"] == pytest.approx(-0.125 / 3)
    assert rows["net_sentiment"]["change"] == pytest.approx(-25.0 + 100 / 3)
    everyone = {row["metric"]: row["value"] for row in sentiment.headline_metrics(community, EVERYONE).iter_rows(named=True)}
    assert everyone["mean_sentiment"] == pytest.approx(-1.875 / 12)
    assert everyone["net_sentiment"] == pytest.approx(-100 / 3)


def test_most_negative_and_most_positive_texts(community):
    negative = sentiment.most_negative(community, APRIL, 4)
    assert negative.select("author", "polarity", "text").rows() == [
        ("Ana", -0.75, "The login page is broken again"), ("Ben", -0.5, "Login page broken for me too"),
        ("Ana", -0.375, "Office hours are too short"), ("Cleo", -0.25, "Same, the login page is slow")]
    assert negative.row(0, named=True)["url"] == "https://discord.com/channels/1/2/t1"
    assert negative.row(0, named=True)["channel"] == "help"
    positive = sentiment.most_positive(community, APRIL, 2)
    assert positive["text"].to_list() == ["Thanks for the great release", "Love the new dashboard"]


def test_needs_a_reply(community):
    waiting = sentiment.needs_reply(community, APRIL)
    # Not ana's T1 (sam replied after it); ana's reply in sam's own thread still waits.
    assert waiting.select("author", "polarity", "text").rows() == [
        ("Ben", -0.5, "Login page broken for me too"), ("Ana", -0.375, "Office hours are too short"),
        ("Cleo", -0.25, "Same, the login page is slow")]
    # The toggle does not bring staff's or bots' own negative texts in.
    assert sentiment.needs_reply(community, EVERYONE)["text"].to_list() == waiting["text"].to_list()
    assert sentiment.needs_reply(community, Filters(APRIL.first_day, APRIL.last_day, channels=("general",))
                                 )["author"].to_list() == ["Ana"]


def test_words_and_phrases_behind_negative_sentiment(community):
    drivers = sentiment.negative_drivers(community, APRIL)
    # April's negative texts: T1 -0.75, T2 -0.5, T2 reply -0.25 (login, page, "login page" in all
    # three: weight 1.5; broken in T1 and T2: 1.25), T4 reply -0.375 (in one text only: left out).
    # March: "The login page is broken" -0.5 and "Broken link in the docs" -0.125.
    assert drivers.rows() == [
        ("login", 3, 1.5, 1, 0.5, 1.0), ("login page", 3, 1.5, 1, 0.5, 1.0), ("page", 3, 1.5, 1, 0.5, 1.0),
        ("broken", 2, 1.25, 2, 0.625, 0.625)]


def test_trend_by_week_and_breakdowns(community):
    trend = sentiment.sentiment_trend(community, APRIL, "week")
    # Weeks (Monday first, clipped to April): 1–5 Apr: T1 -0.75, T2 -0.5, T2r -0.25, T3 0.875;
    # 6–12: T4r -0.375, T5 0.05, T6 -0.05; 20–26: T9 0.625.
    assert trend.select("bucket", "texts", "positive", "neutral", "negative").rows() == [
        (dt.date(2026, 3, 30), 4, 1, 0, 3), (dt.date(2026, 4, 6), 3, 0, 2, 1), (dt.date(2026, 4, 20), 1, 1, 0, 0)]
    assert trend["mean_sentiment"].to_list() == pytest.approx([-0.625 / 4, -0.375 / 3, 0.625])
    assert trend["net_sentiment"].to_list() == pytest.approx([-50.0, -100 / 3, 100.0])
    channels = sentiment.by_channel(community, APRIL)
    assert channels.select("channel", "texts", "negative_share").rows() == [
        ("general", 4, 0.25), ("help", 4, 0.75)]
    spread = sentiment.distribution(community, APRIL)
    assert spread.height == 20 and spread["texts"].sum() == 8
    # -0.75 falls in [-0.8, -0.7), 0.875 in [0.8, 0.9); -0.05 in [-0.1, 0.0), 0.05 in [0.0, 0.1)
    counts = dict(zip(spread["bin_from"].to_list(), spread["texts"].to_list(), strict=True))
    assert (counts[-0.8], counts[0.8], counts[-0.1], counts[0.0]) == (1, 1, 1, 1)


def test_scorer_in_use_is_the_warehouse_setting(community):
    assert sentiment.scorer_in_use(community).name == sentiment_community.HAND_SCORER
