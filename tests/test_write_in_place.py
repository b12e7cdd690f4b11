"""Writes in place (load/warehouse.py): readers wait while a write commits and then see all of it,
a killed load changes nothing, and a reader outside our locks makes the load copy, not fail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb

from pipelines.load import load_path
from pipelines.load.warehouse import writable_copy
from pipelines.serve.connection import current_snapshot
from pipelines.serve.named_queries import run_query

from tests.conftest import FIXTURES, scalar, warehouse_contents

PROJECT = Path(__file__).resolve().parent.parent
HELP = FIXTURES / "discord" / "help_march_april.json"
TWEETS = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"

# Loads TWEETS and, once its rows are written but before COMMIT, says so and waits to be killed.
KILLED_LOAD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pipelines.load import load_path
    def progress(stage, done, total):
        if stage == "writing" and done == total:
            print("written", flush=True)
            time.sleep(60)
    load_path(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
""")


def test_a_reader_waits_for_a_write_and_sees_all_of_it(db_path):
    load_path(db_path, HELP)
    before = scalar(db_path, "SELECT count(*) FROM activities")
    seen = []

    def read_during_write():
        seen.append(run_query(current_snapshot(db_path), "warehouse_status")["activities"][0])

    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.execute("INSERT INTO ingest_batches (batch_id, file_name, sha256, format, rows_loaded, rows_present,"
                           " loaded_at) VALUES (99, 'x', 'x', 'x', 0, 0, now())")
        connection.execute("INSERT INTO source_activities SELECT * REPLACE ('x:' || activity_id AS activity_id, 99 AS "
                           "batch_id) FROM source_activities WHERE batch_id = 1")
        reader = threading.Thread(target=read_during_write)
        reader.start()
        time.sleep(0.5)
        assert seen == []  # waiting at the gate, not reading a half-written file
        connection.execute("COMMIT")
    reader.join(timeout=60)
    assert seen == [2 * before]


def test_a_killed_load_changes_nothing(db_path):
    load_path(db_path, HELP)
    before = warehouse_contents(db_path)
    load = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, str(db_path), str(TWEETS)], cwd=PROJECT,
                            stdout=subprocess.PIPE, text=True)
    assert load.stdout.readline().strip() == "written"
    os.kill(load.pid, signal.SIGKILL)
    load.wait()
    assert warehouse_contents(db_path) == before
    load_path(db_path, TWEETS)  # the warehouse is fine for the next load
    assert scalar(db_path, "SELECT count(*) FROM ingest_batches") == 2


def test_a_reader_outside_our_locks_makes_the_load_copy(db_path, monkeypatch):
    from pipelines.load import warehouse

    load_path(db_path, HELP)
    monkeypatch.setattr(warehouse, "READER_WAIT_SECONDS", 0.2)
    outsider = subprocess.Popen(  # an analyst's DuckDB client, holding the file read-only
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
                               "print(c.execute('SELECT count(*) FROM source_activities').fetchone()[0], flush=True); "
                               "time.sleep(30)", str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert int(outsider.stdout.readline()) > 0
        load_path(db_path, TWEETS)
    finally:
        outsider.kill()
        outsider.wait()
    assert scalar(db_path, "SELECT count(*) FROM ingest_batches") == 2
    assert duckdb.connect(str(db_path), read_only=True).execute("SELECT count(*) FROM activities").fetchone()[0] > 0
