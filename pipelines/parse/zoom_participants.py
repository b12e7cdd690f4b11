"""Zoom meeting participants report (Reports > Usage > Participants > Export).

Two shapes: with the meeting preamble (Meeting ID, Topic, Start Time, End Time, User Email,
Duration (Minutes), Participants; one row of values; a `,,,,,,` spacer) and without it,
the participant table first. The table has one row per join session, so a person who
dropped and rejoined repeats: their sessions are merged and `minutes_attended` is the
UNION of their join-leave intervals (METRICS.md), never the sum of the report's
"Duration (Minutes)", which double-counts overlaps.

People are keyed by lower-cased email; a participant without one (a guest, a phone
caller) is keyed by the name shown in the report ("name:<name>"). The preamble's User Email
is the meeting host: that participant is flagged staff, as the report says they ran it.

Times such as "11/19/2021 10:00:00 AM" carry no offset: they are Zoom's report time zone,
read in the reporting time zone (ParseOptions.local_zone). The event is
"zoom:<meeting id>:<local start date>", titled with the Topic. Without the preamble the
meeting id comes from Zoom's file name (participants_<id>.csv) or the file stem, the start
and end from the first join and last leave, and the title from the file stem.

The helpers below the parse function (csv_rows, table_from_rows, people_frames, …) are shared
by the other Zoom adapters; table_from_rows also by the LinkedIn workbook reader.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import (
    ATTENDANCE_SCHEMA,
    EVENT_SCHEMA,
    IDENTITY_SCHEMA,
    UTC_TIME,
    ParsedExport,
    frame,
)
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import (
    decode_text,
    normalise_header,
    parse_counts,
    parse_times,
    refuse_bad_header,
    require_columns,
)

PLATFORM = "zoom"
PREAMBLE_COLUMNS = ["meeting id", "topic", "start time", "end time", "participants"]
NAME_COLUMNS = ["name (original name)", "user name (original name)", "participant", "name"]
EMAIL_COLUMNS = ["user email", "email"]
TIME_FORMATS = [
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
SESSIONS_SCHEMA = pl.Schema(
    {
        "platform_user_id": pl.String,
        "display_name": pl.String,
        "email": pl.String,
        "joined_at": UTC_TIME,
        "left_at": UTC_TIME,
        "registered_at": UTC_TIME,
        "attended": pl.Boolean,
        "is_staff": pl.Boolean,
    }
)


def matches(found: Sniff) -> bool:
    with_preamble = found.has_columns(*PREAMBLE_COLUMNS)
    table_first = found.has_columns("join time", "leave time") and found.has_columns("name (original name)")
    return with_preamble or table_first


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    rows = csv_rows(decode_text(file_name, data))
    header_at = _participant_header_index(file_name, rows)
    meeting = _preamble(file_name, rows, options) if header_at > 0 else {}
    table = table_from_rows(file_name, rows[header_at], rows[header_at + 1:], first_line=header_at + 1)
    name_column = first_present(table, NAME_COLUMNS)
    email_column = first_present(table, EMAIL_COLUMNS)
    require_columns(file_name, table, [name_column or "name (original name)", "join time", "leave time"])
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the report has a header but no participants"])
    if "duration (minutes)" in table.columns:  # not used (overlaps), but a non-number means a damaged file
        parse_counts(file_name, table["duration (minutes)"], field="Duration (Minutes)")
    sessions = _sessions(file_name, table, name_column, email_column, meeting.get("host_email"), options)
    event = _event(file_name, meeting, sessions, options)
    identities, attendance = people_frames(sessions, event["event_id"], PLATFORM)
    notes = [
        f"{table.height} join session(s) of {attendance.height} people; minutes are the union of each person's sessions"
    ]
    if not meeting:
        notes.append("no meeting preamble: meeting and title from the file name, start and end from the sessions")
    return ParsedExport(
        format=FORMAT.name,
        identities=identities,
        events=frame([event], EVENT_SCHEMA),
        attendance=attendance,
        notes=notes,
    )


# --- shared by the Zoom adapters -------------------------------------------------------


def csv_rows(text: str) -> list[list[str]]:
    """Every line as CSV cells (blank lines as []), for files made of several sections."""
    # newline="" as the csv module requires: a lone '\r' then ends a line instead of raising csv.Error.
    return list(csv.reader(io.StringIO(text, newline="")))


def table_from_rows(file_name: str, header: list[str], body: list[list[str]], *, first_line: int) -> pl.DataFrame:
    """A header row and its data rows -> a frame of strings with normalised column names.

    Zoom pads some rows with a trailing comma and not others, so short rows are padded and
    empty surplus cells dropped; a surplus cell with content means the columns are shifted.
    """
    names = [normalise_header(cell) for cell in header]
    refuse_bad_header(file_name, names, line=first_line)
    kept = [index for index, name in enumerate(names) if name]
    records = []
    for offset, cells in enumerate(row for row in body if any(cell.strip() for cell in row)):
        if any(cell.strip() for cell in cells[len(names):]):
            raise ExportError(file_name, "the row has more cells than the header", row=offset + 1)
        padded = cells + [""] * (len(names) - len(cells))
        records.append([padded[i] for i in kept])
    columns = [names[i] for i in kept]
    return pl.DataFrame(records, schema=dict.fromkeys(columns, pl.String), orient="row")


def first_present(table: pl.DataFrame, candidates: list[str]) -> str | None:
    return next((name for name in candidates if name in table.columns), None)


def person_keys(emails: pl.Series, names: pl.Series) -> pl.Series:
    """Lower-cased email, else 'name:<name as shown>' (lower-cased) for people without one."""
    by_name = "name:" + names.fill_null("").str.strip_chars().str.to_lowercase()
    return emails.str.strip_chars().str.to_lowercase().replace({"": None}).fill_null(by_name)


def union_minutes(spans: list[tuple[datetime, datetime]]) -> float:
    """Minutes covered by at least one span: overlapping sessions are counted once."""
    total = timedelta(0)
    start = end = None
    for span_start, span_end in sorted(spans):
        if end is None or span_start > end:
            if end is not None:
                total += end - start
            start, end = span_start, span_end
        else:
            end = max(end, span_end)
    if end is not None:
        total += end - start
    return total.total_seconds() / 60


def people_frames(sessions: pl.DataFrame, event_id: str, platform: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows of SESSIONS_SCHEMA (several per person) -> one identity and one registration per person."""
    people = sessions.group_by("platform_user_id", maintain_order=True).agg(
        pl.col("display_name").drop_nulls().first(),
        pl.col("email").drop_nulls().first(),
        pl.col("is_staff").any(),
        pl.col("registered_at").min(),
        pl.col("attended").any(),
        pl.struct("joined_at", "left_at").filter(pl.col("joined_at").is_not_null()).alias("spans"),
    )
    minutes = [
        union_minutes([(span["joined_at"], span["left_at"]) for span in spans]) if attended else None
        for spans, attended in zip(people["spans"].to_list(), people["attended"].to_list())
    ]
    identities = people.select(
        pl.lit(platform).alias("platform"),
        "platform_user_id",
        pl.col("display_name").alias("handle"),
        "display_name",
        "email",
        pl.lit(False).alias("is_bot"),
        "is_staff",
        pl.lit(None, UTC_TIME).alias("joined_at"),
    )
    attendance = people.select(
        pl.lit(event_id).alias("event_id"),
        pl.lit(platform).alias("platform"),
        "platform_user_id",
        "registered_at",
        "attended",
        pl.Series("minutes_attended", minutes, dtype=pl.Float64),
    )
    return identities.cast(IDENTITY_SCHEMA), attendance.cast(ATTENDANCE_SCHEMA)  # type: ignore[arg-type]


def local_day(moment: datetime | None, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).date().isoformat() if moment else "undated"


def digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def check_spans(file_name: str, sessions: pl.DataFrame, *, join_field: str, leave_field: str) -> None:
    """A session needs both ends, in order; anything else is a damaged row."""
    one_end = sessions["joined_at"].is_null() != sessions["left_at"].is_null()
    if one_end.any():
        row = int(one_end.arg_true()[0]) + 1
        raise ExportError(file_name, f"the session has only one of {join_field} and {leave_field}", row=row)
    backwards = sessions["left_at"] < sessions["joined_at"]
    if backwards.fill_null(False).any():
        row = int(backwards.fill_null(False).arg_true()[0]) + 1
        raise ExportError(file_name, f"{leave_field} is before {join_field}", row=row, field=leave_field)


# --- this format -----------------------------------------------------------------------


def _participant_header_index(file_name: str, rows: list[list[str]]) -> int:
    for index, cells in enumerate(rows):
        names = {normalise_header(cell) for cell in cells}
        if "join time" in names and "leave time" in names:
            return index
    raise ExportError(file_name, "no participant table (a header with Join Time and Leave Time) was found")


def _preamble(file_name: str, rows: list[list[str]], options: ParseOptions) -> dict:
    table = table_from_rows(file_name, rows[0], rows[1:2], first_line=1)
    require_columns(file_name, table, PREAMBLE_COLUMNS)
    if table.is_empty():
        raise ExportError(file_name, "the meeting preamble has a header but no values", line=2)
    meeting = table.row(0, named=True)
    start, end = (
        parse_times(file_name, table[column], TIME_FORMATS, field=column, assume_zone=options.local_zone)[0]
        for column in ("start time", "end time")
    )
    meeting_id = digits(meeting["meeting id"])
    if not meeting_id:
        raise ExportError(file_name, f"meeting id '{meeting['meeting id']}' has no digits", line=2, field="Meeting ID")
    host = (meeting.get("user email") or "").strip().lower() or None
    return {"meeting_id": meeting_id, "title": meeting["topic"], "starts_at": start, "ends_at": end, "host_email": host}


def _sessions(
    file_name: str,
    table: pl.DataFrame,
    name_column: str | None,
    email_column: str | None,
    host_email: str | None,
    options: ParseOptions,
) -> pl.DataFrame:
    names = table[name_column].fill_null("").str.strip_chars() if name_column else pl.Series([""] * table.height)
    emails = table[email_column] if email_column else pl.Series([None] * table.height, dtype=pl.String)
    keys = person_keys(emails, names)
    times = {
        column: parse_times(file_name, table[column], TIME_FORMATS, field=column, assume_zone=options.local_zone)
        for column in ("join time", "leave time")
    }
    sessions = pl.DataFrame(
        {
            "platform_user_id": keys,
            "display_name": names.replace({"": None}),
            "email": emails.str.strip_chars().str.to_lowercase().replace({"": None}),
            "joined_at": times["join time"],
            "left_at": times["leave time"],
            "registered_at": None,
            "attended": True,
            "is_staff": keys == (host_email or ""),
        },
        schema=SESSIONS_SCHEMA,
    )
    check_spans(file_name, sessions, join_field="Join Time", leave_field="Leave Time")
    if sessions["joined_at"].is_null().any():
        row = int(sessions["joined_at"].is_null().arg_true()[0]) + 1
        raise ExportError(file_name, "the session has no Join Time", row=row, field="join time")
    return sessions


def _event(file_name: str, meeting: dict, sessions: pl.DataFrame, options: ParseOptions) -> dict:
    if meeting:
        starts_at, ends_at, title = meeting["starts_at"], meeting["ends_at"], meeting["title"]
        meeting_id = meeting["meeting_id"]
    else:
        stem = PurePath(file_name.split("!")[-1]).stem
        starts_at, ends_at, title = sessions["joined_at"].min(), sessions["left_at"].max(), stem
        named = re.search(r"\d{9,}", stem)
        meeting_id = named.group(0) if named else re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    event_id = f"{PLATFORM}:{meeting_id}:{local_day(starts_at, options.local_zone)}"
    return {"event_id": event_id, "platform": PLATFORM, "title": title, "starts_at": starts_at, "ends_at": ends_at}


FORMAT = ExportFormat(
    name="zoom_participants",
    label="Zoom meeting participants report CSV",
    platform=PLATFORM,
    description="One meeting's join sessions (with or without the meeting preamble); a person's minutes are the "
    "union of their sessions; times have no offset and are read in the reporting time zone.",
    matches=matches,
    parse=parse,
)
