"""The warehouse file and how it changes: build-then-swap.

Readers (the app) open the file read-only; a writer never touches it in place. A load
copies the file, writes the copy in one transaction, checkpoints it and atomically
renames it over the original. So:
- the app never sees half a batch (a reader has either the old file or the new one);
- a load never fails because the app is open (nobody locks the file a reader uses);
- a killed load leaves the original untouched (only a stray copy, removed next time).
Loads serialise on a lock file beside the warehouse, so two loads never lose each other's work.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from pipelines.errors import WarehouseBusyError
from pipelines.model import apply_model

LOCK_WAIT_SECONDS = 600.0


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _building_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.building-{os.getpid()}")


@contextlib.contextmanager
def write_lock(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(db_path), "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusyError(f"another load has held {db_path} for over {wait_seconds:.0f} s") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stray_copies(db_path: Path) -> None:
    """Copies left by killed loads (we hold the lock, so none is in use)."""
    for stray in db_path.parent.glob(f"{db_path.name}.building-*"):
        stray.unlink(missing_ok=True)


@contextlib.contextmanager
def writable_copy(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a private copy; swapped in only if the block succeeds.

    Callers wrap their changes in one transaction; on any exception the copy is thrown
    away and the warehouse is exactly as before.
    """
    db_path = Path(db_path)
    with write_lock(db_path):
        _remove_stray_copies(db_path)
        building = _building_path(db_path)
        if db_path.exists():
            shutil.copyfile(db_path, building)
        connection = duckdb.connect(str(building))
        try:
            apply_model(connection)
            yield connection
            _refresh_derived(connection)
            connection.execute("CHECKPOINT")
            connection.close()
            _fsync(building)
            os.replace(building, db_path)
            _fsync_dir(db_path.parent)
        except BaseException:
            connection.close()
            building.unlink(missing_ok=True)
            Path(str(building) + ".wal").unlink(missing_ok=True)
            raise


def _refresh_derived(connection: duckdb.DuckDBPyConnection) -> None:
    """Tables derived from the base tables, rebuilt in the same swap as the change itself."""
    from pipelines.load import identity_members

    connection.execute("BEGIN TRANSACTION")
    identity_members.rebuild(connection)
    connection.execute("COMMIT")


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def open_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A snapshot of the warehouse as it is now, for reading.

    ATTACH inside a private in-memory database, rather than duckdb.connect(path), because
    connect() reuses an already-open instance of the same path, which would keep serving
    the file as it was before the last swap.
    """
    connection = duckdb.connect(":memory:")
    connection.execute("ATTACH $path AS warehouse (READ_ONLY)", {"path": str(db_path)})
    connection.execute("USE warehouse")
    return connection


def model_is_current(db_path: Path) -> bool:
    from pipelines.frames_io import fetch_scalar
    from pipelines.model import model_version

    connection = open_read_only(db_path)
    try:
        has_info = fetch_scalar(
            connection,
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'warehouse' AND table_name = 'warehouse_info'",
        )
        stored = fetch_scalar(connection, "SELECT value FROM warehouse_info WHERE key = 'model_version'") if has_info else None
    finally:
        connection.close()
    return stored == model_version()


def upgrade_model(db_path: Path) -> bool:
    """Recreate the views of an existing warehouse written by an older version of the code.
    True if it had to; the data is untouched (tables are only ever added to)."""
    db_path = Path(db_path)
    if not db_path.exists() or model_is_current(db_path):
        return False
    with writable_copy(db_path):
        pass  # writable_copy applies the current model
    return True
