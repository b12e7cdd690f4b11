"""AppTest of every page: the empty state, the demo built with one click, the Overview."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP, app_on, scalar



def test_empty_warehouse_offers_the_demo(db_path, monkeypatch):
    app = app_on(db_path, monkeypatch)
    assert app.title[0].value == "Welcome to Community Pulse"
    assert app.button(key="load_demo").label == "Load the demo data"
    assert any("python -m pipelines ingest" in block.value for block in app.code)


def test_overview_on_fixture_warehouse_with_custom_range(fixture_db, monkeypatch):
    app = app_on(fixture_db, monkeypatch)
    assert app.title[0].value == "Overview"
    # The fixture's newest data is May 2026, long before today: presets end on the newest data day.
    assert any("Your newest data is from 01 May 2026" in caption.value for caption in app.sidebar.caption)
    app.sidebar.selectbox(key="date_preset").set_value("Custom").run()
    app.sidebar.date_input(key="custom_range").set_value((dt.date(2026, 4, 1), dt.date(2026, 4, 30))).run()
    assert not app.exception
    shown = {metric.label: metric.value for metric in app.metric}
    # Golden values of tests/test_overview_metrics.py, as the page shows them.
    assert shown == {"New members": "4", "Active members": "6", "Contributions": "3", "Mean sentiment": "-0.07"}
    deltas = {metric.label: metric.delta for metric in app.metric}
    assert deltas["New members"] == "+1"
    assert all(metric.help for metric in app.metric)
    assert "Human members only" in app.caption[0].value


def test_toggle_and_platform_filter(fixture_db, monkeypatch):
    app = app_on(fixture_db, monkeypatch)
    app.sidebar.selectbox(key="date_preset").set_value("Custom").run()
    app.sidebar.date_input(key="custom_range").set_value((dt.date(2026, 4, 1), dt.date(2026, 4, 30))).run()
    app.sidebar.toggle(key="include_non_humans").set_value(True).run()
    assert {m.label: m.value for m in app.metric}["Contributions"] == "7"
    assert "Including bots and staff" in app.caption[0].value
    app.sidebar.multiselect(key="platforms").set_value(["luma"]).run()
    assert {m.label: m.value for m in app.metric}["Active members"] == "2"


def test_empty_period_says_what_to_do(fixture_db, monkeypatch):
    app = app_on(fixture_db, monkeypatch)
    app.sidebar.selectbox(key="date_preset").set_value("Custom").run()
    app.sidebar.date_input(key="custom_range").set_value((dt.date(2020, 1, 1), dt.date(2020, 1, 31))).run()
    assert not app.exception
    assert any("No activity between" in info.value for info in app.info)


@pytest.mark.parametrize("preset", ["Last 7 days", "Last 90 days", "Month to date", "Last month", "Year to date"])
def test_every_preset_renders(fixture_db, monkeypatch, preset):
    app = app_on(fixture_db, monkeypatch)
    app.sidebar.selectbox(key="date_preset").set_value(preset).run()
    assert not app.exception
    assert len(app.metric) == 4


def test_one_click_demo_then_overview(tmp_path, monkeypatch):
    db = tmp_path / "demo.duckdb"
    monkeypatch.setenv("COMMUNITY_PULSE_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=600)
    app.run()
    app.button(key="load_demo").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Overview"
    shown = {metric.label: metric.value for metric in app.metric}
    assert int(shown["Active members"].replace(",", "")) > 100
    assert int(shown["Contributions"].replace(",", "")) > 1000
    assert scalar(db, "SELECT count(*) FROM members") >= 2000
    for grain in ("day", "week", "month"):
        app.segmented_control(key="overview_grain").set_value(grain).run()
        assert not app.exception
    for page in ("growth", "engagement", "events", "members"):
        app.switch_page(f"pages/views/{page}.py").run()
        assert not app.exception, (page, [e.message for e in app.exception])
