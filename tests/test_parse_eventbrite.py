"""Eventbrite attendee report adapter: one registration per attendee and event, from ticket rows."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file

from tests.conftest import FIXTURES, scalar

REPORT = FIXTURES / "eventbrite" / "report-880000000001-attendees.csv"


def registration(parsed, key: str) -> dict:
    return parsed.attendance.filter(pl.col("platform_user_id") == key).row(0, named=True)


def test_fixture_tickets_become_registrations():
    data = REPORT.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    parsed = parse_file(REPORT.name, data)
    assert parsed.format == "eventbrite_attendees"
    # 6 tickets: Rosa's 2 tickets are one registration, Jonah's 2 orders are one, Sam's is refunded.
    assert parsed.attendance.height == 3
    assert parsed.attendance["attended"].sum() == 2  # Rosa (one of her tickets checked in) and Ivy
    rosa = registration(parsed, "rosa@example.com")
    assert rosa["attended"] is True
    # Order Date carries Eventbrite's offset: 10:15 at -07:00 is 17:15 UTC.
    assert rosa["registered_at"] == datetime(2026, 4, 1, 17, 15, tzinfo=timezone.utc)
    # Jonah's earliest order counts.
    assert registration(parsed, "jonah@example.com")["registered_at"] == datetime(2026, 3, 30, 16, 0, tzinfo=timezone.utc)
    # Ivy left no email: keyed by her ticket's Attendee #.
    assert registration(parsed, "attendee:9100005")["attended"] is True
    assert parsed.events.rows() == [("eventbrite:880000000001", "eventbrite", "Pulse Spring Summit", None, None)]
    assert sorted(parsed.identities["email"].drop_nulls()) == ["jonah@example.com", "rosa@example.com"]
    assert any("1 ticket(s) not attending" in note for note in parsed.notes)


def test_order_dates_without_offset_are_local(tmp_path):
    local = tmp_path / "local_dates.csv"
    local.write_bytes(REPORT.read_bytes().replace(b"2026-04-01 10:15:00-07:00", b"04/01/2026 10:15"))
    parsed = parse_file(local.name, local.read_bytes(), ParseOptions(local_zone="Europe/Paris"))
    # 10:15 in Paris (CEST, UTC+2) is 08:15 UTC.
    assert registration(parsed, "rosa@example.com")["registered_at"] == datetime(2026, 4, 1, 8, 15, tzinfo=timezone.utc)


def test_two_digit_years_are_not_read_as_year_26(tmp_path):
    resaved = tmp_path / "excel_dates.csv"
    resaved.write_bytes(REPORT.read_bytes().replace(b"2026-03-30 09:00:00-07:00", b"3/30/26 9:00"))
    parsed = parse_file(resaved.name, resaved.read_bytes())
    assert registration(parsed, "jonah@example.com")["registered_at"] == datetime(2026, 3, 30, 9, 0, tzinfo=timezone.utc)


def test_report_without_event_columns_uses_the_file_name(tmp_path):
    lines = REPORT.read_text(encoding="utf-8-sig").splitlines()
    trimmed = tmp_path / "Pulse Summit attendees.csv"
    trimmed.write_text("\n".join(",".join(line.split(",")[:17]) for line in lines) + "\n")
    parsed = parse_file(trimmed.name, trimmed.read_bytes())
    assert parsed.events.rows() == [("eventbrite:pulse-summit-attendees", "eventbrite", "Pulse Summit attendees",
                                     None, None)]


def test_unreadable_order_date_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_date.csv"
    bad.write_bytes(REPORT.read_bytes().replace(b"2026-04-02 18:40:00-07:00", b"2 April"))
    with pytest.raises(ExportError, match=r"^bad_date.csv \(data row 3, field 'Order Date'\): cannot read '2 April'"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_last_name_column_is_named(tmp_path):
    bad = tmp_path / "no_last_name.csv"
    bad.write_bytes(REPORT.read_bytes().replace(b"Last Name", b"Family"))
    with pytest.raises(ExportError, match=r"^no_last_name.csv: missing column\(s\): last name or surname"):
        parse_file(bad.name, bad.read_bytes())


def test_excel_rounded_ids_are_refused(tmp_path):
    bad = tmp_path / "rounded.csv"
    bad.write_bytes(REPORT.read_bytes().replace(b",880000000001,", b",8.8E+11,"))
    with pytest.raises(ExportError, match="scientific notation"):
        parse_file(bad.name, bad.read_bytes())


def test_uk_spelling_is_read(tmp_path):
    uk = tmp_path / "uk.csv"
    uk.write_bytes(REPORT.read_bytes().replace(b"Order #", b"Order no.").replace(b"Last Name", b"Surname"))
    assert detect(uk.name, uk.read_bytes()).name == "eventbrite_attendees"
    assert parse_file(uk.name, uk.read_bytes()).attendance.height == 3


def test_header_only_report_has_no_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(REPORT.read_bytes().split(b"\r\n")[0] + b"\r\n")
    assert parse_file(empty.name, empty.read_bytes()).attendance.height == 0


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, REPORT)
    # 1 event + 3 registrations, 3 people.
    assert (result.format, result.rows_new, result.people_new) == ("eventbrite_attendees", 4, 3)
    assert scalar(db_path, "SELECT count(*) FROM event_attendance WHERE attended") == 2
    assert scalar(db_path, "SELECT title FROM events") == "Pulse Spring Summit"
