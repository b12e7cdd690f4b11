"""Luma guest list CSV: one row per guest of one event.

The file carries no event title or start time. The title comes from Luma's file name
("<EVENT> - Guests - <exported at>.csv"); the start is approximated by the first
check-in. The event's key is title + day of the first check-in (else the export day),
so re-exports of one event land on the same event.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import polars as pl

from pipelines.parse.frames import ATTENDANCE_SCHEMA, EVENT_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, parse_times, read_csv_strings, require_columns

PLATFORM = "luma"
COLUMNS = ["api_id", "name", "email", "created_at", "approval_status", "checked_in_at"]
ISO_FORMATS = ["%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S"]
REGISTERED_STATUSES = {"approved", "pending_approval", "invited", ""}
_LUMA_NAME = re.compile(r"^(?P<title>.+?) - Guests - (?P<exported>\d{4}-\d{2}-\d{2})-\d{2}-\d{2}-\d{2}$")


def matches(found: Sniff) -> bool:
    return found.has_columns(*COLUMNS)


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    title, exported_day = _title_and_export_day(file_name)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the guest list has a header but no guests"])
    guests = table.with_columns(
        registered_at=parse_times(file_name, table["created_at"], ISO_FORMATS, field="created_at"),
        checked_in_at=parse_times(file_name, table["checked_in_at"], ISO_FORMATS, field="checked_in_at"),
        status=table["approval_status"].fill_null("").str.strip_chars().str.to_lowercase(),
        email=table["email"].str.strip_chars().str.to_lowercase(),
    ).with_columns(
        platform_user_id=pl.coalesce(pl.col("email").replace({"": None}), "api_id"),
    )
    kept = guests.filter(pl.col("status").is_in(REGISTERED_STATUSES) | pl.col("checked_in_at").is_not_null())
    first_check_in = kept["checked_in_at"].min()
    event_day = first_check_in.date().isoformat() if first_check_in else exported_day or "undated"
    event_id = f"{PLATFORM}:{_slug(title)}:{event_day}"
    events = frame(
        [{"event_id": event_id, "platform": PLATFORM, "title": title, "starts_at": first_check_in, "ends_at": None}],
        EVENT_SCHEMA,
    )
    attendance = kept.select(
        pl.lit(event_id).alias("event_id"),
        pl.lit(PLATFORM).alias("platform"),
        "platform_user_id",
        "registered_at",
        pl.col("checked_in_at").is_not_null().alias("attended"),
        pl.lit(None, pl.Float64).alias("minutes_attended"),
    ).unique("platform_user_id", keep="first", maintain_order=True)
    identities = kept.unique("platform_user_id", keep="first", maintain_order=True).select(
        pl.lit(PLATFORM).alias("platform"),
        "platform_user_id",
        pl.col("name").alias("handle"),
        pl.col("name").alias("display_name"),
        pl.col("email").replace({"": None}),
        pl.lit(False).alias("is_bot"),
        pl.lit(False).alias("is_staff"),
        pl.col("registered_at").alias("joined_at"),
    )
    notes = [f"event '{title}': start taken from the first check-in ({first_check_in or 'none yet'})"]
    dropped = guests.height - kept.height
    if dropped:
        notes.append(f"{dropped} declined or waitlisted guest(s) are not registrations")
    return ParsedExport(
        format=FORMAT.name,
        identities=identities.cast(IDENTITY_SCHEMA),  # type: ignore[arg-type]
        events=events,
        attendance=attendance.cast(ATTENDANCE_SCHEMA),  # type: ignore[arg-type]
        notes=notes,
    )


def _title_and_export_day(file_name: str) -> tuple[str, str | None]:
    stem = PurePath(file_name).stem
    found = _LUMA_NAME.match(stem)
    if found:
        return found.group("title").strip(), found.group("exported")
    return stem, None


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "event"


FORMAT = ExportFormat(
    name="luma_guests",
    label="Luma guest list CSV",
    platform=PLATFORM,
    description="One event's guests: registration (created_at) and check-in (checked_in_at) in UTC; "
    "event title from the file name, start from the first check-in.",
    matches=matches,
    parse=parse,
)
