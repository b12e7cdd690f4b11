"""KPI targets (METRICS.md "KPI targets"): attainment and status in both directions, the current
month's projection, the scorecard on the hand-computed community (tests/golden_community.py), the
change log, the CSV round trip, the CLI, and the KPI page (AppTest)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.load.flags import mark_identities
from pipelines.serve.connection import current_snapshot
from pipelines.targets import clock, reads, scorecard
from pipelines.targets.csv_io import TargetCsvError, targets_from_csv, targets_to_csv
from pipelines.targets.scoring import (
    AT_RISK,
    OFF_TRACK,
    ON_TRACK,
    attainment,
    projection,
    status,
)
from pipelines.targets.store import TargetInput, save_commentary, save_targets
from tests.conftest import app_on, warehouse_contents
from tests.golden_community import build

PROJECT = Path(__file__).resolve().parent.parent
APRIL = dt.date(2026, 4, 1)
MARCH = dt.date(2026, 3, 1)
AFTER_APRIL = dt.date(2026, 6, 15)  # April is a closed month
TENTH_OF_APRIL = dt.date(2026, 4, 10)  # April is the current month: day 10 of 30


def fixed_clock(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: moment)


def row_of(card: scorecard.Scorecard, kpi: str) -> dict:
    return card.rows.filter(card.rows["kpi"] == kpi).row(0, named=True)


def targets(db: Path, *items: TargetInput, by: str = "ana.analyst", source: str = "test") -> int:
    return save_targets(db, list(items), changed_by=by, source=source)


# --- attainment and status: pure arithmetic ------------------------------------------------------

@pytest.mark.parametrize(("actual", "target", "expected_attainment", "expected_status"), [
    (120, 100, 1.2, ON_TRACK),
    (100, 100, 1.0, ON_TRACK),      # exactly 100% is on track
    (95, 100, 0.95, AT_RISK),
    (90, 100, 0.9, AT_RISK),        # exactly 90% is at risk
    (89, 100, 0.89, OFF_TRACK),
    (0, 100, 0.0, OFF_TRACK),
    (0.27, 0.3, 0.9, AT_RISK),      # 0.27 / 0.3 is 0.8999999999999999 in binary: still at risk
])
def test_higher_is_better(actual, target, expected_attainment, expected_status):
    assert attainment(actual, target, True) == pytest.approx(expected_attainment)
    assert status(actual, target, True) == expected_status


@pytest.mark.parametrize(("actual", "target", "expected_attainment", "expected_status"), [
    (10, 12, 1.2, ON_TRACK),        # answered faster than the 12-hour target: 12 / 10
    (12, 12, 1.0, ON_TRACK),
    (13, 12, 12 / 13, AT_RISK),     # 92.3%
    (15, 12, 0.8, OFF_TRACK),
])
def test_lower_is_better(actual, target, expected_attainment, expected_status):
    assert attainment(actual, target, False) == pytest.approx(expected_attainment)
    assert status(actual, target, False) == expected_status


def test_where_the_ratio_means_nothing_status_compares_directly():
    # No unanswered thread against a target of 3: target / 0 has no value, but the target is met.
    assert attainment(0, 3, False) is None and status(0, 3, False) == ON_TRACK
    # A target of 0 new members: any number meets it.
    assert attainment(4, 0, True) is None and status(4, 0, True) == ON_TRACK
    # Mean sentiment below zero against a positive target: off track, no at-risk band.
    assert attainment(-0.05, 0.1, True) is None and status(-0.05, 0.1, True) == OFF_TRACK
    # ... and against a negative target it is better than: on track (-0.05 / -0.1 would say 50%).
    assert status(-0.05, -0.1, True) == ON_TRACK


def test_no_status_without_an_actual_or_a_target():
    assert status(None, 10, True) is None and status(10, None, True) is None
    assert attainment(None, 10, True) is None


# --- projection ---------------------------------------------------------------------------------

def test_projection_arithmetic():
    assert projection(5, True, 30, 10) == 15           # 5 so far x 30 days / 10 days elapsed
    assert projection(7, True, 31, 31) == 7            # the month's last day: nothing left to project
    assert projection(0.6, False, 30, 10) == 0.6       # a rate: the value so far is the projection
    assert projection(None, True, 30, 10) is None
    with pytest.raises(ValueError):
        projection(5, True, 30, 0)


def test_today_is_the_calendar_day_in_the_reporting_time_zone(monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 5, 1, 3, 0, tzinfo=dt.timezone.utc))
    assert clock.today("UTC") == dt.date(2026, 5, 1)
    assert clock.today("America/Los_Angeles") == dt.date(2026, 4, 30)  # still 30 April, 20:00 there


# --- the scorecard on the golden community --------------------------------------------------------

def test_closed_month_scorecard(golden, db_path):
    targets(db_path, TargetInput("new_members", APRIL, 4), TargetInput("response_rate", APRIL, 0.65),
            TargetInput("median_hours_to_first_response", APRIL, 12, False),
            TargetInput("unanswered_threads", APRIL, 3))
    card = scorecard.kpi_scorecard(current_snapshot(db_path), APRIL, "UTC", AFTER_APRIL)
    assert not card.is_current and card.days_elapsed is None
    # April's golden values (test_cli.py): new 5, response rate 0.6, median 24 h, 2 unanswered threads.
    new = row_of(card, "new_members")
    assert (new["actual"], new["target"], new["attainment"], new["status"]) == (5, 4, 1.25, ON_TRACK)
    # New members in March: ana only (joined 03-01), so the change is +4.
    assert (new["previous"], new["change"]) == (1, 4)
    assert new["projected"] is None  # a closed month is not projected
    rate = row_of(card, "response_rate")
    assert rate["attainment"] == pytest.approx(0.6 / 0.65) and rate["status"] == AT_RISK  # 92.3%
    median = row_of(card, "median_hours_to_first_response")
    assert median["higher_is_better"] is False
    assert median["attainment"] == 0.5 and median["status"] == OFF_TRACK  # 12 / 24
    unanswered = row_of(card, "unanswered_threads")
    assert unanswered["higher_is_better"] is False  # the KPI's own direction, stored with the target
    assert unanswered["attainment"] == 1.5 and unanswered["status"] == ON_TRACK  # 3 / 2
    assert row_of(card, "registrations")["status"] is None  # no target


def test_current_month_is_counted_to_today_and_projected(golden, db_path):
    targets(db_path, TargetInput("new_members", APRIL, 12), TargetInput("response_rate", APRIL, 0.7))
    card = scorecard.kpi_scorecard(current_snapshot(db_path), APRIL, "UTC", TENTH_OF_APRIL)
    assert card.is_current and (card.days_elapsed, card.days_in_month) == (10, 30)
    new = row_of(card, "new_members")
    # First seen 1-10 April: cleo (04-01), dan (04-02), hal (04-05), eve (04-08), ivy (04-09).
    assert new["actual"] == 5
    assert new["projected"] == 15                         # 5 x 30 / 10
    assert new["status"] == OFF_TRACK                     # 5 / 12 so far ...
    assert new["projected_attainment"] == 1.25 and new["projected_status"] == ON_TRACK  # ... 15 / 12 at month end
    assert new["change"] == 14                            # the projection vs March's 1
    rate = row_of(card, "response_rate")
    # Threads started 1-10 April: T1 (answered by sam and ben), T2 (by cleo; the bot does not count), T3 (none).
    assert rate["actual"] == pytest.approx(2 / 3)
    assert rate["projected"] == rate["actual"]            # not a count: the value so far is the projection
    assert rate["projected_status"] == AT_RISK            # 0.667 / 0.7 = 95%


def test_a_month_to_come_has_targets_and_no_actuals(golden, db_path):
    may = dt.date(2026, 5, 1)
    targets(db_path, TargetInput("new_members", may, 10))
    card = scorecard.kpi_scorecard(current_snapshot(db_path), may, "UTC", TENTH_OF_APRIL)
    assert card.is_future
    new = row_of(card, "new_members")
    assert (new["actual"], new["target"], new["status"]) == (None, 10, None)


def test_history_holds_twelve_months_of_actuals_and_targets(golden, db_path):
    targets(db_path, TargetInput("new_members", MARCH, 2), TargetInput("new_members", APRIL, 4))
    card = scorecard.kpi_scorecard(current_snapshot(db_path), APRIL, "UTC", AFTER_APRIL)
    new = card.history.filter(card.history["kpi"] == "new_members").sort("month")
    assert new["month"].to_list()[0] == dt.date(2025, 5, 1) and new.height == 12
    assert new["actual"].to_list()[-2:] == [1, 5] and new["target"].to_list()[-2:] == [2, 4]


def test_months_follow_the_reporting_time_zone(golden):
    # Threads of human members started in April (UTC): T1, T2, T3, T5, T7; answered T1, T2, T5: 3 / 5.
    assert scorecard.month_actuals(golden, APRIL, "UTC", AFTER_APRIL)["response_rate"] == 0.6
    # In UTC+14, April starts on 31 March 10:00 UTC: T6 (ben, 31 March 20:00 UTC, answered by cleo)
    # joins it, and T5 (29 April 22:00 UTC) stays in: 4 / 6.
    kiritimati = scorecard.month_actuals(golden, APRIL, "Pacific/Kiritimati", AFTER_APRIL)
    assert kiritimati["response_rate"] == pytest.approx(4 / 6)


@pytest.mark.parametrize("time_zone", ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
@pytest.mark.parametrize("today", [AFTER_APRIL, TENTH_OF_APRIL], ids=["april closed", "april current"])
def test_months_counted_together_match_each_month_alone(golden, time_zone, today):
    """The scorecard counts its 12 months in one pass (serve.kpis.kpis_by_month): the same values,
    month by month, as counting each month on its own (monthly_kpis), future months empty."""
    shown = scorecard.history_months(dt.date(2026, 6, 1))
    together = scorecard.months_actuals(golden, shown, time_zone, today)
    assert list(together) == shown
    for month in shown:
        alone = scorecard.month_actuals(golden, month, time_zone, today)
        assert together[month] == pytest.approx(alone, nan_ok=True), month
    if time_zone == "UTC" and today == AFTER_APRIL:  # the hand-computed April (tests above)
        assert (together[APRIL]["new_members"], together[APRIL]["response_rate"]) == (5, 0.6)
    assert all(value is None for value in together[dt.date(2026, 5, 1)].values()) == (today == TENTH_OF_APRIL)


# --- writes and the change log -------------------------------------------------------------------

def test_only_changes_are_written_and_logged(golden, db_path):
    assert targets(db_path, TargetInput("new_members", APRIL, 5), TargetInput("contributors", APRIL, 3)) == 2
    assert targets(db_path, TargetInput("new_members", APRIL, 5)) == 0  # the same value again
    assert targets(db_path, TargetInput("new_members", APRIL, 6), by="ben.lead", source="app") == 1
    assert targets(db_path, TargetInput("contributors", APRIL, None)) == 1  # removed
    assert targets(db_path, TargetInput("registrations", APRIL, None)) == 0  # nothing to remove
    snapshot = current_snapshot(db_path)
    stored = reads.all_targets(snapshot)
    assert stored.select("kpi", "target").rows() == [("new_members", 6.0)]
    log = reads.target_changes(snapshot).sort("changed_at", "kpi")
    assert log.select("kpi", "old_target", "new_target", "changed_by").rows() == [
        ("contributors", None, 3.0, "ana.analyst"), ("new_members", None, 5.0, "ana.analyst"),
        ("new_members", 5.0, 6.0, "ben.lead"), ("contributors", 3.0, None, "ana.analyst")]
    assert log["source"].to_list()[2] == "app"


def test_a_direction_change_alone_is_a_change(golden, db_path):
    targets(db_path, TargetInput("unanswered_threads", APRIL, 3))
    assert targets(db_path, TargetInput("unanswered_threads", APRIL, 3, True)) == 1
    log = reads.target_changes(current_snapshot(db_path))
    assert log.row(0, named=True)["old_higher_is_better"] is False
    assert log.row(0, named=True)["new_higher_is_better"] is True


def test_a_bad_target_writes_nothing(golden, db_path):
    before = warehouse_contents(db_path)
    with pytest.raises(ValueError, match="not a KPI"):
        targets(db_path, TargetInput("new_members", APRIL, 5), TargetInput("happiness", APRIL, 1))
    with pytest.raises(ValueError, match="first day"):
        targets(db_path, TargetInput("new_members", dt.date(2026, 4, 2), 5))
    with pytest.raises(ValueError, match="twice"):
        targets(db_path, TargetInput("new_members", APRIL, 5), TargetInput("new_members", APRIL, 6))
    assert warehouse_contents(db_path) == before


def test_commentary_is_set_replaced_and_removed(golden, db_path):
    save_commentary(db_path, APRIL, "  Events carried April.  ", set_by="ana.analyst")
    note = reads.commentary(current_snapshot(db_path), APRIL)
    assert (note.text, note.set_by) == ("Events carried April.", "ana.analyst")
    save_commentary(db_path, APRIL, "Events carried April; May adds a second meetup.", set_by="ben.lead")
    assert reads.commentary(current_snapshot(db_path), APRIL).set_by == "ben.lead"
    save_commentary(db_path, APRIL, "", set_by="ben.lead")
    assert reads.commentary(current_snapshot(db_path), APRIL) is None
    with pytest.raises(ValueError, match="limited"):
        save_commentary(db_path, APRIL, "x" * 5000, set_by="ben.lead")


def test_saving_targets_keeps_the_data_fingerprint(golden, db_path):
    before = reads.data_fingerprint(current_snapshot(db_path))
    targets(db_path, TargetInput("new_members", APRIL, 5))
    save_commentary(db_path, APRIL, "Good month.", set_by="ana.analyst")
    assert reads.data_fingerprint(current_snapshot(db_path)) == before  # the KPIs cannot have moved
    mark_identities(db_path, [("discord", "ana")], is_staff=True)
    assert reads.data_fingerprint(current_snapshot(db_path)) != before  # they can now


# --- CSV ------------------------------------------------------------------------------------------

def test_csv_round_trip(golden, db_path, tmp_path):
    targets(db_path, TargetInput("new_members", APRIL, 40), TargetInput("response_rate", APRIL, 0.35),
            TargetInput("median_hours_to_first_response", MARCH, 7.5, False),
            TargetInput("net_sentiment", APRIL, -5), TargetInput("stickiness", APRIL, 0.1 + 0.2))
    exported = targets_to_csv(reads.all_targets(current_snapshot(db_path)))
    assert exported.splitlines() == [
        "kpi,month,target,direction",
        "median_hours_to_first_response,2026-03,7.5,lower",
        "net_sentiment,2026-04,-5,higher",
        "new_members,2026-04,40,higher",
        "response_rate,2026-04,0.35,higher",
        "stickiness,2026-04,0.30000000000000004,higher",  # every digit, so the float reads back the same
    ]
    assert targets(db_path, *targets_from_csv(exported)) == 0  # importing the export changes nothing
    other = build(tmp_path / "other.duckdb")
    assert targets(other, *targets_from_csv(exported)) == 5
    assert targets_to_csv(reads.all_targets(current_snapshot(other))) == exported


def test_csv_import_details():
    text = "\ufeffKPI,Month,Target,Direction\nnew_members,2026-04-01,12,\nunanswered_threads,2026-05,,\n\n"
    assert targets_from_csv(text) == [
        TargetInput("new_members", APRIL, 12.0, None),               # direction left to the KPI
        TargetInput("unanswered_threads", dt.date(2026, 5, 1), None, None),  # empty target: remove
    ]


@pytest.mark.parametrize(("row", "message"), [
    ("happiness,2026-04,1,higher", "line 2: 'happiness' is not a KPI"),
    ("new_members,April,1,higher", "line 2: month must look like 2026-04"),
    ("new_members,2026-04-15,1,higher", "line 2: month must look like 2026-04"),
    ("response_rate,2026-04,60%,higher", "line 2: the target must be a plain number"),
    ("new_members,2026-04,nan,higher", "line 2: the target must be a plain number"),
    ("new_members,2026-04,1,up", "line 2: direction must be 'higher' or 'lower'"),
    ("new_members,2026-04,1,\nnew_members,2026-04,2,", "line 3: new_members 2026-04 is already on line 2"),
])
def test_csv_errors_name_the_line(row, message):
    with pytest.raises(TargetCsvError, match=message):
        targets_from_csv(f"kpi,month,target,direction\n{row}\n")


def test_csv_needs_its_columns():
    with pytest.raises(TargetCsvError, match="missing: target"):
        targets_from_csv("kpi,month,value\nnew_members,2026-04,1\n")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COMMUNITY_PULSE_USER": "cli.analyst"}
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=PROJECT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_targets_cli_import_and_export(golden, db_path, tmp_path):
    source = tmp_path / "targets.csv"
    source.write_text("kpi,month,target,direction\nnew_members,2026-04,6,higher\nregistrations,2026-04,5,\n")
    imported = run_cli("targets", "import", str(source), "--db", str(db_path))
    assert imported.returncode == 0, imported.stderr
    assert "2 rows read, 2 targets changed" in imported.stdout
    log = reads.target_changes(current_snapshot(db_path))
    assert set(log["changed_by"]) == {"cli.analyst"} and set(log["source"]) == {"csv import"}
    exported = run_cli("targets", "export", "-", "--db", str(db_path))
    assert exported.stdout.splitlines() == [
        "kpi,month,target,direction", "new_members,2026-04,6,higher", "registrations,2026-04,5,higher"]
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi,month,target\nnew_members,2026-13,6\n")
    before = warehouse_contents(db_path)
    failed = run_cli("targets", "import", str(bad), "--db", str(db_path))
    assert failed.returncode == 1 and "bad.csv (line 2: month must look like 2026-04" in failed.stderr
    assert warehouse_contents(db_path) == before


# --- the KPI page ---------------------------------------------------------------------------------

APRIL_QUERY = {"range": "Custom", "from": "2026-04-01", "to": "2026-04-30"}
KPI_PAGE = "pages/views/kpis.py"


@pytest.fixture
def golden_db(db_path):
    return build(db_path)


def scorecard_shown(app) -> dict[str, dict]:
    return {row["KPI"]: row for row in app.dataframe[0].value.to_dict("records")}


def test_kpi_page_edits_a_target_through_the_data_editor(golden_db, monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    monkeypatch.setenv("COMMUNITY_PULSE_USER", "page.analyst")
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    assert app.title[0].value == "KPIs and targets"
    assert scorecard_shown(app)["New members"]["Actual"] == "5"
    editor = app.data_editor[0]
    assert editor.key == "kpi_targets_2026-04" and editor.editing_mode == "fixed"
    # What typing in the editor does: its edit state, then Save (rows in KPI_KEYS order).
    app.session_state["kpi_targets_2026-04"] = {
        "edited_rows": {0: {"Target": 4}, 6: {"Target": 30}}, "added_rows": [], "deleted_rows": []}
    next(button for button in app.button if button.label == "Save targets").click().run()
    assert not app.exception, [e.message for e in app.exception]
    shown = scorecard_shown(app)
    assert (shown["New members"]["Target"], shown["New members"]["Attainment"]) == ("4", "125.0%")
    assert shown["New members"]["Status"] == "🟢 on track"
    # Median time to first response: lower is better, 30 / 24 = 125%.
    assert shown["Median time to first response"]["Target"] == "30.0 h"
    assert shown["Median time to first response"]["Status"] == "🟢 on track"
    log = reads.target_changes(current_snapshot(golden_db))
    assert set(log["changed_by"]) == {"page.analyst"} and set(log["source"]) == {"app"}


def test_kpi_page_projects_the_current_month(golden_db, monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 4, 10, 12, tzinfo=dt.timezone.utc))
    targets(golden_db, TargetInput("new_members", APRIL, 12))
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    note = app.info[0].value
    assert "day 10 of 30" in note and "value so far is the projection" in note
    new = scorecard_shown(app)["New members"]
    assert (new["Actual so far"], new["Projected month end"], new["Will it meet the target?"]) == (
        "5", "15", "🟢 on track")


def test_kpi_page_drills_down_to_rows_and_the_kpis_page(golden_db, monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    app.session_state["kpi_scorecard"] = {"selection": {"rows": [0], "columns": [], "cells": []}}  # New members
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    link = app.get("page_link")[0].proto
    assert link.page == "growth" and link.query_string == "range=Custom&from=2026-04-01&to=2026-04-30"
    assert sorted(app.dataframe[1].value["display_name"]) == ["Cleo", "Dan", "Eve", "Hal", "Ivy"]
    app.session_state["kpi_scorecard"] = {"selection": {"rows": [7], "columns": [], "cells": []}}  # Unanswered
    app.run()
    assert app.get("page_link")[0].proto.page == "engagement"
    assert sorted(app.dataframe[1].value["text"]) == ["Anyone using the CLI?", "Sharing my dashboard"]  # T3, T7
    app.session_state["kpi_scorecard"] = {"selection": {"rows": [9], "columns": [], "cells": []}}  # Mean sentiment
    app.run()
    assert app.get("page_link")[0].proto.page == "sentiment"


def test_picking_a_month_moves_the_sidebar_to_it(golden_db, monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    app.selectbox(key="kpi_month").set_value(MARCH).run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.sidebar.date_input(key="custom_range").value == (MARCH, dt.date(2026, 3, 31))
    assert (app.query_params["from"], app.query_params["to"]) == ("2026-03-01", "2026-03-31")
    assert scorecard_shown(app)["New members"]["Actual"] == "1"


def test_viewers_cannot_save_targets(golden_db, monkeypatch):
    monkeypatch.setenv("COMMUNITY_PULSE_ROLE", "viewer")
    fixed_clock(monkeypatch, dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    saves = [button for button in app.button if button.label in ("Save targets", "Save commentary")]
    assert len(saves) == 2 and all(button.disabled for button in saves)
    assert not app.get("file_uploader")


def test_kpi_page_saves_the_months_commentary(golden_db, monkeypatch):
    fixed_clock(monkeypatch, dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    monkeypatch.setenv("COMMUNITY_PULSE_USER", "page.analyst")
    app = app_on(golden_db, monkeypatch, KPI_PAGE, **APRIL_QUERY)
    app.text_area(key="kpi_commentary_2026-04").input("Spring Meetup carried April.")
    next(button for button in app.button if button.label == "Save commentary").click().run()
    assert not app.exception, [e.message for e in app.exception]
    note = reads.commentary(current_snapshot(golden_db), APRIL)
    assert (note.text, note.set_by) == ("Spring Meetup carried April.", "page.analyst")
    assert any("Saved by page\\.analyst" in caption.value for caption in app.caption)
