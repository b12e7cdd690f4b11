"""Undoing a batch: its rows leave every table (and so every metric); the batch stays in the
history, marked undone, and the file may be loaded again later."""

from __future__ import annotations

from pathlib import Path

from pipelines.frames_io import fetch_scalar
from pipelines.load.warehouse import writable_copy

SOURCE_TABLES = ("source_activities", "source_identities", "source_events", "source_attendance")


class UndoError(ValueError):
    """The batch does not exist or was already undone."""


def undo_batch(db_path: Path, batch_id: int, *, undone_by: str = "analyst") -> dict[str, int]:
    """Remove the batch's rows in one transaction; returns rows removed per table."""
    removed = {}
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        state = fetch_scalar(connection, "SELECT CASE WHEN undone_at IS NULL THEN 'active' ELSE 'undone' END "
                                         "FROM ingest_batches WHERE batch_id = $id", {"id": batch_id})
        if state is None:
            raise UndoError(f"there is no batch {batch_id}")
        if state == "undone":
            raise UndoError(f"batch {batch_id} was already undone")
        for table in SOURCE_TABLES:
            # Table names come from the constant above, never from input.
            removed[table] = fetch_scalar(connection, f"DELETE FROM {table} WHERE batch_id = $id", {"id": batch_id})
        connection.execute("UPDATE ingest_batches SET undone_at = now(), undone_by = $by WHERE batch_id = $id",
                           {"by": undone_by, "id": batch_id})
        connection.execute("COMMIT")
    return removed
