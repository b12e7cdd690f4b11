"""Query results as polars frames (through Arrow, no pandas)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import polars as pl


def fetch_frame(connection: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    return connection.sql(sql, params=dict(params or {})).pl()


def fetch_scalar(connection: duckdb.DuckDBPyConnection, sql: str, params: Mapping[str, Any] | None = None) -> Any:
    """The first column of the first row (None when no row). Fetches all, so no result is left open."""
    rows = connection.execute(sql, dict(params or {})).fetchall()
    return rows[0][0] if rows else None
