"""Rebuild the warehouse from the files it was loaded from (kept under files/), replaying the
batches that are not undone in their order, and carrying over what analysts decided (flags,
merges, column mappings, and any other table that is not loaded from files).

The new warehouse is built beside the old one and swapped in only when complete, under the
write lock, so the app keeps reading the old one meanwhile and a failure changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import reporting_time_zone
from pipelines.errors import ExportError
from pipelines.frames_io import fetch_frame
from pipelines.load.derived import DERIVED_TABLES
from pipelines.load.loader import load_export
from pipelines.load.mappings import saved_mappings
from pipelines.load.warehouse import open_read_only, side_files, swap_in, writable_copy, write_lock
from pipelines.parse import ParseOptions

# Tables rebuilt by replaying files (or derived after each write): everything else is carried over.
LOADED_TABLES = {"ingest_batches", "source_identities", "source_activities", "source_events", "source_attendance",
                 "warehouse_info", *DERIVED_TABLES}


@dataclass
class RebuildResult:
    batches: int
    carried_tables: list[str]


def rebuild(db_path: Path, progress: Callable[[int, int, str], None] | None = None) -> RebuildResult:
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}")
    building = db_path.with_name(db_path.name + ".rebuild")
    with write_lock(db_path):
        batches, tables = _history(db_path)
        options = ParseOptions(local_zone=reporting_time_zone(), csv_mappings=saved_mappings(db_path))
        for path in (building, *side_files(building)):
            path.unlink(missing_ok=True)
        try:
            for index, batch in enumerate(batches.iter_rows(named=True), start=1):
                data = _stored_bytes(db_path, batch)
                load_export(building, batch["file_name"], data, loaded_by=batch["loaded_by"], options=options)
                if progress:
                    progress(index, batches.height, batch["file_name"])
            carried = [t for t in tables if t not in LOADED_TABLES]
            _carry_over(building, db_path, carried)
            swap_in(building, db_path)
        finally:
            for path in (building, *side_files(building)):
                path.unlink(missing_ok=True)
    return RebuildResult(batches.height, carried)


def _history(db_path: Path):
    connection = open_read_only(db_path)
    try:
        batches = fetch_frame(connection, "SELECT batch_id, file_name, sha256, stored_as, loaded_by, loaded_at "
                                          "FROM ingest_batches WHERE undone_at IS NULL ORDER BY batch_id")
        tables = fetch_frame(connection, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'warehouse' "
                                         "ORDER BY table_name")["table_name"].to_list()
        return batches, tables
    finally:
        connection.close()


def _stored_bytes(db_path: Path, batch: dict) -> bytes:
    name = f"batch {batch['batch_id']} ({batch['file_name']})"
    if not batch["stored_as"]:
        raise ExportError(name, "was loaded before files were kept, so it cannot be replayed; nothing was changed")
    path = db_path.parent / batch["stored_as"]
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ExportError(name, f"its kept copy {path} cannot be read ({err.strerror}); nothing was changed") from None
    if hashlib.sha256(data).hexdigest() != batch["sha256"]:
        raise ExportError(name, f"its kept copy {path} has changed since it was loaded; nothing was changed")
    return data


def _carry_over(building: Path, db_path: Path, tables: list[str]) -> None:
    """Analysts' tables as they are, and each batch's original load time and loader."""
    with writable_copy(building) as connection:
        connection.execute("ATTACH $path AS previous (READ_ONLY)", {"path": str(db_path)})
        connection.execute("BEGIN TRANSACTION")
        for table in tables:
            # Names come from DuckDB's own catalog of the old warehouse, not from input.
            connection.execute(f'DELETE FROM "{table}"')
            connection.execute(f'INSERT INTO "{table}" SELECT * FROM previous."{table}"')
        connection.execute(
            "UPDATE ingest_batches AS b SET loaded_at = p.loaded_at, loaded_by = p.loaded_by "
            "FROM previous.ingest_batches AS p WHERE p.sha256 = b.sha256 AND p.undone_at IS NULL")
        connection.execute("COMMIT")
        connection.execute("DETACH previous")
