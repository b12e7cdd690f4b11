"""The demo generator: real export formats, full volume, byte-for-byte determinism.

One full run (a few seconds) is shared by the module; the determinism test makes a second one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from pipelines.demo.generate import LUMA_HEADER, X_HEADER, DemoManifest, java_double, write_demo_exports

END = dt.date(2026, 11, 20)
REAL_EXPORTS = Path(__file__).resolve().parents[2] / "shared" / "real-exports"
DCE_TOP_LEVEL_KEYS = ["guild", "channel", "dateRange", "exportedAt", "messages", "messageCount"]
DCE_MESSAGE_KEYS = {"id", "type", "timestamp", "timestampEdited", "callEndedTimestamp", "isPinned", "content",
                    "author", "attachments", "embeds", "stickers", "reactions", "mentions"}
CONTRIBUTION_TYPES = {"Default", "Reply"}
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, DemoManifest]:
    out_dir = tmp_path_factory.mktemp("demo-a")
    manifest = write_demo_exports(out_dir, end=END, seed=7)
    return out_dir, manifest


@pytest.fixture(scope="module")
def discord_documents(demo) -> list[dict]:
    out_dir, manifest = demo
    return [json.loads(path.read_text(encoding="utf-8")) for path in manifest.files if path.suffix == ".json"]


def files_under(manifest: DemoManifest, folder: str) -> list[Path]:
    return [path for path in manifest.files if path.parent.name == folder]


def real_file(folder: str, pattern: str) -> Path:
    found = sorted((REAL_EXPORTS / folder).glob(pattern)) if REAL_EXPORTS.is_dir() else []
    if not found:
        pytest.skip(f"no real {folder} export at {REAL_EXPORTS / folder} to compare with")
    return found[0]


# ---- determinism and volume ------------------------------------------------------------------


def test_same_arguments_give_identical_files(demo, tmp_path):
    first_dir, first = demo
    second = write_demo_exports(tmp_path, end=END, seed=7)
    assert [p.relative_to(first_dir) for p in first.files] == [p.relative_to(tmp_path) for p in second.files]
    for a, b in zip(first.files, second.files):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"
    assert first.expected == second.expected
    assert first.staff == second.staff


def test_every_written_file_is_listed_once(demo):
    out_dir, manifest = demo
    on_disk = sorted(p for p in out_dir.rglob("*") if p.is_file())
    assert sorted(manifest.files) == on_disk
    assert len(set(manifest.files)) == len(manifest.files)


def test_volume_is_that_of_a_real_community(demo):
    _, manifest = demo
    expected = manifest.expected
    assert expected["discord_people"] >= 2400
    assert expected["discord_messages"] >= 50_000
    assert len(files_under(manifest, "x")) == 18 == expected["x_files"]
    assert 30 <= len(files_under(manifest, "luma")) == expected["events"] <= 38
    assert expected["discord_distinct_texts"] + expected["x_posts"] <= 8_000  # sentiment scoring stays quick


# ---- Discord ---------------------------------------------------------------------------------


def test_discord_files_are_dce_json(discord_documents):
    assert len(discord_documents) >= 5
    for document in discord_documents:
        assert list(document) == DCE_TOP_LEVEL_KEYS
        assert document["messageCount"] == len(document["messages"])
        assert document["channel"]["type"] == "GuildTextChat"
        for message in document["messages"]:
            assert DCE_MESSAGE_KEYS <= set(message)
            assert dt.datetime.fromisoformat(message["timestamp"]).utcoffset() == dt.timedelta(0)
            assert message["author"]["discriminator"] in ("0000", "4821")


def test_discord_top_level_keys_cover_the_real_export():
    real = json.loads(real_file("discord", "*.json").read_text(encoding="utf-8"))
    assert set(real) <= set(DCE_TOP_LEVEL_KEYS)


def test_discord_files_are_indented_like_dce(demo):
    _, manifest = demo
    smallest = min((p for p in manifest.files if p.suffix == ".json"), key=lambda p: p.stat().st_size)
    text = smallest.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_message_ids_are_snowflakes_in_time_order(discord_documents):
    for document in discord_documents:
        ids = [int(m["id"]) for m in document["messages"]]
        assert ids == sorted(ids)
        for message in document["messages"][:50]:
            created_ms = (int(message["id"]) >> 22) + 1_420_070_400_000
            since_epoch = dt.datetime.fromisoformat(message["timestamp"]) - UNIX_EPOCH
            assert since_epoch // dt.timedelta(milliseconds=1) == created_ms


def test_replies_point_at_earlier_messages_of_the_same_channel(discord_documents):
    by_channel: dict[str, dict[str, dict]] = defaultdict(dict)
    for document in discord_documents:  # a channel may be split over two files
        for message in document["messages"]:
            by_channel[document["channel"]["id"]][message["id"]] = message
    replies = 0
    for channel_id, messages in by_channel.items():
        for message in messages.values():
            reference = message.get("reference")
            assert (message["type"] == "Reply") == (reference is not None)
            if reference:
                replies += 1
                assert reference["channelId"] == channel_id
                parent = messages.get(reference["messageId"])
                assert parent is not None, f"reply {message['id']} points at a message not in the channel"
                assert int(parent["id"]) < int(message["id"])  # snowflakes: the parent came first
    assert replies > 10_000


def test_help_has_answered_unanswered_and_self_replies(discord_documents):
    help_messages = {m["id"]: m for d in discord_documents if d["channel"]["name"] == "help" for m in d["messages"]}
    questions = [m for m in help_messages.values() if m["type"] == "Default"]
    answered_by_other, answered_by_self = set(), set()
    for message in help_messages.values():
        parent = help_messages.get((message.get("reference") or {}).get("messageId"))
        if parent is not None and parent["type"] == "Default":
            same = parent["author"]["id"] == message["author"]["id"]
            (answered_by_self if same else answered_by_other).add(parent["id"])
    share = len(answered_by_other) / len(questions)
    assert 0.6 < share < 0.9
    assert answered_by_self - answered_by_other, "some questions only have their author's own follow-up"


def test_people_bots_and_staff(demo, discord_documents):
    _, manifest = demo
    authors, reactors, staff, bots = set(), set(), set(), set()
    for document in discord_documents:
        for message in document["messages"]:
            author = message["author"]
            (bots if author["isBot"] else authors).add(author["id"])
            if any(role["name"] in ("Staff", "Moderator") for role in author["roles"]):
                staff.add(author["id"])
            reactors.update(user["id"] for reaction in message["reactions"] for user in reaction["users"])
    assert len(authors) == manifest.expected["discord_people"]
    assert reactors <= authors  # every reactor also wrote or joined: people are counted once
    assert len(bots) == 2
    assert sorted(("discord", user_id) for user_id in staff) == sorted(manifest.staff)
    assert len(manifest.staff) == 8


def test_discord_counts_match_the_files(demo, discord_documents):
    _, manifest = demo
    messages = [m for d in discord_documents for m in d["messages"]]
    contributions = [m for m in messages if m["type"] in CONTRIBUTION_TYPES]
    assert len(contributions) == manifest.expected["discord_messages"]
    assert sum(m["type"] == "GuildMemberJoin" for m in messages) == manifest.expected["discord_join_messages"]
    with_reactions = sum(bool(m["reactions"]) for m in contributions) / len(contributions)
    assert 0.2 < with_reactions < 0.4


def test_data_runs_up_to_midday_of_the_end_day(discord_documents):
    stamps = [dt.datetime.fromisoformat(m["timestamp"]) for d in discord_documents for m in d["messages"]]
    newest = max(stamps)
    assert newest.date() == END and newest.hour < 12
    assert min(stamps).date() == dt.date(2025, 6, 1)
    last_week = [s for s in stamps if newest - s < dt.timedelta(days=7)]
    assert len(last_week) > 500


# ---- X -----------------------------------------------------------------------------------------


def read_x(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_x_files_have_the_real_header_and_shape(demo):
    _, manifest = demo
    texts_with_newlines = 0
    for path in files_under(manifest, "x"):
        assert re.fullmatch(r"tweet_activity_metrics_PulseCommunity_\d{8}_\d{8}_en\.csv", path.name)
        rows = read_x(path)
        assert rows[0] == X_HEADER and len(X_HEADER) == 40
        for row in rows[1:]:
            assert len(row) == 40
            assert row[1].endswith(f"/status/{row[0]}")
            assert float(row[4]) >= float(row[5]) >= 0 and row[4].endswith(".0")
            assert row[22:] == ["-"] * 18
            dt.datetime.strptime(row[3], "%Y-%m-%d %H:%M %z")
            texts_with_newlines += "\n" in row[2]
        assert path.read_bytes().startswith(b'"Tweet id",')
    assert texts_with_newlines > 0


def test_x_header_is_the_real_files_header(demo):
    real_header = read_x(real_file("x", "*.csv"))[0]
    _, manifest = demo
    assert read_x(files_under(manifest, "x")[0])[0] == real_header


def test_engagement_rate_is_written_like_the_real_export():
    checked = 0
    for path in sorted(REAL_EXPORTS.glob("x/*.csv")) if REAL_EXPORTS.is_dir() else []:
        for row in read_x(path)[1:]:
            if row[6][0].isdigit():  # a few real rows hold other text there
                assert java_double(float(row[5]) / float(row[4])) == row[6]
                checked += 1
    if not checked:
        pytest.skip("no real X export to compare with")
    assert java_double(0.0) == "0.0" and java_double(1 / 1070) == "9.345794392523365E-4"


def test_x_engagements_add_up(demo):
    _, manifest = demo
    posts = impressions = 0
    for path in files_under(manifest, "x"):
        for row in read_x(path)[1:]:
            parts = sum(float(v) for v in row[7:15]) + sum(int(v) for v in row[15:19]) + int(row[21])
            assert float(row[5]) == parts
            posts += 1
            impressions += int(float(row[4]))
    assert posts == manifest.expected["x_posts"]
    assert impressions == manifest.expected["x_impressions"]


# ---- Luma --------------------------------------------------------------------------------------


def test_luma_files_have_bom_crlf_and_the_header(demo):
    _, manifest = demo
    for path in files_under(manifest, "luma"):
        assert re.fullmatch(r".+ - Guests - \d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv", path.name)
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.count(b"\n") == data.count(b"\r\n") > 1
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[0] == LUMA_HEADER


def test_luma_header_is_the_real_files_header():
    real = real_file("luma", "*.csv").read_bytes().decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(real))) == LUMA_HEADER


def test_luma_guests_registrations_and_check_ins(demo):
    _, manifest = demo
    approved = checked_in = 0
    events_by_email: dict[str, int] = defaultdict(int)
    for path in files_under(manifest, "luma"):
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
        assert 20 <= len(rows) <= 125
        check_ins = sorted(r["checked_in_at"] for r in rows if r["checked_in_at"])
        first = dt.datetime.fromisoformat(check_ins[0])
        assert dt.datetime.fromisoformat(check_ins[-1]) - first < dt.timedelta(minutes=30)
        for row in rows:
            assert row["email"].rsplit("@", 1)[1] in ("example.com", "example.org", "example.net")
            registered = dt.datetime.fromisoformat(row["created_at"])
            assert dt.timedelta(days=1) <= first - registered <= dt.timedelta(days=22)
            if row["approval_status"] != "approved":
                assert row["checked_in_at"] == ""
            approved += row["approval_status"] == "approved"
            checked_in += bool(row["checked_in_at"])
            events_by_email[row["email"]] += 1
    assert approved == manifest.expected["luma_registrations"]
    assert checked_in == manifest.expected["luma_checked_in"]
    assert 0.55 <= checked_in / approved <= 0.72
    returning = sum(1 for count in events_by_email.values() if count >= 2) / len(events_by_email)
    assert 0.3 <= returning <= 0.5


def test_reactions_are_grouped_by_emoji_like_discord(discord_documents):
    for document in discord_documents:
        for message in document["messages"]:
            keys = [(r["emoji"]["id"] or r["emoji"]["name"]) for r in message["reactions"]]
            assert len(keys) == len(set(keys)), message["id"]
