"""Saved column mappings for generic CSV files: stored in the warehouse, handed to the parser."""

from __future__ import annotations

from pathlib import Path

from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load.warehouse import open_read_only, writable_copy
from pipelines.parse.mapped_csv import ColumnMapping


def save_mapping(db_path: Path, mapping: ColumnMapping, *, saved_by: str = "analyst") -> None:
    """Store (or replace) the mapping for its header shape."""
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.execute(
            "INSERT OR REPLACE INTO csv_mappings VALUES ($signature, $source, $mapping, $by, now())",
            {"signature": mapping.signature, "source": mapping.source, "mapping": mapping.to_json(), "by": saved_by},
        )
        connection.execute("COMMIT")


def saved_mappings(db_path: Path) -> tuple[ColumnMapping, ...]:
    if not Path(db_path).exists():
        return ()
    connection = open_read_only(db_path)
    try:
        exists = fetch_scalar(connection, "SELECT count(*) FROM duckdb_tables() "
                                          "WHERE database_name = 'warehouse' AND table_name = 'csv_mappings'")
        if not exists:
            return ()
        rows = fetch_frame(connection, "SELECT mapping FROM csv_mappings ORDER BY signature")
        return tuple(ColumnMapping.from_json(text) for text in rows["mapping"])
    finally:
        connection.close()
