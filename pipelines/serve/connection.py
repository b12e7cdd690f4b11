"""Read access for the app: a snapshot of the warehouse file as it is now.

A load replaces the file atomically (see load/warehouse.py); a snapshot is keyed on the
file's identity (inode, mtime, size), so the first query after a load opens the new file
and every query on one snapshot sees whole batches only.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.load.warehouse import open_read_only


@dataclass(frozen=True)
class Snapshot:
    """A version of the warehouse: hashable, so query results can be cached per version."""

    path: str
    version: str

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own per query, so app sessions on several threads never share one."""
        cursor = _connection_for(self).cursor()
        cursor.execute("USE warehouse")  # a cursor starts in the in-memory catalog
        return cursor


def current_snapshot(db_path: Path | str) -> Snapshot | None:
    """None while no warehouse file exists yet."""
    try:
        stat = os.stat(db_path)
    except FileNotFoundError:
        return None
    return Snapshot(str(db_path), f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}")


_lock = threading.Lock()
_open: dict[str, tuple[str, duckdb.DuckDBPyConnection]] = {}


def _connection_for(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """One open connection per path, reopened when the file's version changes.

    A connection opened on an older version keeps reading that version's file, which is
    still on disk for as long as it is open, so a swap never disturbs a running query.
    """
    with _lock:
        known = _open.get(snapshot.path)
        if known and known[0] == snapshot.version:
            return known[1]
        connection = open_read_only(Path(snapshot.path))
        _open[snapshot.path] = (snapshot.version, connection)
        return connection
