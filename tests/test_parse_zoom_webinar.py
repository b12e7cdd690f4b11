"""Zoom webinar attendee report adapter: sections, registrants who did not attend, hosts and panelists."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file
from pipelines.parse.zoom_webinar import FORMAT

from tests.conftest import FIXTURES, scalar

REPORT = FIXTURES / "zoom" / "91234567890 - Attendee Report.csv"
NEW_YORK = ParseOptions(local_zone="America/New_York")


def person(parsed, key: str) -> dict:
    return parsed.attendance.filter(pl.col("platform_user_id") == key).row(0, named=True)


def test_fixture_registrants_attendees_and_panel():
    parsed = parse_file(REPORT.name, REPORT.read_bytes(), NEW_YORK)
    assert parsed.format == "zoom_webinar"
    # Host, panelist, and 3 registrants (Hal was denied and never joined: not a registration).
    assert sorted(parsed.attendance["platform_user_id"]) == [
        "ann@pulse.example", "dana@speaker.example", "fay.smith@example.com", "gus@example.com", "ida@example.com"]
    assert parsed.attendance["attended"].sum() == 4
    gus = person(parsed, "gus@example.com")
    assert gus["attended"] is False and gus["minutes_attended"] is None  # '--' for someone who did not come
    # Registered Apr 10 21:03:10 in New York (EDT, UTC-4).
    assert gus["registered_at"] == datetime(2026, 4, 11, 1, 3, 10, tzinfo=timezone.utc)
    # Fay's two sessions 18:01-18:31 and 18:25-18:55:30 overlap: 54.5 minutes, not 30 + 31.
    assert person(parsed, "fay.smith@example.com")["minutes_attended"] == pytest.approx(54.5)
    assert person(parsed, "ann@pulse.example")["registered_at"] is None  # the host did not register
    assert parsed.identities.filter("is_staff")["platform_user_id"].to_list() == ["ann@pulse.example"]
    assert "ida@example.com" in parsed.identities["email"].to_list()  # lower-cased
    event = parsed.events.row(0, named=True)
    assert event["event_id"] == "zoom:91234567890:2026-04-20"
    assert event["title"] == "Pulse Spring Webinar"
    assert event["starts_at"] == datetime(2026, 4, 20, 21, 58, tzinfo=timezone.utc)
    assert event["ends_at"] == datetime(2026, 4, 20, 23, 0, tzinfo=timezone.utc)  # + 62 minutes
    assert any("1 denied" in note for note in parsed.notes)


def test_is_detected_from_its_first_line():
    assert detect(REPORT.name, REPORT.read_bytes()).name == "zoom_webinar"


def test_unreadable_registration_time_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_registration.csv"
    bad.write_text(REPORT.read_text().replace('"Apr 10, 2026 21:03:10"', "10/04/2026 21h03"))
    with pytest.raises(ExportError, match=r"^bad_registration.csv \(attendee section\) \(data row 3, "
                                          r"field 'registration time'\): cannot read '10/04/2026 21h03'"):
        parse_file(bad.name, bad.read_bytes())


def test_attended_must_be_yes_or_no(tmp_path):
    bad = tmp_path / "bad_attended.csv"
    bad.write_text(REPORT.read_text().replace("No,Gus Ray", "Maybe,Gus Ray"))
    with pytest.raises(ExportError, match=r"^bad_attended.csv \(attendee section\) \(data row 3, field 'Attended'\)"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_email_column_is_refused(tmp_path):
    bad = tmp_path / "no_email.csv"
    bad.write_text(REPORT.read_text().replace("Last Name,Email,", "Last Name,E-mail,"))
    with pytest.raises(ExportError, match=r"^no_email.csv \(attendee section\): missing column\(s\): email"):
        parse_file(bad.name, bad.read_bytes())


def test_report_without_attendee_section_is_refused(tmp_path):
    bad = tmp_path / "no_attendees.csv"
    bad.write_text(REPORT.read_text().split("Attendee Details")[0] + "Other Attended\n")
    with pytest.raises(ExportError, match=r"^no_attendees.csv: not a supported export"):
        parse_file(bad.name, bad.read_bytes())  # detection wants the section too
    with pytest.raises(ExportError, match=r"^no_attendees.csv: no Attendee Details section"):
        FORMAT.parse(bad.name, bad.read_bytes(), NEW_YORK)


def test_report_with_empty_sections_has_no_rows(tmp_path):
    lines = REPORT.read_text().split("\n")
    headers_only = [line for line in lines if not line.startswith(("Yes,", "No,"))]
    empty = tmp_path / "empty_webinar.csv"
    empty.write_text("\n".join(headers_only))
    parsed = parse_file(empty.name, empty.read_bytes(), NEW_YORK)
    assert parsed.attendance.height == 0 and parsed.events.height == 1


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, REPORT, options=NEW_YORK)
    # 1 event + 5 registrations, 5 people.
    assert (result.format, result.rows_new, result.people_new) == ("zoom_webinar", 6, 5)
    assert scalar(db_path, "SELECT count(*) FROM event_attendance WHERE NOT attended") == 1
    assert scalar(db_path, "SELECT count(*) FROM members WHERE is_staff") == 1
