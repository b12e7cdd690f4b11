"""The benchmark scripts work end to end: tier S (2,000 members, 20,000 activities) generated,
loaded, and every measure taken by benchmarks/run.py, in a temporary folder. Figures are printed,
never asserted: speed is measured by the scripts, not by tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_tier_s_end_to_end(tmp_path):
    env = {**os.environ, "COMMUNITY_PULSE_BENCH_OUT": str(tmp_path)}
    result = subprocess.run([sys.executable, str(PROJECT / "benchmarks" / "run.py"), "--tier", "S"],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads((tmp_path / "S" / "summary.json").read_text())
    results = summary["results"]
    manifest = json.loads((tmp_path / "S" / "manifest.json").read_text())
    assert manifest["activities"] == 20_000 and manifest["members"] == 2_000
    # Everything generated was loaded, and the measures are all there.
    assert results["ingest"]["rows_loaded"] > 20_000 - 100  # messages plus reactions, minus repeats
    assert results["ingest"]["floor_seconds"] > 0 and results["ingest"]["ratio_to_floor"] > 0
    assert [load["rows_new"] for load in results["incremental"]["loads"]] == [2_000] * 5
    pages = {page["page"]: page for page in results["pages"]["pages"]}
    assert set(pages) == {"overview", "growth", "engagement", "sentiment", "events", "kpis", "members", "data"}
    assert all(page["error"] is None for page in pages.values()), pages
    assert results["pages"]["peak_rss_mib"] > 0
    assert results["baseline"]["numbers_agree"] is True
    assert "Tier S on" in result.stdout and "ingest 20,000 messages" in result.stdout
