"""Read access for the app: a snapshot of the warehouse file as it is now.

A write changes the file whole (see load/warehouse.py): readers never see it half done. A
snapshot is keyed on the file's identity (inode, mtime, size), so cached results belong to one
version of the data, and the first run after a write computes afresh.

Opening the warehouse costs tens of milliseconds (its catalog is read), which a page of a dozen
queries would pay a dozen times, so a read connection is shared by the queries that follow each
other (one page run, the pages of one session) and closed once idle for IDLE_SECONDS: while it is
open it keeps writers out (load/warehouse.py), and a query first passes the writers' gate, so a
waiting writer gets its turn as soon as the queries under way are done.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.load.warehouse import ReadConnection, open_read_only, wait_for_writers

IDLE_SECONDS = 1.0


@dataclass(frozen=True)
class Snapshot:
    """A version of the warehouse: hashable, so query results can be cached per version."""

    path: str
    version: str

    def cursor(self) -> "Cursor":
        """A cursor of its own per query, to close when done (app sessions on several threads never
        share one); it reads the warehouse as it is when the query starts."""
        return _shared.cursor(Path(self.path))


def current_snapshot(db_path: Path | str) -> Snapshot | None:
    """None while no warehouse file exists yet."""
    version = _version(db_path)
    return None if version is None else Snapshot(str(db_path), version)


def _version(db_path: Path | str) -> str | None:
    try:
        stat = os.stat(db_path)
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


class Cursor:
    """A DuckDB cursor on a shared read connection; close() hands the connection back."""

    def __init__(self, cursor, release):
        self._cursor = cursor
        self._release = release

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)

    def close(self) -> None:
        if self._release is None:
            return
        try:
            self._cursor.close()
        finally:
            release, self._release = self._release, None
            release()

    def __enter__(self) -> "Cursor":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class _Open:
    def __init__(self, connection: ReadConnection, version: str):
        self.connection = connection
        self.version = version
        self.users = 0
        self.last_used = time.monotonic()


class _SharedConnections:
    """One read connection per warehouse path, reopened when the file changed, closed when idle."""

    def __init__(self):
        self._lock = threading.Lock()
        self._open: dict[Path, _Open] = {}
        self._reaper: threading.Thread | None = None
        self._exiting = threading.Event()

    def cursor(self, path: Path) -> Cursor:
        wait_for_writers(path)
        with self._lock:
            entry = self._open.get(path)
            version = _version(path)
            if entry is not None and entry.version != version and entry.users == 0:
                self._close(path)  # an older file (swapped in by a write that copied the warehouse)
                entry = None
            if entry is None or entry.version != version:
                entry = _Open(open_read_only(path), version)
                if path not in self._open:
                    self._open[path] = entry
            entry.users += 1
            entry.last_used = time.monotonic()
            self._start_reaper()
            cursor = entry.connection.cursor()
        try:
            cursor.execute("USE warehouse")  # a cursor starts in the in-memory catalog
        except BaseException:
            self._release(path, entry)
            raise
        return Cursor(cursor, lambda: self._release(path, entry))

    def _release(self, path: Path, entry: _Open) -> None:
        with self._lock:
            entry.users -= 1
            entry.last_used = time.monotonic()
            if entry.users == 0 and self._open.get(path) is not entry:
                entry.connection.close()  # one opened beside a busy older one

    def _close(self, path: Path) -> None:
        entry = self._open.pop(path)
        entry.connection.close()

    def _start_reaper(self) -> None:
        if self._reaper is None or not self._reaper.is_alive():
            self._reaper = threading.Thread(target=self._reap, name="warehouse-idle-reaper", daemon=True)
            self._reaper.start()

    def _reap(self) -> None:
        while not self._exiting.wait(IDLE_SECONDS / 4):
            with self._lock:
                now = time.monotonic()
                for path, entry in list(self._open.items()):
                    if entry.users == 0 and now - entry.last_used >= IDLE_SECONDS:
                        self._close(path)
                if not self._open:
                    self._reaper = None
                    return


    def close_all(self) -> None:
        with self._lock:
            for path in list(self._open):
                self._close(path)

    def close_at_exit(self) -> None:
        """Stop the reaper and wait for it, then close everything. A daemon thread still inside
        DuckDB when the interpreter finalizes is killed there, and the process aborts."""
        self._exiting.set()
        reaper = self._reaper
        if reaper is not None and reaper is not threading.current_thread():
            reaper.join(timeout=10)
        self.close_all()


_shared = _SharedConnections()


def close_shared() -> None:
    """Close the shared read connections now (they close by themselves once idle, or at exit)."""
    _shared.close_all()


atexit.register(_shared.close_at_exit)  # before the interpreter tears DuckDB down
