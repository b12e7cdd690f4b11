"""A metric's figures read the same on the dashboard and in the report (pipelines/number_text.py)."""

from __future__ import annotations

import pytest

from pipelines.number_text import change_text, value_text


@pytest.mark.parametrize("key, value, shown", [
    ("response_rate", 0.615, "61.5%"),
    ("median_hours_to_first_response", 1234.56, "1,234.6 h"),
    ("mean_sentiment", 0.1, "+0.10"),
    ("mean_sentiment", -0.046875, "-0.05"),
    ("net_sentiment", -25.0, "-25 pts"),
    ("interactions_per_post", 3.25, "3.2"),
    ("active_members", 1204.0, "1,204"),
    ("active_members", None, "–"),
])
def test_a_value_reads_in_its_unit(key, value, shown):
    assert value_text(key, value) == shown


@pytest.mark.parametrize("key, change, shown", [
    ("stickiness", 0.025, "+2.5 pts"),  # a share's change is in percentage points
    ("net_sentiment", 8.0, "+8 pts"),
    ("p90_hours_to_first_response", -1.0, "-1.0 h"),
    ("mean_sentiment", 0.05, "+0.05"),
    ("new_members", 12.0, "+12"),
    ("new_members", None, None),
])
def test_a_change_reads_in_the_unit_of_changes(key, change, shown):
    assert change_text(key, change) == shown
