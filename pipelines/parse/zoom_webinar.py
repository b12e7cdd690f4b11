"""Zoom webinar attendee report (Reports > Webinar > Attendee Report > CSV).

The file is several sections, each with its own header: "Attendee Report" with the
"Report Generated:" line; the Topic block (Topic, Webinar ID, Actual Start Time, Actual
Duration (minutes), # Registered, …) with one row of values; then "Host Details",
"Panelist Details", "Attendee Details" and "Other Attended", each a title line followed by
a header (Attended, User Name (Original Name), [First Name, Last Name,] Email,
[Registration Time, Approval Status,] Join Time, Leave Time, Time in Session (minutes), …)
and one row per join session. People who did not attend show `--` for the session times.

One registration per person: registrants who never joined are attended = false; denied or
cancelled registrants who never joined are not registrations. Hosts and panelists attended
without registering (registered_at is empty); the host is flagged staff because the report
names them as the webinar's host. A person's minutes are the union of their sessions
(METRICS.md). People are keyed by lower-cased email, else by the name shown.

Times ("Sep 09, 2021 09:57 AM", "Aug 30, 2021 10:00:00") carry no offset: they are read in
the reporting time zone (ParseOptions.local_zone). The event is
"zoom:<webinar id>:<local start date>", titled with the Topic; it ends at the actual start
plus the actual duration.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import EVENT_SCHEMA, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import decode_text, normalise_header, parse_counts, parse_times, require_columns
from pipelines.parse.zoom_participants import (
    SESSIONS_SCHEMA,
    check_spans,
    csv_rows,
    digits,
    first_present,
    local_day,
    people_frames,
    person_keys,
    table_from_rows,
)

PLATFORM = "zoom"
PEOPLE_SECTIONS = {"host details": "host", "panelist details": "panelist", "attendee details": "attendee",
                   "other attended": "other"}
TITLES = {"attendee report", *PEOPLE_SECTIONS}
TOPIC_COLUMNS = ["topic", "webinar id", "actual start time"]
NAME_COLUMNS = ["user name (original name)", "name (original name)", "user name"]
NOT_REGISTERED = {"denied", "cancelled", "canceled", "rejected"}
NOT_THERE = {"--": "", "-": ""}
TIME_FORMATS = [
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
]


def matches(found: Sniff) -> bool:
    return found.header[:1] == ("attendee report",) and "attendee details" in found.head.lower()


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    sections = _sections(csv_rows(decode_text(file_name, data)))
    if "topic" not in sections:
        raise ExportError(file_name, "no Topic block (Topic, Webinar ID, Actual Start Time) was found")
    if "attendee" not in sections:
        raise ExportError(file_name, "no Attendee Details section was found")
    webinar = _webinar(file_name, sections["topic"], options)
    event = {"event_id": webinar["event_id"], "platform": PLATFORM, "title": webinar["title"],
             "starts_at": webinar["starts_at"], "ends_at": webinar["ends_at"]}
    parts = [_section_sessions(file_name, role, rows, options) for role, rows in sections.items() if role != "topic"]
    sessions = pl.concat([part for part, _ in parts])
    dropped = sum(count for _, count in parts)
    if sessions.is_empty():
        return ParsedExport(format=FORMAT.name, events=frame([event], EVENT_SCHEMA),
                            notes=["the report lists no registrants or attendees"])
    identities, attendance = people_frames(sessions, event["event_id"], PLATFORM)
    notes = [
        (f"{attendance.height} people, {int(attendance['attended'].sum())} attended; minutes are the union of each "
         "person's sessions; hosts and panelists count as attended without a registration")
    ]
    if dropped:
        notes.append(f"{dropped} denied or cancelled registrant row(s) are not registrations")
    return ParsedExport(
        format=FORMAT.name,
        identities=identities,
        events=frame([event], EVENT_SCHEMA),
        attendance=attendance,
        notes=notes,
    )


def _sections(rows: list[list[str]]) -> dict[str, list[list[str]]]:
    """Rows grouped by the section they sit in: 'topic', 'host', 'panelist', 'attendee', 'other'."""
    sections: dict[str, list[list[str]]] = {}
    current = None
    for cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        first = normalise_header(cells[0]).rstrip(":")
        if first in TITLES and not any(cell.strip() for cell in cells[1:]):
            current = PEOPLE_SECTIONS.get(first)  # 'attendee report' starts the preamble: nothing to keep
            if current:
                sections.setdefault(current, [])
            continue
        if first == "topic" and current is None:  # the Topic block's header row opens it
            current = "topic"
            sections[current] = []
        if current:
            sections[current].append(cells)
    return sections


def _webinar(file_name: str, rows: list[list[str]], options: ParseOptions) -> dict:
    table = table_from_rows(file_name, rows[0], rows[1:2], first_line=1)
    require_columns(file_name, table, TOPIC_COLUMNS)
    if table.is_empty():
        raise ExportError(file_name, "the Topic block has a header but no values")
    starts_at = parse_times(file_name, table["actual start time"], TIME_FORMATS, field="Actual Start Time",
                            assume_zone=options.local_zone)[0]
    webinar_id = digits(table["webinar id"][0])
    if not webinar_id:
        raise ExportError(file_name, f"webinar id '{table['webinar id'][0]}' has no digits", field="Webinar ID")
    ends_at = None
    if "actual duration (minutes)" in table.columns and starts_at is not None:
        minutes = parse_counts(file_name, table["actual duration (minutes)"], field="Actual Duration (minutes)")[0]
        ends_at = starts_at + timedelta(minutes=minutes) if minutes is not None else None
    return {
        "event_id": f"{PLATFORM}:{webinar_id}:{local_day(starts_at, options.local_zone)}",
        "title": table["topic"][0],
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


def _section_sessions(
    file_name: str, role: str, rows: list[list[str]], options: ParseOptions
) -> tuple[pl.DataFrame, int]:
    """One section's rows -> sessions, and how many rows were dropped as not registrations."""
    if not rows:
        return pl.DataFrame(schema=SESSIONS_SCHEMA), 0
    where = f"{role} section"
    table = table_from_rows(f"{file_name} ({where})", rows[0], rows[1:], first_line=1)
    name_column = first_present(table, NAME_COLUMNS)
    require_columns(f"{file_name} ({where})", table, ["attended", name_column or "user name (original name)",
                                                      "email", "join time", "leave time"])
    if table.is_empty():
        return pl.DataFrame(schema=SESSIONS_SCHEMA), 0
    table = table.with_columns(pl.col("join time", "leave time").replace(NOT_THERE))
    attended = _yes_no(f"{file_name} ({where})", table["attended"])
    status = table["approval status"].fill_null("").str.strip_chars().str.to_lowercase() \
        if "approval status" in table.columns else pl.Series([""] * table.height)
    registrant = status.is_in(NOT_REGISTERED).not_() | attended
    times = {
        column: parse_times(f"{file_name} ({where})", table[column], TIME_FORMATS, field=column,
                            assume_zone=options.local_zone)
        for column in ("join time", "leave time")
    }
    registered = (
        parse_times(f"{file_name} ({where})", table["registration time"].replace(NOT_THERE), TIME_FORMATS,
                    field="registration time", assume_zone=options.local_zone)
        if "registration time" in table.columns
        else pl.Series([None] * table.height, dtype=pl.Datetime("us", "UTC"))
    )
    names = table[name_column].fill_null("").str.strip_chars()
    sessions = pl.DataFrame(
        {
            "platform_user_id": person_keys(table["email"], names),
            "display_name": names.replace({"": None}),
            "email": table["email"].str.strip_chars().str.to_lowercase().replace({"": None}),
            "joined_at": times["join time"],
            "left_at": times["leave time"],
            "registered_at": registered,
            "attended": attended,
            "is_staff": role == "host",
        },
        schema=SESSIONS_SCHEMA,
    )
    check_spans(f"{file_name} ({where})", sessions, join_field="Join Time", leave_field="Leave Time")
    return sessions.filter(registrant), int((~registrant).sum())


def _yes_no(file_name: str, values: pl.Series) -> pl.Series:
    answers = values.fill_null("").str.strip_chars().str.to_lowercase()
    bad = ~answers.is_in(["yes", "no"])
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"Attended is '{values[row - 1]}', not Yes or No", row=row, field="Attended")
    return answers == "yes"


FORMAT = ExportFormat(
    name="zoom_webinar",
    label="Zoom webinar attendee report CSV",
    platform=PLATFORM,
    description="One webinar's registrants, attendees, panelists and host (sectioned CSV); registrants who did not "
    "join are not attended; times have no offset and are read in the reporting time zone.",
    matches=matches,
    parse=parse,
)
