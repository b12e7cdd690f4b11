"""The monthly KPI report: its figures equal `python -m pipelines kpis` for the month, the HTML opens
without the network, the XLSX holds raw numbers, free text stays text; and the KPI page offers it."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from pipelines.report import build_report, render, render_now
from pipelines.serve.connection import current_snapshot
from pipelines.serve.kpis import KPI_KEYS
from pipelines.targets import clock
from pipelines.targets.store import TargetInput, save_commentary, save_targets
from tests.conftest import app_on
from tests.golden_community import build

PROJECT = Path(__file__).resolve().parent.parent
APRIL = dt.date(2026, 4, 1)
COMMENTARY = '=1+1 <b>not bold</b> & "quoted"\nSecond line.'


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=PROJECT, capture_output=True, text=True,
                          env={**os.environ, "COMMUNITY_PULSE_TZ": "UTC"}, timeout=300)


@pytest.fixture
def april_with_targets(db_path):
    build(db_path)
    save_targets(db_path, [TargetInput("new_members", APRIL, 4), TargetInput("response_rate", APRIL, 0.65),
                           TargetInput("median_hours_to_first_response", APRIL, 12)],
                 changed_by="ana.analyst", source="test")
    save_commentary(db_path, APRIL, COMMENTARY, set_by="ana.analyst")
    return db_path


def same_as(expected: dict):
    """Equal figures: counts exactly; a ratio or mean to its last digits, because DuckDB sums
    floating-point values in parallel, in no fixed order (two runs of `kpis` differ in the 17th
    digit), and XLSX keeps 16 significant digits (openpyxl writes "%.16g"; Excel keeps 15)."""
    return pytest.approx(expected, rel=1e-14, abs=0)


def html_figures(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="kpi-figures">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def sheet_rows(path_or_bytes, sheet: str) -> list[dict]:
    book = openpyxl.load_workbook(path_or_bytes)
    rows = list(book[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def without_plotly_js(html: str) -> str:
    """The page minus the embedded plotly.js library (which names map tile servers it never calls
    unless a map is drawn)."""
    return re.sub(r"<script[^>]*>/\*\*\s*\* plotly\.js.*?</script>", "", html, flags=re.S)


def test_report_figures_equal_the_kpis_command(april_with_targets, tmp_path):
    kpis = run_cli("kpis", "--month", "2026-04", "--db", str(april_with_targets))
    assert kpis.returncode == 0, kpis.stderr
    expected = json.loads(kpis.stdout)["kpis"]
    html_file, xlsx_file = tmp_path / "april.html", tmp_path / "april.xlsx"
    made = run_cli("report", "--month", "2026-04", "--out", str(html_file), "--out", str(xlsx_file),
                   "--as-of", "2026-06-15", "--db", str(april_with_targets))
    assert made.returncode == 0, made.stderr
    assert f"wrote {html_file}" in made.stdout and f"wrote {xlsx_file}" in made.stdout

    figures = html_figures(html_file.read_text(encoding="utf-8"))
    assert figures["month"] == "2026-04" and figures["humans_only"] is True and figures["current_month"] is False
    assert {kpi: figures["kpis"][kpi]["actual"] for kpi in KPI_KEYS} == same_as(expected)
    scorecard = {row["KPI"]: row for row in sheet_rows(xlsx_file, "Scorecard")}
    assert list(scorecard) == list(KPI_KEYS)
    assert {kpi: scorecard[kpi]["Actual"] for kpi in KPI_KEYS} == same_as(expected)

    # The targets and their arithmetic (golden April: 5 new members, response rate 0.6, median 24 h).
    new = scorecard["new_members"]
    assert (new["Target"], new["Attainment"], new["Status"]) == (4, 1.25, "on track")
    assert (new["Previous month"], new["Change vs previous month"]) == (1, 4)  # March: ana
    assert scorecard["response_rate"]["Status"] == "at risk"  # 0.6 / 0.65 = 92.3%
    median = scorecard["median_hours_to_first_response"]
    assert (median["Better when"], median["Attainment"], median["Status"]) == ("lower", 0.5, "off track")
    assert figures["kpis"]["median_hours_to_first_response"]["attainment"] == 0.5


def test_html_is_self_contained_and_escapes_the_commentary(april_with_targets):
    report = build_report(current_snapshot(april_with_targets), APRIL, "UTC", dt.date(2026, 6, 15))
    html = render(report, "html").decode("utf-8")
    assert "plotly.js v" in html and 'id="kpi-history"' in html  # the library is inside, the chart too
    assert "Plotly.newPlot" in html
    page = without_plotly_js(html)
    assert len(page) < len(html) / 10
    # Nothing fetched when the file is opened: no external script, style sheet, font, image or link.
    for pattern in (r"<script[^>]+src=", r"<link\b", r"@import", r"url\(", r"<img\b", r"<iframe\b",
                    r"https?://"):
        assert not re.search(pattern, page, re.I), pattern
    assert '"displaylogo": false' in page  # no "Produced with Plotly" link in the mode bar
    # The analyst's free text is text, never markup.
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot;" in page and "<b>not bold</b>" not in page
    assert 'class="status on-track">on track<' in page
    assert "Commentary" in page and "ana.analyst" in page


def test_xlsx_keeps_numbers_and_free_text_as_text(april_with_targets, tmp_path):
    report = build_report(current_snapshot(april_with_targets), APRIL, "UTC", dt.date(2026, 6, 15))
    path = tmp_path / "april.xlsx"
    path.write_bytes(render(report, "xlsx"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Scorecard", "Last 12 months", "Commentary", "About"]
    note = book["Commentary"]["B2"]
    assert note.value == COMMENTARY and note.data_type == "s"  # '=1+1' is not a formula
    rate = book["Scorecard"]["C7"]  # response_rate's actual
    assert (rate.value, rate.number_format) == (0.6, "0.0%")
    history = sheet_rows(path, "Last 12 months")
    april_new = next(r for r in history if r["KPI"] == "new_members" and r["Month"].date() == APRIL)
    assert (april_new["Actual"], april_new["Target"]) == (5, 4)
    assert len(history) == 12 * len(KPI_KEYS)


def test_current_month_report_shows_the_projection(april_with_targets, tmp_path):
    path = tmp_path / "april.xlsx"
    made = run_cli("report", "--month", "2026-04", "--out", str(path), "--as-of", "2026-04-10",
                   "--db", str(april_with_targets))
    assert made.returncode == 0, made.stderr
    new = {row["KPI"]: row for row in sheet_rows(path, "Scorecard")}["new_members"]
    # 5 first seen by 10 April, x 30 / 10 = 15 at month end against a target of 4.
    assert (new["Actual"], new["Projected month end"], new["Projected status"]) == (5, 15, "on track")
    report = build_report(current_snapshot(april_with_targets), APRIL, "UTC", dt.date(2026, 4, 10))
    page = without_plotly_js(render(report, "html").decode("utf-8"))
    assert "day 10 of 30" in page and "their value so far is the projection" in page
    assert html_figures(page)["kpis"]["new_members"]["projected"] == 15


def test_report_command_refuses_bad_arguments(april_with_targets, tmp_path):
    assert run_cli("report", "--month", "April", "--out", str(tmp_path / "r.html"),
                   "--db", str(april_with_targets)).returncode == 2
    wrong = run_cli("report", "--month", "2026-04", "--out", str(tmp_path / "r.pdf"), "--db", str(april_with_targets))
    assert wrong.returncode == 2 and "written as .html or .xlsx" in wrong.stderr
    missing = run_cli("report", "--month", "2026-04", "--out", str(tmp_path / "r.html"),
                      "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "no warehouse" in missing.stderr


def test_kpi_page_offers_the_report_of_its_scorecard(april_with_targets, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 6, 15, 9, tzinfo=dt.timezone.utc))
    app = app_on(april_with_targets, monkeypatch, "pages/views/kpis.py",
                 range="Custom", **{"from": "2026-04-01", "to": "2026-04-30"})
    labels = {button.label for button in app.get("download_button")}
    assert {"Download the report (HTML)", "Download the figures (XLSX)"} <= labels
    assert any("python -m pipelines report --month 2026-04" in caption.value for caption in app.caption)
    # The buttons hand the page's own scorecard to render_now: the same figures as the CLI.
    report = build_report(current_snapshot(april_with_targets), APRIL, "UTC", dt.date(2026, 6, 15))
    from_page = html_figures(render_now(report.scorecard, report.commentary, "html").decode("utf-8"))
    assert from_page["kpis"] == html_figures(render(report, "html").decode("utf-8"))["kpis"]
