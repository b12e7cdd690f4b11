"""What the warehouse holds, for empty states and for anchoring date presets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pipelines.serve.connection import Snapshot, current_snapshot
from pipelines.serve.named_queries import run_query


@dataclass(frozen=True)
class WarehouseStatus:
    batches: int
    activities: int
    first_activity_at: dt.datetime | None
    last_activity_at: dt.datetime | None
    platforms: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return self.batches == 0

    def last_day(self, time_zone: str) -> dt.date | None:
        if self.last_activity_at is None:
            return None
        return self.last_activity_at.astimezone(ZoneInfo(time_zone)).date()


EMPTY = WarehouseStatus(0, 0, None, None, ())


def warehouse_status(snapshot: Snapshot | None) -> WarehouseStatus:
    if snapshot is None:
        return EMPTY
    row = run_query(snapshot, "warehouse_status").row(0, named=True)
    return WarehouseStatus(
        batches=row["batches"],
        activities=row["activities"],
        first_activity_at=row["first_activity_at"],
        last_activity_at=row["last_activity_at"],
        platforms=tuple(row["platforms"] or ()),
    )


def channel_names(snapshot: Snapshot | None) -> list[str]:
    """Every channel name with activity, for the channel filter."""
    if snapshot is None:
        return []
    return sorted(set(run_query(snapshot, "channels")["channel"].to_list()))


def warehouse_has_data(db_path: Path) -> bool:
    return not warehouse_status(current_snapshot(db_path)).is_empty


def anchor_day(status: WarehouseStatus, today: dt.date, time_zone: str) -> tuple[dt.date, bool]:
    """The day date presets end on: today, or the newest data day when the data stops
    more than a week before today (an old export); the flag says which."""
    newest = status.last_day(time_zone)
    if newest is not None and newest < today - dt.timedelta(days=7):
        return newest, True
    return today, False
