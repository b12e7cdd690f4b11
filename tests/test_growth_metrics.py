"""Growth metrics against hand-computed values on tests/golden_community.py (read its docstring)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.serve.filters import Filters
from pipelines.serve.growth import (
    active_members,
    cohort_retention,
    new_members,
    period_metrics,
    slipping_away,
    stickiness,
)

APRIL = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def april(golden, filters=APRIL) -> dict:
    return period_metrics(golden, filters, "month").row(0, named=True)


def test_april_growth_humans_only(golden):
    got = april(golden)
    # First seen in April: cleo (04-01 02:00 reply), dan (04-02 reaction), hal (04-05 reaction),
    # eve (04-08 registration), ivy (04-09 registration).
    assert got["new_members"] == 5
    # Everyone human first seen before May: + ana, ben, fay, gus.
    assert got["total_members"] == 9
    # ana, ben, cleo, dan (contributions), eve (attended), hal (reaction). ivy only registered.
    assert got["active_members"] == 6
    assert got["contributors"] == 4
    # Active and first seen before April: ana (03-01), ben (02-15).
    assert got["returning_members"] == 2
    assert got["contributions"] == 10


def test_including_bots_and_staff(golden):
    got = april(golden, Filters(APRIL.first_day, APRIL.last_day, include_non_humans=True))
    assert got["total_members"] == 12  # + sam, helperbot, the X account
    assert got["active_members"] == 9  # sam (T1 reply, T4), helperbot (T2 reply), the X account (posts)
    assert got["contributions"] == 15  # + sam's 2, the bot's 1, 2 posts


def test_weekly_buckets_are_clipped_to_the_period(golden):
    weeks = period_metrics(golden, APRIL, "week")
    assert weeks["bucket"].to_list()[0] == dt.date(2026, 3, 30)  # the Monday of the week of 1 April
    assert weeks["bucket_start"][0].date() == dt.date(2026, 4, 1)  # ... counted from 1 April only
    assert weeks["new_members"].sum() == 5
    # Week of 30 March (Mon) to 5 April (Sun), from 1 April: cleo (04-01), ana, ben, cleo, dan
    # (04-02), ben and hal (04-05).
    assert weeks.row(0, named=True)["active_members"] == 5


def test_stickiness_first_three_days_of_april(golden):
    days = stickiness(golden, Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 3)))
    # 04-01: DAU cleo; MAU (03-03..04-01) ana (event 03-10), ben (03-31), cleo.
    # 04-02: DAU ana, ben, cleo, dan = MAU. 04-03: nobody; MAU ana, ben, cleo, dan.
    assert days["dau"].to_list() == [1, 4, 0]
    assert days["mau"].to_list() == [3, 4, 4]
    assert days["stickiness"][0] == pytest.approx((1 / 3 + 1 + 0) / 3)


def test_cohort_retention(golden):
    grid = cohort_retention(golden, Filters(dt.date(2025, 12, 1), dt.date(2026, 4, 30)))
    cells = {(row["cohort_month"], row["months_after"]): (row["active"], row["retention"])
             for row in grid.iter_rows(named=True)}
    december, february, march, april_cohort = (dt.date(2025, 12, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1),
                                               dt.date(2026, 4, 1))
    # fay and gus: first seen in December, active in January and February only.
    assert [cells[(december, k)] for k in range(5)] == [(0, 0.0), (2, 1.0), (2, 1.0), (0, 0.0), (0, 0.0)]
    assert [cells[(february, k)][1] for k in range(3)] == [0.0, 1.0, 1.0]  # ben
    assert [cells[(march, k)][1] for k in range(2)] == [1.0, 1.0]  # ana
    assert cells[(april_cohort, 0)] == (4, 0.8)  # cleo, dan, eve, hal of 5 (ivy never active)
    assert dt.date(2026, 1, 1) not in {month for month, _ in cells}  # nobody first seen in January


def test_slipping_away(golden):
    # As of 1 May: >= 5 activities in 01-01..03-31 and none in April. fay has 5; gus only 4.
    slipping = slipping_away(golden, APRIL)
    assert slipping["display_name"].to_list() == ["Fay"]
    assert slipping["activities_before"].to_list() == [5]


def test_drilldown_rows_match_the_numbers(golden):
    assert sorted(new_members(golden, APRIL)["display_name"]) == ["Cleo", "Dan", "Eve", "Hal", "Ivy"]
    active = active_members(golden, APRIL)
    assert sorted(active["display_name"]) == ["Ana", "Ben", "Cleo", "Dan", "Eve", "Hal"]
    assert sorted(active.filter(active["returning"])["display_name"]) == ["Ana", "Ben"]
    contributors = active_members(golden, APRIL, kinds=("contribution",))
    assert sorted(contributors["display_name"]) == ["Ana", "Ben", "Cleo", "Dan"]
    assert contributors["contributions"].sum() == 10
