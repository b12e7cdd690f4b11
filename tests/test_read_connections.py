"""The app's shared read connections (pipelines/serve/connection.py): reused by the queries that
follow each other, closed once idle, and closed with their reaper stopped at exit (a daemon thread
still inside DuckDB when the interpreter finalizes is killed there, and the process aborts)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pipelines.load import load_path
from pipelines.serve import connection
from tests.conftest import FIXTURES

HELP = FIXTURES / "discord" / "help_march_april.json"


def test_queries_share_a_connection_that_closes_once_idle(db_path, monkeypatch):
    load_path(db_path, HELP)
    monkeypatch.setattr(connection, "IDLE_SECONDS", 0.2)
    shared = connection._SharedConnections()
    for _ in range(2):
        with shared.cursor(db_path) as cursor:
            assert cursor.execute("SELECT count(*) FROM activities").fetchone()[0] == 11
    assert len(shared._open) == 1
    deadline = time.monotonic() + 5
    while shared._open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert shared._open == {}


def test_at_exit_the_reaper_stops_before_the_connections_close(db_path):
    load_path(db_path, HELP)
    shared = connection._SharedConnections()
    with shared.cursor(db_path) as cursor:
        cursor.execute("SELECT count(*) FROM activities").fetchone()
    reaper = shared._reaper
    assert reaper is not None and reaper.is_alive()
    shared.close_at_exit()
    assert not reaper.is_alive() and shared._open == {}


def test_a_process_that_read_the_warehouse_exits_cleanly(db_path):
    load_path(db_path, HELP)
    script = ("import sys; from pipelines.serve.connection import current_snapshot; "
              "c = current_snapshot(sys.argv[1]).cursor(); c.execute('SELECT count(*) FROM activities').fetchone(); "
              "c.close()")  # and exit at once, the idle connection and its reaper still there
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script, str(db_path)], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent.parent)
        assert done.returncode == 0, done.stderr[-2000:]
