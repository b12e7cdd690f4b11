"""Overview headline metrics and trend, against values computed by hand.

Fixture warehouse (conftest.fixture_db): the Discord #help export, the Spring Meetup guest
list and two X posts of the community's own account; dave is marked staff by an analyst.

Who is first seen when (UTC):
  alice 03-30 (first message), bob 03-30, carol 03-15 (join), dave 04-02 (staff),
  HelperBot 04-01 (bot), erin 04-10, fay 04-01 / gus 04-02 / hana 04-05 (Luma registrations),
  the X account 04-01 (staff: the community's own).
April activity: carol's message 106 ("This is bad", -0.6212) with reactions from alice and bob,
  erin's 107 ("Hi all", 0.0), bob's 108 ("ok", 0.398) at 04-30 23:59:59Z, the bot's 104, dave's 105,
  two X posts ("Launch day & party!" 0.318, "Quiet update" 0.0), and the meetup on 04-20 attended
  by fay and hana. (Polarities of the shipped scorer, lexicon-blend-v1, to 4 places.)
alice's 109 ("hello") is at 05-01 00:00Z, which is still 30 April in New York.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.serve.connection import current_snapshot
from pipelines.serve.filters import Filters
from pipelines.serve.overview import activity_trend, headline_metrics

APRIL = (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


@pytest.fixture
def snapshot(fixture_db):
    return current_snapshot(fixture_db)


def values(snapshot, filters: Filters) -> dict:
    table = headline_metrics(snapshot, filters)
    return {row["metric"]: (row["value"], row["previous"]) for row in table.iter_rows(named=True)}


def test_april_humans_only(snapshot):
    got = values(snapshot, Filters(*APRIL))
    # new: erin, fay, gus, hana. Previous period (2 Mar - 31 Mar): alice, bob, carol.
    assert got["new_members"] == (4, 3)
    # active: carol, alice (reaction), bob, erin, fay and hana (attended). March: alice, bob.
    assert got["active_members"] == (6, 2)
    # contributions: 106, 107, 108. March: 101, 102, 103.
    assert got["contributions"] == (3, 3)
    mean_now, mean_before = got["mean_sentiment"]
    assert mean_now == pytest.approx((-0.6212 + 0.0 + 0.398) / 3, abs=1e-4)
    assert mean_before == pytest.approx((0.0 + 0.7124 + 0.6453) / 3, abs=1e-4)


def test_april_including_bots_and_staff(snapshot):
    got = values(snapshot, Filters(*APRIL, include_non_humans=True))
    assert got["new_members"][0] == 7  # + dave, HelperBot, the X account
    assert got["active_members"][0] == 9
    assert got["contributions"][0] == 7  # + 104, 105 and two posts
    assert got["mean_sentiment"][0] == pytest.approx((-0.6212 + 0.0 + 0.398 + 0 + 0 + 0.318 + 0) / 7, abs=1e-4)


def test_platform_filter(snapshot):
    got = values(snapshot, Filters(*APRIL, platforms=("luma",)))
    assert got["new_members"][0] == 3
    assert got["active_members"][0] == 2
    assert got["contributions"][0] == 0
    assert got["mean_sentiment"][0] is None


def test_reporting_time_zone_moves_the_month_boundary(snapshot):
    got = values(snapshot, Filters(*APRIL, time_zone="America/New_York"))
    assert got["contributions"][0] == 4  # 109 at 05-01 00:00Z is 30 April, 20:00 in New York
    assert got["new_members"][0] == 4


def test_monthly_trend(snapshot):
    trend = activity_trend(snapshot, Filters(dt.date(2026, 3, 1), dt.date(2026, 5, 31)), "month")
    rows = {row["bucket"]: row for row in trend.iter_rows(named=True)}
    assert [rows[d]["contributions"] for d in sorted(rows)] == [3, 3, 1]
    assert [rows[d]["active_members"] for d in sorted(rows)] == [2, 6, 1]
    assert rows[dt.date(2026, 5, 1)]["mean_sentiment"] == 0.0


def test_empty_period_gives_zeros_not_errors(snapshot):
    got = values(snapshot, Filters(dt.date(2020, 1, 1), dt.date(2020, 1, 31)))
    assert got["new_members"] == (0, 0)
    assert got["mean_sentiment"] == (None, None)
    assert activity_trend(snapshot, Filters(dt.date(2020, 1, 1), dt.date(2020, 1, 31))).is_empty()


def test_previous_period_has_the_same_length():
    filters = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    previous = filters.previous()
    assert (previous.first_day, previous.last_day) == (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
