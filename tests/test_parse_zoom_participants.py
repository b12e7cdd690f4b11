"""Zoom meeting participants report adapter (with and without the meeting preamble)."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file
from pipelines.parse.zoom_participants import union_minutes

from tests.conftest import FIXTURES, scalar

REPORT = FIXTURES / "zoom" / "participants_84512345678.csv"
CHICAGO = ParseOptions(local_zone="America/Chicago")


def minutes_of(parsed, key: str) -> float:
    return parsed.attendance.filter(pl.col("platform_user_id") == key)["minutes_attended"][0]


def test_real_report_merges_repeated_people(real_exports):
    path = real_exports / "zoom" / "participants_heroes_full.csv"
    parsed = parse_file(path.name, path.read_bytes(), ParseOptions(local_zone="America/New_York"))
    assert parsed.format == "zoom_participants"
    # Counted with Python's csv module: 31 session rows, 27 distinct emails (4 people rejoined).
    assert parsed.attendance.height == 27
    assert parsed.attendance["attended"].all()
    assert parsed.events.rows() == [(
        "zoom:60245167821:2021-11-19", "zoom", "Heroes meeting",
        datetime(2021, 11, 19, 15, 0, tzinfo=timezone.utc), datetime(2021, 11, 19, 17, 0, tzinfo=timezone.utc),
    )]
    # By hand: Swarm 10:14:30-10:24:26 and 10:24:12-12:01:58 overlap -> one span of 1:47:28.
    assert minutes_of(parsed, "swarm_mutant@marvel.com") == pytest.approx(107 + 28 / 60)
    # Dazzler 11:01:02-11:02:35 (93 s) and 11:02:46-11:29:38 (1,612 s) are apart -> 1,705 s, not 2 + 27 minutes.
    assert minutes_of(parsed, "dazzler_mutant@marvel.com") == pytest.approx(1705 / 60)
    # The host (the preamble's User Email) is the source naming who ran the meeting.
    assert parsed.identities.filter("is_staff")["platform_user_id"].to_list() == ["green-goblin_human@marvel.com"]


def test_fixture_with_preamble_unions_overlapping_sessions():
    parsed = parse_file(REPORT.name, REPORT.read_bytes(), CHICAGO)
    assert parsed.attendance.height == 3
    # Bo: 18:00-18:30 and 18:20-18:45 overlap (45 min), plus 18:50-19:00 (10) = 55; the report's durations add to 65.
    assert minutes_of(parsed, "bo@example.com") == pytest.approx(55)
    assert minutes_of(parsed, "ann@pulse.example") == pytest.approx(63)
    # A caller without an email is keyed by the name shown.
    assert minutes_of(parsed, "name:phone caller") == pytest.approx(20)
    event = parsed.events.row(0, named=True)
    assert event["event_id"] == "zoom:84512345678:2026-04-16"
    assert event["title"] == "Pulse community call"
    # 5:58 PM in Chicago (CDT, UTC-5) is 22:58 UTC.
    assert event["starts_at"] == datetime(2026, 4, 16, 22, 58, tzinfo=timezone.utc)
    assert parsed.identities.filter("is_staff")["email"].to_list() == ["ann@pulse.example"]


def test_report_without_preamble_takes_meeting_from_file_name(tmp_path):
    table_only = "\n".join(REPORT.read_text().split("\n")[3:])
    path = tmp_path / "participants_84512345678.csv"
    path.write_text(table_only)
    parsed = parse_file(path.name, path.read_bytes(), CHICAGO)
    assert parsed.format == "zoom_participants"
    event = parsed.events.row(0, named=True)
    assert event["event_id"] == "zoom:84512345678:2026-04-16"
    assert event["title"] == "participants_84512345678"
    assert event["starts_at"] == datetime(2026, 4, 16, 22, 58, 10, tzinfo=timezone.utc)  # the first join
    assert minutes_of(parsed, "bo@example.com") == pytest.approx(55)
    assert not parsed.identities["is_staff"].any()  # no preamble, no host named


def test_union_of_spans():
    def at(minute: int) -> datetime:
        return datetime(2026, 1, 1, 10, minute, tzinfo=timezone.utc)

    assert union_minutes([(at(0), at(30)), (at(20), at(45)), (at(50), at(55))]) == 50
    assert union_minutes([(at(0), at(10)), (at(0), at(10))]) == 10
    assert union_minutes([]) == 0


def test_unreadable_join_time_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_join.csv"
    bad.write_text(REPORT.read_text().replace("04/16/2026 6:05:00 PM", "16.04.2026 18:05"))
    with pytest.raises(ExportError, match=r"^bad_join.csv \(data row 3, field 'join time'\): cannot read"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_leave_time_column_is_refused(tmp_path):
    bad = tmp_path / "no_leave.csv"
    bad.write_text(REPORT.read_text().replace("Leave Time", "Left"))
    with pytest.raises(ExportError, match=r"^no_leave.csv: .*Leave Time"):
        parse_file(bad.name, bad.read_bytes())


def test_header_only_report_has_no_rows(tmp_path):
    empty = tmp_path / "participants_1.csv"
    empty.write_text("\n".join(REPORT.read_text().split("\n")[:4]) + "\n")
    parsed = parse_file(empty.name, empty.read_bytes())
    assert parsed.attendance.height == 0 and parsed.events.height == 0


def test_is_not_mistaken_for_the_other_zoom_exports():
    assert detect(REPORT.name, REPORT.read_bytes()).name == "zoom_participants"
    dashboard = FIXTURES / "zoom" / "meeting_pulse_late_call.csv"
    assert detect(dashboard.name, dashboard.read_bytes()).name == "zoom_meeting_dashboard"


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, REPORT, options=CHICAGO)
    # 1 event + 3 registrations, 3 people.
    assert (result.format, result.rows_new, result.people_new) == ("zoom_participants", 4, 3)
    assert scalar(db_path, "SELECT count(*) FROM event_attendance WHERE attended") == 3
    assert scalar(db_path, "SELECT sum(minutes_attended) FROM event_attendance") == pytest.approx(63 + 55 + 20)
    assert scalar(db_path, "SELECT title FROM events") == "Pulse community call"
