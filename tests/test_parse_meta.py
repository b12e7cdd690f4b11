"""Meta Business Suite post export adapter, Facebook and Instagram."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, detect, parse_file

from tests.conftest import FIXTURES, scalar

FACEBOOK = FIXTURES / "facebook" / "Apr-01-2026_Apr-30-2026_1587421903.csv"
INSTAGRAM = FIXTURES / "instagram" / "Apr-01-2026_Apr-30-2026_2204981766.csv"
NEW_YORK = ParseOptions(local_zone="America/New_York")


def test_facebook_posts_counts_and_page():
    parsed = parse_file(FACEBOOK.name, FACEBOOK.read_bytes(), NEW_YORK)
    assert parsed.format == "meta_posts"
    posts = parsed.activities
    assert posts.height == 3
    assert set(posts["platform"]) == {"facebook"} and set(posts["activity_type"]) == {"post"}
    assert (posts["activity_id"] == posts["thread_id"]).all()
    # Views 1,200 + 3,000 + 500; Meta's own "Reactions, Comments and Shares" 45 + 80 + 6.
    assert posts["impressions"].sum() == 4700
    assert posts["engagements"].sum() == 131
    assert (posts["reactions"].sum(), posts["replies"].sum(), posts["shares"].sum()) == (84, 31, 16)
    first = posts.row(0, named=True)
    assert first["activity_id"] == "facebook:1827720132094663"
    assert first["text"] == 'Spring meetup recap! 🎉 \nThanks to everyone who came, "really".'
    assert first["url"] == "https://www.facebook.com/pulsecommunity/posts/pfbid02abcRecap"
    # 04/03/2026 18:12 in New York (EDT, UTC-4).
    assert first["occurred_at"] == datetime(2026, 4, 3, 22, 12, tzinfo=timezone.utc)
    # 04/28/2026 23:30 local is already Apr 29 in UTC.
    assert posts.row(2, named=True)["occurred_at"] == datetime(2026, 4, 29, 3, 30, tzinfo=timezone.utc)
    # The video's caption is in Description, the longer of Title and Description.
    assert posts.row(1, named=True)["text"] == "Full recording of the April talk, with slides and Q&A"
    assert parsed.identities.rows() == [
        ("facebook", "100045700821521", "Pulse Community", "Pulse Community", None, False, True, None)]


def test_instagram_posts_sum_their_engagements():
    parsed = parse_file(INSTAGRAM.name, INSTAGRAM.read_bytes(), NEW_YORK)
    posts = parsed.activities
    assert set(posts["platform"]) == {"instagram"}
    assert posts["activity_id"].to_list() == ["instagram:18182686576415017", "instagram:18182686576415018"]
    # No combined column: likes + comments + shares = (40 + 7 + 3) + (12 + 2 + 0).
    assert posts["engagements"].to_list() == [50, 14]
    assert posts["impressions"].sum() == 7500
    assert posts["channel"].unique().to_list() == ["@pulsecommunity"]
    assert parsed.identities.rows() == [
        ("instagram", "17841403398239763", "pulsecommunity", "Pulse Community", None, False, True, None)]


def test_rounded_ids_are_refused(tmp_path):
    bad = tmp_path / "resaved.csv"
    bad.write_bytes(FACEBOOK.read_bytes().replace(b"1827720132094664,", b"1.82772E+15,"))
    with pytest.raises(ExportError, match="scientific notation") as caught:
        parse_file(bad.name, bad.read_bytes())
    assert (caught.value.row, caught.value.field) == (2, "post id")


def test_daily_rows_are_refused(tmp_path):
    bad = tmp_path / "daily.csv"
    bad.write_bytes(FACEBOOK.read_bytes().replace(b",Lifetime,1200,", b",04/03/2026,1200,"))
    with pytest.raises(ExportError, match=r"^daily.csv \(data row 1, field 'Date'\): Date is '04/03/2026'"):
        parse_file(bad.name, bad.read_bytes())


def test_unreadable_publish_time_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad_time.csv"
    bad.write_bytes(FACEBOOK.read_bytes().replace(b'"04/10/2026 09:05"', b'"10 April 2026"'))
    with pytest.raises(ExportError, match=r"^bad_time.csv \(data row 2, field 'Publish time'\): cannot read"):
        parse_file(bad.name, bad.read_bytes())


def test_missing_page_name_is_named(tmp_path):
    bad = tmp_path / "no_page_name.csv"
    bad.write_bytes(FACEBOOK.read_bytes().replace(b'"Page name"', b'"Page"'))
    with pytest.raises(ExportError, match=r"^no_page_name.csv: missing column\(s\): page name"):
        parse_file(bad.name, bad.read_bytes())


def test_older_exports_with_impressions_are_read(tmp_path):
    older = tmp_path / "older.csv"
    older.write_bytes(FACEBOOK.read_bytes().replace(b"Date,Views,Reach", b"Date,Impressions,Reach"))
    assert parse_file(older.name, older.read_bytes()).activities["impressions"].sum() == 4700


def test_header_only_export_has_no_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(INSTAGRAM.read_bytes().split(b"\n")[0] + b"\n")
    assert parse_file(empty.name, empty.read_bytes()).activities.height == 0


def test_detection_keeps_formats_apart():
    assert detect(FACEBOOK.name, FACEBOOK.read_bytes()).name == "meta_posts"
    tweets = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"
    assert detect(tweets.name, tweets.read_bytes()).name == "x_tweet_activity"


def test_loads_into_the_warehouse(db_path):
    result = load_path(db_path, FACEBOOK, options=NEW_YORK)
    # 3 posts + 1 page.
    assert (result.format, result.rows_new, result.people_new) == ("meta_posts", 3, 1)
    assert scalar(db_path, "SELECT sum(engagements) FROM activities WHERE platform = 'facebook'") == 131
    assert scalar(db_path, "SELECT bool_and(is_staff) FROM members") is True
    assert scalar(db_path, "SELECT count(DISTINCT thread_id) FROM activities") == 3
    assert load_path(db_path, INSTAGRAM, options=NEW_YORK).rows_new == 2
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'instagram'") == 2
    assert scalar(db_path, "SELECT count(*) FROM members") == 2  # the page and the account
