"""export-parquet: every table as Parquet (activities by month), and a round trip: DuckDB over the
files, through views.sql, holds the same rows and answers the dashboard's queries the same."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines.serve.filters import Filters
from pipelines.serve.named_queries import query_parameters, query_text
from pipelines.serve.parquet_export import export_parquet

from tests.conftest import scalar, warehouse_contents
from tests.golden_community import build

PROJECT = Path(__file__).resolve().parent.parent


def parquet_warehouse(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB over the export, as a team's engine would see it."""
    connection = duckdb.connect(":memory:")
    connection.execute("SET file_search_path = $folder", {"folder": str(folder)})
    connection.execute((folder / "views.sql").read_text())
    return connection


def test_round_trip_keeps_every_row(db_path, tmp_path):
    build(db_path)
    out = tmp_path / "parquet"
    tables = export_parquet(db_path, out)
    original = warehouse_contents(db_path)
    assert {t.name for t in tables} == set(original)
    connection = parquet_warehouse(out)
    for name, rows in original.items():
        # Table names come from DuckDB's catalog of our own warehouse.
        copied = sorted(map(tuple, connection.execute(f'SELECT * FROM "{name}"').fetchall()), key=repr)
        assert copied == rows, name
    months = sorted(p.name for p in (out / "source_activities").iterdir())
    assert months[0].startswith("month=") and "month=2026-04" in months
    manifest = json.loads((out / "manifest.json").read_text())
    assert {t["name"]: t["rows"] for t in manifest["tables"]}["source_activities"] == scalar(
        db_path, "SELECT count(*) FROM source_activities")


def test_the_dashboard_queries_run_on_the_export(db_path, tmp_path):
    build(db_path)
    out = tmp_path / "parquet"
    export_parquet(db_path, out)
    april = Filters(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
    params = {**april.params(), "labels": [april.first_day], "starts": [april.bounds()[0]],
              "ends": [april.bounds()[1]], "range_start": april.bounds()[0], "range_end": april.bounds()[1]}
    params = {k: v for k, v in params.items() if k in query_parameters("period_metrics")}
    warehouse = duckdb.connect(":memory:")
    warehouse.execute("ATTACH $path AS w (READ_ONLY)", {"path": str(db_path)})
    warehouse.execute("USE w")
    expected = warehouse.execute(query_text("period_metrics"), params).fetchall()
    assert parquet_warehouse(out).execute(query_text("period_metrics"), params).fetchall() == expected
    assert expected[0][3] == 5  # new members in April (tests/test_overview_metrics.py)


def test_cli_export(db_path, tmp_path):
    build(db_path)
    out = tmp_path / "exported"
    result = subprocess.run([sys.executable, "-m", "pipelines", "export-parquet", str(out), "--db", str(db_path)],
                            cwd=PROJECT, capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert "source_activities:" in result.stdout and (out / "views.sql").exists()
    missing = subprocess.run([sys.executable, "-m", "pipelines", "export-parquet", str(out), "--db",
                              str(tmp_path / "none.duckdb")], cwd=PROJECT, capture_output=True, text=True)
    assert missing.returncode == 1 and "no warehouse" in missing.stderr
