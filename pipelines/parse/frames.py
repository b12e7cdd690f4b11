"""The typed frames every adapter returns, whatever the platform.

A parser's whole output is a ParsedExport: four frames with fixed schemas. The loader
relies on these schemas and nothing else, so a new adapter only has to fill them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

UTC_TIME = pl.Datetime("us", "UTC")

IDENTITY_SCHEMA = pl.Schema(
    {
        "platform": pl.String,
        "platform_user_id": pl.String,
        "handle": pl.String,
        "display_name": pl.String,
        "email": pl.String,
        "is_bot": pl.Boolean,
        "is_staff": pl.Boolean,
        "joined_at": UTC_TIME,
    }
)

# activity_id is the natural key: "<platform>:<the platform's own id>", so the same
# message in two overlapping exports is one row.
ACTIVITY_SCHEMA = pl.Schema(
    {
        "activity_id": pl.String,
        "platform": pl.String,
        "channel": pl.String,
        "thread_id": pl.String,
        "parent_id": pl.String,
        "platform_user_id": pl.String,
        "activity_type": pl.String,
        "occurred_at": UTC_TIME,
        "text": pl.String,
        "reactions": pl.Int64,
        "replies": pl.Int64,
        "shares": pl.Int64,
        "impressions": pl.Int64,
        "engagements": pl.Int64,
        "url": pl.String,
    }
)

EVENT_SCHEMA = pl.Schema(
    {
        "event_id": pl.String,
        "platform": pl.String,
        "title": pl.String,
        "starts_at": UTC_TIME,
        "ends_at": UTC_TIME,
    }
)

ATTENDANCE_SCHEMA = pl.Schema(
    {
        "event_id": pl.String,
        "platform": pl.String,
        "platform_user_id": pl.String,
        "registered_at": UTC_TIME,
        "attended": pl.Boolean,
        "minutes_attended": pl.Float64,
    }
)

ACTIVITY_TYPES = ("thread", "reply", "message", "comment", "reaction", "post")


def empty(schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def frame(rows: list[dict], schema: pl.Schema) -> pl.DataFrame:
    """Row dicts -> a frame with exactly this schema (no inference)."""
    return pl.DataFrame(rows, schema=schema) if rows else empty(schema)


@dataclass
class ParsedExport:
    """What one export file holds, normalised. Parsers build it; the loader stores it."""

    format: str
    identities: pl.DataFrame = field(default_factory=lambda: empty(IDENTITY_SCHEMA))
    activities: pl.DataFrame = field(default_factory=lambda: empty(ACTIVITY_SCHEMA))
    events: pl.DataFrame = field(default_factory=lambda: empty(EVENT_SCHEMA))
    attendance: pl.DataFrame = field(default_factory=lambda: empty(ATTENDANCE_SCHEMA))
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name, schema in (
            ("identities", IDENTITY_SCHEMA),
            ("activities", ACTIVITY_SCHEMA),
            ("events", EVENT_SCHEMA),
            ("attendance", ATTENDANCE_SCHEMA),
        ):
            got = getattr(self, name).schema
            if got != schema:
                raise TypeError(f"{self.format} parser returned {name} with schema {got}, expected {schema}")

    @property
    def record_count(self) -> int:
        """The file's records (activities, events, registrations); people are counted apart."""
        return self.activities.height + self.events.height + self.attendance.height

    def time_range(self) -> tuple | None:
        """Earliest and latest data point in the file (activities, registrations, event starts)."""
        stamps = pl.concat(
            [
                self.activities.get_column("occurred_at"),
                self.attendance.get_column("registered_at"),
                self.events.get_column("starts_at"),
            ]
        ).drop_nulls()
        if stamps.is_empty():
            return None
        return stamps.min(), stamps.max()
