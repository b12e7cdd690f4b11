"""Discourse user list CSV and posts CSV (Data Explorer query) adapters."""

from __future__ import annotations

from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import ParseOptions, parse_file

from tests.conftest import FIXTURES, scalar

USERS = FIXTURES / "discourse" / "user-list-260422-090000.csv"
POSTS = FIXTURES / "discourse" / "posts@pulse-forum-2026-04-22.dcqresult.csv"


def parse(path, data=None, options=None):
    return parse_file(path.name, path.read_bytes() if data is None else data, options)


# ---- user list -------------------------------------------------------------------------------


def test_user_list_identities_staff_and_bots():
    parsed = parse(USERS)
    assert parsed.format == "discourse_users"
    assert parsed.activities.height == 0
    people = {row["platform_user_id"]: row for row in parsed.identities.iter_rows(named=True)}
    # 6 accounts: system and discobot, an admin, a moderator, a member, a staged mail sender.
    assert sorted(people) == ["discobot", "jane", "lee_w", "mail_sender", "sammod", "system"]
    assert {key for key, row in people.items() if row["is_staff"]} == {"system", "jane", "sammod"}
    assert {key for key, row in people.items() if row["is_bot"]} == {"system", "discobot"}
    # Keys are lower-cased usernames; the handle keeps Discourse's spelling.
    assert people["sammod"]["handle"] == "SamMod"
    # Discourse's literal quotes around a name with a comma are removed.
    assert people["jane"]["display_name"] == "Doe, Jane"
    assert people["jane"]["email"] == "jane.doe@example.org"
    # Placeholders are not emails (they would merge every forum's system accounts).
    assert people["system"]["email"] is None and people["discobot"]["email"] is None
    assert people["mail_sender"]["display_name"] == "mail_sender"  # no name: the username
    assert people["lee_w"]["joined_at"] == datetime(2026, 3, 30, 22, 45, 1, tzinfo=timezone.utc)
    assert any("1 staged" in note for note in parsed.notes)


def test_user_list_times_ignore_the_reporting_zone():
    # Discourse writes "… UTC": the reporting zone must not shift it.
    parsed = parse(USERS, options=ParseOptions(local_zone="America/New_York"))
    jane = parsed.identities.filter(pl.col("platform_user_id") == "jane").row(0, named=True)
    assert jane["joined_at"] == datetime(2025, 11, 2, 9, 5, 12, tzinfo=timezone.utc)


def test_user_list_header_only_is_empty():
    header = USERS.read_bytes().split(b"\n", 1)[0] + b"\n"
    parsed = parse(USERS, header)
    assert parsed.identities.height == 0


def test_user_list_bad_date_names_row_and_field():
    data = USERS.read_bytes().replace(b"2026-03-30 22:45:01 UTC", b"30/03/2026 22:45")
    with pytest.raises(ExportError) as caught:
        parse(USERS, data)
    assert caught.value.file_name == USERS.name
    assert (caught.value.row, caught.value.field) == (5, "created_at")


def test_user_list_bad_flag_is_reported():
    lines = USERS.read_text(encoding="utf-8-sig").split("\n")
    lines[5] = lines[5].replace(",true,false,false,203.0.113.44", ",true,maybe,false,203.0.113.44")
    with pytest.raises(ExportError, match=r"data row 5, field 'admin'.*'maybe' is not true or false"):
        parse(USERS, "\n".join(lines).encode())


# ---- posts -----------------------------------------------------------------------------------


def test_posts_threads_replies_and_counts():
    parsed = parse(POSTS)
    assert parsed.format == "discourse_posts"
    rows = {row["activity_id"]: row for row in parsed.activities.iter_rows(named=True)}
    assert len(rows) == 6
    opening = rows["discourse:post:101"]
    assert (opening["activity_type"], opening["thread_id"], opening["parent_id"]) == (
        "thread", "discourse:post:101", None)
    assert opening["channel"] == "Support / Install"
    assert opening["text"].startswith("I tried `pip install pulse` and got:\n\n```")
    assert (opening["reactions"], opening["replies"], opening["url"]) == (2, 1, "/t/50/1")
    # No reply_to_post_number: a reply to the first post.
    assert (rows["discourse:post:102"]["parent_id"], rows["discourse:post:102"]["thread_id"]) == (
        "discourse:post:101", "discourse:post:101")
    # A reply to a reply keeps the topic's thread.
    assert (rows["discourse:post:104"]["parent_id"], rows["discourse:post:104"]["thread_id"]) == (
        "discourse:post:103", "discourse:post:101")
    assert rows["discourse:post:103"]["text"] == '3.8 - is that too old? Thanks, "Jane"!'
    # The first post is outside the file: the query's topic_first_post_id still gives the thread.
    late = rows["discourse:post:302"]
    assert (late["thread_id"], late["parent_id"], late["platform_user_id"]) == (
        "discourse:post:290", "discourse:post:290", "[deleted]")
    assert parsed.activities["reactions"].sum() == 6
    # "+02" is converted to UTC; fractions are kept.
    assert rows["discourse:post:102"]["occurred_at"] == datetime(2026, 4, 1, 10, 30, tzinfo=timezone.utc)
    assert rows["discourse:post:103"]["occurred_at"] == datetime(2026, 4, 1, 10, 45, 0, 500000, tzinfo=timezone.utc)


def test_posts_identities_from_usernames():
    parsed = parse(POSTS)
    people = {row["platform_user_id"]: row for row in parsed.identities.iter_rows(named=True)}
    assert sorted(people) == ["[deleted]", "jane", "lee_w", "sammod", "system"]
    assert {key for key, row in people.items() if row["is_bot"]} == {"system"}
    assert all(row["email"] is None for row in people.values())


def test_posts_without_offset_are_utc_not_local():
    data = POSTS.read_bytes().replace(b"2026-04-01 11:15:00+00", b"2026-04-01 11:15:00")
    parsed = parse(POSTS, data, ParseOptions(local_zone="Europe/Berlin"))
    answer = parsed.activities.filter(pl.col("activity_id") == "discourse:post:104").row(0, named=True)
    assert answer["occurred_at"] == datetime(2026, 4, 1, 11, 15, tzinfo=timezone.utc)


def test_posts_missing_column_is_named():
    data = POSTS.read_bytes().replace(b",topic_first_post_id,", b",first_post,")
    with pytest.raises(ExportError, match="missing column.*topic_first_post_id") as caught:
        parse(POSTS, data)
    assert caught.value.file_name == POSTS.name


def test_posts_bad_date_and_bad_number_name_row_and_field():
    with pytest.raises(ExportError) as caught:
        parse(POSTS, POSTS.read_bytes().replace(b"2026-04-03 08:00:00+00", b"03.04.2026 08:00"))
    assert (caught.value.file_name, caught.value.row, caught.value.field) == (POSTS.name, 6, "created_at")
    with pytest.raises(ExportError, match=r"data row 5, field 'post_id'.*'2O1' is not a whole number"):
        parse(POSTS, POSTS.read_bytes().replace(b"\n201,60,", b"\n2O1,60,"))


def test_posts_header_only_is_empty():
    header = POSTS.read_bytes().split(b"\n", 1)[0] + b"\n"
    assert parse(POSTS, header).activities.height == 0


def test_posts_at_the_download_limit_are_flagged():
    header = POSTS.read_text().split("\n", 1)[0]
    row = "{0},60,Welcome,General,1,,,{0},5,user{1},2026-04-01 11:00:00+00,hello,0,0,/t/60/1"
    data = "\n".join([header] + [row.format(number, number % 7) for number in range(1, 10_001)]) + "\n"
    parsed = parse(POSTS, data.encode())
    assert parsed.activities.height == 10_000
    assert any("Data Explorer's download limit" in note for note in parsed.notes)


# ---- both files in the warehouse -------------------------------------------------------------


def test_user_list_and_posts_meet_on_username(db_path):
    load_path(db_path, POSTS)
    result = load_path(db_path, USERS)
    # 5 authors in the posts; the user list adds discobot and mail_sender.
    assert result.people_new == 2
    assert scalar(db_path, "SELECT count(*) FROM identities WHERE platform = 'discourse'") == 7
    # The posts' author gets the user list's email, sign-up date and staff flag.
    assert scalar(db_path, "SELECT is_staff FROM members WHERE email = 'sam@example.org'") is True
    assert scalar(
        db_path,
        "SELECT count(*) FROM activities a JOIN members m USING (member_id) WHERE m.email = 'lee@example.org'",
    ) == 2
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE thread_id = 'discourse:post:101'") == 4
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE activity_type = 'thread'") == 2
