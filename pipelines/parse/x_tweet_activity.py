"""X (Twitter) analytics "tweet activity" CSV: one row per post of the exporting account.

The account is the community's own: its identity is flagged staff, so the brand's posts
never count as a member's contributions in human-only metrics.
"""

from __future__ import annotations

import html

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import (
    decode_text,
    parse_counts,
    parse_times,
    read_csv_strings,
    refuse_scientific_ids,
    require_columns,
)

PLATFORM = "x"
COLUMNS = ["tweet id", "tweet permalink", "tweet text", "time", "impressions", "engagements"]
COUNT_COLUMNS = {"impressions": "impressions", "engagements": "engagements", "likes": "reactions",
                 "replies": "replies", "retweets": "shares"}


def matches(found: Sniff) -> bool:
    return found.has_columns(*COLUMNS)


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS + ["likes", "replies", "retweets"])
    refuse_scientific_ids(file_name, table, "tweet id")
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the export has a header but no posts"])
    tweet_ids = table["tweet id"].str.strip_chars()
    bad_id = ~tweet_ids.fill_null("").str.contains(r"^\d+$")
    if bad_id.any():
        row = int(bad_id.arg_true()[0]) + 1
        raise ExportError(file_name, f"tweet id '{tweet_ids[row - 1]}' is not a number", row=row, field="Tweet id")
    handles = table["tweet permalink"].str.extract(r"^https?://(?:www\.)?(?:twitter|x)\.com/([^/]+)/status/", 1)
    if handles.is_null().any():
        row = int(handles.is_null().arg_true()[0]) + 1
        raise ExportError(file_name, "the permalink does not name the account", row=row, field="Tweet permalink")
    keys = "x:" + tweet_ids
    counts = {target: parse_counts(file_name, table[source], field=source) for source, target in COUNT_COLUMNS.items()}
    activities = pl.DataFrame(
        {
            "activity_id": keys,
            "platform": PLATFORM,
            "channel": "@" + handles,
            "thread_id": keys,
            "parent_id": None,
            "platform_user_id": handles.str.to_lowercase(),
            "activity_type": "post",
            "occurred_at": parse_times(file_name, table["time"], ["%Y-%m-%d %H:%M %z"], field="time"),
            "text": table["tweet text"].fill_null("").map_elements(html.unescape, return_dtype=pl.String),
            **counts,
            "url": table["tweet permalink"],
        },
        schema=ACTIVITY_SCHEMA,
    ).unique("activity_id", keep="first", maintain_order=True)
    accounts = [
        {
            "platform": PLATFORM,
            "platform_user_id": handle.lower(),
            "handle": handle,
            "display_name": "@" + handle,
            "email": None,
            "is_bot": False,
            "is_staff": True,
            "joined_at": None,
        }
        for handle in handles.unique(maintain_order=True)
    ]
    return ParsedExport(
        format=FORMAT.name,
        identities=frame(accounts, IDENTITY_SCHEMA),
        activities=activities,
        notes=["the exporting account is the community's own and is flagged staff"],
    )


FORMAT = ExportFormat(
    name="x_tweet_activity",
    label="X tweet activity CSV",
    platform=PLATFORM,
    description="Analytics export of one account's posts with impressions and engagements; times in UTC (+0000).",
    matches=matches,
    parse=parse,
)
