"""Slack workspace export: a zip of users.json, channels.json and one folder per channel of day files.

Each day file (`<channel>/YYYY-MM-DD.json`) is a JSON list of messages. Decisions:
- A message's key is "slack:<channel id>:<ts>" (ts is unique within a channel). Private channels,
  group DMs and DMs (groups.json, mpims.json, dms.json in larger plans' exports) are read the same way.
- Threads come from `thread_ts`: a message whose thread_ts is its own ts (or that has replies) starts
  a thread; a message with another thread_ts is a "reply" whose parent and thread are that start.
  Everything else is a thread of one. `replies` is Slack's reply_count, else the replies in the file.
- Reactions listing their `users` become reactions given by each of them, dated with the message
  (Slack records no time for a reaction).
- Bots: messages of subtype bot_message, or carrying a bot_id and no user, come from a bot keyed by its
  bot_id (else its username) and named by its username, bot profile or the bot_add notice that
  added it ("github"); users.json `is_bot` and Slackbot (USLACKBOT) are bots too. A bot_id on a
  human's message (e.g. bot_add, "added an integration") does not make that human a bot; an app's
  own user (a user and a bot_id) is a bot when users.json says so.
- An old-style file_comment is a message of the commenter, its text the comment.
- Staff: users.json is_admin / is_owner. Email: profile.email, where the plan exports it.
- Joins, leaves, topic/purpose/name changes, pins, integrations added and the other system subtypes
  are not contributions; channel_join gives the identity's earliest join date.
- Text: Slack mrkdwn made readable (<@U1> -> @name, <#C1|general> -> #general, <url|label> -> label,
  &amp; &lt; &gt; unescaped). Bot messages with empty text use their attachments' fallback text.
  File URLs carry access tokens (?t=xoxe-...): they are never stored, and any token-like string left
  in a text is masked.
- Slack exports carry no workspace URL, so `url` stays null. Times are Unix seconds, i.e. UTC.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timedelta, timezone

from pipelines.errors import ExportError
from pipelines.parse.archive import open_archive, read_member
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text

PLATFORM = "slack"
_DAY_FILE = re.compile(r"^(?P<prefix>(?:[^/]+/)?)(?P<folder>[^/]+)/(?P<day>\d{4}-\d{2}-\d{2})\.json$")
CONVERSATION_LISTS = ("channels.json", "groups.json", "mpims.json", "dms.json")
# Authored messages; every other subtype is Slack noting something that happened.
CONTRIBUTION_SUBTYPES = {None, "", "bot_message", "me_message", "file_share", "thread_broadcast", "file_comment"}
JOIN_SUBTYPES = {"channel_join", "group_join"}
SLACKBOT = "USLACKBOT"
_TS = re.compile(r"^(?P<seconds>\d{1,12})(?:\.(?P<fraction>\d{1,6}))?$")
_TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]+")
_ANGLE = re.compile(r"<([^<>]*)>")
# "added an integration to this channel: <https://x.slack.com/services/B0JL6RASU|github>"
_INTEGRATION_ADDED = re.compile(r"/services/(?P<bot_id>B[A-Z0-9]+)\|(?P<name>[^>]+)>")


# --- detection -------------------------------------------------------------------------------


def matches(found: Sniff) -> bool:
    return _export_root(found.archive_names) is not None


def _export_root(names: tuple[str, ...] | list[str]) -> str | None:
    """The folder prefix ('' or 'name/') holding users.json, channels.json and day files, if any."""
    present = set(names)
    for name in names:
        found = _DAY_FILE.match(name)
        if not found or name.startswith("__MACOSX/"):
            continue
        prefix = found.group("prefix")
        if f"{prefix}users.json" in present and f"{prefix}channels.json" in present:
            return prefix
    return None


# --- parsing ---------------------------------------------------------------------------------


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    archive = open_archive(file_name, data)
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    root = _export_root(names)
    if root is None:
        raise ExportError(file_name, "not a Slack export: users.json, channels.json and channel day files are needed")
    users_member = f"{root}users.json"
    conversations = _conversations(file_name, archive, root, set(names))
    workspace = _Workspace(f"{file_name}!{users_member}", _read_list(file_name, archive, users_member), conversations)

    for name in sorted(names):
        found = _DAY_FILE.match(name)
        if found and found.group("prefix") == root and not name.startswith("__MACOSX/"):
            folder = found.group("folder")
            messages = _read_list(file_name, archive, name)
            workspace.read_day(f"{file_name}!{name}", folder, messages)
    return workspace.result()


def _read_json(file_name: str, archive: zipfile.ZipFile, member: str) -> object:
    where = f"{file_name}!{member}"
    text = decode_text(where, read_member(file_name, archive, member))
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ExportError(where, f"the JSON is malformed: {err.msg}", line=err.lineno) from None


def _read_list(file_name: str, archive: zipfile.ZipFile, member: str) -> list:
    document = _read_json(file_name, archive, member)
    if not isinstance(document, list):
        raise ExportError(f"{file_name}!{member}", "expected a JSON list")
    return document


def _conversations(file_name: str, archive: zipfile.ZipFile, root: str, present: set[str]) -> dict[str, dict]:
    """Folder name -> {'id', 'name'} for channels, private channels, group DMs and DMs."""
    by_folder: dict[str, dict] = {}
    for list_name in CONVERSATION_LISTS:
        member = f"{root}{list_name}"
        if member not in present:
            continue
        for index, entry in enumerate(_read_list(file_name, archive, member), start=1):
            if not isinstance(entry, dict) or not entry.get("id"):
                raise ExportError(f"{file_name}!{member}", "a conversation lacks its id", row=index, field="id")
            # DMs have no name: their folder is named after their id.
            folder = str(entry.get("name") or entry["id"])
            by_folder[folder] = {"id": str(entry["id"]), "name": folder}
    return by_folder


class _Workspace:
    """Accumulates identities and activities over every day file of one export."""

    def __init__(self, users_file: str, users: list, conversations: dict[str, dict]):
        self.users_file = users_file  # where errors about users.json point
        self.conversations = conversations
        self.identities: dict[str, dict] = {}
        self.mention_names: dict[str, str] = {}
        self.contributions: dict[str, dict] = {}
        self.reactions: list[dict] = []
        self.skipped_system = 0
        self.duplicates = 0
        self.unlisted_folders: set[str] = set()
        self.bot_names: dict[str, str] = {}
        for index, user in enumerate(users, start=1):
            self._add_listed_user(user, index)
        self.channel_names = {c["id"]: c["name"] for c in conversations.values()}

    # identities

    def _add_listed_user(self, user: object, index: int) -> None:
        if not isinstance(user, dict) or not user.get("id"):
            raise ExportError(self.users_file, "a user lacks its id", row=index, field="id")
        profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
        user_id = str(user["id"])
        display = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name")
        email = str(profile.get("email") or "").strip().lower() or None
        self.identities[user_id] = {
            "platform": PLATFORM,
            "platform_user_id": user_id,
            "handle": str(user.get("name") or user_id),
            "display_name": str(display or user_id),
            "email": email,
            "is_bot": bool(user.get("is_bot")) or user_id == SLACKBOT,
            "is_staff": bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
            "joined_at": None,
        }
        self.mention_names[user_id] = str(display or user.get("name") or user_id)

    def _author(self, message: dict, where: str, index: int) -> dict:
        """The identity who wrote a message: a user, or a bot keyed by bot_id / username."""
        subtype = message.get("subtype")
        user_id = message.get("user")
        if subtype == "file_comment" and isinstance(message.get("comment"), dict):
            user_id = message["comment"].get("user")
        if user_id:
            identity = self._identity_for_user(str(user_id), message)
            identity["is_bot"] = identity["is_bot"] or subtype == "bot_message"
            return identity
        bot_key = message.get("bot_id") or message.get("username")
        if not bot_key:
            raise ExportError(where, "a message names neither a user nor a bot", row=index, field="user")
        return self._identity_for_bot(str(bot_key), message)

    def _identity_for_user(self, user_id: str, message: dict) -> dict:
        known = self.identities.get(user_id)
        if known is None:
            # Not in users.json (e.g. a guest from a shared channel): the message's own profile, if any.
            profile = message.get("user_profile") if isinstance(message.get("user_profile"), dict) else {}
            name = profile.get("name") or message.get("username") or user_id
            display = profile.get("display_name") or profile.get("real_name") or name
            known = self.identities[user_id] = {
                "platform": PLATFORM, "platform_user_id": user_id, "handle": str(name), "display_name": str(display),
                "email": None, "is_bot": user_id == SLACKBOT, "is_staff": False, "joined_at": None,
            }
            self.mention_names.setdefault(user_id, str(display))
        return known

    def _identity_for_bot(self, bot_key: str, message: dict) -> dict:
        known = self.identities.get(bot_key)
        if known is None:
            profile = message.get("bot_profile") if isinstance(message.get("bot_profile"), dict) else {}
            name = str(message.get("username") or profile.get("name") or bot_key)
            known = self.identities[bot_key] = {
                "platform": PLATFORM, "platform_user_id": bot_key, "handle": name, "display_name": name,
                "email": None, "is_bot": True, "is_staff": False, "joined_at": None,
            }
        return known

    # messages

    def read_day(self, where: str, folder: str, messages: list) -> None:
        conversation = self.conversations.get(folder)
        if conversation is None:
            # A folder no conversation list names: its name stands in for the id.
            self.unlisted_folders.add(folder)
            conversation = {"id": folder, "name": folder}
        for index, message in enumerate(messages, start=1):
            if not isinstance(message, dict):
                raise ExportError(where, "a message is not a JSON object", row=index)
            self._read_message(where, index, conversation, message)

    def _read_message(self, where: str, index: int, conversation: dict, message: dict) -> None:
        ts = message.get("ts")
        when = _time_of(where, index, ts)
        subtype = message.get("subtype")
        if subtype in JOIN_SUBTYPES:
            if message.get("user"):
                joiner = self._identity_for_user(str(message["user"]), message)
                joiner["joined_at"] = min(filter(None, [joiner["joined_at"], when]))
            return
        if subtype not in CONTRIBUTION_SUBTYPES or message.get("type", "message") != "message":
            self._remember_bot_name(message)
            self.skipped_system += 1
            return
        key = _activity_id(conversation["id"], str(ts))
        if key in self.contributions:
            self.duplicates += 1
            return
        author = self._author(message, where, index)
        thread_ts = str(message.get("thread_ts") or "")
        is_reply = bool(thread_ts) and thread_ts != str(ts)
        thread_key = _activity_id(conversation["id"], thread_ts) if is_reply else key
        reply_count = message.get("reply_count")
        self.contributions[key] = {
            "activity_id": key,
            "platform": PLATFORM,
            "channel": conversation["name"],
            "thread_id": thread_key,
            "parent_id": thread_key if is_reply else None,
            "platform_user_id": author["platform_user_id"],
            "activity_type": "reply" if is_reply else "message",
            "occurred_at": when,
            "text": self._readable_text(message),
            "reactions": sum(_count(r.get("count")) for r in _reaction_list(message)),
            "replies": _count(reply_count) if reply_count is not None else None,
            "shares": None,
            "impressions": None,
            "engagements": None,
            "url": None,  # no workspace URL in the export
        }
        self._reactions_given(message, key, thread_key, conversation["name"], when)

    def _remember_bot_name(self, message: dict) -> None:
        """Old bots post without a name; the bot_add notice names them ('github')."""
        if message.get("subtype") == "bot_add":
            for found in _INTEGRATION_ADDED.finditer(str(message.get("text") or "")):
                self.bot_names.setdefault(found.group("bot_id"), found.group("name"))

    def _reactions_given(self, message: dict, key: str, thread_key: str, channel: str, when: datetime) -> None:
        for reaction in _reaction_list(message):
            name = str(reaction.get("name") or "?")
            for user_id in reaction.get("users") or []:
                if not isinstance(user_id, str) or not user_id:
                    continue
                reactor = self._identity_for_user(user_id, {})
                self.reactions.append(
                    {
                        "activity_id": f"{key}:reaction:{name}:{user_id}",
                        "platform": PLATFORM,
                        "channel": channel,
                        "thread_id": thread_key,
                        "parent_id": key,
                        "platform_user_id": reactor["platform_user_id"],
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

    def _readable_text(self, message: dict) -> str:
        raw = message.get("text") or ""
        if message.get("subtype") == "file_comment" and isinstance(message.get("comment"), dict):
            raw = message["comment"].get("comment") or raw
        if not raw.strip():
            raw = "\n".join(
                str(a.get("fallback") or a.get("text") or a.get("pretext") or "")
                for a in message.get("attachments") or []
                if isinstance(a, dict)
            ).strip()
        return _TOKEN.sub("[token removed]", readable_mrkdwn(raw, self.mention_names, self.channel_names))

    # result

    def result(self) -> ParsedExport:
        contributions = list(self.contributions.values())
        for bot_id, name in self.bot_names.items():
            bot = self.identities.get(bot_id)
            if bot is not None and bot["display_name"] == bot_id:
                bot["display_name"] = name
        _count_replies_in_file(contributions)
        notes = []
        if self.skipped_system:
            notes.append(f"{self.skipped_system} system message(s) (joins, topic changes, integrations…) "
                         "are not contributions")
        if self.duplicates:
            notes.append(f"{self.duplicates} repeated message(s) were stored once")
        if self.unlisted_folders:
            notes.append(f"folder(s) {', '.join(sorted(self.unlisted_folders))} are in no conversation list: "
                         "their name stands in for the channel id")
        return ParsedExport(
            format=FORMAT.name,
            identities=frame(list(self.identities.values()), IDENTITY_SCHEMA),
            activities=frame(contributions + self.reactions, ACTIVITY_SCHEMA),
            notes=notes,
        )


def _count_replies_in_file(contributions: list[dict]) -> None:
    """Where Slack gave no reply_count, count the thread's replies present in the export."""
    found: dict[str, int] = {}
    for row in contributions:
        if row["activity_type"] == "reply":
            found[row["thread_id"]] = found.get(row["thread_id"], 0) + 1
    for row in contributions:
        if row["replies"] is None:
            row["replies"] = found.get(row["activity_id"], 0)


def _reaction_list(message: dict) -> list[dict]:
    return [r for r in message.get("reactions") or [] if isinstance(r, dict)]


def _count(value: object) -> int:
    try:
        return max(int(value), 0)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def _time_of(where: str, index: int, ts: object) -> datetime:
    """Slack's ts ('1459154014.000018') is Unix seconds with a per-channel sequence: read it as UTC."""
    found = _TS.match(str(ts or ""))
    if not found:
        raise ExportError(where, f"cannot read ts '{ts}' as a Slack timestamp", row=index, field="ts")
    micros = int((found.group("fraction") or "0").ljust(6, "0"))
    return datetime.fromtimestamp(int(found.group("seconds")), tz=timezone.utc) + timedelta(microseconds=micros)


def _activity_id(channel_id: str, ts: str) -> str:
    return f"{PLATFORM}:{channel_id}:{ts}"


def readable_mrkdwn(text: str, user_names: dict[str, str], channel_names: dict[str, str]) -> str:
    """Slack's escaped mrkdwn -> what a reader sees: names for mentions, labels for links."""

    def replace(found: re.Match) -> str:
        inner = found.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return "@" + (user_names.get(target[1:]) or label or target[1:])
        if target.startswith("#"):
            return "#" + (label or channel_names.get(target[1:]) or target[1:])
        if target.startswith("!"):
            # <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
            return label or "@" + target[1:].split("^")[0]
        return label or target

    readable = _ANGLE.sub(replace, text)
    return readable.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


FORMAT = ExportFormat(
    name="slack_export",
    label="Slack workspace export (zip)",
    platform=PLATFORM,
    description="Workspace export zip: users.json, channels.json and per-channel day files. Threads via "
    "thread_ts, reactions given, bots (bot_message, bot_id, is_bot), staff (admins, owners). Times are Unix (UTC).",
    matches=matches,
    parse=parse,
)
