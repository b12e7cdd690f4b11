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


def test_kpis_of_a_month_match_the_pages_numbers(db_path):
    import csv
    import io
    import json

    from tests.golden_community import build

    build(db_path)
    result = run_cli("kpis", "--month", "2026-04", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    kpis = json.loads(result.stdout)["kpis"]
    # The hand-computed values of tests/test_growth_metrics.py, test_engagement_metrics.py, test_event_metrics.py.
    assert {k: kpis[k] for k in ("new_members", "active_members", "returning_members", "contributors",
                                 "unanswered_threads", "registrations")} == {
        "new_members": 5, "active_members": 6, "returning_members": 2, "contributors": 4,
        "unanswered_threads": 2, "registrations": 4}
    assert kpis["response_rate"] == 0.6
    assert kpis["median_hours_to_first_response"] == 24.0
    assert round(kpis["community_answer_share"], 4) == round(2 / 3, 4)
    assert kpis["attendance_rate"] == 0.75
    assert round(kpis["attendee_activation"], 4) == round(2 / 3, 4)
    assert set(kpis) >= {"stickiness", "mean_sentiment", "net_sentiment"}
    as_csv = run_cli("kpis", "--month", "2026-04", "--format", "csv", "--db", str(db_path))
    rows = {row["kpi"]: row["value"] for row in csv.DictReader(io.StringIO(as_csv.stdout))}
    assert rows["new_members"] == "5" and rows["registrations"] == "4"
    assert run_cli("kpis", "--month", "April", "--db", str(db_path)).returncode == 2


def test_members_commands(db_path, tmp_path):
    from tests.golden_community import build

    build(db_path)
    merged = run_cli("members", "merge", "discord:hal", "luma:ivy@example.com", "--reason", "test", "--db", str(db_path))
    assert merged.returncode == 0, merged.stderr
    assert "merged as merge 1" in merged.stdout
    history = run_cli("members", "merges", "--db", str(db_path))
    assert "discord:hal,luma:ivy@example.com,test" in history.stdout
    assert run_cli("members", "unmerge", "1", "--db", str(db_path)).returncode == 0
    assert run_cli("members", "unmerge", "1", "--db", str(db_path)).returncode == 1
    flagged = run_cli("members", "flag", "discord:gus", "--staff", "--db", str(db_path))
    assert flagged.returncode == 0
    assert scalar(db_path, "SELECT is_staff FROM identities WHERE platform_user_id = 'gus'") is True
    assert run_cli("members", "merge", "gus", "hal", "--db", str(db_path)).returncode == 1
