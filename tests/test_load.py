"""Loading: idempotency, natural keys, lineage, and all-or-nothing files."""

from __future__ import annotations

import pytest

from pipelines import sentiment
from pipelines.errors import ExportError
from pipelines.load import load_export, load_path
from pipelines.load.flags import mark_identities

from tests.conftest import FIXTURES, frame, load_all, scalar, warehouse_contents

HELP = FIXTURES / "discord" / "help_march_april.json"
OVERLAP = FIXTURES / "discord" / "help_overlap.json"
MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"
TWEETS = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"


def test_first_load_counts_rows_and_people(db_path):
    result = load_path(db_path, HELP)
    # 9 messages + 2 reactions given; 6 people.
    assert (result.format, result.rows_new, result.rows_present, result.people_new) == ("discord_json", 11, 0, 6)
    assert result.batch_id == 1
    assert scalar(db_path, "SELECT count(*) FROM activities") == 11
    assert scalar(db_path, "SELECT count(*) FROM members") == 6


def test_loading_the_same_file_twice_adds_nothing(db_path):
    load_path(db_path, HELP)
    before = warehouse_contents(db_path)
    again = load_path(db_path, HELP)
    assert again.already_loaded and again.rows_new == 0 and again.rows_present == 11
    assert warehouse_contents(db_path) == before


def test_overlapping_exports_store_each_message_once(db_path):
    load_path(db_path, HELP)
    second = load_path(db_path, OVERLAP)
    # 108 and 109 were in the first export; 111 is new.
    assert (second.rows_new, second.rows_present) == (1, 2)
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE activity_type <> 'reaction'") == 10
    assert scalar(db_path, "SELECT count(DISTINCT activity_id) FROM activities") == 12
    # The reply in the second file attaches to the thread from the first.
    assert scalar(db_path, "SELECT thread_id FROM activities WHERE activity_id = 'discord:111'") == "discord:109"


def test_every_row_traces_to_its_batch(db_path):
    load_all(db_path, HELP, MEETUP, TWEETS)
    batches = frame(db_path, "SELECT batch_id, file_name, format, rows_loaded, sha256 FROM ingest_batches ORDER BY 1")
    assert batches["format"].to_list() == ["discord_json", "luma_guests", "x_tweet_activity"]
    assert batches["file_name"].to_list() == [HELP.name, MEETUP.name, TWEETS.name]
    assert all(len(digest) == 64 for digest in batches["sha256"])
    orphans = scalar(
        db_path,
        "SELECT count(*) FROM (SELECT batch_id FROM source_activities UNION ALL SELECT batch_id FROM source_identities"
        " UNION ALL SELECT batch_id FROM source_events UNION ALL SELECT batch_id FROM source_attendance)"
        " WHERE batch_id NOT IN (SELECT batch_id FROM ingest_batches)",
    )
    assert orphans == 0
    # rows_loaded counts new records and new people: 11 + 6 | 1 event + 3 registrations + 3 people | 2 posts + 1 account
    assert batches["rows_loaded"].to_list() == [17, 7, 3]


def test_sentiment_is_scored_once_per_distinct_text(db_path, monkeypatch):
    scored: list[str] = []
    real_score = sentiment.score

    def counting_score(texts):
        scored.extend(texts)
        return real_score(texts)

    monkeypatch.setattr(sentiment, "score", counting_score)
    load_path(db_path, HELP)
    load_path(db_path, OVERLAP)
    # 9 distinct texts in the first file; the second adds only "Thanks all".
    assert len(scored) == len(set(scored)) == 10
    assert scalar(db_path, "SELECT sentiment FROM activities WHERE activity_id = 'discord:106'") == pytest.approx(-0.6212, abs=1e-4)  # "This is bad"
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE text IS NOT NULL AND sentiment IS NULL") == 0


def test_a_file_failing_mid_write_leaves_the_warehouse_exactly_as_before(db_path, monkeypatch):
    load_path(db_path, HELP)
    before = warehouse_contents(db_path)

    def failing_score(texts):
        raise RuntimeError("scorer crashed after rows were inserted")

    monkeypatch.setattr(sentiment, "score", failing_score)
    with pytest.raises(RuntimeError):
        load_path(db_path, TWEETS)
    assert warehouse_contents(db_path) == before
    assert not list(db_path.parent.glob("*.building-*"))


def test_a_bad_file_changes_nothing_and_names_itself(db_path):
    load_path(db_path, HELP)
    before = warehouse_contents(db_path)
    with pytest.raises(ExportError, match="^broken.json"):
        load_export(db_path, "broken.json", b'{"guild": {}, "channel": {}, "messages": [')
    assert warehouse_contents(db_path) == before


def test_a_bad_first_file_creates_no_warehouse(db_path):
    with pytest.raises(ExportError):
        load_export(db_path, "empty.csv", b"")
    assert not db_path.exists()


def test_later_export_adds_check_ins_to_known_registrations(db_path, tmp_path):
    before_event = tmp_path / "Spring Meetup - Guests - 2026-04-19-09-00-00.csv"
    before_event.write_bytes(MEETUP.read_bytes().replace(b"2026-04-20T17:12:00Z", b""))
    first = load_path(db_path, before_event)
    assert scalar(db_path, "SELECT count(*) FILTER (WHERE attended) FROM event_attendance") == 1
    second = load_path(db_path, MEETUP)
    assert second.rows_present == 4  # the event and its 3 registrations were known
    assert scalar(db_path, "SELECT count(*) FILTER (WHERE attended) FROM event_attendance") == 2
    assert first.batch_id != second.batch_id


def test_analyst_flags_override_the_source(db_path):
    load_path(db_path, HELP)
    assert scalar(db_path, "SELECT is_staff FROM identities WHERE platform_user_id = '4'") is False
    mark_identities(db_path, [("discord", "4")], is_staff=True, set_by="tester")
    assert scalar(db_path, "SELECT m.is_staff FROM members m JOIN identities i USING (member_id) "
                           "WHERE i.platform_user_id = '4'") is True


def test_replies_join_threads_across_files(db_path, tmp_path):
    """A channel exported in two halves: a reply in the second half answers a reply in the first."""
    import json

    document = json.loads(HELP.read_text())
    later = dict(document, messages=[{
        **document["messages"][2], "id": "120", "timestamp": "2026-05-03T10:00:00.000+00:00",
        "reference": {"messageId": "103", "channelId": "900", "guildId": "800"}, "type": "Reply"}])
    second_half = tmp_path / "help_second_half.json"
    second_half.write_text(json.dumps(later))
    load_path(db_path, HELP)
    load_path(db_path, second_half)
    # 120 replies to 103, which replies to 102, which replies to 101: all one thread.
    assert scalar(db_path, "SELECT thread_id FROM activities WHERE activity_id = 'discord:120'") == "discord:101"


def test_earlier_replies_join_the_thread_when_their_parent_arrives(db_path, tmp_path):
    import json

    document = json.loads(HELP.read_text())
    messages = {m["id"]: m for m in document["messages"]}
    first_file = tmp_path / "replies_only.json"
    first_file.write_text(json.dumps(dict(document, messages=[messages["103"]])))
    load_path(db_path, first_file)
    assert scalar(db_path, "SELECT thread_id FROM activities WHERE activity_id = 'discord:103'") == "discord:102"
    load_path(db_path, HELP)
    assert scalar(db_path, "SELECT thread_id FROM activities WHERE activity_id = 'discord:103'") == "discord:101"


def test_lookup_keys_follow_ids_and_threads(db_path, tmp_path):
    """Loads find stored rows by lookup_key(activity_id) and lookup_key(thread_id): every row's keys
    must match its id and its thread, re-threaded replies included."""
    import json

    document = json.loads(HELP.read_text())
    messages = {m["id"]: m for m in document["messages"]}
    reply_first = tmp_path / "replies_only.json"
    reply_first.write_text(json.dumps(dict(document, messages=[messages["103"]])))
    later = tmp_path / "help_second_half.json"
    later.write_text(json.dumps(dict(document, messages=[{
        **messages["102"], "id": "120", "timestamp": "2026-05-03T10:00:00.000+00:00",
        "reference": {"messageId": "103", "channelId": "900", "guildId": "800"}, "type": "Reply"}])))
    for path in (reply_first, HELP, OVERLAP, later):
        load_path(db_path, path)
    assert scalar(db_path, "SELECT thread_id FROM source_activities WHERE activity_id = 'discord:103'") == "discord:101"
    assert scalar(db_path, "SELECT thread_id FROM source_activities WHERE activity_id = 'discord:120'") == "discord:101"
    assert scalar(db_path, "SELECT count(*) FROM source_activities WHERE id_key IS DISTINCT FROM "
                           "lookup_key(activity_id) OR thread_key IS DISTINCT FROM lookup_key(thread_id)") == 0
    assert scalar(db_path, "SELECT count(*) FROM source_activities") == 13  # 11 + OVERLAP's new one + 120


def test_a_lookup_key_collision_is_checked_by_id(db_path, tmp_path):
    """Two ids with the same lookup key (as 64-bit keys may) are still two messages."""
    import json

    import duckdb

    load_path(db_path, HELP)
    connection = duckdb.connect(str(db_path))
    connection.execute("UPDATE source_activities SET id_key = lookup_key('discord:130'), "
                       "thread_key = lookup_key('discord:130') WHERE activity_id = 'discord:101'")
    connection.close()
    document = json.loads(HELP.read_text())
    new_message = tmp_path / "help_new.json"
    new_message.write_text(json.dumps(dict(document, messages=[{
        **document["messages"][1], "id": "130", "timestamp": "2026-05-03T10:00:00.000+00:00"}])))
    result = load_path(db_path, new_message)
    assert result.rows_new == 1
    assert scalar(db_path, "SELECT list(thread_id ORDER BY activity_id) FROM source_activities "
                           "WHERE activity_id IN ('discord:101', 'discord:130')") == ["discord:101", "discord:130"]


def test_a_known_text_in_a_new_message_reuses_its_score(db_path, tmp_path, monkeypatch):
    """The cache is looked up by hash key: a new message repeating a scored text is not scored again."""
    import json

    load_path(db_path, HELP)
    cached = scalar(db_path, "SELECT count(*) FROM sentiment_cache")
    scored: list[str] = []
    real_score = sentiment.score
    monkeypatch.setattr(sentiment, "score", lambda texts: scored.extend(texts) or real_score(texts))
    document = json.loads(HELP.read_text())
    repeat = tmp_path / "help_repeat.json"
    repeat.write_text(json.dumps(dict(document, messages=[{
        **document["messages"][1], "id": "140", "content": "This is bad",
        "timestamp": "2026-05-03T10:00:00.000+00:00"}])))
    assert load_path(db_path, repeat).rows_new == 1
    assert scored == []
    assert scalar(db_path, "SELECT count(*) FROM sentiment_cache") == cached
    assert scalar(db_path, "SELECT sentiment FROM activities WHERE activity_id = 'discord:140'") == pytest.approx(
        scalar(db_path, "SELECT sentiment FROM activities WHERE activity_id = 'discord:106'"))
