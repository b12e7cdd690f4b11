"""DiscordChatExporter JSON and CSV adapters."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.parse import ParseOptions, parse_file

from tests.conftest import FIXTURES


def parse(path, name=None, options=None):
    return parse_file(name or path.name, path.read_bytes(), options)


def test_real_group_dm_export(real_exports):
    parsed = parse(real_exports / "discord" / "GC_3A_5M.json")
    assert parsed.format == "discord_json"
    # 6 messages: 3 system messages (rename, icon change, call) are not contributions.
    assert parsed.activities.height == 3
    assert sorted(parsed.activities["activity_type"]) == ["message", "message", "reply"]
    assert parsed.identities.height == 3
    reply = parsed.activities.filter(pl.col("activity_type") == "reply").row(0, named=True)
    assert reply["parent_id"] == "discord:1064990824305274930"
    assert reply["thread_id"] == "discord:1064990824305274930"
    assert reply["url"] == "https://discord.com/channels/@me/1064990764406419508/530805779645595660"
    # Nickname beats name for display.
    names = dict(zip(parsed.identities["platform_user_id"], parsed.identities["display_name"]))
    assert names["333333333333333333"] == "theplant"


def test_real_guild_export_repeated_id_and_missing_nickname(real_exports):
    parsed = parse(real_exports / "discord" / "SV_5A_5M.json")
    # 5 messages, one id repeated: stored once.
    assert parsed.activities.height == 4
    assert parsed.activities["activity_id"].n_unique() == 4
    assert any("repeated" in note for note in parsed.notes)
    assert parsed.identities.height == 2
    # Reactions without a user list: only the count (3 + 2) on the message.
    reacted = parsed.activities.filter(pl.col("activity_id") == "discord:447793085255123006")
    assert reacted["reactions"].item() == 5
    assert parsed.activities["channel"].unique().to_list() == ["general-chiptune"]


def test_fixture_threads_reactions_joins_and_offsets():
    parsed = parse(FIXTURES / "discord" / "help_march_april.json")
    activities = parsed.activities
    # 9 contributions + 2 reactions given (alice and bob on carol's message); join and pin are not activities.
    assert activities.filter(pl.col("activity_type") != "reaction").height == 9
    reactions = activities.filter(pl.col("activity_type") == "reaction")
    assert sorted(reactions["platform_user_id"]) == ["1", "2"]
    assert reactions["parent_id"].unique().to_list() == ["discord:106"]
    # A reply to a reply belongs to the first message's thread.
    by_id = {row["activity_id"]: row for row in activities.iter_rows(named=True)}
    assert by_id["discord:103"]["thread_id"] == "discord:101"
    assert by_id["discord:101"]["replies"] == 1
    # "+02:00" is converted to UTC.
    assert by_id["discord:106"]["occurred_at"] == datetime(2026, 4, 3, 13, 0, tzinfo=timezone.utc)
    carol = parsed.identities.filter(pl.col("platform_user_id") == "3").row(0, named=True)
    assert carol["joined_at"] == datetime(2026, 3, 15, 8, 0, tzinfo=timezone.utc)
    bot = parsed.identities.filter(pl.col("platform_user_id") == "5").row(0, named=True)
    assert bot["is_bot"] is True


def test_format_is_detected_from_content_not_name():
    data = (FIXTURES / "discord" / "help_march_april.json").read_bytes()
    assert parse_file("export.csv", data).format == "discord_json"


def test_malformed_json_names_file_and_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"guild": {"id": "1"}, "channel": {"id": "2"},\n "messages": [ {"id": ]}')
    with pytest.raises(ExportError) as caught:
        parse(broken)
    assert caught.value.file_name == "broken.json"
    assert caught.value.line == 2
    assert "broken.json (line 2)" in str(caught.value)


def test_message_without_author_is_reported_with_its_row(tmp_path):
    document = json.loads((FIXTURES / "discord" / "help_overlap.json").read_text())
    del document["messages"][1]["author"]
    bad = tmp_path / "no_author.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(ExportError, match=r"no_author.json \(data row 2, field 'id'\)"):
        parse(bad)


def test_discord_csv_export(tmp_path):
    csv_file = tmp_path / "Fixture Guild - Support - help [900].csv"
    csv_file.write_text(
        "AuthorID,Author,Date,Content,Attachments,Reactions\n"
        '"1","alice#0001","2026-04-01T10:00:00.000+00:00","Hello ""world""","",""\n'
        '"2","bob","2026-04-01 12:30","multi\nline","","👍 (2),paul (3)"\n'
        '"2","bob","2026-04-01 12:30","multi\nline","","👍 (2),paul (3)"\n',
        encoding="utf-8",
    )
    parsed = parse(csv_file, options=ParseOptions(local_zone="Europe/Berlin"))
    assert parsed.format == "discord_csv"
    assert parsed.activities.height == 2  # the repeated row is one message
    assert parsed.activities["channel"].unique().to_list() == ["help"]
    first, second = parsed.activities.sort("occurred_at").iter_rows(named=True)
    assert first["text"] == 'Hello "world"'
    # No offset written: read in the reporting zone (Berlin, UTC+2 in April).
    assert second["occurred_at"] == datetime(2026, 4, 1, 10, 30, tzinfo=timezone.utc)
    assert second["reactions"] == 5
    assert sorted(parsed.identities["display_name"]) == ["alice", "bob"]
