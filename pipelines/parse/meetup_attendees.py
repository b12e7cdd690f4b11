"""Meetup attendee list export: tab-separated UTF-8 text that Meetup names `.xls`.

Columns: Name, User ID ("user 12345678" or a chosen handle), Title, Event Host, RSVP
(Yes / No / Waitlist), Guests, RSVPed on, Joined Group on, URL of Member Profile, then any
RSVP question answers; newer lists add Attendance (Y when the organiser marked them there).
Meetup writes no quotes, so a cell is everything between two tabs.

An RSVP "Yes" is a registration; No and Waitlist are not. attended comes from the Attendance
column when the list has it, otherwise it is false (Meetup only knows who said yes). Members
are keyed by the numeric member id in their profile URL (stable when they rename), else by
the User ID. Meetup gives no email. "Event Host: Yes" is the source naming the event's
organiser: that member is flagged staff. Guests (+1s) are counted in the notes only: they
have no identity of their own.

Dates ("03/20/2019", "03/20/2019 6:30 PM") carry no offset: they are read in the reporting
time zone (ParseOptions.local_zone). Rows name no event: the title is the file stem (Meetup
names the download after the event), and a Meetup event id in the file name (8+ digits) keys
the event, else the title does. The event's start is not in the file.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath

import polars as pl

from pipelines.errors import ExportError
from pipelines.parse.frames import ATTENDANCE_SCHEMA, EVENT_SCHEMA, IDENTITY_SCHEMA, UTC_TIME, ParsedExport, frame
from pipelines.parse.registry import ExportFormat, ParseOptions, Sniff
from pipelines.parse.text import (
    decode_text,
    first_line,
    normalise_header,
    parse_counts,
    parse_times,
    refuse_bad_header,
    require_columns,
)

PLATFORM = "meetup"
COLUMNS = ["name", "user id", "rsvp", "rsvped on"]
DATE_FORMATS = [
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
RSVP_ANSWERS = {"yes", "no", "waitlist", "waitlisted", "maybe"}
_MEMBER_IN_URL = re.compile(r"/members/(\d+)")


def matches(found: Sniff) -> bool:
    if found.is_json or not found.head:
        return False
    header = [normalise_header(cell) for cell in first_line(found.head).split("\t")]
    return all(name in header for name in COLUMNS)


def parse(file_name: str, data: bytes, options: ParseOptions) -> ParsedExport:
    table = _read_tsv(file_name, decode_text(file_name, data))
    require_columns(file_name, table, COLUMNS)
    title, event_key = _title_and_key(file_name)
    if table.is_empty():
        return ParsedExport(format=FORMAT.name, notes=["the attendee list has a header but no members"])
    rsvp = _rsvp_answers(file_name, table["rsvp"])
    members = _members(file_name, table, rsvp, options)
    yes = members.filter(pl.col("rsvp") == "yes")
    event_id = f"{PLATFORM}:{event_key}"
    attendance = yes.select(
        pl.lit(event_id).alias("event_id"),
        pl.lit(PLATFORM).alias("platform"),
        "platform_user_id",
        "registered_at",
        "attended",
        pl.lit(None, pl.Float64).alias("minutes_attended"),
    ).unique("platform_user_id", keep="first", maintain_order=True)
    notes = [f"{yes.height} RSVP yes of {members.height} rows; {members.height - yes.height} no or waitlist"]
    if "guests" in table.columns:
        guests = parse_counts(file_name, table["guests"], field="Guests").filter(rsvp == "yes").sum()
        notes.append(f"{guests} guest(s) brought by members (no identities of their own)")
    if "attendance" not in table.columns:
        notes.append("the list has no Attendance column: nobody is marked attended")
    notes.append(f"event '{title}' from the file name; its start is not in the export")
    return ParsedExport(
        format=FORMAT.name,
        identities=_identities(yes),
        events=frame([{"event_id": event_id, "platform": PLATFORM, "title": title, "starts_at": None,
                       "ends_at": None}], EVENT_SCHEMA),
        attendance=attendance.cast(ATTENDANCE_SCHEMA),  # type: ignore[arg-type]
        notes=notes,
    )


def _read_tsv(file_name: str, text: str) -> pl.DataFrame:
    header = [normalise_header(cell) for cell in first_line(text).split("\t")]
    refuse_bad_header(file_name, header, line=1)
    try:
        table = pl.read_csv(io.BytesIO(text.encode("utf-8")), separator="\t", quote_char=None,
                            infer_schema=False, has_header=True, truncate_ragged_lines=False)
    except Exception as err:  # polars raises several error types for malformed text
        raise ExportError(file_name, f"the tab-separated text is malformed: {str(err).splitlines()[0][:300]}") from None
    table = table.rename({old: new for old, new in zip(table.columns, header) if old != new and new})
    return table.with_columns(pl.all().str.strip_chars())  # Meetup pads cells (' 14', 'url ')


def _rsvp_answers(file_name: str, values: pl.Series) -> pl.Series:
    answers = values.fill_null("").str.to_lowercase()
    bad = ~answers.is_in(RSVP_ANSWERS)
    if bad.any():
        row = int(bad.arg_true()[0]) + 1
        raise ExportError(file_name, f"RSVP '{values[row - 1]}' is not Yes, No or Waitlist", row=row, field="RSVP")
    return answers


def _members(file_name: str, table: pl.DataFrame, rsvp: pl.Series, options: ParseOptions) -> pl.DataFrame:
    user_ids = table["user id"].fill_null("")
    from_url = (
        table["url of member profile"].fill_null("").str.extract(_MEMBER_IN_URL.pattern, 1)
        if "url of member profile" in table.columns
        else pl.Series([None] * table.height, dtype=pl.String)
    )
    from_user_id = user_ids.str.extract(r"^user (\d+)$", 1).fill_null(user_ids.replace({"": None}))
    keys = from_url.fill_null(from_user_id)
    if keys.is_null().any():
        row = int(keys.is_null().arg_true()[0]) + 1
        raise ExportError(file_name, "the member has no User ID and no profile URL", row=row, field="User ID")
    joined = (
        parse_times(file_name, table["joined group on"], DATE_FORMATS, field="Joined Group on",
                    assume_zone=options.local_zone)
        if "joined group on" in table.columns
        else pl.Series([None] * table.height, dtype=UTC_TIME)
    )
    return pl.DataFrame(
        {
            "platform_user_id": keys,
            "display_name": table["name"].replace({"": None}),
            "handle": user_ids.replace({"": None}),
            "rsvp": rsvp,
            "registered_at": parse_times(file_name, table["rsvped on"], DATE_FORMATS, field="RSVPed on",
                                         assume_zone=options.local_zone),
            "joined_at": joined,
            "attended": _flag(table, "attendance", {"y", "yes", "attended"}),
            "is_staff": _flag(table, "event host", {"yes", "y"}),
        }
    )


def _flag(table: pl.DataFrame, column: str, truthy: set[str]) -> pl.Series:
    if column not in table.columns:
        return pl.Series([False] * table.height, dtype=pl.Boolean)
    return table[column].fill_null("").str.to_lowercase().is_in(truthy)


def _identities(members: pl.DataFrame) -> pl.DataFrame:
    return members.unique("platform_user_id", keep="first", maintain_order=True).select(
        pl.lit(PLATFORM).alias("platform"),
        "platform_user_id",
        "handle",
        "display_name",
        pl.lit(None, pl.String).alias("email"),
        pl.lit(False).alias("is_bot"),
        "is_staff",
        "joined_at",
    ).cast(IDENTITY_SCHEMA)  # type: ignore[arg-type]


def _title_and_key(file_name: str) -> tuple[str, str]:
    """'Pulse_Spring_Meetup_298765432.xls' -> ('Pulse Spring Meetup', '298765432')."""
    stem = PurePath(file_name.split("!")[-1]).stem
    event_number = re.search(r"\d{8,}", stem)
    named = stem.replace(event_number.group(0), " ") if event_number else stem
    title = re.sub(r"[_\s]+", " ", named).strip() or "Meetup event"
    key = event_number.group(0) if event_number else re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return title, key or "event"


FORMAT = ExportFormat(
    name="meetup_attendees",
    label="Meetup attendee list (.xls, tab-separated)",
    platform=PLATFORM,
    description="One event's RSVPs; RSVP yes is a registration; dates have no offset and are read in the reporting "
    "time zone; the event title comes from the file name.",
    matches=matches,
    parse=parse,
)
