"""Eventbrite attendee report CSV (Reports > Attendees > Export): one row per ticket.

Columns such as Order #, Order Date, First Name, Last Name, Email, Quantity, Ticket Type,
Attendee #, Order Type, Total Paid, Attendee Status, then the event's custom questions;
reports over several events add Event Name and Event ID. UK accounts write "Order no." and
"Surname"; both spellings are read.

Several tickets bought by one person are one registration: one row per attendee email and
event, registered at their earliest Order Date, attended when any of their tickets shows
"Checked In" (or a check-in column is filled). Tickets whose status is Not Attending,
Refunded, Cancelled, Transferred or Deleted are not registrations. Attendees are keyed by
lower-cased email, else by their Attendee # (one ticket) or, without one, their name.

Order Date is read with its offset when Eventbrite writes one ("2026-03-02 14:05:11-08:00");
a local time without an offset ("03/02/2026 14:05") is read in the reporting time zone
(ParseOptions.local_zone), as are event start dates. The event is "eventbrite:<Event ID>"
when the report has that column; otherwise its title (Event Name, else the file stem) is the
key. The report carries no event start unless it has an event date column.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ATTENDANCE_SCHEMA, EVENT_SCHEMA, IDENTITY_SCHEMA, UTC_TIME, ParsedExport
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import (
    decode_text,
    parse_times,
    read_csv_strings,
    refuse_scientific_ids,
    require_columns,
)

PLATFORM = "eventbrite"
ORDER_COLUMNS = ["order #", "order no."]
LAST_NAME_COLUMNS = ["last name", "surname"]
EVENT_START_COLUMNS = ["event start date", "event date", "event start"]
CHECK_IN_COLUMNS = ["check-in date", "checked in", "check in date", "checked in date"]
NOT_REGISTERED = {"not attending", "refunded", "cancelled", "canceled", "transferred", "deleted"}
CHECKED_IN = "checked in"
ORDER_FORMATS = [
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%m/%d/%y %H:%M",  # two-digit years first: '%Y' would read '24' as the year 24
    "%m/%d/%Y %H:%M",
    "%m/%d/%y",
    "%m/%d/%Y",
]


def matches(found: Sniff) -> bool:
    has_order = any(name in found.header for name in ORDER_COLUMNS)
    return has_order and found.has_columns("order date", "first name", "email", "attendee status")


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = read_csv_strings(file_name, decode_text(file_name, data))
    order_column = _one_of(file_name, table, ORDER_COLUMNS)
    last_name_column = _one_of(file_name, table, LAST_NAME_COLUMNS)
    require_columns(file_name, table, ["order date", "first name", "email", "attendee status"])
    for column in (order_column, "attendee #", "event id"):
        refuse_scientific_ids(file_name, table, column)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the report has a header but no tickets"])
    tickets = _tickets(file_name, table, order_column, last_name_column, options)
    kept = tickets.filter(~pl.col("status").is_in(NOT_REGISTERED))
    registrations = _registrations(kept)
    notes = [f"{tickets.height} ticket row(s) -> {registrations.height} registration(s) (one per attendee and event)"]
    if tickets.height > kept.height:
        notes.append(f"{tickets.height - kept.height} ticket(s) not attending, refunded, cancelled or transferred")
    unknown = sorted(set(kept["status"]) - {"attending", CHECKED_IN, ""})
    if unknown:
        notes.append(f"statuses read as registrations: {', '.join(unknown)}")
    return ParsedExport(
        format=FORMAT.name,
        identities=_identities(kept),
        events=_events(kept),
        attendance=registrations.cast(ATTENDANCE_SCHEMA),  # type: ignore[arg-type]
        notes=notes,
    )


def _one_of(file_name: str, table: pl.DataFrame, names: list[str]) -> str:
    for name in names:
        if name in table.columns:
            return name
    raise ExportError(file_name, f"missing column(s): {' or '.join(names)}")


def _tickets(
    file_name: str, table: pl.DataFrame, order_column: str, last_name_column: str, options: ParseOptions
) -> pl.DataFrame:
    ordered = parse_times(file_name, table["order date"], ORDER_FORMATS, field="Order Date",
                          assume_zone=options.local_zone)
    start_column = next((name for name in EVENT_START_COLUMNS if name in table.columns), None)
    starts = (
        parse_times(file_name, table[start_column], ORDER_FORMATS, field=start_column, assume_zone=options.local_zone)
        if start_column
        else pl.Series([None] * table.height, dtype=UTC_TIME)
    )
    status = table["attendee status"].fill_null("").str.strip_chars().str.to_lowercase()
    checked_in = status == CHECKED_IN
    for column in (name for name in CHECK_IN_COLUMNS if name in table.columns):
        filled = table[column].fill_null("").str.strip_chars().str.to_lowercase()
        checked_in = checked_in | ~filled.is_in(["", "no", "false", "0", "-"])
    first = table["first name"].fill_null("").str.strip_chars()
    last = table[last_name_column].fill_null("").str.strip_chars()
    names = (first + " " + last).str.strip_chars()
    email = table["email"].fill_null("").str.strip_chars().str.to_lowercase()
    attendee_ids = table["attendee #"].fill_null("").str.strip_chars() if "attendee #" in table.columns else None
    fallback = ("attendee:" + attendee_ids).replace({"attendee:": None}) if attendee_ids is not None else None
    by_name = "name:" + names.str.to_lowercase()
    key = email.replace({"": None})
    if fallback is not None:
        key = key.fill_null(fallback)
    title = _titles(file_name, table)
    return pl.DataFrame(
        {
            "platform_user_id": key.fill_null(by_name),
            "display_name": names.replace({"": None}),
            "email": email.replace({"": None}),
            "registered_at": ordered,
            "attended": checked_in,
            "status": status,
            "event_id": _event_ids(table, title),
            "title": title,
            "starts_at": starts,
        }
    )


def _titles(file_name: str, table: pl.DataFrame) -> pl.Series:
    stem = PurePath(file_name.split("!")[-1]).stem
    if "event name" not in table.columns:
        return pl.Series("title", [stem] * table.height)
    return table["event name"].str.strip_chars().replace({"": None}).fill_null(stem).alias("title")


def _event_ids(table: pl.DataFrame, titles: pl.Series) -> pl.Series:
    slugs = pl.Series([_slug(title) for title in titles])
    by_title = f"{PLATFORM}:" + slugs
    if "event id" not in table.columns:
        return by_title
    ids = table["event id"].fill_null("").str.strip_chars()
    return (f"{PLATFORM}:" + ids).replace({f"{PLATFORM}:": None}).fill_null(by_title)


def _registrations(tickets: pl.DataFrame) -> pl.DataFrame:
    return tickets.group_by("event_id", "platform_user_id", maintain_order=True).agg(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("registered_at").min(),
        pl.col("attended").any(),
        pl.lit(None, pl.Float64).alias("minutes_attended"),
    ).select(list(ATTENDANCE_SCHEMA.names()))


def _identities(tickets: pl.DataFrame) -> pl.DataFrame:
    people = tickets.group_by("platform_user_id", maintain_order=True).agg(
        pl.col("display_name").drop_nulls().first(),
        pl.col("email").drop_nulls().first(),
    )
    return people.select(
        pl.lit(PLATFORM).alias("platform"),
        "platform_user_id",
        pl.col("display_name").alias("handle"),
        "display_name",
        "email",
        pl.lit(False).alias("is_bot"),
        pl.lit(False).alias("is_staff"),
        pl.lit(None, UTC_TIME).alias("joined_at"),
    ).cast(IDENTITY_SCHEMA)  # type: ignore[arg-type]


def _events(tickets: pl.DataFrame) -> pl.DataFrame:
    events = tickets.group_by("event_id", maintain_order=True).agg(
        pl.lit(PLATFORM).alias("platform"),
        pl.col("title").first(),
        pl.col("starts_at").min(),
        pl.lit(None, UTC_TIME).alias("ends_at"),
    )
    return events.select(list(EVENT_SCHEMA.names())).cast(EVENT_SCHEMA)  # type: ignore[arg-type]


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "event"


FORMAT = ExportFormat(
    name="eventbrite_attendees",
    label="Eventbrite attendee report CSV",
    platform=PLATFORM,
    description="One row per ticket; one registration per attendee email and event, attended when checked in; "
    "order dates without an offset are read in the reporting time zone.",
    matches=matches,
    parse=parse,
)
