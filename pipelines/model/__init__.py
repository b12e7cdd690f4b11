"""Model layer: the warehouse's tables (tables/) and views (staging/ then marts/), as SQL files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.model.migrations import migrate

MODEL_DIR = Path(__file__).resolve().parent


def model_files() -> list[Path]:
    """tables/ first (base tables, CREATE TABLE IF NOT EXISTS), then staging/, then marts/.
    Within a folder files run in name order: the numeric prefix of a view is higher than
    those of the views it reads."""
    return [*sorted((MODEL_DIR / "tables").glob("*.sql")), *sorted((MODEL_DIR / "staging").glob("*.sql")),
            *sorted((MODEL_DIR / "marts").glob("*.sql"))]


def model_version() -> str:
    digest = hashlib.sha256()
    for path in model_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def apply_model(connection: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, migrate old ones, and (re)create every view from the .sql files."""
    for path in model_files():
        connection.execute(path.read_text(encoding="utf-8"))
    migrate(connection)  # (no view reads the tables it changes)
    connection.execute(
        "INSERT OR REPLACE INTO warehouse_info VALUES ('model_version', $version)", {"version": model_version()}
    )
