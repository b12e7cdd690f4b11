"""Meetup attendee list adapter: tab-separated text named .xls."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file

from tests.conftest import FIXTURES, scalar

ATTENDEES = FIXTURES / "meetup" / "Pulse_Spring_Meetup_298765432.xls"
LONDON = ParseOptions(local_zone="Europe/London")


def test_fixture_rsvp_yes_are_registrations():
    parsed = parse_file(ATTENDEES.name, ATTENDEES.read_bytes(), LONDON)
    assert parsed.format == "meetup_attendees"
    # 5 rows: 3 Yes, 1 No, 1 Waitlist.
    assert parsed.attendance.height == 3
    assert not parsed.attendance["attended"].any()  # no Attendance column: Meetup only knows who said yes
    # Keyed by the member id in the profile URL, not the chosen handle 'bolee'.
    assert sorted(parsed.attendance["platform_user_id"]) == ["11111111", "22222222", "55555555"]
    bo = parsed.identities.filter(pl.col("platform_user_id") == "22222222").row(0, named=True)
    assert (bo["handle"], bo["display_name"], bo["email"]) == ("bolee", "Bo Li", None)
    # 04/02/2026 in London (BST, UTC+1) is Apr 1 23:00 UTC.
    eve = parsed.attendance.filter(pl.col("platform_user_id") == "55555555").row(0, named=True)
    assert eve["registered_at"] == datetime(2026, 4, 1, 23, 0, tzinfo=timezone.utc)
    # A double quote inside a cell is text: Meetup does not quote.
    assert 'Eve "Evie" Moss' in parsed.identities["display_name"].to_list()
    assert parsed.identities.filter("is_staff")["display_name"].to_list() == ["Ann Admin"]  # Event Host: Yes
    assert parsed.events.rows() == [("meetup:298765432", "meetup", "Pulse Spring Meetup", None, None)]
    assert any("3 guest(s)" in note for note in parsed.notes)


def test_attendance_column_marks_attended(tmp_path):
    lines = ATTENDEES.read_text().splitlines()
    marked = [lines[0] + "\tAttendance"] + [line + ("\tY" if index % 2 else "\t") for index, line in enumerate(lines[1:])]
    path = tmp_path / "Pulse Spring Meetup.xls"
    path.write_text("\n".join(marked) + "\n")
    parsed = parse_file(path.name, path.read_bytes())
    # Y on the 2nd and 4th rows: Bo (yes) and Dee (waitlist, not a registration).
    assert parsed.attendance.filter("attended")["platform_user_id"].to_list() == ["22222222"]
    assert parsed.events["event_id"].to_list() == ["meetup:pulse-spring-meetup"]


def test_unreadable_rsvp_date_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_date.xls"
    bad.write_text(ATTENDEES.read_text().replace("03/22/2026", "22.03.2026"))
    with pytest.raises(ExportError, match=r"^bad_date.xls \(data row 2, field 'RSVPed on'\): cannot read '22.03.2026'"):
        parse_file(bad.name, bad.read_bytes())


def test_unknown_rsvp_answer_is_refused(tmp_path):
    bad = tmp_path / "bad_rsvp.xls"
    bad.write_text(ATTENDEES.read_text().replace("\tWaitlist\t", "\tPerhaps\t"))
    with pytest.raises(ExportError, match=r"^bad_rsvp.xls \(data row 4, field 'RSVP'\)"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_column_is_not_this_format(tmp_path):
    bad = tmp_path / "no_rsvp_date.xls"
    bad.write_text(ATTENDEES.read_text().replace("RSVPed on", "Replied"))
    with pytest.raises(ExportError, match=r"^no_rsvp_date.xls: not a supported export"):
        parse_file(bad.name, bad.read_bytes())


def test_header_only_list_has_no_rows(tmp_path):
    empty = tmp_path / "empty.xls"
    empty.write_text(ATTENDEES.read_text().splitlines()[0] + "\n")
    assert parse_file(empty.name, empty.read_bytes()).attendance.height == 0


def test_is_detected_by_its_tab_separated_header():
    assert detect(ATTENDEES.name, ATTENDEES.read_bytes()).name == "meetup_attendees"


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, ATTENDEES, options=LONDON)
    # 1 event + 3 registrations, 3 people.
    assert (result.format, result.rows_new, result.people_new) == ("meetup_attendees", 4, 3)
    assert scalar(db_path, "SELECT count(*) FROM event_attendance") == 3
    assert scalar(db_path, "SELECT min(first_seen_at) FROM members") == datetime(2025, 1, 5, 0, 0, tzinfo=timezone.utc)
