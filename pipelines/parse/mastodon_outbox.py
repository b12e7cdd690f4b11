"""Mastodon account archive: outbox.json (ActivityStreams), alone or inside the archive zip.

The outbox lists what one account did: Create (a Note it wrote) and Announce (a boost).
Decisions:
- The account is one identity: platform_user_id = the actor URL (https://host/users/name),
  handle "name@host". actor.json (in the archive zip) adds the display name; without it the
  handle stands in. The account is not flagged staff: the archive does not say whose it is.
- activity_id "mastodon:<object URI>". A Note is a "post", or a "reply" when it has inReplyTo;
  parent = the post replied to, thread = the root of the reply chain within the file (the
  first post outside the file otherwise, i.e. inReplyTo of the earliest known reply).
- A boost (Announce) is a "reaction" given by the account, keyed by the Announce's own URI, with
  parent = the boosted post ("mastodon:<its URI>", so it joins when that post is loaded too).
- Direct messages (addressed neither to the public, nor to followers) are private
  conversations, not community activity: they are skipped and counted in the notes.
- Text: the HTML content made plain (tags dropped, link text kept, <br> and paragraph breaks
  as newlines, entities unescaped); a content warning (summary) comes first.
- reactions / shares: the Note's likes / shares totalItems where the server wrote them.
- Times carry their offset ("2024-04-01T10:00:00Z"): stored as UTC.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from pipelines.errors import ExportError
from pipelines.parse.archive import open_archive, read_member
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text

PLATFORM = "mastodon"
PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
AUTHORED_TYPES = {"Note", "Question", "Article", "Page"}
_COLLECTION_TYPE = re.compile(r'"type"\s*:\s*"OrderedCollection"')
_OUTBOX_ID = re.compile(r'"id"\s*:\s*"outbox\.json"')
_ITEM_TYPE = re.compile(r'"type"\s*:\s*"(Create|Announce)"')


def matches(found: Sniff) -> bool:
    if found.archive_names:
        return "outbox.json" in found.archive_names and "actor.json" in found.archive_names
    # The archive names its outbox "outbox.json"; other outboxes show Create / Announce items.
    return found.has_json_keys("orderedItems") and bool(_COLLECTION_TYPE.search(found.head)) \
        and bool(_OUTBOX_ID.search(found.head) or _ITEM_TYPE.search(found.head))


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    outbox, actor, where = _documents(file_name, data)
    items = outbox.get("orderedItems")
    if not isinstance(items, list):
        raise ExportError(where, "orderedItems must be a list", field="orderedItems")
    rows: dict[str, dict] = {}
    actor_urls: set[str] = set()
    skipped = {"direct": 0, "other": 0}
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ExportError(where, "an item is not a JSON object", row=index, field="orderedItems")
        row = _item_row(where, index, item, skipped)
        if row is not None:
            actor_urls.add(_actor_url(where, index, item))
            rows.setdefault(row["activity_id"], row)
    if len(actor_urls) > 1:
        raise ExportError(where, f"the outbox mixes {len(actor_urls)} accounts; expected one account's archive")
    account = _account(actor_urls, actor, where)
    for row in rows.values():
        row["platform_user_id"] = account["platform_user_id"] if account else None
    _resolve_threads(rows)
    notes = []
    if skipped["direct"]:
        notes.append(f"{skipped['direct']} direct message(s) are private and were skipped")
    if skipped["other"]:
        notes.append(f"{skipped['other']} item(s) that are neither posts nor boosts were skipped")
    return ParsedExport(
        format=FORMAT.name,
        identities=frame([account] if account else [], IDENTITY_SCHEMA),
        activities=frame(list(rows.values()), ACTIVITY_SCHEMA),
        notes=notes,
    )


# --- reading the documents -----------------------------------------------------------------


def _documents(file_name: str, data: bytes) -> tuple[dict, dict | None, str]:
    """(outbox, actor or None, the name errors should cite)."""
    if data[:4] != b"PK\x03\x04":
        return _json_object(file_name, data), None, file_name
    archive = open_archive(file_name, data)
    names = set(archive.namelist())
    if "outbox.json" not in names:
        raise ExportError(file_name, "the archive has no outbox.json")
    outbox = _member_object(file_name, archive, "outbox.json")
    actor = _member_object(file_name, archive, "actor.json") if "actor.json" in names else None
    return outbox, actor, f"{file_name}!outbox.json"


def _member_object(file_name: str, archive: zipfile.ZipFile, member: str) -> dict:
    return _json_object(f"{file_name}!{member}", read_member(file_name, archive, member))


def _json_object(where: str, data: bytes) -> dict:
    try:
        document = json.loads(decode_text(where, data))
    except json.JSONDecodeError as err:
        raise ExportError(where, f"the JSON is malformed: {err.msg}", line=err.lineno) from None
    if not isinstance(document, dict):
        raise ExportError(where, "expected a JSON object")
    return document


# --- items ---------------------------------------------------------------------------------


def _item_row(where: str, index: int, item: dict, skipped: dict[str, int]) -> dict | None:
    kind = item.get("type")
    if kind == "Announce":
        return _boost(where, index, item)
    obj = item.get("object")
    if kind != "Create" or not isinstance(obj, dict) or obj.get("type") not in AUTHORED_TYPES:
        skipped["other"] += 1
        return None
    if _is_direct(obj if obj.get("to") is not None else item):
        skipped["direct"] += 1
        return None
    return _post(where, index, obj)


def _post(where: str, index: int, note: dict) -> dict:
    uri = _uri(where, index, note.get("id"), "object.id")
    reply_to = note.get("inReplyTo")
    reply_to = str(reply_to) if isinstance(reply_to, str) and reply_to else None
    return _row(
        key=_key(uri),
        parent=_key(reply_to) if reply_to else None,
        kind="reply" if reply_to else "post",
        when=_published(where, index, note.get("published"), "object.published"),
        text=_note_text(note),
        reactions=_total(note.get("likes")),
        shares=_total(note.get("shares")),
        url=_link(note.get("url")) or uri,
    )


def _boost(where: str, index: int, item: dict) -> dict:
    uri = _uri(where, index, item.get("id"), "id")
    boosted = item.get("object")
    boosted = boosted.get("id") if isinstance(boosted, dict) else boosted
    boosted_uri = _uri(where, index, boosted, "object")
    return _row(
        key=_key(uri),
        parent=_key(boosted_uri),
        kind="reaction",
        when=_published(where, index, item.get("published"), "published"),
        text=None,
        reactions=None,
        shares=None,
        url=None,
    )


def _row(*, key, parent, kind, when, text, reactions, shares, url) -> dict:
    return {
        "activity_id": key,
        "platform": PLATFORM,
        "channel": None,  # an account's timeline has no channels
        "thread_id": None if kind != "reaction" else parent,
        "parent_id": parent,
        "platform_user_id": None,
        "activity_type": kind,
        "occurred_at": when,
        "text": text,
        "reactions": reactions,
        "replies": 0 if kind != "reaction" else None,
        "shares": shares,
        "impressions": None,
        "engagements": None,
        "url": url,
    }


def _is_direct(addressed: dict) -> bool:
    audience = set(_as_list(addressed.get("to"))) | set(_as_list(addressed.get("cc")))
    if audience & PUBLIC:
        return False
    return not any(str(target).endswith("/followers") for target in audience)


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _uri(where: str, index: int, value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ExportError(where, f"the item has no {field}", row=index, field=field)
    return value.strip()


def _published(where: str, index: int, raw: object, field: str) -> datetime:
    text = str(raw or "")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ExportError(where, f"cannot read '{text}' as a date and time", row=index, field=field) from None
    if when.tzinfo is None:
        raise ExportError(where, f"'{text}' has no UTC offset", row=index, field=field)
    return when


def _total(collection: object) -> int | None:
    if isinstance(collection, dict) and isinstance(collection.get("totalItems"), int):
        return collection["totalItems"]
    return None


def _link(url: object) -> str | None:
    """A Note's url is a string, or (some servers) a Link object or a list of them."""
    if isinstance(url, str):
        return url
    if isinstance(url, dict):
        return _link(url.get("href"))
    if isinstance(url, list) and url:
        return _link(url[0])
    return None


def _key(uri: str) -> str:
    return f"{PLATFORM}:{uri}"


def _resolve_threads(rows: dict[str, dict]) -> None:
    """thread = the root of the reply chain within the file; a reply to an outside post hangs on it."""
    for row in rows.values():
        if row["activity_type"] == "reaction":
            continue
        root, hops = row, 0
        while root["parent_id"] in rows and rows[root["parent_id"]]["activity_type"] != "reaction" and hops < 10_000:
            root, hops = rows[root["parent_id"]], hops + 1
        row["thread_id"] = root["parent_id"] or root["activity_id"]
        if row["parent_id"] in rows and rows[row["parent_id"]]["replies"] is not None:
            rows[row["parent_id"]]["replies"] += 1
    # A boost of a post in the file belongs to that post's thread.
    for row in rows.values():
        if row["activity_type"] == "reaction" and row["parent_id"] in rows:
            row["thread_id"] = rows[row["parent_id"]]["thread_id"]


# --- the account ---------------------------------------------------------------------------


def _actor_url(where: str, index: int, item: dict) -> str:
    actor = item.get("actor")
    actor = actor.get("id") if isinstance(actor, dict) else actor
    return _uri(where, index, actor, "actor")


def _account(actor_urls: set[str], actor: dict | None, where: str) -> dict | None:
    actor_url = next(iter(actor_urls), None) or (str(actor.get("id")) if actor and actor.get("id") else None)
    if actor_url is None:
        return None
    handle = _handle(actor_url, actor)
    name = (actor or {}).get("name")
    return {
        "platform": PLATFORM,
        "platform_user_id": actor_url,
        "handle": handle,
        "display_name": str(name).strip() if isinstance(name, str) and name.strip() else handle,
        "email": None,
        "is_bot": bool(actor and actor.get("type") in ("Service", "Application")),  # Mastodon's bot accounts
        "is_staff": False,
        "joined_at": _joined(actor),
    }


def _handle(actor_url: str, actor: dict | None) -> str:
    host = urlsplit(actor_url).hostname or ""
    username = (actor or {}).get("preferredUsername")
    if not isinstance(username, str) or not username:
        username = actor_url.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
    return f"{username}@{host}" if host else username


def _joined(actor: dict | None) -> datetime | None:
    published = (actor or {}).get("published")
    if not isinstance(published, str):
        return None
    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    return when if when.tzinfo else None


# --- HTML to text --------------------------------------------------------------------------


class _PlainText(HTMLParser):
    """Collects the text a reader sees; block ends and <br> become newlines."""

    BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        starts_a_line = tag in self.BLOCKS and self.parts and not self.parts[-1].endswith("\n")
        if tag == "br" or starts_a_line:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        return re.sub(r"\n{3,}", "\n\n", joined).strip()


def html_to_text(content: str) -> str:
    parser = _PlainText()
    parser.feed(content)
    parser.close()
    return parser.text()


def _note_text(note: dict) -> str:
    content = note.get("content")
    if not isinstance(content, str):
        content_map = note.get("contentMap")
        content = next(iter(content_map.values()), "") if isinstance(content_map, dict) and content_map else ""
    text = html_to_text(content)
    warning = note.get("summary")
    if isinstance(warning, str) and warning.strip():
        text = f"{html_to_text(warning)}\n\n{text}".strip()
    return text


FORMAT = ExportFormat(
    name="mastodon_outbox",
    label="Mastodon archive outbox.json (or the archive zip)",
    platform=PLATFORM,
    description="One account's posts, replies and boosts (as reactions given); HTML made plain; direct "
    "messages skipped. Times carry their offset.",
    matches=matches,
    parse=parse,
)
