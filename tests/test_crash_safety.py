"""Crash safety: the ingest process killed (SIGKILL, no chance to clean up) at random points of 30
loads. After every kill the warehouse opens, holds each batch whole or not at all, and a retry
loads the file (or finds it already loaded, when the kill came after the commit).

Each load runs in its own process, forked from a server that has already imported the project
(multiprocessing's forkserver), so the kill lands within the load itself, not in Python's start-up.
The kill times are spread evenly (in random order) over 0-130% of a load's measured duration, so
some kills come before the write, some during it, some after it. The figures go to
test-artifacts/crash-safety.json (README, "Reliability").
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import multiprocessing.context
import os
import random
import signal
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path

from pipelines.load import load_path
from pipelines.load.warehouse import open_read_only
from pipelines.parse.registry import ADAPTER_MODULES

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "test-artifacts"
KILLS = 30
MESSAGES = 20  # per file; each file is its own channel, so its rows are easy to count
KILL_WINDOW = 1.3  # kills spread over this many times a load's duration


def ingest_quietly(db: Path, path: Path, log: Path) -> None:
    """The worker: what `python -m pipelines ingest PATH --db DB` does, its output appended to `log`."""
    from pipelines.commands.ingest import ingest

    output = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(output, 1)
    os.dup2(output, 2)
    sys.exit(ingest(db, [path]))


def workers() -> multiprocessing.context.BaseContext:
    """Processes forked from a server that imported the project (and started no threads yet)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipelines.commands.ingest", *ADAPTER_MODULES, "pyarrow", __name__])
    return context


def write_channel_export(folder: Path, index: int) -> Path:
    messages = [
        {"id": str(100_000 * (index + 1) + n), "type": "Default",
         "timestamp": f"2026-04-{1 + n % 28:02d}T{n % 24:02d}:00:00.000+00:00",
         "content": f"message {n} of file {index}",
         "author": {"id": str(n % 5 + 1), "name": f"user{n % 5}", "isBot": False}, "reactions": []}
        for n in range(MESSAGES)
    ]
    path = folder / f"channel_{index}.json"
    path.write_text(json.dumps({"guild": {"id": "1", "name": "g"}, "channel": {"id": str(1000 + index),
                                "name": f"c{index}"}, "messages": messages}))
    return path


@contextlib.contextmanager
def plain_main() -> Iterator[None]:
    """multiprocessing re-imports the parent's __main__ in a child; after an AppTest in the same
    session that is a dashboard script, so children start from a blank one instead."""
    original = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = original


class Worker:
    """One ingest, in a process of its own."""

    def __init__(self, context, db: Path, path: Path):
        self.log = db.parent.parent / "worker.log"
        self.process = context.Process(target=ingest_quietly, args=(db, path, self.log))
        with plain_main():
            self.process.start()
        self.started = time.monotonic()

    def kill(self) -> bool:
        """SIGKILL; True if the load had already finished by itself."""
        finished = self.process.exitcode is not None
        if not finished:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(timeout=60)
        return finished


def batch_state(db: Path, files: int) -> dict[int, int]:
    """Rows per file (channel) now in the warehouse; every file must be 0 or MESSAGES, and a batch
    must exist exactly for the files that are there."""
    if not db.exists():
        return dict.fromkeys(range(files), 0)
    connection = open_read_only(db)
    try:
        rows = dict(connection.execute(
            "SELECT channel, count(*) FROM activities GROUP BY channel").fetchall())
        batches = [name for (name,) in connection.execute(
            "SELECT file_name FROM ingest_batches WHERE undone_at IS NULL").fetchall()]
        orphans = connection.execute(
            "SELECT count(*) FROM source_activities WHERE batch_id NOT IN (SELECT batch_id FROM ingest_batches)"
        ).fetchall()[0][0]
    finally:
        connection.close()
    assert orphans == 0
    state = {index: rows.get(f"c{index}", 0) for index in range(files)}
    assert sorted(batches) == sorted(f"channel_{index}.json" for index, count in state.items() if count), batches
    return state


def leftovers(db: Path) -> list[str]:
    """What a killed write may leave behind (a copy, a log, a half-kept file), for the figures."""
    if not db.parent.exists():
        return []
    beside = [p.name for p in db.parent.iterdir() if ".building-" in p.name or p.name.endswith(".wal")]
    kept = [p.name for p in (db.parent / "files").rglob("*.partial-*")] if (db.parent / "files").exists() else []
    return sorted(beside + kept)


def kept_files_are_whole(db: Path) -> bool:
    """Every file kept for rebuilds (files/<sha[:2]>/<sha>) holds exactly the bytes its name says."""
    kept = [p for p in (db.parent / "files").rglob("*") if p.is_file() and ".partial-" not in p.name]
    return all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in kept)


def timed_load(context, db: Path, path: Path) -> float:
    worker = Worker(context, db, path)
    worker.process.join(timeout=120)
    assert worker.process.exitcode == 0, worker.log.read_text()[-3000:]
    return time.monotonic() - worker.started


def test_kill_the_ingest_process_at_random_points(tmp_path):
    seed = random.randrange(1 << 30)
    chooser = random.Random(seed)
    db = tmp_path / "data" / "warehouse.duckdb"
    exports = tmp_path / "exports"
    exports.mkdir()
    files = [write_channel_export(exports, index) for index in range(KILLS)]

    # A load's duration, measured on a scratch warehouse: the longer of its first two loads.
    context = workers()
    scratch = tmp_path / "scratch" / "warehouse.duckdb"
    window = KILL_WINDOW * max(timed_load(context, scratch, files[0]), timed_load(context, scratch, files[1]))
    slots = list(range(KILLS))
    chooser.shuffle(slots)

    outcomes = {"none": 0, "all": 0, "finished before the kill": 0, "left a stray file": 0}
    loaded: set[int] = set()
    for index, slot in enumerate(slots):  # the first kill hits the load that creates the warehouse
        worker = Worker(context, db, files[index])
        time.sleep(max(0.0, worker.started + window * (slot + chooser.random()) / KILLS - time.monotonic()))
        outcomes["finished before the kill"] += worker.kill()
        outcomes["left a stray file"] += bool(leftovers(db))

        # The warehouse opens and holds every batch whole, or not at all.
        state = batch_state(db, KILLS)
        assert all(state[i] == MESSAGES for i in loaded), (seed, index, state)
        assert state[index] in (0, MESSAGES), (seed, index, state[index])
        outcomes["all" if state[index] else "none"] += 1

        # A retry loads the file, or finds it already loaded.
        retried = load_path(db, files[index])
        assert retried.already_loaded == bool(state[index]), (seed, index)
        assert retried.already_loaded or retried.rows_new == MESSAGES
        loaded.add(index)
        assert batch_state(db, KILLS) == {i: MESSAGES if i in loaded else 0 for i in range(KILLS)}
        assert kept_files_are_whole(db)

    assert not any(".building-" in p.name for p in db.parent.iterdir())
    record = {"kills": KILLS, "seed": seed, "kill_window_seconds": round(window, 3), **outcomes}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "crash-safety.json").write_text(json.dumps(record, indent=2))
    print(record)
