"""AppTest of every dashboard page on the hand-computed community (tests/golden_community.py):
the numbers shown, the rows behind a clicked point or bar, and the URL that holds the view."""

from __future__ import annotations

import pytest

from tests.conftest import app_on
from tests.golden_community import build

APRIL = {"range": "Custom", "from": "2026-04-01", "to": "2026-04-30"}


@pytest.fixture
def golden_db(db_path):
    return build(db_path)


def shown(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def table(app, index: int = 0):
    return app.dataframe[index].value


def click(app, chart_key: str, *values: str):
    """What a click on chart points does: the chart's selection state, then a rerun."""
    points = [{"x": value, "customdata": value, "curve_number": 0, "point_index": i}
              for i, value in enumerate(values)]
    app.session_state[chart_key] = {"selection": {"points": points, "point_indices": list(range(len(values))),
                                                  "box": [], "lasso": []}}
    app.run()
    assert not app.exception, [e.message for e in app.exception]


def test_filters_come_from_and_go_to_the_url(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, **APRIL, everyone="1")
    assert app.sidebar.selectbox(key="date_preset").value == "Custom"
    assert app.sidebar.toggle(key="include_non_humans").value is True
    assert shown(app)["Contributions"] == "15"
    app.sidebar.toggle(key="include_non_humans").set_value(False).run()
    assert "everyone" not in app.query_params
    app.sidebar.multiselect(key="channels").set_value(["help"]).run()
    assert app.query_params["channels"] == "help"
    assert shown(app)["Contributions"] == "10"


def test_overview_drilldown_lists_the_days_contributions(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, **APRIL)
    click(app, "overview_trend", "2026-04-02")
    rows = table(app)
    # 2 April: ana's T1 and self-reply, sam's reply (staff: hidden), ben's reply.
    assert sorted(rows["member"]) == ["Ana", "Ana", "Ben"]
    assert app.get("download_button")


def test_growth_page(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, "pages/views/growth.py", **APRIL)
    assert {k: shown(app)[k] for k in ("New members", "Total members", "Active members", "Returning members",
                                       "Contributors")} == {
        "New members": "5", "Total members": "9", "Active members": "6", "Returning members": "2",
        "Contributors": "4"}
    app.segmented_control(key="growth_grain").set_value("month").run()
    click(app, "growth_series", "2026-04-01")
    new, active, contributors = (table(app, i) for i in range(3))
    assert sorted(new["display_name"]) == ["Cleo", "Dan", "Eve", "Hal", "Ivy"]
    assert sorted(active["display_name"]) == ["Ana", "Ben", "Cleo", "Dan", "Eve", "Hal"]
    assert sorted(contributors["display_name"]) == ["Ana", "Ben", "Cleo", "Dan"]
    slipping = table(app, 3)
    assert list(slipping["display_name"]) == ["Fay"]


def test_growth_slipping_row_links_to_the_profile(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, "pages/views/growth.py", **APRIL)
    app.session_state["growth_slipping"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    links = app.get("page_link")
    assert links and "Fay" in links[0].proto.label
    assert links[0].proto.query_string.startswith("member=m_")


def test_engagement_page(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, "pages/views/engagement.py", **APRIL)
    values = shown(app)
    assert values["Response rate"] == "60.0%"
    assert values["Median time to first response"] == "24.0 h"
    assert values["90th percentile time to first response"] == "26.4 h"
    assert values["Unanswered threads"] == "2"
    assert values["Community answer share"] == "66.7%"
    assert values["Social engagement rate"] == "2.3%"
    queue = table(app, 0)
    assert list(queue["author"]) == ["Cleo", "Ana"]
    click(app, "engagement_channels", "discord · help")
    channel_rows = [app.dataframe[i].value for i in range(len(app.dataframe))]
    assert any(len(rows) == 10 and set(rows["channel"]) == {"help"} for rows in channel_rows)


def test_events_page(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, "pages/views/events.py", **APRIL)
    values = shown(app)
    assert (values["Registrations"], values["Attendees"], values["Attendance rate"], values["No-show rate"]) == (
        "4", "3", "75.0%", "25.0%")
    assert (values["Minutes attended"], values["Repeat attendees"], values["Attendee activation"]) == (
        "180", "1", "66.7%")
    click(app, "events_chart", "luma:spring")
    people = table(app, 0)
    assert sorted(people["display_name"]) == ["Ana", "Dan", "Eve", "Ivy"]
    assert sum(people["attended"]) == 3


def test_members_page_search_and_profile(golden_db, monkeypatch):
    app = app_on(golden_db, monkeypatch, "pages/views/members.py", **APRIL)
    app.text_input(key="member_search").input("ana@").run()
    assert list(table(app)["display_name"]) == ["Ana"]
    app.session_state["member_results"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    link = app.get("page_link")[0]
    member_id = link.proto.query_string.split("member=")[1]
    profile = app_on(golden_db, monkeypatch, "pages/views/members.py", **APRIL, member=member_id)
    values = shown(profile)
    assert (values["Contributions"], values["Events attended"], values["Engagement level"]) == ("4", "2", "core")
    assert profile.header[0].value == "Ana"


@pytest.mark.parametrize("page", ["growth", "engagement", "events", "members"])
def test_pages_have_readable_empty_states(golden_db, monkeypatch, page):
    app = app_on(golden_db, monkeypatch, f"pages/views/{page}.py", range="Custom", **{"from": "2020-01-01", "to": "2020-01-31"})
    assert not app.exception
