"""python -m pipelines: ingest, formats, and the warehouse location rules."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import FIXTURES, scalar, warehouse_contents

PROJECT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_ingest_real_exports_then_again(real_exports, db_path):
    folders = [str(real_exports / name) for name in ("discord", "x", "luma")]
    first = run_cli("ingest", *folders, "--db", str(db_path))
    assert first.returncode == 0, first.stderr
    assert "GC_3A_5M.json: discord_json, 3 rows new, 0 already present, 3 new people (batch 1)" in first.stdout
    assert "x_tweet_activity, 37 rows new" in first.stdout
    assert "luma_guests, 2 rows new" in first.stdout  # the event and its one registration
    assert scalar(db_path, "SELECT count(*) FROM ingest_batches") == 8
    second = run_cli("ingest", *folders, "--db", str(db_path))
    assert second.returncode == 0
    assert second.stdout.count("already loaded") == 8


def test_a_bad_file_fails_alone_and_is_named(tmp_path, db_path):
    good = FIXTURES / "discord" / "help_march_april.json"
    run_cli("ingest", str(good), "--db", str(db_path))
    before = warehouse_contents(db_path)
    bad = tmp_path / "members.csv"
    bad.write_text("name,joined\nann,yesterday\n")
    result = run_cli("ingest", str(bad), "--db", str(db_path))
    assert result.returncode == 1
    assert "members.csv: not a supported export" in result.stderr
    assert warehouse_contents(db_path) == before


def test_other_files_still_load_when_one_fails(tmp_path, db_path):
    bad = tmp_path / "truncated.json"
    bad.write_text('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messages": [')
    good = FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv"
    result = run_cli("ingest", str(bad), str(good), "--db", str(db_path))
    assert result.returncode == 1
    assert "truncated.json (line 1): the JSON is malformed" in result.stderr
    assert scalar(db_path, "SELECT count(*) FROM activities") == 2


def test_zip_of_exports(tmp_path, db_path):
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(FIXTURES / "discord" / "help_march_april.json", "discord/help.json")
        bundle.write(FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv",
                     "../../Spring Meetup - Guests - 2026-04-21-09-00-00.csv")
    result = run_cli("ingest", str(archive), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "exports.zip!discord/help.json: discord_json" in result.stdout
    assert scalar(db_path, "SELECT count(*) FROM events") == 1
    assert not (tmp_path.parent.parent / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv").exists()


def test_database_location_from_environment(tmp_path):
    target = tmp_path / "from_env.duckdb"
    result = run_cli("ingest", str(FIXTURES / "discord" / "help_overlap.json"), env={"COMMUNITY_PULSE_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_formats_lists_every_adapter():
    result = run_cli("formats")
    assert result.returncode == 0
    for name in ("discord_json", "discord_csv", "x_tweet_activity", "luma_guests"):
        assert name in result.stdout


def test_demo_refuses_a_warehouse_that_holds_data(db_path):
    run_cli("ingest", str(FIXTURES / "discord" / "help_overlap.json"), "--db", str(db_path))
    before = warehouse_contents(db_path)
    result = run_cli("demo", "--db", str(db_path))
    assert result.returncode == 1
    assert "already holds data" in result.stderr
    assert warehouse_contents(db_path) == before
