"""Render a synthetic community (community.py) as the export files the platforms write.

- Discord: DiscordChatExporter JSON, indented with two spaces like DCE, one file per channel and
  quarter (DCE's --after/--before), with authors, reaction users, replies' references and
  GuildMemberJoin messages;
- Discourse: the admin user list CSV, and the posts query's CSV (at most 10,000 rows a file, as
  Data Explorer downloads are);
- Luma: one guest list CSV per event (UTF-8 BOM, CRLF).
Texts come from phrase banks (some cheerful, some not); about two thirds carry a number that makes
them distinct, so sentiment scoring sees realistically many distinct texts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from benchmarks.community import CATEGORIES, CHANNELS, EMOJI, END_MS, START_MS, Community

GUILD = {"id": "900000000000000001", "name": "Bench Community"}
CHANNEL_BASE_ID = 900000000000000100
BOTS = {-1: ("PulseBot", "Pulse Bot"), -2: ("welcomer", "Welcomer")}
EMOJI_CODES = {"👍": ("thumbsup", "1f44d"), "❤️": ("heart", "2764"), "😂": ("joy", "1f602"),
               "🎉": ("tada", "1f389"), "🙏": ("pray", "1f64f"), "👀": ("eyes", "1f440")}
FORUM_ROWS_PER_FILE = 10_000

OPENERS = ("hey all,", "quick question:", "so", "honestly", "fyi", "update:", "ok so", "hmm,", "good news:",
           "ugh,", "thanks!", "not sure but", "heads up:", "lol", "wow,", "sadly", "great,", "help:",
           "still", "finally")
SUBJECTS = ("the export", "the new release", "the dashboard", "login", "the CLI", "the docs", "the API",
            "the plugin", "deploys", "the meetup", "CI", "the installer", "search", "notifications",
            "the SDK", "the beta", "sync", "the migration", "permissions", "the webhook", "charts",
            "the mobile app", "rate limits", "the forum", "onboarding", "pricing", "the roadmap",
            "dark mode", "the changelog", "backups", "the config", "imports", "SSO", "the tutorial",
            "billing", "the cache", "timeouts", "the scheduler", "reports", "the editor")
TAILS = ("works great now", "is broken again", "is so slow today", "looks amazing", "keeps failing",
         "is confusing", "saved me hours", "is really frustrating", "is fine I guess", "is awesome",
         "crashed twice", "could be better", "is perfect", "is terrible on windows", "made my day",
         "needs better docs", "is a bit weird", "finally works", "still does not work", "is brilliant",
         "feels clunky", "is exactly what we needed", "broke my build", "is pretty good", "is useless")
REPLIES = ("thanks, that fixed it", "same here", "try restarting it", "did you check the logs?",
           "that is a known bug", "works for me", "great idea", "no idea sorry", "which version?",
           "this is awful", "love it", "see the docs", "me too, so annoying", "nice work", "+1")


def text_of(number: int, is_reply: bool) -> str:
    if is_reply:
        phrase = REPLIES[number % len(REPLIES)]
    else:
        phrase = (f"{OPENERS[number % 20]} {SUBJECTS[(number // 20) % 40]} "
                  f"{TAILS[(number // 800) % len(TAILS)]}")
    return phrase if (number >> 20) % 3 == 0 else f"{phrase} (#{number % 1_000_003})"


def iso_times(ms: pl.Series, pattern: str) -> list[str]:
    return pl.from_epoch(ms, time_unit="ms").dt.strftime(pattern).to_list()


# ---------------------------------------------------------------------------------------------
# Discord (DiscordChatExporter JSON)
# ---------------------------------------------------------------------------------------------

class DiscordPeople:
    """Author and reactor blocks as DCE writes them, from the members frame (bots included)."""

    def __init__(self, members: pl.DataFrame):
        self.rows = {member: (user_id, handle, f"{first} {last}")
                     for member, user_id, handle, first, last in members.select(
                         "member", "user_id", "handle", "first", "last").iter_rows()}
        for member, (handle, name) in BOTS.items():
            self.rows[member] = (str(800000000000000000 - member), handle, name)

    def block(self, member: int, indent: str, with_roles: bool) -> str:
        user_id, handle, name = self.rows[member]
        inner = indent + "  "
        roles = f'{inner}"roles": [],\n' if with_roles else ""
        return (f'{{\n{inner}"id": "{user_id}",\n{inner}"name": "{handle}",\n{inner}"discriminator": "0000",\n'
                f'{inner}"nickname": "{name}",\n{inner}"color": null,\n{inner}"isBot": {"true" if member < 0 else "false"},\n'
                f'{roles}{inner}"avatarUrl": "https://cdn.discordapp.com/embed/avatars/{int(user_id) % 6}.png"\n{indent}}}')


def render_reaction(people: DiscordPeople, emoji: int, reactors: list[int]) -> str:
    name = EMOJI[emoji]
    code, hexcode = EMOJI_CODES[name]
    users = ",\n".join("            " + people.block(r, "            ", with_roles=False) for r in reactors)
    return ('        {\n          "emoji": {\n            "id": "",\n'
            f'            "name": "{name}",\n            "code": "{code}",\n            "isAnimated": false,\n'
            f'            "imageUrl": "https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/{hexcode}.svg"\n'
            f'          }},\n          "count": {len(reactors)},\n          "users": [\n{users}\n          ]\n        }}')


def render_message(people: DiscordPeople, message_id: int, kind: str, timestamp: str, content: str,
                   author: int, reactions: str, parent: int | None, channel_id: int) -> str:
    reference = ""
    if parent is not None:
        reference = (f'      "reference": {{\n        "type": "Default",\n        "messageId": "{parent}",\n'
                     f'        "channelId": "{channel_id}",\n        "guildId": "{GUILD["id"]}"\n      }},\n')
    return (f'    {{\n      "id": "{message_id}",\n      "type": "{kind}",\n      "timestamp": "{timestamp}",\n'
            '      "timestampEdited": null,\n      "callEndedTimestamp": null,\n      "isPinned": false,\n'
            f'      "content": {json.dumps(content, ensure_ascii=False)},\n'
            f'      "author": {people.block(author, "      ", with_roles=True)},\n'
            '      "attachments": [],\n      "components": [],\n      "embeds": [],\n      "stickers": [],\n'
            f'      "reactions": {reactions},\n      "mentions": [],\n{reference}      "inlineEmojis": []\n    }}')


def write_discord_file(path: Path, people: DiscordPeople, channel: str, messages: pl.DataFrame,
                       reactions: pl.DataFrame, after: str | None = None, before: str | None = None) -> int:
    """One channel's messages (message_id, ms, author, parent, text, kind) as a DCE JSON file;
    reactions (message_id, emoji, reactor) are written on their messages. Returns the message count."""
    channel_id = CHANNEL_BASE_ID + (CHANNELS.index(channel) if channel in CHANNELS else 99)
    grouped = (reactions.join(messages.select("message_id"), on="message_id", how="semi")
               .group_by("message_id", "emoji", maintain_order=True).agg("reactor")
               .group_by("message_id", maintain_order=True).agg("emoji", "reactor"))
    on_message = {m: (e, r) for m, e, r in grouped.iter_rows()}
    stamps = iso_times(messages["ms"], "%Y-%m-%dT%H:%M:%S%.3f+00:00")
    header = {"guild": GUILD, "channel": {"id": str(channel_id), "type": "GuildTextChat",
                                          "categoryId": "900000000000000050", "category": "Chat", "name": channel,
                                          "topic": None},
              "dateRange": {"after": after, "before": before}, "exportedAt": "2026-07-01T09:00:00.0000000+00:00"}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("{\n")
        for key, value in header.items():
            out.write(f'  "{key}": ' + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ") + ",\n")
        out.write('  "messages": [\n')
        rows = zip(messages["message_id"].to_list(), messages["kind"].to_list(), stamps,
                   messages["author"].to_list(), messages["parent"].to_list(), messages["text"].to_list(),
                   strict=True)
        for index, (message_id, kind, stamp, author, parent, number) in enumerate(rows):
            emojis, reactors = on_message.get(message_id, ((), ()))
            reactions_text = "[]" if not emojis else (
                "[\n" + ",\n".join(render_reaction(people, e, r) for e, r in zip(emojis, reactors, strict=True))
                + "\n      ]")
            has_parent = parent is not None and parent >= 0
            content = "" if kind == "GuildMemberJoin" else text_of(number, has_parent)
            out.write(("" if index == 0 else ",\n") + render_message(
                people, message_id, kind, stamp, content, author, reactions_text,
                parent if has_parent else None, channel_id))
        out.write(f'\n  ],\n  "messageCount": {messages.height}\n}}\n')
    return messages.height


def discord_messages_of(community: Community) -> pl.DataFrame:
    """Messages with their DCE type, and the join messages (in #intros), in time order."""
    messages = community.messages.with_columns(
        kind=pl.when(pl.col("parent") >= 0).then(pl.lit("Reply")).otherwise(pl.lit("Default")))
    joins = community.joins.select(
        message_id=(pl.col("ms") - 1_420_070_400_000) * (1 << 22) + (1 << 21) + pl.col("author"),
        ms="ms", channel=pl.lit(CHANNELS.index("intros"), dtype=pl.Int8), author="author",
        parent=pl.lit(-1, dtype=pl.Int64), text=pl.lit(0, dtype=pl.Int64), kind=pl.lit("GuildMemberJoin"))
    return pl.concat([messages, joins.cast(messages.schema)]).sort("ms")


def quarters() -> list[tuple[int, int]]:
    """Quarter boundaries (ms) covering the community's span."""
    start = dt.datetime.fromtimestamp(START_MS / 1000, dt.timezone.utc).date().replace(day=1)
    start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
    bounds = []
    while int(dt.datetime(start.year, start.month, 1, tzinfo=dt.timezone.utc).timestamp() * 1000) <= END_MS:
        nxt = dt.date(start.year + (start.month + 3 > 12), (start.month + 2) % 12 + 1, 1)
        bounds.append((_ms(start), _ms(nxt)))
        start = nxt
    return bounds


def _ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp() * 1000)


def _day(ms: int) -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d")


def write_discord(out_dir: Path, community: Community) -> list[Path]:
    people = DiscordPeople(community.members.filter(pl.col("kind") == "discord"))
    messages = discord_messages_of(community)
    files = []
    spans = quarters() if community.tier.quarterly_files else [(quarters()[0][0], quarters()[-1][1])]
    for number, channel in enumerate(CHANNELS):
        in_channel = messages.filter(pl.col("channel") == number)
        for start, end in spans:
            part = in_channel.filter((pl.col("ms") >= start) & (pl.col("ms") < end))
            if part.is_empty():
                continue
            path = out_dir / (f"Bench Community - Chat - {channel} [{CHANNEL_BASE_ID + number}] "
                              f"({_day(start)} to {_day(end)}).json")
            write_discord_file(path, people, channel, part, community.reactions,
                               f"{_day(start)}T00:00:00+00:00", f"{_day(end)}T00:00:00+00:00")
            files.append(path)
    return files


# ---------------------------------------------------------------------------------------------
# Discourse (user list, posts query) and Luma (guest lists)
# ---------------------------------------------------------------------------------------------

FORUM_USER_COLUMNS = ("id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,"
                      "trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,"
                      "ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,"
                      "post_count,likes_given,likes_received,location,website,views,group_names").split(",")


def write_forum(out_dir: Path, community: Community) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    forum = community.members.filter(pl.col("kind") == "forum")
    users = pl.DataFrame({name: [""] * forum.height for name in FORUM_USER_COLUMNS}).with_columns(
        id=(forum["member"] + 1).cast(pl.String), name=forum["first"] + " " + forum["last"],
        username=forum["handle"], email=forum["email"],
        created_at=pl.Series(iso_times(forum["joined_ms"], "%Y-%m-%d %H:%M:%S UTC")),
        trust_level=pl.lit("1"), approved=pl.lit("true"), active=pl.lit("true"), admin=pl.lit("false"),
        moderator=pl.lit("false"), staged=pl.lit("false"))
    users_path = out_dir / "user-list-260701-090000.csv"
    users.write_csv(users_path)
    names = dict(zip(forum["member"].to_list(), forum["handle"].to_list(), strict=True))
    posts = community.posts.sort("ms")
    posts = posts.with_columns(
        user_id=(pl.col("author") + 1).cast(pl.String),
        username=pl.col("author").replace_strict(names, return_dtype=pl.String),
        created_at=pl.Series(iso_times(posts["ms"], "%Y-%m-%d %H:%M:%S%.3f+00")),
        raw=pl.Series([text_of(n, number > 1) for n, number in zip(posts["text"].to_list(),
                                                                   posts["post_number"].to_list(), strict=True)]),
        category=pl.col("category").replace_strict(dict(enumerate(CATEGORIES)), return_dtype=pl.String),
        topic_title=pl.lit("Topic ") + pl.col("topic_id").cast(pl.String),
        like_count=pl.col("post_id") % 4, reply_count=pl.lit(0),
        post_url=pl.lit("/t/") + pl.col("topic_id").cast(pl.String) + "/" + pl.col("post_number").cast(pl.String),
    ).select("post_id", "topic_id", "topic_title", "category", "post_number", "reply_to_post_number",
             "reply_to_post_id", pl.col("first_post_id").alias("topic_first_post_id"), "user_id", "username",
             "created_at", "raw", "like_count", "reply_count", "post_url")
    files = [users_path]
    for part, start in enumerate(range(0, posts.height, FORUM_ROWS_PER_FILE)):
        path = out_dir / f"posts@bench-forum-part-{part + 1:04d}.dcqresult.csv"
        posts.slice(start, FORUM_ROWS_PER_FILE).write_csv(path)
        files.append(path)
    return files


LUMA_COLUMNS = ("api_id,name,first_name,last_name,email,phone_number,created_at,approval_status,checked_in_at,"
                "custom_source,qr_code_url,amount,amount_tax,amount_discount,currency,coupon_code,eth_address,"
                "solana_address,survey_response_rating,survey_response_feedback,ticket_type_id,ticket_name,"
                "What brings you here?").split(",")


def write_luma(out_dir: Path, community: Community) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    people = community.members.select("member", "first", "last", "email")
    files = []
    for event, title, starts_ms in community.events.select("event", "title", "starts_ms").iter_rows():
        guests = community.registrations.filter(pl.col("event") == event).join(people, on="member")
        table = pl.DataFrame({name: [""] * guests.height for name in LUMA_COLUMNS}).with_columns(
            api_id=pl.lit("gst-") + guests["member"].cast(pl.String), name=guests["first"] + " " + guests["last"],
            first_name=guests["first"], last_name=guests["last"], email=guests["email"],
            created_at=pl.Series(iso_times(guests["registered_ms"], "%Y-%m-%dT%H:%M:%S%.3fZ")),
            approval_status=pl.lit("approved"),
            checked_in_at=pl.Series(iso_times(guests["checked_in_ms"], "%Y-%m-%dT%H:%M:%S%.3fZ")).fill_null(""),
            amount=pl.lit("0"), amount_tax=pl.lit("0"), amount_discount=pl.lit("0"), currency=pl.lit("USD"),
            ticket_type_id=pl.lit("tt-1"), ticket_name=pl.lit("General"))
        exported = dt.datetime.fromtimestamp(starts_ms / 1000 + 86_400, dt.timezone.utc)
        path = out_dir / f"{title} - Guests - {exported:%Y-%m-%d-%H-%M-%S}.csv"
        table.write_csv(path, include_bom=True, line_terminator="\r\n")
        files.append(path)
    return files
