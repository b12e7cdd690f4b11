"""Zoom dashboard meeting export adapter: clock times without dates, rolled past midnight."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, parse_file
from pipelines.parse.zoom_meeting_dashboard import FORMAT

from tests.conftest import FIXTURES, scalar

LATE_CALL = FIXTURES / "zoom" / "meeting_pulse_late_call.csv"
LONDON = ParseOptions(local_zone="Europe/London")


def minutes_of(parsed, key: str) -> float:
    return parsed.attendance.filter(pl.col("platform_user_id") == key)["minutes_attended"][0]


def test_real_dashboard_export(real_exports):
    path = real_exports / "zoom" / "meeting_example.csv"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    parsed = parse_file(path.name, data, ParseOptions(local_zone="America/Los_Angeles"))
    assert parsed.format == "zoom_meeting_dashboard"
    # Counted with Python's csv module: 16 session rows, 13 distinct names.
    assert parsed.attendance.height == 13
    event = parsed.events.row(0, named=True)
    assert event["event_id"] == "zoom:000000000:2017-08-01"
    # Aug 01, 2017 04:53 PM and 05:59 PM in Los Angeles (PDT, UTC-7).
    assert event["starts_at"] == datetime(2017, 8, 1, 23, 53, tzinfo=timezone.utc)
    assert event["ends_at"] == datetime(2017, 8, 2, 0, 59, tzinfo=timezone.utc)
    # By hand: archer 05:00-05:00 (0) + 05:02-05:59 (57) + 06:00-06:03 AM, before the start so the next day (3).
    assert minutes_of(parsed, "name:archer") == pytest.approx(60)
    assert minutes_of(parsed, "name:spongebob") == pytest.approx(9 + 53)
    # The participant named as the Host gets the host's email and the staff flag.
    host = parsed.identities.filter("is_staff").row(0, named=True)
    assert (host["platform_user_id"], host["display_name"]) == ("bart-simpson@example.com", "Bart Simpson")
    assert parsed.identities["email"].drop_nulls().to_list() == ["bart-simpson@example.com"]


def test_fixture_rolls_times_past_midnight():
    parsed = parse_file(LATE_CALL.name, LATE_CALL.read_bytes(), LONDON)
    event = parsed.events.row(0, named=True)
    assert event["event_id"] == "zoom:912345678:2026-04-16"
    assert event["title"] == "Zoom meeting 912-345-678 hosted by Ann Admin"
    # 11:30 PM BST (UTC+1) on Apr 16; the end, 12:40 AM, is on Apr 17.
    assert event["starts_at"] == datetime(2026, 4, 16, 22, 30, tzinfo=timezone.utc)
    assert event["ends_at"] == datetime(2026, 4, 16, 23, 40, tzinfo=timezone.utc)
    # Bo: 11:32-11:50 PM (18) and 11:55 PM-12:35 AM (40).
    assert minutes_of(parsed, "name:bo li") == pytest.approx(58)
    assert minutes_of(parsed, "name:cy") == pytest.approx(15)  # 12:05-12:20 AM, the next day
    assert minutes_of(parsed, "ann@pulse.example") == pytest.approx(70)


def test_unreadable_clock_time_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_clock.csv"
    bad.write_bytes(LATE_CALL.read_bytes().replace(b"11:32 PM", b"23h32"))
    with pytest.raises(ExportError, match=r"^bad_clock.csv \(data row 2, field 'Join Time'\): cannot read '23h32'"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_leave_time_column_is_refused(tmp_path):
    bad = tmp_path / "no_leave.csv"
    bad.write_bytes(LATE_CALL.read_bytes().replace(b"Leave Time", b"Left At"))
    with pytest.raises(ExportError, match=r"^no_leave.csv: missing column\(s\): leave time"):
        parse_file(bad.name, bad.read_bytes())


def test_bad_meeting_start_is_refused(tmp_path):
    bad = tmp_path / "bad_start.csv"
    bad.write_bytes(LATE_CALL.read_bytes().replace(b"Apr 16, 2026 11:30 PM", b"sometime"))
    with pytest.raises(ExportError, match=r"^bad_start.csv \(data row 1, field 'Start Time'\): cannot read 'sometime'"):
        FORMAT.parse(bad.name, bad.read_bytes(), LONDON)


def test_export_without_participants_keeps_the_meeting(tmp_path):
    text = LATE_CALL.read_bytes().split(b"\r\n")
    only_summary = tmp_path / "meeting_empty.csv"
    only_summary.write_bytes(b"\r\n".join(text[:4]) + b"\r\n")
    parsed = parse_file(only_summary.name, only_summary.read_bytes(), LONDON)
    assert parsed.attendance.height == 0 and parsed.events.height == 1


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, LATE_CALL, options=LONDON)
    assert (result.format, result.rows_new, result.people_new) == ("zoom_meeting_dashboard", 4, 3)
    assert scalar(db_path, "SELECT sum(minutes_attended) FROM event_attendance") == pytest.approx(70 + 58 + 15)
