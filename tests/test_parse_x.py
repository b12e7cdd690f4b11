"""X tweet activity CSV adapter."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipelines.errors import ExportError
from pipelines.parse import parse_file

from tests.conftest import FIXTURES

# (file, posts, impressions, engagements, posts whose text has a raw newline) counted
# independently with Python's csv module.
REAL_FILES = [
    ("tweet_activity_metrics_rOpenSci_20170101_20170201_en.csv", 37, 103068, 1287, 1),
    ("tweet_activity_metrics_rOpenSci_20180601_20180701_en.csv", 28, 238799, 3637, 24),
    ("tweet_activity_metrics_rOpenSci_20190301_20190401_en.csv", 38, 197340, 2103, 33),
    ("tweet_activity_metrics_rOpenSci_20200301_20200401_en.csv", 39, 236245, 2255, 23),
    ("tweet_activity_metrics_rOpenSci_20211201_20220101_en.csv", 17, 85120, 972, 13),
]


@pytest.mark.parametrize("name, posts, impressions, engagements, multiline", REAL_FILES)
def test_real_monthly_exports(real_exports, name, posts, impressions, engagements, multiline):
    path = real_exports / "x" / name
    parsed = parse_file(path.name, path.read_bytes())
    activities = parsed.activities
    assert parsed.format == "x_tweet_activity"
    assert activities.height == posts
    assert activities["impressions"].sum() == impressions
    assert activities["engagements"].sum() == engagements
    assert activities["text"].str.contains("\n").sum() == multiline
    assert set(activities["activity_type"]) == {"post"}
    assert parsed.identities.rows() == [("x", "ropensci", "rOpenSci", "@rOpenSci", None, False, True, None)]


def test_fixture_counts_times_and_entities():
    path = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"
    parsed = parse_file(path.name, path.read_bytes())
    first = parsed.activities.sort("occurred_at").row(0, named=True)
    assert first["activity_id"] == "x:1780000000000000001"
    assert first["text"] == "Launch day & party!\nJoin us"
    assert first["occurred_at"] == datetime(2026, 4, 1, 12, 0, tzinfo=timezone.utc)
    assert (first["impressions"], first["engagements"], first["shares"], first["replies"], first["reactions"]) == (
        1000, 30, 5, 2, 20)
    assert first["url"] == "https://twitter.com/PulseTest/status/1780000000000000001"


def test_excel_scientific_ids_are_refused():
    path = FIXTURES / "x" / "excel_resaved_scientific_ids.csv"
    with pytest.raises(ExportError, match="scientific notation") as caught:
        parse_file(path.name, path.read_bytes())
    assert caught.value.row == 1
    assert caught.value.field == "tweet id"


def test_unreadable_time_names_row_and_field(tmp_path):
    source = (FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv").read_text()
    bad = tmp_path / "bad_time.csv"
    bad.write_text(source.replace("2026-04-15 08:30 +0000", "15/04/2026"))
    with pytest.raises(ExportError, match=r"bad_time.csv \(data row 2, field 'time'\): cannot read '15/04/2026'"):
        parse_file(bad.name, bad.read_bytes())


def test_header_only_export_has_no_rows(tmp_path):
    header = (FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv").read_text().split("\n")[0]
    empty = tmp_path / "header_only.csv"
    empty.write_text(header + "\n")
    parsed = parse_file(empty.name, empty.read_bytes())
    assert parsed.activities.height == 0
