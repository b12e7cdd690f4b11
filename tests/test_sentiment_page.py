"""AppTest of the Sentiment page on the hand-scored community (tests/sentiment_community.py): the
numbers shown, the texts behind a clicked point, the lists, and a change of scorer."""

from __future__ import annotations

import pytest

from pipelines import sentiment as sentiment_scorers
from tests import sentiment_community
from tests.conftest import app_on, scalar

PAGE = "pages/views/sentiment.py"
APRIL = {"range": "Custom", "from": "2026-04-01", "to": "2026-04-30"}


@pytest.fixture
def community_db(db_path, monkeypatch):
    monkeypatch.setitem(sentiment_scorers.SCORERS, sentiment_community.HAND_SCORER, sentiment_community.hand_scorer())
    return sentiment_community.build(db_path)


def shown(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def table(app, key: str):
    return next(frame.value for frame in app.dataframe if frame.proto.id.endswith(key) or key in frame.proto.id)


def click(app, chart_key: str, value: str):
    app.session_state[chart_key] = {"selection": {"points": [{"x": value, "customdata": value, "curve_number": 0,
                                                              "point_index": 0}],
                                                  "point_indices": [0], "box": [], "lasso": []}}
    app.run()
    assert not app.exception, [e.message for e in app.exception]


def test_headline_numbers_and_lists(community_db, monkeypatch):
    app = app_on(community_db, monkeypatch, PAGE, **APRIL)
    assert app.title[0].value == "Sentiment"
    values = shown(app)
    assert (values["Texts scored"], values["Mean sentiment"], values["Net sentiment"]) == ("8", "-0.05", "-25 pts")
    assert (values["Positive"], values["Neutral"], values["Negative"]) == ("25.0%", "25.0%", "50.0%")
    assert all(metric.help for metric in app.metric)
    frames = [frame.value for frame in app.dataframe]
    most_negative, waiting, drivers = frames[0], frames[2], frames[3]
    assert most_negative["author"].to_list()[:2] == ["Ana", "Ben"]
    assert waiting["author"].to_list() == ["Ben", "Ana", "Cleo"]
    assert drivers["term"].to_list() == ["login", "login page", "page", "broken"]
    assert "Scored by Polarities stated by hand (tests)" in app.caption[0].value


def test_a_point_of_the_trend_drills_down_to_its_texts(community_db, monkeypatch):
    app = app_on(community_db, monkeypatch, PAGE, **APRIL)
    click(app, "sentiment_trend", "2026-04-03")
    assert any(sub.value == "Texts, 03 Apr 2026 – 03 Apr 2026" for sub in app.subheader)
    # 3 April: ben's T2 (-0.5) and cleo's reply (-0.25)
    assert app.dataframe[0].value["text"].to_list() == ["Login page broken for me too", "Same, the login page is slow"]
    assert app.dataframe[1].value["text"].to_list() == ["Same, the login page is slow", "Login page broken for me too"]
    click(app, "sentiment_shares", "2026-04-20")
    assert app.dataframe[0].value["author"].to_list() == ["Cleo"]


def test_a_row_links_to_the_author_profile(community_db, monkeypatch):
    app = app_on(community_db, monkeypatch, PAGE, **APRIL)
    app.session_state["sentiment_needs_reply"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    links = app.get("page_link")
    assert links and "Ben" in links[0].proto.label


def test_changing_the_scorer_rescores_the_warehouse(community_db, monkeypatch):
    app = app_on(community_db, monkeypatch, PAGE, **APRIL)
    assert app.selectbox(key="sentiment_scorer_choice").value == sentiment_community.HAND_SCORER
    app.selectbox(key="sentiment_scorer_choice").set_value("textblob-pattern").run()
    app.button(key="sentiment_rescore").click().run()
    assert not app.exception, [e.message for e in app.exception]
    assert scalar(community_db, "SELECT value FROM warehouse_info WHERE key = 'sentiment_scorer'") == "textblob-pattern"
    # TextBlob: "Love the new dashboard" 0.3364 (love 0.5, new 0.136…): no longer the stated 0.625
    assert scalar(community_db, "SELECT sentiment FROM activities WHERE activity_id = 'discord:t9'") != 0.625
    assert app.selectbox(key="sentiment_scorer_choice").value == "textblob-pattern"
    assert any("TextBlob" in caption.value for caption in app.caption)


def test_empty_period_reads_well(community_db, monkeypatch):
    app = app_on(community_db, monkeypatch, PAGE, range="Custom", **{"from": "2020-01-01", "to": "2020-01-31"})
    assert shown(app)["Texts scored"] == "0"
    assert any("No texts between" in info.value for info in app.info)


def test_a_viewer_cannot_rescore(community_db, monkeypatch):
    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "viewer")
    app = app_on(community_db, monkeypatch, PAGE, **APRIL)
    assert not [button for button in app.button if button.key == "sentiment_rescore"]
    assert any("analyst role" in caption.value for caption in app.caption)
