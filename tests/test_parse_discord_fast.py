"""The fast DiscordChatExporter reader gives exactly the reference parser's frames, and leaves
unusual files to it (which names their problems)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.errors import ExportError
from pipelines.parse import ParseOptions, discord_json, discord_json_fast

from tests.conftest import FIXTURES

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo-exports" / "discord"
HELP = FIXTURES / "discord" / "help_march_april.json"


def both(name: str, data: bytes):
    return discord_json.parse(name, data, ParseOptions()), discord_json.parse_reference(name, data, ParseOptions())


def assert_same(name: str, data: bytes) -> None:
    fast, reference = both(name, data)
    assert fast.identities.equals(reference.identities)
    assert fast.activities.equals(reference.activities)
    assert fast.notes == reference.notes


@pytest.mark.parametrize("path", [*sorted((FIXTURES / "discord").glob("*.json")), *sorted(DEMO.glob("*.json"))[:3]],
                         ids=lambda p: p.name[:40])
def test_same_frames_as_the_reference(path):
    data = path.read_bytes()
    assert discord_json_fast.read(data, discord_json._link_base) is not None
    assert_same(path.name, data)


def test_repeats_joins_system_messages_reactions_and_outside_replies(tmp_path):
    document = json.loads(HELP.read_text())
    messages = document["messages"]
    extra = [
        dict(messages[0]),  # a repeat
        {**messages[1], "id": "900", "type": "GuildMemberJoin", "timestamp": "2026-03-01T08:00:00+02:00"},
        {**messages[1], "id": "901", "type": "ChannelPinnedMessage"},
        {**messages[2], "id": "902", "type": "Reply", "reference": {"messageId": "777"}},  # parent outside
        {**messages[2], "id": "903", "type": "Reply", "reference": {"messageId": "902"},
         "reactions": [{"emoji": {"id": "", "name": "👍"}, "count": 2,
                        "users": [{"id": "55", "name": "newbie", "discriminator": "0042", "isBot": False},
                                  {"name": "no id"}]}]},
    ]
    data = json.dumps(dict(document, messages=messages + extra)).encode()
    assert_same("extra.json", data)
    parsed = discord_json.parse("extra.json", data, ParseOptions())
    rows = dict(zip(parsed.activities["activity_id"], parsed.activities["thread_id"], strict=True))
    assert rows["discord:903"] == "discord:777"
    assert "newbie#0042" in parsed.identities["handle"].to_list()


@pytest.mark.parametrize("change", [
    {"timestamp": "15/04/2026 10:00"}, {"timestamp": "2026-04-15T10:00:00"}, {"author": {"name": "x"}},
    {"id": 123}, {"content": 5},
])
def test_unusual_files_are_left_to_the_reference_parser(change):
    document = json.loads(HELP.read_text())
    document["messages"][1] = {**document["messages"][1], **change}
    data = json.dumps(document).encode()
    assert discord_json_fast.read(data, discord_json._link_base) is None
    try:
        reference = discord_json.parse_reference("odd.json", data, ParseOptions())
    except ExportError as err:
        with pytest.raises(ExportError, match=str(err).replace("(", r"\(").replace(")", r"\)")):
            discord_json.parse("odd.json", data, ParseOptions())
    else:
        parsed = discord_json.parse("odd.json", data, ParseOptions())
        assert parsed.activities.equals(reference.activities)
