"""Twenty dashboard sessions at once while the CLI and the Data page load files.

A real server (`streamlit run app.py`) serves 20 sessions spoken to over its websocket, as a
browser's JavaScript does (tests/live_app.py AppSession), each re-running the Overview without
pause. Meanwhile the CLI loads files in its own processes, and one more session uploads files on
the Data page and presses Load. Every file holds exactly MESSAGES messages, so any count of
contributions that is not a multiple of MESSAGES would be a half batch. Required: no exception in
any run, no half batch ever shown, every upload reported loaded, and at the end every session
shows every file. The figures go to test-artifacts/many-sessions.json (README, "Reliability").
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.load import load_path

from tests.conftest import scalar
from tests.live_app import ARTIFACTS, PROJECT, AppSession, running_dashboard
from tests.test_crash_safety import MESSAGES, write_channel_export

SESSIONS = 20
CLI_FILES = 4
PAGE_FILES = 4
OVERVIEW = "range=Custom&from=2026-04-01&to=2026-04-30&everyone=1"  # every file's messages, everyone's
PAUSE = 1.0  # between a session's runs: twenty busy users, not twenty loops that starve the server


class Reader(threading.Thread):
    """A session re-running the Overview until told to stop; keeps every Contributions it saw."""

    def __init__(self, url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.url, self.stop = url, stop
        self.seen: list[int] = []
        self.problems: list[str] = []

    def run(self) -> None:
        try:
            session = AppSession(self.url)
            try:
                while not self.stop.is_set():
                    self.observe(session)
                    time.sleep(PAUSE)
                self.observe(session)  # once more after the last load
            finally:
                session.close()
        except Exception as error:  # reported by the test, not lost in the thread
            self.problems.append(f"{type(error).__name__}: {error}")

    def observe(self, session: AppSession) -> None:
        result = session.run(query=OVERVIEW)
        self.problems.extend(result.exceptions())
        self.seen.append(int(result.metrics()["Contributions"].replace(",", "")))


def load_with_the_cli(db: Path, files: list[Path], outcomes: list[str]) -> None:
    for path in files:
        done = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(path), "--db", str(db)],
                              cwd=PROJECT, capture_output=True, text=True, timeout=300)
        outcomes.append(done.stdout if done.returncode == 0 else f"FAILED: {done.stderr}")


def load_on_the_data_page(url: str, files: list[Path], outcomes: list[str]) -> None:
    session = AppSession(url)
    try:
        for path in files:
            checked = session.upload("data", "Export files", path.name, path.read_bytes())
            loaded = session.click(checked, "Load 1 file(s)", "data")
            outcomes.extend(loaded.alerts("SUCCESS") or [f"FAILED: {loaded.alerts()} {loaded.exceptions()}"])
    finally:
        session.close()


def test_twenty_sessions_while_the_cli_and_the_data_page_load(tmp_path):
    db = tmp_path / "data" / "warehouse.duckdb"
    files = [write_channel_export(tmp_path, index) for index in range(1 + CLI_FILES + PAGE_FILES)]
    load_path(db, files[0])  # the dashboard opens on data, as it would in use
    cli_files, page_files = files[1:1 + CLI_FILES], files[1 + CLI_FILES:]

    with running_dashboard(db, tmp_path / "server.log") as app:
        stop = threading.Event()
        readers = [Reader(app.url, stop) for _ in range(SESSIONS)]
        for reader in readers:
            reader.start()
        cli_outcomes: list[str] = []
        page_outcomes: list[str] = []
        loaders = [threading.Thread(target=load_with_the_cli, args=(db, cli_files, cli_outcomes)),
                   threading.Thread(target=load_on_the_data_page, args=(app.url, page_files, page_outcomes))]
        started = time.monotonic()
        for loader in loaders:
            loader.start()
        for loader in loaders:
            loader.join(timeout=600)
        loading_seconds = time.monotonic() - started
        stop.set()
        for reader in readers:
            reader.join(timeout=300)

    total = len(files) * MESSAGES
    problems = [problem for reader in readers for problem in reader.problems]
    assert problems == []
    assert all(not reader.is_alive() for reader in readers)
    # No half batch, ever; and every session ends seeing everything.
    assert all(count % MESSAGES == 0 for reader in readers for count in reader.seen)
    assert [reader.seen[-1] for reader in readers] == [total] * SESSIONS
    # No lost upload: each file reported loaded, and in the warehouse.
    assert len(cli_outcomes) == CLI_FILES and all("rows new" in outcome for outcome in cli_outcomes), cli_outcomes
    assert len(page_outcomes) == PAGE_FILES, page_outcomes
    assert all(f"{MESSAGES} rows new" in outcome for outcome in page_outcomes), page_outcomes
    assert scalar(db, "SELECT count(*) FROM ingest_batches") == len(files)
    assert scalar(db, "SELECT count(*) FROM activities") == total

    observations = sum(len(reader.seen) for reader in readers)
    record = {"sessions": SESSIONS, "files_loaded_by_cli": CLI_FILES, "files_uploaded_on_data_page": PAGE_FILES,
              "page_runs_observed": observations, "distinct_totals_seen": len({c for r in readers for c in r.seen}),
              "loading_seconds": round(loading_seconds, 1), "errors": 0, "half_batches_seen": 0}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "many-sessions.json").write_text(json.dumps(record, indent=2))
    print(record)
