"""Named queries: each is a .sql file in queries/, run with bound $parameters only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.frames_io import fetch_frame
from pipelines.serve.connection import Snapshot

QUERY_DIR = Path(__file__).resolve().parent / "queries"


@cache
def query_text(name: str) -> str:
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def query_parameters(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"\$([A-Za-z_]\w*)", query_text(name)))


def run_query(snapshot: Snapshot, name: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
    """Run a named query, binding the parameters it uses (callers may pass a shared superset,
    such as every filter; DuckDB refuses parameters a statement does not use)."""
    wanted = query_parameters(name)
    cursor = snapshot.cursor()
    try:
        return fetch_frame(cursor, query_text(name), {k: v for k, v in (params or {}).items() if k in wanted})
    finally:
        cursor.close()
