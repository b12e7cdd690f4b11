"""The warehouse file and how it changes: in place between readers, or build-then-swap.

DuckDB lets one process write a file and keeps every other process out meanwhile, so writers
and readers take turns, through two lock files beside the warehouse:
- readers (the app, one connection per query) pass a gate (`<db>.gate`) and stay in a room
  (`<db>.readers`, shared) for as long as their connection is open;
- a writer serialises with other writers (`<db>.lock`), closes the gate so that new readers wait,
  waits for the readers in the room to finish, then writes the file in place: the caller's changes
  and the derived tables (load/derived.py) in one transaction, then a checkpoint. Then it opens
  the gate again.
So the app never sees half a change (nobody reads while the file changes), a write costs what its
change costs, not what the warehouse holds (nothing is copied), and a write that fails or is
killed leaves the data as it was (DuckDB discards a transaction that did not commit).

When the room does not empty in time (a reader held open for long, e.g. an analyst's DuckDB client,
which takes DuckDB's own file lock but not ours) the writer falls back to build-then-swap: it
copies the file, writes the copy, checkpoints it and renames it over the original, while readers
keep reading the original. A new warehouse is always built that way, so a failed first load
leaves no file behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from pipelines.errors import WarehouseBusyError
from pipelines.model import apply_model

LOCK_WAIT_SECONDS = 600.0     # a writer waiting for another writer
READER_WAIT_SECONDS = 10.0    # a writer waiting for readers to finish before it copies instead
READ_WAIT_SECONDS = 600.0     # a reader waiting for a writer to finish
READER_MEMORY_LIMIT = "768MB"  # per read connection: the app's memory stays bounded at any size

_writing = threading.local()  # the warehouse this thread is writing in place, if any


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def gate_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".gate")


def readers_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".readers")


def side_files(db_path: Path) -> list[Path]:
    """Files a warehouse keeps beside itself (for removing a scratch warehouse whole)."""
    db_path = Path(db_path)
    return [Path(f"{db_path}.wal"), lock_path(db_path), gate_path(db_path), readers_path(db_path)]


def _building_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.building-{os.getpid()}")


def _flock(handle, mode: int, wait_seconds: float, what: str) -> None:
    """flock with a deadline: polls, backing off from 2 ms to 50 ms."""
    deadline = time.monotonic() + wait_seconds
    pause = 0.002
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise WarehouseBusyError(what) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


@contextlib.contextmanager
def write_lock(db_path: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(db_path), "a+") as handle:
        _flock(handle, fcntl.LOCK_EX, wait_seconds, f"another load has held {db_path} for over {wait_seconds:.0f} s")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stray_copies(db_path: Path) -> None:
    """Copies left by killed loads (we hold the lock, so none is in use)."""
    for stray in db_path.parent.glob(f"{db_path.name}.building-*"):
        stray.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------

class ReadConnection:
    """A read-only connection to the warehouse; writers may change the file once it is closed.

    Behaves as the DuckDB connection it wraps (execute, sql, register, cursor, ...)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, room):
        self._connection = connection
        self._room = room

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def close(self) -> None:
        if self._room is None:
            return
        try:
            self._connection.close()
        finally:
            room, self._room = self._room, None
            fcntl.flock(room, fcntl.LOCK_UN)
            room.close()

    def __enter__(self) -> ReadConnection:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self) -> None:  # a connection nobody closed must not keep writers out for ever
        with contextlib.suppress(Exception):
            self.close()


def open_read_only(db_path: Path) -> ReadConnection:
    """The warehouse as it is now, for reading, until the connection is closed.

    ATTACH inside a private in-memory database, rather than duckdb.connect(path), because
    connect() reuses an already-open instance of the same path, which would keep serving the
    file as it was before the last change.
    """
    db_path = Path(db_path)
    if getattr(_writing, "path", None) == db_path.resolve():
        raise RuntimeError(f"{db_path} is being written by this thread: read it through the write connection")
    room = _enter_room(db_path)
    try:
        connection = duckdb.connect(":memory:", config={"memory_limit": READER_MEMORY_LIMIT,
                                                        "temp_directory": str(_spill_directory())})
        connection.execute("SET enable_progress_bar = false")
        connection.execute("ATTACH $path AS warehouse (READ_ONLY)", {"path": str(db_path)})
        connection.execute("USE warehouse")
    except BaseException:
        fcntl.flock(room, fcntl.LOCK_UN)
        room.close()
        raise
    return ReadConnection(connection, room)


def wait_for_writers(db_path: Path) -> None:
    """Return once no writer holds the gate (at once when none does)."""
    db_path = Path(db_path)
    if getattr(_writing, "path", None) == db_path.resolve():
        raise RuntimeError(f"{db_path} is being written by this thread: read it through the write connection")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(gate_path(db_path), "a+") as gate:
        _flock(gate, fcntl.LOCK_SH, READ_WAIT_SECONDS,
               f"a write to {db_path} has kept readers out for over {READ_WAIT_SECONDS:.0f} s")
        fcntl.flock(gate, fcntl.LOCK_UN)


def _spill_directory() -> Path:
    """Where a read query that needs more than READER_MEMORY_LIMIT spills (not the working directory)."""
    return Path(tempfile.gettempdir()) / "community-pulse-spill"


def _enter_room(db_path: Path):
    """Pass the gate (waiting while a writer holds it) and take a place in the readers' room."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    busy = f"a write to {db_path} has kept readers out for over {READ_WAIT_SECONDS:.0f} s"
    with open(gate_path(db_path), "a+") as gate:
        _flock(gate, fcntl.LOCK_SH, READ_WAIT_SECONDS, busy)
        room = open(readers_path(db_path), "a+")
        try:
            _flock(room, fcntl.LOCK_SH, READ_WAIT_SECONDS, busy)
        except BaseException:
            room.close()
            raise
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
    return room


@contextlib.contextmanager
def _readers_out(db_path: Path, wait_seconds: float) -> Iterator[bool]:
    """Close the gate and wait for the room to empty: True if it did within wait_seconds.
    New readers wait at the gate until the block ends."""
    with open(gate_path(db_path), "a+") as gate, open(readers_path(db_path), "a+") as room:
        _flock(gate, fcntl.LOCK_EX, LOCK_WAIT_SECONDS, f"readers of {db_path} never let the gate close")
        try:
            try:
                _flock(room, fcntl.LOCK_EX, wait_seconds, "")
                alone = True
            except WarehouseBusyError:
                alone = False
            try:
                yield alone
            finally:
                if alone:
                    fcntl.flock(room, fcntl.LOCK_UN)
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

class WriteSession:
    """The connection a write block gets: a DuckDB connection whose COMMIT first brings the
    derived tables up to date, so they change in the same transaction as the data, and gives the
    data a new version (warehouse_info 'data_version') unless the block said it keeps the data
    (KPI targets and commentary: the app then keeps the KPI values it counted)."""

    _COMMITS = {"COMMIT", "COMMIT TRANSACTION", "END", "END TRANSACTION"}
    _BEGINS = {"BEGIN", "BEGIN TRANSACTION"}
    _ROLLBACKS = {"ROLLBACK", "ROLLBACK TRANSACTION", "ABORT"}

    def __init__(self, connection: duckdb.DuckDBPyConnection, keeps_data: bool = False):
        self._connection = connection
        self.keeps_data = keeps_data
        self.in_transaction = False
        self.committed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def execute(self, query: str, parameters: Any = None) -> duckdb.DuckDBPyConnection:
        statement = query.strip().rstrip(";").strip().upper() if isinstance(query, str) else ""
        if statement in self._COMMITS and self.in_transaction:
            _refresh_derived(self._connection)
            if not self.keeps_data:
                self._connection.execute(
                    "INSERT OR REPLACE INTO warehouse_info VALUES ('data_version', uuid()::VARCHAR)")
            result = self._connection.execute(query)
            self.in_transaction, self.committed = False, True
            return result
        result = self._connection.execute(query, parameters) if parameters is not None \
            else self._connection.execute(query)
        if statement in self._BEGINS:
            self.in_transaction = True
        elif statement in self._ROLLBACKS:
            self.in_transaction = False
        return result

    def finish(self) -> None:
        """After the block: derived tables for a block that changed things outside a transaction."""
        if self.in_transaction:
            raise RuntimeError("a write block ended inside a transaction it did not commit")
        if not self.committed:
            self.execute("BEGIN TRANSACTION")
            self.execute("COMMIT")


@contextlib.contextmanager
def writable_copy(db_path: Path, keeps_data: bool = False) -> Iterator[WriteSession]:
    """A read-write connection to the warehouse; its changes become visible only whole.

    Callers wrap their changes in one transaction; on any exception nothing of them stays.
    `keeps_data`: the block writes nothing a metric reads (see WriteSession).
    (The name is from the days when every write copied the file; see the module docstring.)
    """
    db_path = Path(db_path)
    with write_lock(db_path):
        _remove_stray_copies(db_path)
        if db_path.exists():
            with _readers_out(db_path, READER_WAIT_SECONDS) as alone:
                connection = _connect_in_place(db_path) if alone else None
                if connection is not None:
                    with _in_place(db_path, connection, keeps_data) as session:
                        yield session
                    return
        with _built_and_swapped(db_path, keeps_data) as session:
            yield session


def _connect_in_place(db_path: Path) -> duckdb.DuckDBPyConnection | None:
    """None when another process holds the file through DuckDB (a client outside our locks)."""
    try:
        return _connect_for_writing(db_path)
    except duckdb.IOException:
        return None


def _connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(path))
    connection.execute("SET enable_progress_bar = false")  # a long write must not draw on the CLI's stderr
    return connection


@contextlib.contextmanager
def _session(connection: duckdb.DuckDBPyConnection, keeps_data: bool) -> Iterator[WriteSession]:
    """The model applied, the caller's writes, their derived tables and a checkpoint: what every
    write does, in place or on a copy."""
    apply_model(connection)
    session = WriteSession(connection, keeps_data)
    yield session
    session.finish()
    connection.execute("CHECKPOINT")


@contextlib.contextmanager
def _in_place(db_path: Path, connection: duckdb.DuckDBPyConnection, keeps_data: bool) -> Iterator[WriteSession]:
    _writing.path = db_path.resolve()
    try:
        with _session(connection, keeps_data) as session:
            yield session
    finally:
        _writing.path = None
        connection.close()  # rolls back a transaction left open by a failure


@contextlib.contextmanager
def _built_and_swapped(db_path: Path, keeps_data: bool) -> Iterator[WriteSession]:
    building = _building_path(db_path)
    if db_path.exists():
        shutil.copyfile(db_path, building)
        wal = Path(f"{db_path}.wal")
        if wal.exists():  # committed by a write killed before its checkpoint
            shutil.copyfile(wal, f"{building}.wal")
    connection = _connect_for_writing(building)
    try:
        with _session(connection, keeps_data) as session:
            yield session
        connection.close()
        _fsync(building)
        swap_in(building, db_path)
    except BaseException:
        connection.close()
        building.unlink(missing_ok=True)
        Path(str(building) + ".wal").unlink(missing_ok=True)
        raise


def swap_in(built: Path, db_path: Path) -> None:
    """Rename a complete, checkpointed warehouse over db_path. A write-ahead log of the old file
    (left by a write killed before its checkpoint) goes first: the new file already holds what it
    recorded, and must never be replayed onto it."""
    Path(f"{db_path}.wal").unlink(missing_ok=True)
    os.replace(built, db_path)
    _fsync_dir(db_path.parent)


def _refresh_derived(connection: duckdb.DuckDBPyConnection) -> None:
    """Tables derived from the base tables, brought up to date inside the change's transaction."""
    from pipelines.load import derived

    derived.refresh(connection)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
