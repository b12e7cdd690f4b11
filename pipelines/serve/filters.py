"""The filters every page shares, and the half-open periods they stand for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Filters:
    """first_day..last_day inclusive, in the reporting time zone; platforms empty = all."""

    first_day: dt.date
    last_day: dt.date
    platforms: tuple[str, ...] = ()
    include_non_humans: bool = False
    time_zone: str = "UTC"
    channels: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes: midnight of first_day to midnight after last_day."""
        return self.midnight(self.first_day), self.midnight(self.last_day + dt.timedelta(days=1))

    def previous(self) -> "Filters":
        """The period of the same length just before this one (for 'change vs previous')."""
        length = dt.timedelta(days=self.days)
        return replace(self, first_day=self.first_day - length, last_day=self.first_day - dt.timedelta(days=1))

    def params(self) -> dict:
        start, end = self.bounds()
        return {
            "start": start,
            "end": end,
            "platforms": list(self.platforms) or None,
            "channels": list(self.channels) or None,
            "include_non_humans": self.include_non_humans,
            "tz": self.time_zone,
        }

    def midnight(self, day: dt.date) -> dt.datetime:
        """The start of a calendar day in the reporting time zone."""
        return dt.datetime.combine(day, dt.time(0), ZoneInfo(self.time_zone))


PRESETS = ("Last 7 days", "Last 30 days", "Last 90 days", "Month to date", "Last month", "Year to date", "Custom")


def preset_range(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """Inclusive day range for a preset, ending on `today` (the anchor day)."""
    if preset == "Last 7 days":
        return today - dt.timedelta(days=6), today
    if preset == "Last 30 days":
        return today - dt.timedelta(days=29), today
    if preset == "Last 90 days":
        return today - dt.timedelta(days=89), today
    if preset == "Month to date":
        return today.replace(day=1), today
    if preset == "Last month":
        last_of_previous = today.replace(day=1) - dt.timedelta(days=1)
        return last_of_previous.replace(day=1), last_of_previous
    if preset == "Year to date":
        return today.replace(month=1, day=1), today
    raise ValueError(f"no fixed range for preset {preset!r}")
