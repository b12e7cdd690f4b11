"""YouTube Studio analytics export, `Table data.csv` (Analytics > Advanced mode > Content > Export).

One row per video (Content = the 11-character video id, Video title, Video publish time,
Duration, Views, Watch time (hours), Subscribers, Impressions, Impressions click-through rate
(%), and whatever metrics were added: Likes, Comments added, Shares …), preceded by a
"Total" row that sums the table: it is skipped. Studio prefixes ids starting with "-" with
a space (so spreadsheets do not read a formula); ids are stripped.

Each video is a post of the channel, a thread of its own: activity_id "youtube:<video id>",
url https://www.youtube.com/watch?v=<id>, impressions = Impressions (Thumbnail impressions
in newer exports), reactions = Likes, replies = Comments (Comments added), shares = Shares,
engagements = likes + comments + shares (the ones the export has). The channel is the
community's own: one identity, flagged staff. Its name is not in the CSV; Studio's zip
("Content <from>_<to> <Channel name>.zip") carries it, otherwise the channel is "YouTube
channel".

Video publish time is a date without a time ("Nov 3, 2024"): it is read as midnight in the
reporting time zone (ParseOptions.local_zone). The export's Chart data.csv and Totals.csv
(per-day series) are not this format.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.meta_posts import sum_counts
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, parse_counts, parse_times, read_csv_strings, require_columns

PLATFORM = "youtube"
COLUMNS = ["content", "video title", "video publish time", "views"]
PUBLISH_FORMATS = ["%b %d, %Y", "%b %d %Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"]
DEFAULT_CHANNEL = "YouTube channel"
_VIDEO_ID = r"^[A-Za-z0-9_-]{11}$"
_STUDIO_ZIP = re.compile(r"^Content \d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2} (?P<channel>.+)\.zip$")


def matches(found: Sniff) -> bool:
    # Chart data.csv has the same columns plus a Date per row: that is a series, not the table.
    return found.has_columns(*COLUMNS) and "date" not in found.header


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    table = table.with_columns(pl.col("content").fill_null("").str.strip_chars())
    videos = table.filter(pl.col("content").str.to_lowercase() != "total")
    if videos.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the export has no videos (only a header or the Total row)"])
    _require_video_ids(file_name, videos)
    channel = _channel_name(file_name)
    counts = _counts(file_name, videos)
    keys = f"{PLATFORM}:" + videos["content"]
    activities = pl.DataFrame(
        {
            "activity_id": keys,
            "platform": PLATFORM,
            "channel": channel,
            "thread_id": keys,
            "parent_id": None,
            "platform_user_id": _account_key(channel),
            "activity_type": "post",
            "occurred_at": parse_times(file_name, videos["video publish time"], PUBLISH_FORMATS,
                                       field="Video publish time", assume_zone=options.local_zone),
            "text": videos["video title"],
            **counts,
            "url": "https://www.youtube.com/watch?v=" + videos["content"],
        },
        schema=ACTIVITY_SCHEMA,
    ).unique("activity_id", keep="first", maintain_order=True)
    account = {
        "platform": PLATFORM,
        "platform_user_id": _account_key(channel),
        "handle": channel,
        "display_name": channel,
        "email": None,
        "is_bot": False,
        "is_staff": True,
        "joined_at": None,
    }
    skipped = table.height - videos.height
    return ParsedExport(
        format=FORMAT.name,
        identities=frame([account], IDENTITY_SCHEMA),
        activities=activities,
        notes=[
            f"{activities.height} video(s) of channel '{channel}', flagged staff"
            + (f"; the Total row ({skipped}) is skipped" if skipped else ""),
            "engagements = likes + comments + shares where the export has them; publish dates read as midnight",
        ],
    )


def _require_video_ids(file_name: str, videos: pl.DataFrame) -> None:
    bad = ~videos["content"].str.contains(_VIDEO_ID)
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"'{videos['content'][row - 1]}' is not a YouTube video id", row=row,
                          field="Content")


def _count(file_name: str, table: pl.DataFrame, *names: str) -> pl.Series | None:
    column = next((name for name in names if name in table.columns), None)
    return parse_counts(file_name, table[column].str.replace_all(",", ""), field=column) if column else None


def _counts(file_name: str, videos: pl.DataFrame) -> dict[str, pl.Series | None]:
    likes = _count(file_name, videos, "likes")
    comments = _count(file_name, videos, "comments added", "comments")
    shares = _count(file_name, videos, "shares")
    _count(file_name, videos, "views")  # not stored, but a non-number means a damaged file
    return {
        "reactions": likes,
        "replies": comments,
        "shares": shares,
        "impressions": _count(file_name, videos, "impressions", "thumbnail impressions"),
        "engagements": sum_counts(likes, comments, shares),
    }


def _channel_name(file_name: str) -> str:
    """Studio's zip is named after the channel: 'Content 2024-01-01_2024-12-31 My Channel.zip!Table data.csv'."""
    if "!" not in file_name:
        return DEFAULT_CHANNEL
    found = _STUDIO_ZIP.match(PurePath(file_name.split("!")[0]).name)
    return found.group("channel").strip() if found else DEFAULT_CHANNEL


def _account_key(channel: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", channel.lower()).strip("-") or "channel"


FORMAT = ExportFormat(
    name="youtube_studio",
    label="YouTube Studio Table data.csv",
    platform=PLATFORM,
    description="A channel's videos with views, likes, comments, shares and impressions (Total row skipped); "
    "publish dates are read as midnight in the reporting time zone.",
    matches=matches,
    parse=parse,
)
