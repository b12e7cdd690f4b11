"""Slack workspace export (zip) adapter."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import ExportError
from pipelines.load import load_path
from pipelines.parse import parse_file

from tests.conftest import FIXTURES, scalar

WORKSPACE = FIXTURES / "slack" / "pulse-workspace"
THREAD_START = "slack:C01GENERAL:1775034000.000400"


def zipped(folder: Path, prefix: str = "", replace: dict[str, bytes] | None = None) -> bytes:
    """The fixture folder as Slack's download: a zip of its files (member names relative to it)."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            archive.writestr(prefix + name, replace.get(name, path.read_bytes()))
    return buffer.getvalue()


def by_id(parsed) -> dict[str, dict]:
    return {row["activity_id"]: row for row in parsed.activities.iter_rows(named=True)}


# ---- the real export -------------------------------------------------------------------------


def test_real_archive(real_exports):
    # Counted independently with json over the day files: 49 plain messages, 94 bot_message,
    # 3 file_share, 1 file_comment = 147 contributions (enrique 96, traveling-sailor 51);
    # 8 channel_join and 3 bot_add are not; one bot message carries one reaction with a user.
    path = real_exports / "slack" / "testarchive.zip"
    parsed = parse_file(path.name, path.read_bytes())
    activities = parsed.activities
    assert parsed.format == "slack_export"
    contributions = activities.filter(pl.col("activity_type") != "reaction")
    assert contributions.height == 147
    assert dict(contributions.group_by("channel").len().iter_rows()) == {"enrique": 96, "traveling-sailor": 51}
    reactions = activities.filter(pl.col("activity_type") == "reaction")
    assert reactions.rows(named=True)[0]["platform_user_id"] == "U0BMYT2FL"
    assert reactions.height == 1
    # 4 people from users.json + 3 integrations posting as bots (named by their bot_add notices).
    assert parsed.identities.height == 7
    bots = parsed.identities.filter(pl.col("is_bot"))
    assert sorted(bots["platform_user_id"]) == ["B0JL6RASU", "B0JL6UFSL", "B0VJZKVHC"]
    assert set(bots["display_name"]) == {"github"}
    assert contributions.filter(pl.col("platform_user_id").str.starts_with("B")).height == 94
    # The owner and admin is staff; the human who added the integrations is not a bot.
    hamza = parsed.identities.filter(pl.col("platform_user_id") == "U0BMQB6JE").row(0, named=True)
    assert (hamza["is_staff"], hamza["is_bot"]) == (True, False)
    assert hamza["joined_at"] == datetime(2016, 1, 15, 5, 55, 18, 2, tzinfo=timezone.utc)
    # Mentions and links made readable; tokens from file URLs never stored; no message links.
    first = by_id(parsed)["slack:C0JGLMMNX:1454884927.000002"]
    assert first["text"].startswith("@abilinski: https://bitbucket.org/hfaran/security_a2/src/")
    assert not activities["text"].drop_nulls().str.contains("xox").any()
    assert activities["url"].is_null().all()
    assert "@doubledeez uploaded a file: 100 cities" in activities["text"].to_list()


# ---- the fixture -----------------------------------------------------------------------------


def test_fixture_threads_reactions_and_text():
    parsed = parse_file("pulse-export.zip", zipped(WORKSPACE))
    rows = by_id(parsed)
    # 9 contributions (6 in #general, 3 in #help) + 2 reactions; 2 joins, a topic change
    # and a bot_add are not contributions.
    assert parsed.activities.filter(pl.col("activity_type") != "reaction").height == 9
    assert parsed.activities.height == 11
    assert any("2 system message(s)" in note for note in parsed.notes)
    start = rows[THREAD_START]
    assert (start["activity_type"], start["thread_id"], start["parent_id"]) == ("message", THREAD_START, None)
    assert (start["replies"], start["reactions"]) == (2, 2)
    assert start["text"] == "Welcome @Bobby! Questions go to #help & read the docs"
    assert start["occurred_at"] == datetime(2026, 4, 1, 9, 0, 0, 400, tzinfo=timezone.utc)
    # A reply and a thread_broadcast both hang on the thread start.
    for reply_id in ("slack:C01GENERAL:1775034300.000500", "slack:C01GENERAL:1775034600.000600"):
        assert (rows[reply_id]["activity_type"], rows[reply_id]["parent_id"], rows[reply_id]["thread_id"]) == (
            "reply", THREAD_START, THREAD_START)
    assert rows["slack:C01GENERAL:1775034300.000500"]["text"] == "Thanks <3 see https://example.com"
    # A message nobody answered is its own thread.
    question = rows["slack:C02HELP:1775140200.000100"]
    assert (question["thread_id"], question["replies"], question["text"]) == (
        "slack:C02HELP:1775140200.000100", 0, "How do I reset my password? @here")
    reactions = parsed.activities.filter(pl.col("activity_type") == "reaction")
    assert sorted(reactions["platform_user_id"]) == ["U02BOB", "U03CAROL"]
    assert set(reactions["parent_id"]) == {THREAD_START}
    # Empty bot text falls back to the attachment; the file's tokenised URL is nowhere.
    assert rows["slack:C01GENERAL:1775035200.000800"]["text"] == "[pulse:main] 1 new commit by carol"
    assert rows["slack:C01GENERAL:1775035500.000900"]["text"] == "here is the crash log"
    assert not parsed.activities["text"].drop_nulls().str.contains("xox|files.slack.com").any()
    assert parsed.activities["url"].is_null().all()


def test_fixture_people_bots_and_staff():
    parsed = parse_file("pulse-export.zip", zipped(WORKSPACE))
    people = {row["platform_user_id"]: row for row in parsed.identities.iter_rows(named=True)}
    # 5 in users.json + the GitHub integration + a guest from a shared channel.
    assert len(people) == 7
    assert {key for key, row in people.items() if row["is_bot"]} == {"U04BOT", "USLACKBOT", "B0GITHUB"}
    assert people["B0GITHUB"]["display_name"] == "github"
    # Admin/owner is staff; bot_add by alice does not make her a bot.
    assert (people["U01ALICE"]["is_staff"], people["U01ALICE"]["is_bot"]) == (True, False)
    assert people["U01ALICE"]["email"] == "alice@example.com"
    assert people["U01ALICE"]["joined_at"] == datetime(2026, 4, 1, 8, 0, 0, 100, tzinfo=timezone.utc)
    assert people["U02BOB"]["display_name"] == "Bobby"
    assert people["U03CAROL"]["joined_at"] is None
    assert (people["U99GUEST"]["handle"], people["U99GUEST"]["display_name"]) == ("gus.guest", "gus")


def test_export_wrapped_in_a_folder_reads_the_same():
    plain = parse_file("a.zip", zipped(WORKSPACE))
    wrapped = parse_file("b.zip", zipped(WORKSPACE, prefix="Pulse Slack export Apr 1 2026 - Apr 2 2026/"))
    assert wrapped.format == "slack_export"
    assert wrapped.activities.sort("activity_id").equals(plain.activities.sort("activity_id"))


def test_empty_day_files_give_no_rows():
    empty = {"general/2026-04-01.json": b"[]", "help/2026-04-02.json": b"[]\n"}
    parsed = parse_file("quiet.zip", zipped(WORKSPACE, replace=empty))
    assert parsed.activities.height == 0
    assert parsed.identities.height == 5  # the people of users.json


def test_unreadable_ts_names_member_row_and_field():
    day = json.loads((WORKSPACE / "help" / "2026-04-02.json").read_text())
    day[1]["ts"] = "yesterday"
    data = zipped(WORKSPACE, replace={"help/2026-04-02.json": json.dumps(day).encode()})
    with pytest.raises(ExportError) as caught:
        parse_file("pulse-export.zip", data)
    assert caught.value.file_name == "pulse-export.zip!help/2026-04-02.json"
    assert (caught.value.row, caught.value.field) == (2, "ts")
    assert "cannot read ts 'yesterday'" in str(caught.value)


def test_malformed_day_file_names_member_and_line():
    data = zipped(WORKSPACE, replace={"help/2026-04-02.json": b'[\n  {"ts": "1.0",\n  ]'})
    with pytest.raises(ExportError, match=r"^pulse-export.zip!help/2026-04-02.json \(line 3\): the JSON is malformed"):
        parse_file("pulse-export.zip", data)


def test_message_without_author_is_reported():
    day = json.loads((WORKSPACE / "help" / "2026-04-02.json").read_text())
    del day[0]["user"]
    data = zipped(WORKSPACE, replace={"help/2026-04-02.json": json.dumps(day).encode()})
    with pytest.raises(ExportError, match=r"data row 1, field 'user'.*neither a user nor a bot"):
        parse_file("pulse-export.zip", data)


def test_zip_without_users_json_is_not_taken_for_a_slack_export():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("channels.json", "[]")
        archive.writestr("general/2026-04-01.json", "[]")
    with pytest.raises(ExportError, match="^partial.zip: not a supported export"):
        parse_file("partial.zip", buffer.getvalue())


def test_loaded_through_the_real_loader(db_path, tmp_path):
    export = tmp_path / "Pulse Slack export Apr 1 2026 - Apr 2 2026.zip"
    export.write_bytes(zipped(WORKSPACE))
    result = load_path(db_path, export)
    assert (result.format, result.rows_new, result.people_new) == ("slack_export", 11, 7)
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE platform = 'slack' AND is_contribution") == 9
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE thread_id = $thread", {"thread": THREAD_START}) == 5
    assert scalar(db_path, "SELECT count(*) FROM members WHERE is_bot") == 3
    assert scalar(db_path, "SELECT display_name FROM members WHERE email = 'alice@example.com'") == "alice"
    assert scalar(db_path, "SELECT count(*) FROM members WHERE is_staff") == 1
