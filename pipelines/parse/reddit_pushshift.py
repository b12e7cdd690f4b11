"""Reddit in pushshift's newline-delimited JSON: comments (RC_…), submissions (RS_…) or both mixed.

One JSON object per line (decompress the .zst dumps first). Decisions:
- Submissions are "thread" activities keyed "reddit:t3_<id>", text = title, a blank line, selftext.
  Comments are "comment" activities keyed "reddit:t1_<id>"; parent from parent_id (a comment or the
  submission), thread from link_id (the submission), so a comment's thread holds even when its
  submission is not in the file.
- Channel "r/<subreddit>"; url "https://www.reddit.com" + permalink (older comment dumps have no
  permalink: it is rebuilt from subreddit, link_id and id).
- Authors "[deleted]" and "[removed]" are kept, all under the one identity "[deleted]", because
  their posts still hold threads together; bodies "[removed]" / "[deleted]" are stored as empty text.
- platform_user_id is the username lower-cased (Reddit usernames are case-insensitive).
  AutoModerator, Reddit's own moderation bot, is flagged bot; authors of posts the export marks
  `distinguished` "moderator" or "admin" are flagged staff.
- reactions = score (net votes; a negative score counts 0), replies = num_comments for submissions
  and, for comments, the direct replies present in the file.
- created_utc is Unix seconds (an integer, or a string in older dumps), i.e. UTC.
- Title, selftext and body come HTML-escaped (&amp;, &lt;, &gt;) and are unescaped.
"""

from __future__ import annotations

import html
import json
from datetime import datetime, timezone

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, first_line

PLATFORM = "reddit"
DELETED = "[deleted]"
GONE_AUTHORS = {"[deleted]", "[removed]", ""}
GONE_TEXTS = {"[deleted]", "[removed]"}
BOT_ACCOUNTS = {"automoderator"}
STAFF_MARKS = {"moderator", "admin"}
COMMENT_KEYS = ("id", "author", "body", "created_utc", "link_id", "parent_id", "subreddit")
SUBMISSION_KEYS = ("id", "author", "title", "created_utc", "subreddit")


def matches(found: Sniff) -> bool:
    if not found.is_json:
        return False
    try:
        first = json.loads(first_line(found.head.lstrip()))
    except (json.JSONDecodeError, RecursionError):  # RecursionError: nested thousands deep, not a Reddit line
        # A first line longer than the sniffed head: fall back to the keys it shows.
        return found.has_json_keys(*COMMENT_KEYS) or found.has_json_keys(*SUBMISSION_KEYS, "selftext")
    return isinstance(first, dict) and (_is_comment(first) or _is_submission(first))


def _is_comment(item: dict) -> bool:
    return all(key in item for key in COMMENT_KEYS)


def _is_submission(item: dict) -> bool:
    return all(key in item for key in SUBMISSION_KEYS) and "body" not in item


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    identities: dict[str, dict] = {}
    activities: dict[str, dict] = {}
    duplicates = 0
    for line_number, item in _items(file_name, decode_text(file_name, data)):
        row = _activity(file_name, line_number, item)
        author = _remember_author(identities, item)
        row["platform_user_id"] = author["platform_user_id"]
        if row["activity_id"] in activities:
            duplicates += 1
            continue
        activities[row["activity_id"]] = row
    _count_comment_replies(activities)
    notes = []
    if duplicates:
        notes.append(f"{duplicates} repeated item(s) were stored once")
    if DELETED in identities:
        notes.append(f"posts of deleted or removed accounts are kept under the identity '{DELETED}'")
    return ParsedExport(
        format=FORMAT.name,
        identities=frame(list(identities.values()), IDENTITY_SCHEMA),
        activities=frame(list(activities.values()), ACTIVITY_SCHEMA),
        notes=notes,
    )


def _items(file_name: str, text: str):
    """(line number, JSON object) for each non-blank line; a malformed line is reported by number."""
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise ExportError(file_name, f"the line is not valid JSON: {err.msg}", line=line_number) from None
        if not isinstance(item, dict):
            raise ExportError(file_name, "the line is not a JSON object", line=line_number)
        yield line_number, item


def _activity(file_name: str, line_number: int, item: dict) -> dict:
    if "body" in item:
        return _comment(file_name, line_number, item)
    if "title" in item:
        return _submission(file_name, line_number, item)
    raise ExportError(file_name, "neither a comment (body) nor a submission (title)", line=line_number)


def _submission(file_name: str, line_number: int, item: dict) -> dict:
    native_id = _required_text(file_name, line_number, item, "id")
    subreddit = _required_text(file_name, line_number, item, "subreddit")
    key = f"{PLATFORM}:t3_{native_id}"
    body = _readable(item.get("selftext"))
    title = _readable(item.get("title"))
    permalink = item.get("permalink") or f"/r/{subreddit}/comments/{native_id}/"
    return _row(
        key=key, subreddit=subreddit, thread=key, parent=None, kind="thread",
        when=_created(file_name, line_number, item), text=f"{title}\n\n{body}" if body else title,
        score=item.get("score"), replies=_count(item.get("num_comments")), permalink=permalink,
    )


def _comment(file_name: str, line_number: int, item: dict) -> dict:
    native_id = _required_text(file_name, line_number, item, "id")
    subreddit = _required_text(file_name, line_number, item, "subreddit")
    link_id = _required_text(file_name, line_number, item, "link_id")
    if not link_id.startswith("t3_"):
        raise ExportError(file_name, f"link_id '{link_id}' does not name a submission (t3_…)", line=line_number,
                          field="link_id")
    parent = str(item.get("parent_id") or link_id)
    permalink = item.get("permalink") or f"/r/{subreddit}/comments/{link_id[3:]}/_/{native_id}/"
    return _row(
        key=f"{PLATFORM}:t1_{native_id}", subreddit=subreddit, thread=f"{PLATFORM}:{link_id}",
        parent=f"{PLATFORM}:{parent}", kind="comment", when=_created(file_name, line_number, item),
        text=_readable(item.get("body")), score=item.get("score"), replies=0, permalink=permalink,
    )


def _row(*, key, subreddit, thread, parent, kind, when, text, score, replies, permalink) -> dict:
    return {
        "activity_id": key,
        "platform": PLATFORM,
        "channel": f"r/{subreddit}",
        "thread_id": thread,
        "parent_id": parent,
        "platform_user_id": None,  # set by the caller from the author
        "activity_type": kind,
        "occurred_at": when,
        "text": text,
        "reactions": _count(score),
        "replies": replies,
        "shares": None,
        "impressions": None,
        "engagements": None,
        "url": f"https://www.reddit.com{permalink}",
    }


def _required_text(file_name: str, line_number: int, item: dict, field: str) -> str:
    value = item.get(field)
    if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
        raise ExportError(file_name, f"the {field} is missing", line=line_number, field=field)
    return str(value).strip()


def _created(file_name: str, line_number: int, item: dict) -> datetime:
    raw = item.get("created_utc")
    try:
        seconds = float(raw) if not isinstance(raw, bool) else None  # an int, a float or a numeric string
        return datetime.fromtimestamp(seconds, tz=timezone.utc)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError, OSError):
        raise ExportError(file_name, f"cannot read created_utc '{raw}' as Unix seconds", line=line_number,
                          field="created_utc") from None


def _readable(value: object) -> str:
    text = "" if value is None else str(value)
    return "" if text.strip() in GONE_TEXTS else html.unescape(text)


def _count(value: object) -> int:
    try:
        return max(int(float(value)), 0)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0


def _remember_author(identities: dict[str, dict], item: dict) -> dict:
    name = str(item.get("author") or "").strip()
    if name in GONE_AUTHORS:
        name = DELETED
    key = name.lower()
    known = identities.get(key)
    if known is None:
        known = identities[key] = {
            "platform": PLATFORM,
            "platform_user_id": key,
            "handle": name,
            "display_name": name if name == DELETED else f"u/{name}",
            "email": None,
            "is_bot": key in BOT_ACCOUNTS,
            "is_staff": False,
            "joined_at": None,
        }
    if name != DELETED and str(item.get("distinguished") or "") in STAFF_MARKS:
        known["is_staff"] = True
    return known


def _count_comment_replies(activities: dict[str, dict]) -> None:
    for row in activities.values():
        if row["activity_type"] == "comment" and row["parent_id"] in activities:
            parent = activities[row["parent_id"]]
            if parent["activity_type"] == "comment":
                parent["replies"] += 1


FORMAT = ExportFormat(
    name="reddit_pushshift",
    label="Reddit pushshift NDJSON (comments / submissions)",
    platform=PLATFORM,
    description="One JSON object per line: submissions are threads, comments hang on parent_id within "
    "link_id's thread; deleted authors kept as '[deleted]'. created_utc is Unix time (UTC).",
    matches=matches,
    parse=parse,
)
