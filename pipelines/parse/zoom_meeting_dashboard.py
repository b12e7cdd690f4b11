"""Zoom dashboard meeting export (Dashboard > Meetings > a past meeting > Export).

A summary block (Meeting ID, Host, Email, User Type, Start Time "Aug 01, 2017 04:53 PM",
End Time "05:59 PM", Duration (hh:mm:ss), Participants, …), then one row per join session
(Participant, Device, IP Address, Location, Network Type, Join Time, Leave Time, … quality
figures), separated by blank lines; UTF-8 BOM and CRLF as Zoom writes them.

Join and Leave Time are clock times without a date: they take the meeting's date, and a
time earlier than the meeting's start rolls to the next day (the meeting ran past midnight).
Times carry no offset and are read in the reporting time zone (ParseOptions.local_zone).

Participants have no email here: they are keyed by the name shown ("name:<name>"), except
the participant whose name is the summary's Host, who gets the host's email and is flagged
staff. A person's minutes are the union of their sessions (METRICS.md). The event is
"zoom:<meeting id>:<local date>"; the export has no topic, so the title names the meeting
and its host.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import EVENT_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, normalise_header, parse_times, require_columns
from pipelines.parse.zoom_participants import (
    SESSIONS_SCHEMA,
    check_spans,
    csv_rows,
    digits,
    people_frames,
    person_keys,
    table_from_rows,
)

PLATFORM = "zoom"
SUMMARY_COLUMNS = ["meeting id", "host", "email", "user type", "start time", "end time", "duration (hh:mm:ss)"]
START_FORMATS = ["%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M"]
CLOCK_FORMATS = ["%I:%M %p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S"]


def matches(found: Sniff) -> bool:
    return found.has_columns(*SUMMARY_COLUMNS)


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    rows = csv_rows(decode_text(file_name, data))
    meeting = _summary(file_name, rows, options)
    header_at = _participant_header_index(file_name, rows)
    table = table_from_rows(file_name, rows[header_at], rows[header_at + 1:], first_line=header_at + 1)
    require_columns(file_name, table, ["participant", "join time", "leave time"])
    event = {
        "event_id": f"{PLATFORM}:{meeting['meeting_id']}:{meeting['day'].isoformat()}",
        "platform": PLATFORM,
        "title": f"Zoom meeting {meeting['label']} hosted by {meeting['host']}",
        "starts_at": meeting["starts_at"],
        "ends_at": meeting["ends_at"],
    }
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, events=frame([event], EVENT_SCHEMA),
                            notes=["the export lists no participants"])
    sessions = _sessions(file_name, table, meeting, options)
    identities, attendance = people_frames(sessions, event["event_id"], PLATFORM)
    return ParsedExport(
        format=FORMAT.name,
        identities=identities,
        events=frame([event], EVENT_SCHEMA),
        attendance=attendance,
        notes=[
            f"{table.height} join session(s) of {attendance.height} people (Zoom's summary says {meeting['count']})",
            "participants have no email in this export: they are keyed by name (the host by the host's email)",
        ],
    )


def _summary(file_name: str, rows: list[list[str]], options: ParseOptions) -> dict:
    table = table_from_rows(file_name, rows[0], rows[1:2], first_line=1)
    require_columns(file_name, table, SUMMARY_COLUMNS)
    if table.is_empty():
        raise ExportError(file_name, "the meeting summary has a header but no values", line=2)
    summary = table.row(0, named=True)
    starts_at = parse_times(file_name, table["start time"], START_FORMATS, field="Start Time",
                            assume_zone=options.local_zone)[0]
    if starts_at is None:
        raise ExportError(file_name, "the meeting has no Start Time", line=2, field="Start Time")
    start_local = starts_at.astimezone(ZoneInfo(options.local_zone)).replace(tzinfo=None)
    meeting_id = digits(summary["meeting id"])
    if not meeting_id:
        raise ExportError(file_name, f"meeting id '{summary['meeting id']}' has no digits", line=2, field="Meeting ID")
    _check_duration(file_name, summary["duration (hh:mm:ss)"])
    ends_at = _on_meeting_day(file_name, [summary["end time"]], start_local, options, field="End Time")[0]
    return {
        "meeting_id": meeting_id,
        "label": summary["meeting id"].strip(),
        "host": summary["host"].strip(),
        "host_email": (summary["email"] or "").strip().lower() or None,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "start_local": start_local,
        "day": start_local.date(),
        "count": (summary.get("participants") or "?").strip(),
    }


def _check_duration(file_name: str, value: str) -> None:
    parts = (value or "").strip().split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ExportError(file_name, f"'{value}' is not a duration hh:mm:ss", line=2, field="Duration (hh:mm:ss)")


def _participant_header_index(file_name: str, rows: list[list[str]]) -> int:
    for index, cells in enumerate(rows):
        if cells and normalise_header(cells[0]) == "participant":
            return index
    raise ExportError(file_name, "no participant table (a header starting with Participant) was found")


def _on_meeting_day(
    file_name: str, clocks: list[str], start_local: datetime, options: ParseOptions, *, field: str
) -> list[datetime | None]:
    """Clock times -> UTC datetimes on the meeting's day, rolled to the next day when before the start."""
    moments = []
    for row, value in enumerate(clocks, start=1):
        clock = _clock(file_name, value, row=row, field=field)
        local = datetime.combine(start_local.date(), clock) if clock else None
        if local is not None and local < start_local:
            local += timedelta(days=1)
        moments.append(local)
    local_times = pl.Series(moments, dtype=pl.Datetime("us"))
    zoned = local_times.dt.replace_time_zone(options.local_zone, ambiguous="earliest", non_existent="null")
    return zoned.dt.convert_time_zone("UTC").to_list()


def _clock(file_name: str, value: str | None, *, row: int, field: str) -> time | None:
    text = (value or "").strip()
    if not text:
        return None
    for fmt in CLOCK_FORMATS:
        try:
            return datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ExportError(file_name, f"cannot read '{text}' as a time of day", row=row, field=field)


def _sessions(file_name: str, table: pl.DataFrame, meeting: dict, options: ParseOptions) -> pl.DataFrame:
    names = table["participant"].fill_null("").str.strip_chars()
    is_host = names == meeting["host"]
    emails = pl.Series([meeting["host_email"] if host else None for host in is_host], dtype=pl.String)
    joined = _on_meeting_day(file_name, table["join time"].to_list(), meeting["start_local"], options, field="Join Time")
    left = _on_meeting_day(file_name, table["leave time"].to_list(), meeting["start_local"], options, field="Leave Time")
    sessions = pl.DataFrame(
        {
            "platform_user_id": person_keys(emails, names),
            "display_name": names.replace({"": None}),
            "email": emails,
            "joined_at": joined,
            "left_at": left,
            "registered_at": None,
            "attended": True,
            "is_staff": is_host,
        },
        schema=SESSIONS_SCHEMA,
    )
    check_spans(file_name, sessions, join_field="Join Time", leave_field="Leave Time")
    return sessions


FORMAT = ExportFormat(
    name="zoom_meeting_dashboard",
    label="Zoom dashboard meeting export CSV",
    platform=PLATFORM,
    description="One meeting's summary and join sessions with clock times only: they take the meeting's date "
    "(next day when before the start), read in the reporting time zone; people keyed by name.",
    matches=matches,
    parse=parse,
)
