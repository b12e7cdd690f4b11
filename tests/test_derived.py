"""Derived tables (load/derived.py): after every kind of write, what the incremental refresh left
equals a rebuild from the base tables alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.load import derived, load_path
from pipelines.load.batches import undo_batch
from pipelines.load.derived import DERIVED_TABLES, rebuild_all
from pipelines.load.flags import mark_identities
from pipelines.load.merges import merge_identities, unmerge
from pipelines.load.rescore import rescore

from tests.conftest import FIXTURES, scalar

HELP = FIXTURES / "discord" / "help_march_april.json"
OVERLAP = FIXTURES / "discord" / "help_overlap.json"
MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"
TWEETS = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"
FORUM_USERS = FIXTURES / "discourse" / "user-list-260422-090000.csv"
FORUM_POSTS = FIXTURES / "discourse" / "posts@pulse-forum-2026-04-22.dcqresult.csv"
COMPARED = [t for t in DERIVED_TABLES if t not in ("derived_undone", "derived_merges")]


def derived_rows(connection: duckdb.DuckDBPyConnection) -> dict[str, list]:
    # Table names come from the module's own constant.
    return {table: sorted(map(repr, connection.execute(f"SELECT * FROM {table}").fetchall())) for table in COMPARED}


def assert_matches_a_rebuild(db: Path, tmp_path: Path, incremental: bool = True) -> None:
    """The derived tables equal a rebuild; and the latest write did not need one (incremental)."""
    assert ("rebuild all" not in derived.last_timings) == incremental, derived.last_timings
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(db, copy)
    connection = duckdb.connect(str(copy))
    try:
        incremental = derived_rows(connection)
        connection.execute("BEGIN TRANSACTION")
        rebuild_all(connection)
        rebuilt = derived_rows(connection)
        connection.execute("ROLLBACK")
    finally:
        connection.close()
        copy.unlink()
    for table in COMPARED:
        assert incremental[table] == rebuilt[table], table


def half_of_help(tmp_path: Path, ids: set[str], name: str) -> Path:
    document = json.loads(HELP.read_text())
    path = tmp_path / name
    path.write_text(json.dumps(dict(document, messages=[m for m in document["messages"] if m["id"] in ids])))
    return path


@pytest.fixture(params=["noted", "searched"])
def stored_replies(request, monkeypatch):
    """Replies stored before the message they answer are noted by the loader; without the note
    (a batch written some other way) the refresh searches the facts for them. Both must agree."""
    if request.param == "searched":
        monkeypatch.setattr(derived, "note_stored_replies", lambda *args: None)
    return request.param


def test_loads_in_any_order_match_a_rebuild(db_path, tmp_path, stored_replies):
    # A reply arrives before its parent: the parent's file re-threads it.
    steps = [half_of_help(tmp_path, {"103"}, "reply_first.json"), HELP, OVERLAP, MEETUP, TWEETS, FORUM_POSTS,
             FORUM_USERS]
    for number, path in enumerate(steps):
        load_path(db_path, path)
        assert_matches_a_rebuild(db_path, tmp_path, incremental=number > 0)
    assert scalar(db_path, "SELECT count(*) FROM activity_facts") == scalar(db_path, "SELECT count(*) FROM activities")


def test_merges_flags_and_undo_match_a_rebuild(db_path, tmp_path):
    for path in (HELP, MEETUP, FORUM_USERS, FORUM_POSTS):
        load_path(db_path, path)
    people = scalar(db_path, "SELECT list((platform, platform_user_id) ORDER BY platform, platform_user_id) "
                             "FROM identities WHERE platform IN ('discord', 'discourse')")
    discord = [tuple(p) for p in people if p[0] == "discord"]
    forum = [tuple(p) for p in people if p[0] == "discourse"]
    first, second = discord[0], forum[0]
    merge_id = merge_identities(db_path, first, second, reason="same person")
    assert_matches_a_rebuild(db_path, tmp_path)
    mark_identities(db_path, [first], is_bot=True)
    assert_matches_a_rebuild(db_path, tmp_path)
    mark_identities(db_path, [discord[1]], is_staff=True)
    assert_matches_a_rebuild(db_path, tmp_path)
    unmerge(db_path, merge_id)
    assert_matches_a_rebuild(db_path, tmp_path)
    undo_batch(db_path, 1)  # the Discord file: its people, messages and threads leave
    assert_matches_a_rebuild(db_path, tmp_path)
    load_path(db_path, HELP)
    assert_matches_a_rebuild(db_path, tmp_path)
    undo_batch(db_path, 2)  # the guest list
    assert_matches_a_rebuild(db_path, tmp_path)


def test_a_later_guest_list_adds_check_ins(db_path, tmp_path):
    before_event = tmp_path / "Spring Meetup - Guests - 2026-04-19-09-00-00.csv"
    before_event.write_bytes(MEETUP.read_bytes().replace(b"2026-04-20T17:12:00Z", b""))
    load_path(db_path, before_event)
    load_path(db_path, MEETUP)
    assert_matches_a_rebuild(db_path, tmp_path)


def test_unexpected_changes_rebuild_everything(db_path, tmp_path):
    load_path(db_path, HELP)
    connection = duckdb.connect(str(db_path))
    connection.execute("DELETE FROM source_activities WHERE activity_id = 'discord:101'")  # outside any batch
    connection.close()
    load_path(db_path, TWEETS)
    assert_matches_a_rebuild(db_path, tmp_path, incremental=False)
    assert scalar(db_path, "SELECT count(*) FROM activity_facts WHERE source_id = 'discord:101'") == 0


def test_a_rescore_moves_every_fact(db_path, tmp_path):
    load_path(db_path, HELP)
    scored = "SELECT list(sentiment ORDER BY source_id) FROM activity_facts"
    before = scalar(db_path, scored)
    rescore(db_path, "vader")  # it notes the re-score (derived.note_rescored)
    assert_matches_a_rebuild(db_path, tmp_path)
    assert scalar(db_path, scored) != before
    load_path(db_path, TWEETS)
    assert_matches_a_rebuild(db_path, tmp_path)


def test_activities_whose_identity_left_and_came_back(db_path, tmp_path):
    load_path(db_path, HELP)
    load_path(db_path, OVERLAP)  # repeats some messages and adds one, by the same people
    undo_batch(db_path, 1)  # the people leave with HELP; OVERLAP's new message stays, without its author
    assert_matches_a_rebuild(db_path, tmp_path)
    load_path(db_path, HELP)  # the people come back: their stranded activity counts again
    assert_matches_a_rebuild(db_path, tmp_path, incremental=False)
    assert scalar(db_path, "SELECT count(*) FROM activity_facts") == scalar(db_path, "SELECT count(*) FROM activities")


def test_member_key_is_the_member_id_as_a_number(db_path):
    """Queries count members by member_key: it must be the id's own 64 bits in every table, in the
    id's order, after a merge moved facts to another member too."""
    for path in (HELP, MEETUP, FORUM_USERS, FORUM_POSTS):
        load_path(db_path, path)
    people = scalar(db_path, "SELECT list((platform, platform_user_id) ORDER BY platform, platform_user_id) "
                             "FROM identities WHERE platform IN ('discord', 'discourse')")
    merge_identities(db_path, tuple(people[0]), tuple(people[-1]), reason="same person")
    connection = duckdb.connect(str(db_path), read_only=True)
    try:
        for table in ("member_rows", "activity_facts", "event_facts"):
            # Table names are this test's own.
            pairs = connection.execute(f"SELECT DISTINCT member_id, member_key FROM {table}").fetchall()
            assert pairs, table
            assert all(key == int(member_id.removeprefix("m_"), 16) for member_id, key in pairs), table
        ids = [row[0] for row in connection.execute("SELECT member_id FROM member_rows ORDER BY member_key").fetchall()]
        assert ids == sorted(ids)
    finally:
        connection.close()


def discord_file(tmp_path: Path, name: str, messages: list[tuple]) -> Path:
    """A #help export of `messages`: (id, author id, author name, time, parent id or None, is bot)."""
    document = json.loads(HELP.read_text())
    template = document["messages"][1]
    rows = []
    for message_id, author_id, author, time, parent, is_bot in messages:
        row = dict(template, id=message_id, content=f"message {message_id}", timestamp=time,
                   author=dict(template["author"], id=author_id, name=author, nickname=author, isBot=is_bot))
        if parent:
            row.update(type="Reply", reference={"channelId": "900", "guildId": "800", "messageId": parent})
        rows.append(row)
    path = tmp_path / name
    path.write_text(json.dumps(dict(document, messages=rows, messageCount=len(rows))))
    return path


def thread(db: Path, start: str) -> tuple:
    return scalar(db, "SELECT (t.responses, t.first_response_at::VARCHAR, i.platform_user_id) FROM thread_rows AS t "
                      "LEFT JOIN identity_members AS i ON i.member_id = t.first_responder_id "
                      "WHERE t.thread_id = $id", {"id": f"discord:{start}"})


def test_later_replies_fold_into_stored_threads(db_path, tmp_path):
    """Threads that only gain new replies are updated from the new rows alone; each step equals a
    rebuild, and the first responses are the ones worked out by hand."""
    day = "2026-06-01T{}:00.000+00:00"
    load_path(db_path, discord_file(tmp_path, "week1.json", [
        ("500", "1", "alice", day.format("10:00"), None, False),      # thread 500
        ("501", "2", "bob", day.format("12:00"), "500", False),       # first response, 12:00
    ]))
    assert thread(db_path, "500") == (1, "2026-06-01 12:00:00+00", "2")
    load_path(db_path, discord_file(tmp_path, "week2.json", [
        ("502", "3", "carol", day.format("11:00"), "500", False),     # earlier than bob's: now first
        ("503", "1", "alice", day.format("10:30"), "500", False),     # the starter: not a response
        ("504", "9", "helperbot", day.format("10:10"), "500", True),  # a bot: not a response
        ("505", "4", "dave", day.format("13:00"), None, False),       # thread 505, started in this file
        ("506", "2", "bob", day.format("14:00"), "505", False),
    ]))
    assert_matches_a_rebuild(db_path, tmp_path)
    assert thread(db_path, "500") == (2, "2026-06-01 11:00:00+00", "3")
    assert thread(db_path, "505") == (1, "2026-06-01 14:00:00+00", "2")
    load_path(db_path, discord_file(tmp_path, "week3.json", [
        ("507", "5", "erin", day.format("11:00"), "500", False),      # same time as carol's: 502 < 507 wins
        ("508", "5", "erin", day.format("13:30"), "505", False),      # earlier than bob's 14:00 in 505
        ("509", "2", "bob", day.format("15:00"), "501", False),       # a reply to a reply, in thread 500
    ]))
    assert_matches_a_rebuild(db_path, tmp_path)
    assert thread(db_path, "500") == (4, "2026-06-01 11:00:00+00", "3")
    assert thread(db_path, "505") == (2, "2026-06-01 13:30:00+00", "5")


def test_replies_stored_before_their_thread_starts(db_path, tmp_path, stored_replies):
    """Replies loaded before the message they answer: when it arrives, its thread counts them."""
    day = "2026-06-01T{}:00.000+00:00"
    load_path(db_path, discord_file(tmp_path, "replies.json", [
        ("601", "2", "bob", day.format("12:00"), "600", False),       # answers 600, not stored yet
        ("602", "3", "carol", day.format("12:30"), "601", False),     # answers the reply
    ]))
    load_path(db_path, discord_file(tmp_path, "start.json", [
        ("600", "1", "alice", day.format("10:00"), None, False),
        ("603", "4", "dave", day.format("11:00"), "600", False),
    ]))
    assert_matches_a_rebuild(db_path, tmp_path)
    assert thread(db_path, "600") == (3, "2026-06-01 11:00:00+00", "4")


def test_a_thread_key_collision_is_checked_by_thread_id(db_path, tmp_path):
    """Folding finds stored threads by lookup key; a thread whose key merely collides stays as it was."""
    day = "2026-06-01T{}:00.000+00:00"
    load_path(db_path, discord_file(tmp_path, "week1.json", [
        ("700", "1", "alice", day.format("10:00"), None, False),
        ("710", "2", "bob", day.format("10:00"), None, False),
    ]))
    connection = duckdb.connect(str(db_path))
    connection.execute("UPDATE thread_rows SET thread_key = lookup_key('discord:700') WHERE thread_id = 'discord:710'")
    connection.close()
    load_path(db_path, discord_file(tmp_path, "week2.json", [
        ("701", "3", "carol", day.format("11:00"), "700", False),
    ]))
    assert thread(db_path, "700") == (1, "2026-06-01 11:00:00+00", "3")
    assert thread(db_path, "710") == (0, None, None)


def test_an_identity_key_collision_is_checked_by_user_id(db_path, tmp_path):
    """Identities are found by identity_key, then compared by user id: an identity whose key merely
    collides with a person of the new file (bob's, made alice's here) takes nothing of hers, and
    everything equals a rebuild."""
    day = "2026-06-01T{}:00.000+00:00"
    load_path(db_path, discord_file(tmp_path, "week1.json", [
        ("700", "1", "alice", day.format("10:00"), None, False),
        ("710", "2", "bob", day.format("10:00"), None, False),
    ]))
    collide = ("UPDATE {table} SET identity_key = {key} "
               "WHERE platform = 'discord' AND platform_user_id = '2'")
    connection = duckdb.connect(str(db_path))
    for table in ("source_identities", "identity_members"):  # (a fixed list of the test's own)
        connection.execute(collide.format(table=table, key="identity_key('discord', '1')"))
    connection.close()
    load_path(db_path, discord_file(tmp_path, "week2.json", [
        # alice's first activity, earlier; and she turns out to be a bot (so she is resolved again)
        ("702", "1", "alice", "2026-05-31T09:00:00.000+00:00", None, True),
        ("711", "3", "carol", day.format("11:00"), "710", False),
    ]))
    connection = duckdb.connect(str(db_path))
    for table in ("source_identities", "identity_members"):  # bob's own key back, for the comparison
        connection.execute(collide.format(table=table, key="identity_key(platform, platform_user_id)"))
    connection.close()
    assert_matches_a_rebuild(db_path, tmp_path)
    assert scalar(db_path, "SELECT list((platform_user_id, first_activity_at::VARCHAR) ORDER BY platform_user_id) "
                           "FROM identity_members") == [("1", "2026-05-31 09:00:00+00"), ("2", "2026-06-01 10:00:00+00"),
                                                        ("3", "2026-06-01 11:00:00+00")]
    assert thread(db_path, "710") == (1, "2026-06-01 11:00:00+00", "3")
