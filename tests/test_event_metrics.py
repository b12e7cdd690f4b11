"""Event metrics against hand-computed values on tests/golden_community.py."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.serve.events import event_metrics, event_people, events_in_period
from pipelines.serve.filters import Filters

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def test_april_events(golden):
    got = event_metrics(golden, APRIL)
    # Spring Meetup: ana, dan, eve attended; ivy did not.
    assert (got["events"], got["registrations"], got["attendees"]) == (1, 4, 3)
    assert got["attendance_rate"] == pytest.approx(0.75)
    assert got["no_show_rate"] == pytest.approx(0.25)
    assert (got["minutes_attended"], got["mean_minutes_attended"]) == (180, 60)
    # ana also attended the March Meetup, within 365 days before.
    assert got["repeat_attendees"] == 1
    # Contributed within 30 days after 04-15 18:00: ana (T7 04-20), dan (T5 04-29); eve did not.
    assert got["activated_attendees"] == 2
    assert got["attendee_activation"] == pytest.approx(2 / 3)


def test_march_event_and_list(golden):
    march = event_metrics(golden, Filters(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    assert (march["registrations"], march["attendees"], march["repeat_attendees"]) == (2, 1, 0)
    assert march["attendance_rate"] == pytest.approx(0.5)
    # ana contributed on 04-02, within 30 days after 03-10 18:00 (until 04-09 18:00).
    assert march["attendee_activation"] == 1
    listed = events_in_period(golden, Filters(dt.date(2026, 3, 1), dt.date(2026, 4, 30)))
    assert listed.select("title", "registrations", "attended").rows() == [
        ("March Meetup", 2, 1), ("Spring Meetup", 4, 3)]


def test_one_events_people(golden):
    people = event_people(golden, APRIL, "luma:spring")
    rows = {row["display_name"]: row for row in people.iter_rows(named=True)}
    assert set(rows) == {"Ana", "Dan", "Eve", "Ivy"}
    assert rows["Ana"]["minutes_attended"] == 90
    assert [name for name, row in rows.items() if row["contributed_within_30_days"]] == ["Ana", "Dan"]
    assert rows["Ivy"]["attended"] is False
