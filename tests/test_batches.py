"""Batch history, undo, kept files and rebuild."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.load import load_path
from pipelines.load.batches import UndoError, undo_batch
from pipelines.load.flags import mark_identities
from pipelines.load.rebuild import rebuild
from pipelines.load.storage import stored_path
from pipelines.serve.connection import current_snapshot
from pipelines.serve.data_status import batch_history, data_freshness

from tests.conftest import FIXTURES, frame, scalar, warehouse_contents

PROJECT = Path(__file__).resolve().parent.parent
HELP = FIXTURES / "discord" / "help_march_april.json"
OVERLAP = FIXTURES / "discord" / "help_overlap.json"
MEETUP = FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv"
TWEETS = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"


def test_loaded_files_are_kept_by_content(db_path):
    load_path(db_path, HELP)
    digest = hashlib.sha256(HELP.read_bytes()).hexdigest()
    kept = stored_path(db_path, digest)
    assert kept.read_bytes() == HELP.read_bytes()
    assert kept.parent.parent == db_path.parent / "files"
    assert scalar(db_path, "SELECT stored_as FROM ingest_batches") == f"files/{digest[:2]}/{digest}"


def test_undo_removes_the_batch_everywhere_and_keeps_its_history(db_path):
    load_path(db_path, HELP)
    before_meetup = warehouse_contents(db_path)
    load_path(db_path, MEETUP)
    removed = undo_batch(db_path, 2, undone_by="tester")
    # 1 event, 3 registrations, 3 people of the guest list.
    assert removed == {"source_activities": 0, "source_identities": 3, "source_events": 1, "source_attendance": 3}
    after = warehouse_contents(db_path)
    for table in ("source_activities", "source_identities", "source_events", "source_attendance"):
        assert after[table] == before_meetup[table]
    assert scalar(db_path, "SELECT count(*) FROM members") == 6
    history = batch_history(current_snapshot(db_path))
    assert history.select("batch_id", "undone_by").rows() == [(2, "tester"), (1, None)]
    with pytest.raises(UndoError, match="already undone"):
        undo_batch(db_path, 2)
    with pytest.raises(UndoError, match="no batch 9"):
        undo_batch(db_path, 9)
    # An undone file can be loaded again.
    again = load_path(db_path, MEETUP)
    assert not again.already_loaded and again.rows_new == 4


def test_freshness_per_platform_and_format(db_path):
    load_path(db_path, HELP)
    load_path(db_path, TWEETS)
    fresh = {row["platform"]: row for row in data_freshness(current_snapshot(db_path)).iter_rows(named=True)}
    assert str(fresh["discord"]["newest_data_point"])[:16] == "2026-05-01 00:00"
    assert str(fresh["x"]["newest_data_point"])[:16] == "2026-04-15 08:30"
    assert fresh["x"]["format"] == "x_tweet_activity"


def rows_but_batch(db, table: str) -> list[tuple]:
    """A table's rows, sorted, without batch_id (a rebuild numbers batches anew)."""
    exclude = " EXCLUDE (batch_id)" if table.startswith("source") else ""
    # Table names are this test's own.
    return sorted(frame(db, f"SELECT *{exclude} FROM {table}").rows(), key=repr)


def test_rebuild_replays_files_and_keeps_analyst_decisions(db_path):
    for path in (HELP, MEETUP, OVERLAP, TWEETS):
        load_path(db_path, path)
    undo_batch(db_path, 2)
    mark_identities(db_path, [("discord", "4")], is_staff=True, set_by="tester")
    tables = ("source_activities", "source_events", "source_attendance", "identity_flags")
    before = {table: rows_but_batch(db_path, table) for table in tables}
    result = rebuild(db_path)
    assert result.batches == 3
    assert "identity_flags" in result.carried_tables
    for table in tables:
        assert rows_but_batch(db_path, table) == before[table], table
    assert scalar(db_path, "SELECT count(*) FROM ingest_batches") == 3
    assert scalar(db_path, "SELECT is_staff FROM identities WHERE platform_user_id = '4'") is True


def test_cli_batches_undo_rebuild(db_path):
    load_path(db_path, HELP)
    load_path(db_path, TWEETS)
    run = lambda *a: subprocess.run([sys.executable, "-m", "pipelines", *a, "--db", str(db_path)],  # noqa: E731
                                    cwd=PROJECT, capture_output=True, text=True)
    listed = run("batches")
    assert listed.returncode == 0 and HELP.name in listed.stdout and "x_tweet_activity" in listed.stdout
    undone = run("undo", "2")
    assert undone.returncode == 0 and "batch 2 undone: 2 from source_activities" in undone.stdout
    assert run("undo", "2").returncode == 1
    rebuilt = run("rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert scalar(db_path, "SELECT count(*) FROM activities") == 11
