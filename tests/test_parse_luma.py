"""Luma guest list CSV adapter."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl

from pipelines.parse import parse_file

from tests.conftest import FIXTURES

MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"


def test_real_guest_list(real_exports):
    path = real_exports / "luma" / "CLOUD CITY - Guests - 2026-02-26-18-17-47.csv"
    parsed = parse_file(path.name, path.read_bytes())
    assert parsed.format == "luma_guests"
    assert parsed.events.rows() == [("luma:cloud-city:2026-02-26", "luma", "CLOUD CITY", None, None)]
    assert parsed.attendance.height == 1
    registration = parsed.attendance.row(0, named=True)
    assert registration["attended"] is False
    assert registration["registered_at"] == datetime(2026, 2, 26, 18, 30, tzinfo=timezone.utc)
    assert parsed.identities["email"].to_list() == ["monk.wellington+oakstoptest@gmail.com"]


def test_fixture_registrations_check_ins_and_declines():
    parsed = parse_file(MEETUP.name, MEETUP.read_bytes())
    # 4 guests, 1 declined: 3 registrations, 2 checked in.
    assert parsed.attendance.height == 3
    assert parsed.attendance["attended"].sum() == 2
    event = parsed.events.row(0, named=True)
    assert event["title"] == "Spring Meetup"
    assert event["starts_at"] == datetime(2026, 4, 20, 17, 5, tzinfo=timezone.utc)
    assert event["event_id"] == "luma:spring-meetup:2026-04-20"
    # Emails are the identity key, lower-cased, so the same person on another platform can be merged.
    assert "fay.smith@example.com" in parsed.identities["platform_user_id"].to_list()
    fay = parsed.identities.filter(pl.col("platform_user_id") == "fay.smith@example.com").row(0, named=True)
    assert fay["display_name"] == "Fay Smith"
