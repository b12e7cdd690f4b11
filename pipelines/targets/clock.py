"""'Today' for the current month's projection. Tests replace `now` to fix the day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def today(time_zone: str) -> dt.date:
    """The calendar day it is now in the reporting time zone (months are calendar months there)."""
    return now().astimezone(ZoneInfo(time_zone)).date()
