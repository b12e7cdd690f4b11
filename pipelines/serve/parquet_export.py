"""The warehouse as partitioned Parquet: the scale-out path.

Every table of the warehouse (base, analysts' and derived) is written under DIR/<table>/ as
Parquet; the two that grow with the activity (source_activities, activity_facts) are partitioned
by month of occurred_at (hive style: DIR/source_activities/month=2026-06/...), so engines read
only the months a query asks for. DIR/views.sql recreates the warehouse over those files in any
DuckDB (a laptop's, a server's, a hosted one): one view per table, then the model's own views
and macros, so the dashboard's named queries run unchanged. Spark or Trino register each folder
as a table and read the same columns. DIR/manifest.json lists tables, row counts and partitions.

The export reads one snapshot (a read connection), so it is consistent even while loads go on.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load.warehouse import open_read_only
from pipelines.model import MODEL_DIR, model_version

PARTITIONED_BY_MONTH = {"source_activities": "occurred_at", "activity_facts": "occurred_at"}
PARTITION_COLUMN = "month"


@dataclass(frozen=True)
class ExportedTable:
    name: str
    rows: int
    partitioned_by: str | None


def export_parquet(db_path: Path, out_dir: Path) -> list[ExportedTable]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    connection = open_read_only(db_path)
    try:
        names = fetch_frame(connection, "SELECT table_name FROM duckdb_tables() WHERE database_name = 'warehouse' "
                                        "AND NOT temporary ORDER BY table_name")["table_name"].to_list()
        exported = [_export_table(connection, name, out_dir / name) for name in names]
    finally:
        connection.close()
    (out_dir / "views.sql").write_text(views_sql(exported), encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps({
        "model_version": model_version(),
        "tables": [{"name": t.name, "rows": t.rows, "path": f"{t.name}/",
                    "partitioned_by": f"{PARTITION_COLUMN} = strftime({t.partitioned_by}, '%Y-%m')"
                    if t.partitioned_by else None} for t in exported],
    }, indent=2) + "\n", encoding="utf-8")
    return exported


def _export_table(connection, name: str, folder: Path) -> ExportedTable:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    # Table names come from DuckDB's own catalog; the target path is bound.
    quoted = '"' + name.replace('"', '""') + '"'
    rows = fetch_scalar(connection, f"SELECT count(*) FROM {quoted}")
    column = PARTITIONED_BY_MONTH.get(name) if rows else None  # an empty table has no months: one file
    if column:
        connection.execute(
            f"COPY (SELECT *, strftime({column}, '%Y-%m') AS {PARTITION_COLUMN} FROM {quoted}) TO $path "
            f"(FORMAT parquet, PARTITION_BY ({PARTITION_COLUMN}), OVERWRITE_OR_IGNORE)", {"path": str(folder)})
    else:
        connection.execute(f"COPY {quoted} TO $path (FORMAT parquet)", {"path": str(folder / "data.parquet")})
    return ExportedTable(name, rows, column)


def views_sql(tables: list[ExportedTable]) -> str:
    """DuckDB statements recreating the warehouse over the Parquet files (paths relative to the
    export folder: run them with it as the working directory, or SET file_search_path to it)."""
    lines = ["-- Community Pulse warehouse over Parquet: run in DuckDB from this folder.", ""]
    for table in tables:
        quoted = '"' + table.name.replace('"', '""') + '"'
        if table.partitioned_by:
            lines.append(f"CREATE OR REPLACE VIEW {quoted} AS SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM "
                         f"read_parquet('{table.name}/*/*.parquet', hive_partitioning = true);")
        else:
            lines.append(f"CREATE OR REPLACE VIEW {quoted} AS SELECT * FROM read_parquet('{table.name}/data.parquet');")
    for folder in ("staging", "marts"):
        for path in sorted((MODEL_DIR / folder).glob("*.sql")):
            lines += ["", f"-- {folder}/{path.name}", path.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"
