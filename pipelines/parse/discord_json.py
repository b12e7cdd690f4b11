"""DiscordChatExporter JSON: one channel per file (guild, channel, messages)."""

from __future__ import annotations

import json
from datetime import datetime

from pipelines.errors import ExportError
from pipelines.parse import discord_json_fast
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text

PLATFORM = "discord"
CONTRIBUTION_TYPES = {"Default", "Reply"}
JOIN_TYPE = "GuildMemberJoin"


def matches(found: Sniff) -> bool:
    return found.has_json_keys("guild", "channel", "messages")


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    fast = discord_json_fast.read(data, _link_base)
    if fast is not None:
        identities, activities, notes = fast
        return ParsedExport(format=FORMAT.name, identities=identities, activities=activities, notes=notes)
    return _parse_text(file_name, decode_text(file_name, data))


def parse_reference(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    """The row-by-row reading, which parse() falls back to for unusual files (and names their problems)."""
    return _parse_text(file_name, decode_text(file_name, data))


def _parse_text(file_name: str, text: str) -> ParsedExport:
    document = _load_json(file_name, text)
    guild, channel, messages = _envelope(file_name, document)
    channel_name = str(channel.get("name") or channel.get("id") or "unknown")
    link_base = _link_base(guild, channel)

    identities: dict[str, dict] = {}
    contributions: list[dict] = []
    reactions: list[dict] = []
    seen_ids: set[str] = set()
    duplicates = skipped_system = 0

    for index, message in enumerate(messages, start=1):
        message_id, kind, when, author = _message_fields(file_name, index, message)
        if message_id in seen_ids:
            duplicates += 1
            continue
        seen_ids.add(message_id)
        user = _remember_identity(identities, author, file_name, index)
        if kind == JOIN_TYPE:
            user["joined_at"] = min(filter(None, [user["joined_at"], when]))
            continue
        if kind not in CONTRIBUTION_TYPES:
            skipped_system += 1
            continue
        referenced = (message.get("reference") or {}).get("messageId")
        contributions.append(
            {
                "activity_id": _activity_id(message_id),
                "platform": PLATFORM,
                "channel": channel_name,
                "thread_id": None,  # resolved below, once every message is known
                "parent_id": _activity_id(referenced) if referenced else None,
                "platform_user_id": user["platform_user_id"],
                "activity_type": "reply" if referenced else "message",
                "occurred_at": when,
                "text": message.get("content") or "",
                "reactions": sum(int(r.get("count") or 0) for r in message.get("reactions") or []),
                "replies": 0,
                "shares": None,
                "impressions": None,
                "engagements": None,
                "url": f"{link_base}/{message_id}" if link_base else None,
            }
        )
        reactions.extend(_reactions_given(identities, message, message_id, channel_name, when, file_name, index))

    _resolve_threads(contributions)
    thread_of = {row["activity_id"]: row["thread_id"] for row in contributions}
    for reaction in reactions:
        reaction["thread_id"] = thread_of.get(reaction["parent_id"], reaction["parent_id"])
    notes = []
    if duplicates:
        notes.append(f"{duplicates} repeated message id(s) in the file were stored once")
    if skipped_system:
        notes.append(f"{skipped_system} system message(s) (renames, calls, pins…) are not contributions")
    return ParsedExport(
        format=FORMAT.name,
        identities=frame(list(identities.values()), IDENTITY_SCHEMA),
        activities=frame(contributions + reactions, ACTIVITY_SCHEMA),
        notes=notes,
    )


def _load_json(file_name: str, text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(file_name, f"the JSON is malformed: {err.msg}", line=err.lineno) from None
    if not isinstance(document, dict):
        raise ExportError(file_name, "expected a JSON object with guild, channel and messages")
    return document


def _envelope(file_name: str, document: dict) -> tuple[dict, dict, list]:
    guild, channel, messages = document.get("guild"), document.get("channel"), document.get("messages")
    if not isinstance(guild, dict) or not isinstance(channel, dict):
        raise ExportError(file_name, "guild and channel must be JSON objects", field="channel")
    if not isinstance(messages, list):
        raise ExportError(file_name, "messages must be a list", field="messages")
    return guild, channel, messages


def _message_fields(file_name: str, index: int, message: object) -> tuple[str, str, datetime, dict]:
    if not isinstance(message, dict):
        raise ExportError(file_name, "a message is not a JSON object", row=index, field="messages")
    message_id, author = message.get("id"), message.get("author")
    if not message_id or not isinstance(author, dict) or not author.get("id"):
        raise ExportError(file_name, "a message lacks its id or author id", row=index, field="id")
    return str(message_id), str(message.get("type") or "Default"), _timestamp(file_name, index, message), author


def _timestamp(file_name: str, index: int, message: dict) -> datetime:
    raw = message.get("timestamp")
    try:
        when = datetime.fromisoformat(str(raw))
    except ValueError:
        raise ExportError(file_name, f"cannot read '{raw}' as a date and time", row=index, field="timestamp") from None
    if when.tzinfo is None:
        raise ExportError(file_name, f"timestamp '{raw}' has no UTC offset", row=index, field="timestamp")
    return when


def _remember_identity(identities: dict[str, dict], author: dict, file_name: str, index: int) -> dict:
    user_id = str(author["id"])
    known = identities.get(user_id)
    if known is None:
        known = identities[user_id] = {
            "platform": PLATFORM,
            "platform_user_id": user_id,
            "handle": _handle(author),
            "display_name": author.get("nickname") or author.get("name") or user_id,
            "email": None,
            "is_bot": bool(author.get("isBot")),
            "is_staff": False,  # Discord exports carry no staff flag; analysts mark staff
            "joined_at": None,
        }
    known["is_bot"] = known["is_bot"] or bool(author.get("isBot"))
    return known


def _handle(author: dict) -> str:
    name = str(author.get("name") or author.get("id"))
    discriminator = str(author.get("discriminator") or "0000")
    return name if discriminator in ("0000", "0") else f"{name}#{discriminator}"


def _reactions_given(
    identities: dict[str, dict], message: dict, message_id: str, channel: str, when: datetime, file_name: str, index: int
) -> list[dict]:
    """Newer exports list who reacted; each is an activity of the reactor (dated with the message)."""
    given = []
    for reaction in message.get("reactions") or []:
        emoji = reaction.get("emoji") or {}
        emoji_key = emoji.get("id") or emoji.get("name") or "?"
        for reactor in reaction.get("users") or []:
            if not isinstance(reactor, dict) or not reactor.get("id"):
                continue
            user = _remember_identity(identities, reactor, file_name, index)
            given.append(
                {
                    "activity_id": f"{_activity_id(message_id)}:reaction:{emoji_key}:{user['platform_user_id']}",
                    "platform": PLATFORM,
                    "channel": channel,
                    "thread_id": None,
                    "parent_id": _activity_id(message_id),
                    "platform_user_id": user["platform_user_id"],
                    "activity_type": "reaction",
                    "occurred_at": when,
                    "text": None,
                    "reactions": None,
                    "replies": None,
                    "shares": None,
                    "impressions": None,
                    "engagements": None,
                    "url": None,
                }
            )
    return given


def _resolve_threads(contributions: list[dict]) -> None:
    """thread_id = the root of the reply chain; a message nobody replied to is a thread of one."""
    by_id = {row["activity_id"]: row for row in contributions}
    for row in contributions:
        root, hops = row, 0
        while root["parent_id"] and root["parent_id"] in by_id and hops < 10_000:
            root, hops = by_id[root["parent_id"]], hops + 1
        # A reply whose parent is outside this export hangs on that parent's id.
        row["thread_id"] = root["parent_id"] or root["activity_id"]
        if row["parent_id"] in by_id:
            by_id[row["parent_id"]]["replies"] += 1


def _activity_id(message_id: str) -> str:
    return f"{PLATFORM}:{message_id}"


def _link_base(guild: dict, channel: dict) -> str | None:
    channel_id = channel.get("id")
    if not channel_id:
        return None
    guild_id = guild.get("id")
    scope = "@me" if guild_id in (None, "0") else guild_id
    return f"https://discord.com/channels/{scope}/{channel_id}"


FORMAT = ExportFormat(
    name="discord_json",
    label="DiscordChatExporter JSON",
    platform=PLATFORM,
    description="One channel per file: messages, replies (reference), reactions, joins. Times carry their offset.",
    matches=matches,
    parse=parse,
)
