"""Discourse posts CSV: the result of the Data Explorer query in README ("Discourse posts query").

Discourse has no built-in export of every post, so an admin runs our query in the Data Explorer
plugin and downloads the result as CSV. Decisions:
- activity_id "discourse:post:<post_id>". The topic's first post (post_number 1) is the "thread";
  its text is the post's raw Markdown and its channel the category ("Parent / Child").
- Every other post is a "reply": thread = the topic's first post, parent = the post it replies
  to (reply_to_post_number) or else the first post. The query returns those posts' ids
  (topic_first_post_id, reply_to_post_id), so threads hold even when the first post is outside
  the exported date range.
- reactions = like_count, replies = reply_count (both Discourse's own counters).
- Authors are usernames, lower-cased as in the user list export so both meet on one identity.
  This file has no email; user ids below 1 are Discourse's system bots (system, discobot).
  A post whose author was deleted (no username) is kept under one "[deleted]" identity.
- url is the query's post_url, Discourse's relative path "/t/<topic>/<post number>" (the CSV
  cannot know the forum's address).
- Times: Discourse stores UTC; the query writes them with an offset ("+00"); a time written
  without one is read as UTC, never in the reporting zone.
"""

from __future__ import annotations

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, parse_counts, parse_times, read_csv_strings, require_columns

PLATFORM = "discourse"
DELETED_USER = "[deleted]"
DATA_EXPLORER_ROW_LIMIT = 10_000  # the most rows one CSV download holds
COLUMNS = [
    "post_id", "topic_id", "topic_title", "category", "post_number", "reply_to_post_number",
    "reply_to_post_id", "topic_first_post_id", "user_id", "username", "created_at", "raw",
    "like_count", "reply_count",
]
TIME_FORMATS = ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.fZ",
                "%Y-%m-%d %H:%M:%S UTC", "%Y-%m-%d %H:%M:%S%.f"]


def matches(found: Sniff) -> bool:
    return found.has_columns("post_id", "topic_id", "post_number", "reply_to_post_number", "username", "raw")


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the query result has a header but no posts"])
    ids = {column: _whole_numbers(file_name, table, column, required=True)
           for column in ("post_id", "topic_id", "post_number", "topic_first_post_id")}
    _whole_numbers(file_name, table, "reply_to_post_number", required=False)  # checked, not needed: ids follow
    reply_to = _whole_numbers(file_name, table, "reply_to_post_id", required=False)
    user_ids = _whole_numbers(file_name, table, "user_id", required=False)
    usernames = table["username"].fill_null("").str.strip_chars().replace({"": DELETED_USER})
    key = _post_key(ids["post_id"])
    first_post = _post_key(ids["topic_first_post_id"])
    is_first = ids["post_number"] == 1
    activities = pl.DataFrame(
        {
            "activity_id": key,
            "platform": PLATFORM,
            "channel": table["category"].str.strip_chars().replace({"": None}),
            "thread_id": pl.Series([k if first else t for k, t, first in zip(key, first_post, is_first)]),
            "parent_id": _parents(is_first, _post_key(reply_to), first_post),
            "platform_user_id": usernames.str.to_lowercase(),
            "activity_type": is_first.replace_strict({True: "thread", False: "reply"}, return_dtype=pl.String),
            "occurred_at": parse_times(file_name, table["created_at"], TIME_FORMATS, field="created_at",
                                       assume_zone="UTC"),
            "text": table["raw"].fill_null(""),
            "reactions": parse_counts(file_name, table["like_count"], field="like_count"),
            "replies": parse_counts(file_name, table["reply_count"], field="reply_count"),
            "shares": None,
            "impressions": None,
            "engagements": None,
            "url": table["post_url"].replace({"": None}) if "post_url" in table.columns else None,
        },
        schema=ACTIVITY_SCHEMA,
    )
    duplicates = activities.height - activities["activity_id"].n_unique()
    activities = activities.unique("activity_id", keep="first", maintain_order=True)
    identities = _identities(usernames, user_ids)
    notes = []
    if table.height == DATA_EXPLORER_ROW_LIMIT:
        notes.append(f"the file holds exactly {DATA_EXPLORER_ROW_LIMIT} rows, Data Explorer's download limit: "
                     "later posts are probably missing; export a narrower date range")
    if duplicates:
        notes.append(f"{duplicates} repeated post id(s) were stored once")
    deleted = int((usernames == DELETED_USER).sum())
    if deleted:
        notes.append(f"{deleted} post(s) of deleted users are kept under the identity '{DELETED_USER}'")
    return ParsedExport(format=FORMAT.name, identities=identities, activities=activities, notes=notes)


def _whole_numbers(file_name: str, table: pl.DataFrame, column: str, *, required: bool) -> pl.Series:
    cleaned = table[column].fill_null("").str.strip_chars()
    numbers = cleaned.replace({"": None}).cast(pl.Int64, strict=False)
    bad = (cleaned != "") & numbers.is_null()
    if required:
        bad = bad | (cleaned == "")
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        shown = cleaned[row - 1]
        problem = f"'{shown}' is not a whole number" if shown else "the value is missing"
        raise ExportError(file_name, problem, row=row, field=column)
    return numbers


def _post_key(post_ids: pl.Series) -> pl.Series:
    return ("discourse:post:" + post_ids.cast(pl.String)).alias("key")


def _parents(is_first: pl.Series, reply_to: pl.Series, first_post: pl.Series) -> pl.Series:
    """A reply hangs on the post it answers, else on the topic's first post; a first post on nothing."""
    return pl.Series(
        [None if first else (answered or opening) for first, answered, opening in zip(is_first, reply_to, first_post)],
        dtype=pl.String,
    )


def _identities(usernames: pl.Series, user_ids: pl.Series) -> pl.DataFrame:
    people = pl.DataFrame({"handle": usernames, "user_id": user_ids}).unique("handle", keep="first",
                                                                               maintain_order=True)
    return people.select(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("handle").str.to_lowercase().alias("platform_user_id"),
        "handle",
        pl.col("handle").alias("display_name"),
        pl.lit(None, pl.String).alias("email"),
        (pl.col("user_id").fill_null(1) < 1).alias("is_bot"),
        pl.lit(False).alias("is_staff"),  # the user list export says who is staff
        pl.lit(None, IDENTITY_SCHEMA["joined_at"]).alias("joined_at"),
    ).unique("platform_user_id", keep="first", maintain_order=True).cast(IDENTITY_SCHEMA)  # type: ignore[arg-type]


FORMAT = ExportFormat(
    name="discourse_posts",
    label="Discourse posts CSV (Data Explorer query)",
    platform=PLATFORM,
    description="Posts from the README's Data Explorer query: first posts are threads, others replies "
    "(reply_to_post_id, else the first post); likes as reactions; times in UTC.",
    matches=matches,
    parse=parse,
)
