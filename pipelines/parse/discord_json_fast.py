"""DiscordChatExporter JSON, the fast way: for channels of millions of messages.

The same reading as discord_json.py (which stays the reference, and the one that explains a
bad file): the JSON is decoded straight into typed records (msgspec) that hold only the fields
we use, columns are built in one pass, and times are parsed as a column. Whenever a file is
anything but ordinary — a value of an unexpected type, a message without id or author id, a
time that is not ISO 8601 with an offset, a reply chain that loops — read() returns None and
the reference parser reads the file (and names the problem, if there is one).
tests/test_parse_discord.py checks that both give the same frames.
"""

from __future__ import annotations

import gc

import msgspec
import polars as pl

from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, UTC_TIME

PLATFORM = "discord"
CONTRIBUTION_TYPES = {"Default", "Reply"}
JOIN_TYPE = "GuildMemberJoin"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%:z"


class _User(msgspec.Struct, gc=False):
    id: str | None = None
    name: str | None = None
    discriminator: str | None = None
    nickname: str | None = None
    isBot: bool | None = None  # noqa: N815 - DCE's key


class _Emoji(msgspec.Struct, gc=False):
    id: str | None = None
    name: str | None = None


class _Reaction(msgspec.Struct, gc=False):
    emoji: _Emoji | None = None
    count: int | None = None
    users: list[_User] | None = None


class _Reference(msgspec.Struct, gc=False):
    messageId: str | None = None  # noqa: N815 - DCE's key


class _Message(msgspec.Struct, gc=False):
    id: str | None = None
    type: str | None = None
    timestamp: str | None = None
    content: str | None = None
    author: _User | None = None
    reference: _Reference | None = None
    reactions: list[_Reaction] | None = None


class _Document(msgspec.Struct, gc=False):
    guild: dict
    channel: dict
    messages: list[_Message]


_DECODER = msgspec.json.Decoder(_Document)
_NO_EMOJI = _Emoji()
UTF8_BOM = b"\xef\xbb\xbf"


class _Unusual(Exception):
    """The file needs the reference parser."""


def read(data: bytes, link_base_of) -> tuple[pl.DataFrame, pl.DataFrame, list[str]] | None:
    """(identities, activities, notes), or None when the reference parser must read the file.
    link_base_of(guild, channel) gives the messages' link prefix (discord_json._link_base)."""
    while data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    collecting = gc.isenabled()
    gc.disable()  # millions of new objects, none in a cycle: collections would only rescan them
    try:
        document = _DECODER.decode(data)
        return _frames(document, link_base_of(document.guild, document.channel))
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, _Unusual):
        return None
    finally:
        if collecting:
            gc.enable()


def _frames(document: _Document, link_base: str | None):
    channel = str(document.channel.get("name") or document.channel.get("id") or "unknown")
    people = _People()
    see = people.see
    ids, kinds, stamps, texts, authors, parents, counts = [], [], [], [], [], [], []
    reacted, emojis, reactors = [], [], []
    seen: set[str] = set()
    duplicates = skipped = 0
    joins: list[tuple[str, str]] = []  # (user, timestamp) of GuildMemberJoin messages
    others: list[str] = []  # times of repeated and system messages: not stored, but they must read
    for message in document.messages:
        message_id, author = message.id, message.author
        if not message_id or author is None or not author.id:
            raise _Unusual
        if message_id in seen:  # its time must still read, as the reference parser checks every one
            others.append(message.timestamp or "")
            duplicates += 1
            continue
        seen.add(message_id)
        see(author)
        kind = message.type or "Default"
        if kind not in CONTRIBUTION_TYPES:
            if kind == JOIN_TYPE:
                joins.append((author.id, message.timestamp or ""))
            else:
                skipped += 1
                others.append(message.timestamp or "")
            continue
        count = 0
        if message.reactions:
            for reaction in message.reactions:
                count += reaction.count or 0
                emoji = reaction.emoji or _NO_EMOJI
                for user in reaction.users or ():
                    if user.id:
                        see(user)
                        reacted.append(message_id)
                        emojis.append(emoji.id or emoji.name or "?")
                        reactors.append(user.id)
        ids.append(message_id)
        kinds.append(kind)
        stamps.append(message.timestamp or "")
        texts.append(message.content or "")
        authors.append(author.id)
        parents.append(message.reference.messageId or None if message.reference else None)
        counts.append(count)
    if others:
        _times(others)
    contributions = _contributions(ids, stamps, texts, authors, parents, counts, channel, link_base)
    activities = pl.concat([contributions, _reactions_given(reacted, emojis, reactors, contributions, channel)])
    identities = people.frame(_join_times(joins))
    notes = []
    if duplicates:
        notes.append(f"{duplicates} repeated message id(s) in the file were stored once")
    if skipped:
        notes.append(f"{skipped} system message(s) (renames, calls, pins…) are not contributions")
    return identities, activities, notes


class _People:
    """Identities in order of first appearance: the first sighting names them, any sighting as a
    bot makes them one (discord_json._remember_identity)."""

    def __init__(self):
        self.first: dict[str, tuple[str, str]] = {}
        self.bots: set[str] = set()

    def see(self, user: _User) -> None:
        if user.id not in self.first:
            name = user.name or user.id
            discriminator = user.discriminator or "0000"
            handle = name if discriminator in ("0000", "0") else f"{name}#{discriminator}"
            self.first[user.id] = (handle, user.nickname or user.name or user.id)
        if user.isBot:
            self.bots.add(user.id)

    def frame(self, joined: dict[str, object]) -> pl.DataFrame:
        ids = list(self.first)
        return pl.DataFrame({
            "platform": [PLATFORM] * len(ids),
            "platform_user_id": ids,
            "handle": [self.first[i][0] for i in ids],
            "display_name": [self.first[i][1] for i in ids],
            "email": [None] * len(ids),
            "is_bot": [i in self.bots for i in ids],
            "is_staff": [False] * len(ids),
            "joined_at": pl.Series([joined.get(i) for i in ids], dtype=UTC_TIME),
        }, schema=IDENTITY_SCHEMA)


def _times(stamps: list[str]) -> pl.Series:
    parsed = pl.Series(stamps, dtype=pl.String).str.to_datetime(TIME_FORMAT, strict=False, time_unit="us")
    if parsed.null_count():
        raise _Unusual  # not ISO 8601 with an offset: the reference parser says which row
    return parsed.dt.convert_time_zone("UTC")


def _join_times(joins: list[tuple[str, str]]) -> dict[str, object]:
    if not joins:
        return {}
    frame = pl.DataFrame({"user": [u for u, _ in joins], "at": _times([t for _, t in joins])})
    earliest = frame.group_by("user").agg(pl.col("at").min())
    return dict(zip(earliest["user"].to_list(), earliest["at"].to_list(), strict=True))


def _contributions(ids: list[str], stamps: list[str], texts: list[str], authors: list[str],
                   parents: list[str | None], counts: list[int], channel: str, link_base: str | None) -> pl.DataFrame:
    keys = [f"{PLATFORM}:{m}" for m in ids]
    parent_keys = [f"{PLATFORM}:{p}" if p else None for p in parents]
    threads, replies = _threads(keys, parent_keys)
    count = len(keys)
    return pl.DataFrame({
        "activity_id": keys,
        "platform": pl.repeat(PLATFORM, count, dtype=pl.String, eager=True),
        "channel": pl.repeat(channel, count, dtype=pl.String, eager=True),
        "thread_id": threads,
        "parent_id": parent_keys,
        "platform_user_id": authors,
        "activity_type": ["reply" if p else "message" for p in parent_keys],
        "occurred_at": _times(stamps),
        "text": texts,
        "reactions": counts,
        "replies": replies,
        "shares": pl.repeat(None, count, dtype=pl.Int64, eager=True),
        "impressions": pl.repeat(None, count, dtype=pl.Int64, eager=True),
        "engagements": pl.repeat(None, count, dtype=pl.Int64, eager=True),
        "url": [f"{link_base}/{m}" for m in ids] if link_base else pl.repeat(None, count, dtype=pl.String, eager=True),
    }, schema=ACTIVITY_SCHEMA)


def _threads(ids: list[str], parents: list[str | None]) -> tuple[list[str], list[int]]:
    """thread_id = the root of the reply chain within the file (a reply to a message outside it
    hangs on that message's id); replies = direct replies within the file
    (discord_json._resolve_threads)."""
    in_file = set(ids)
    parent_of = {i: p for i, p in zip(ids, parents, strict=True) if p is not None}
    root_of: dict[str, str] = {}

    def root(node: str) -> str:
        path = []
        while node not in root_of:
            parent = parent_of.get(node)
            if parent is None or parent not in in_file:
                root_of[node] = parent or node
                break
            path.append(node)
            if len(path) > 10_000:
                raise _Unusual  # a loop: the reference parser's hop limit decides
            node = parent
        found = root_of[node]
        for visited in path:
            root_of[visited] = found
        return found

    threads = [root(i) if i in parent_of else i for i in ids]
    replies: dict[str, int] = {}
    for parent in parent_of.values():
        if parent in in_file:
            replies[parent] = replies.get(parent, 0) + 1
    return threads, [replies.get(i, 0) for i in ids]


def _reactions_given(reacted: list[str], emojis: list[str], reactors: list[str], contributions: pl.DataFrame,
                     channel: str) -> pl.DataFrame:
    messages = [f"{PLATFORM}:{m}" for m in reacted]
    count = len(messages)
    frame = pl.DataFrame({
        "activity_id": [f"{m}:reaction:{e}:{u}" for m, e, u in zip(messages, emojis, reactors, strict=True)],
        "platform": [PLATFORM] * count,
        "channel": [channel] * count,
        "parent_id": messages,
        "platform_user_id": reactors,
    }, schema={"activity_id": pl.String, "platform": pl.String, "channel": pl.String, "parent_id": pl.String,
               "platform_user_id": pl.String})
    of_message = contributions.select(parent_id="activity_id", thread_id="thread_id", occurred_at="occurred_at")
    frame = frame.join(of_message, on="parent_id", how="left", maintain_order="left")
    return frame.with_columns(
        activity_type=pl.lit("reaction"), text=pl.lit(None, pl.String), reactions=pl.lit(None, pl.Int64),
        replies=pl.lit(None, pl.Int64), shares=pl.lit(None, pl.Int64), impressions=pl.lit(None, pl.Int64),
        engagements=pl.lit(None, pl.Int64), url=pl.lit(None, pl.String),
    ).select(ACTIVITY_SCHEMA.names()).cast(dict(ACTIVITY_SCHEMA))
