"""Analyst marks: flag identities as bots or staff (METRICS.md: excluded from human-only metrics)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from pipelines.load.warehouse import writable_copy


def mark_identities(
    db_path: Path,
    identities: list[tuple[str, str]],
    *,
    is_staff: bool | None = None,
    is_bot: bool | None = None,
    set_by: str = "analyst",
) -> int:
    """Set (or, with False, clear) the flags of (platform, platform_user_id) pairs, in one transaction."""
    marks = pl.DataFrame(
        {"platform": [p for p, _ in identities], "platform_user_id": [u for _, u in identities]},
        schema={"platform": pl.String, "platform_user_id": pl.String},
    ).unique()
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.register("marks", marks)
        connection.execute(
            """
            INSERT INTO identity_flags AS f
            SELECT platform, platform_user_id, $is_bot, $is_staff, $set_by, now() FROM marks
            ON CONFLICT (platform, platform_user_id) DO UPDATE SET
                is_bot = coalesce(excluded.is_bot, f.is_bot),
                is_staff = coalesce(excluded.is_staff, f.is_staff),
                set_by = excluded.set_by,
                set_at = excluded.set_at
            """,
            {"is_bot": is_bot, "is_staff": is_staff, "set_by": set_by},
        )
        connection.execute("COMMIT")
    return marks.height
