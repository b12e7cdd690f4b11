"""The demo goes through the same pipeline as real exports: what the generator wrote is what
the warehouse holds."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.demo.build import build_demo, demo_exports_dir
from pipelines.demo.generate import write_demo_exports

from tests.conftest import frame, scalar

END = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("demo") / "community.duckdb"
    return db_path, build_demo(db_path, end=END)


def test_demo_warehouse_holds_what_the_exports_hold(demo, tmp_path):
    db_path, results = demo
    expected = write_demo_exports(tmp_path / "again", end=END).expected
    assert len(results) == expected["discord_files"] + expected["x_files"] + expected["events"]
    assert {result.format for result in results} == {"discord_json", "x_tweet_activity", "luma_guests"}
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'discord' AND is_contribution") == \
        expected["discord_messages"]
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE activity_type = 'reaction'") == \
        expected["discord_reactions_given"]
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'x'") == expected["x_posts"]
    assert scalar(db_path, "SELECT sum(impressions) FROM activities WHERE platform = 'x'") == expected["x_impressions"]
    assert scalar(db_path, "SELECT count(*) FROM events") == expected["events"]
    assert scalar(db_path, "SELECT count(*) FROM source_attendance") == expected["luma_registrations"]
    assert scalar(db_path, "SELECT count(*) FROM source_attendance WHERE attended") == expected["luma_checked_in"]
    # Staff marked as an analyst would (8 on Discord, plus the X account the source flags).
    assert scalar(db_path, "SELECT count(*) FROM identities WHERE is_staff AND platform = 'discord'") == \
        expected["discord_staff"]
    assert scalar(db_path, "SELECT count(*) FROM members WHERE is_bot") == 2
    assert scalar(db_path, "SELECT count(*) FROM members") >= 2000
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE text IS NOT NULL AND sentiment IS NULL") == 0
    # The generated files sit beside the warehouse, not in the project's data/ folder.
    assert demo_exports_dir(db_path).parent == db_path.parent


def test_sentiment_dips_in_the_crisis_months(demo):
    db_path, _ = demo
    monthly = dict(frame(
        db_path,
        "SELECT strftime(occurred_at, '%Y-%m') AS month, avg(sentiment) AS mean FROM activities "
        "WHERE is_contribution AND text <> '' GROUP BY 1",
    ).iter_rows())
    calm = [monthly[m] for m in ("2026-03", "2026-04", "2026-09", "2026-10")]
    assert max(monthly["2026-06"], monthly["2026-07"]) < min(calm) - 0.03
