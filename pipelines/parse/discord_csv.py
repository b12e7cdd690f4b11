"""DiscordChatExporter CSV: AuthorID, Author, Date, Content, Attachments, Reactions.

The CSV carries no message ids, channel or reply links: a message's key is a hash of
(author, time, content), and the channel comes from the exporter's file name
("Guild - Category - channel [id].csv"). Dates are written in the exporter's locale,
usually without an offset: they are read in the reporting time zone.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

import polars as pl

from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, parse_times, read_csv_strings, refuse_scientific_ids, require_columns

PLATFORM = "discord"
COLUMNS = ["authorid", "author", "date", "content", "attachments", "reactions"]
DATE_FORMATS = [
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%:z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%b-%y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
]
_REACTION_COUNT = re.compile(r"\((\d+)\)")
_CHANNEL_IN_NAME = re.compile(r"^(?:.+ - )?(?P<channel>[^-\[]+?) \[\d+\]$")


def matches(found: Sniff) -> bool:
    return found.has_columns(*COLUMNS)


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    refuse_scientific_ids(file_name, table, "authorid")
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the export has a header but no messages"])
    occurred = parse_times(file_name, table["date"], DATE_FORMATS, field="Date", assume_zone=options.local_zone)
    channel = channel_from_file_name(file_name)
    author_ids = table["authorid"].str.strip_chars()
    texts = table["content"].fill_null("")
    keys = [
        f"{PLATFORM}:csv:{_digest(author, str(when), text)}"
        for author, when, text in zip(author_ids, occurred, texts)
    ]
    activities = pl.DataFrame(
        {
            "activity_id": keys,
            "platform": PLATFORM,
            "channel": channel,
            "thread_id": keys,  # no reply links in the CSV: every message is a thread of one
            "parent_id": None,
            "platform_user_id": author_ids,
            "activity_type": "message",
            "occurred_at": occurred,
            "text": texts,
            "reactions": table["reactions"].fill_null("").map_elements(_reaction_total, return_dtype=pl.Int64),
            "replies": 0,
            "shares": None,
            "impressions": None,
            "engagements": None,
            "url": None,
        },
        schema=ACTIVITY_SCHEMA,
    ).unique("activity_id", keep="first", maintain_order=True)
    identities = (
        pl.DataFrame({"platform_user_id": author_ids, "author": table["author"]})
        .unique("platform_user_id", keep="first", maintain_order=True)
        .select(
            pl.lit(PLATFORM).alias("platform"),
            "platform_user_id",
            pl.col("author").alias("handle"),
            pl.col("author").str.replace(r"#\d{4}$", "").alias("display_name"),
            pl.lit(None, pl.String).alias("email"),
            pl.lit(False).alias("is_bot"),
            pl.lit(False).alias("is_staff"),
            pl.lit(None, ACTIVITY_SCHEMA["occurred_at"]).alias("joined_at"),
        )
    )
    return ParsedExport(
        format=FORMAT.name,
        identities=identities.cast(IDENTITY_SCHEMA),  # type: ignore[arg-type]
        activities=activities,
        notes=[f"channel '{channel}' taken from the file name; dates read in {options.local_zone}"],
    )


def channel_from_file_name(file_name: str) -> str:
    stem = PurePath(file_name).stem
    found = _CHANNEL_IN_NAME.match(stem)
    return found.group("channel").strip() if found else stem


def _reaction_total(cell: str) -> int:
    return sum(int(count) for count in _REACTION_COUNT.findall(cell))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


FORMAT = ExportFormat(
    name="discord_csv",
    label="DiscordChatExporter CSV",
    platform=PLATFORM,
    description="AuthorID, Author, Date, Content, Attachments, Reactions; channel from the file name; "
    "dates without an offset are read in the reporting time zone.",
    matches=matches,
    parse=parse,
)
