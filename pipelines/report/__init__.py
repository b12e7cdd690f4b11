"""The monthly KPI report for leadership: a self-contained HTML file (interactive charts, plotly.js
embedded, nothing fetched from the network) and the same figures as XLSX.

The figures are those of the KPI page's scorecard (pipelines/targets/scorecard.py), so a closed
month's actuals equal `python -m pipelines kpis --month` for that month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipelines.serve.connection import Snapshot
from pipelines.targets.reads import Commentary, commentary
from pipelines.targets.scorecard import Scorecard, kpi_scorecard

FORMATS = {".html": "html", ".htm": "html", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class MonthlyReport:
    scorecard: Scorecard
    commentary: Commentary | None
    generated_at: dt.datetime

    @property
    def month(self) -> dt.date:
        return self.scorecard.month


def build_report(snapshot: Snapshot, month: dt.date, time_zone: str, today: dt.date) -> MonthlyReport:
    return MonthlyReport(kpi_scorecard(snapshot, month, time_zone, today), commentary(snapshot, month),
                         dt.datetime.now(dt.timezone.utc))


def render(report: MonthlyReport, file_format: str) -> bytes:
    """The report as 'html' or 'xlsx' bytes."""
    from pipelines.report.html_report import render_html
    from pipelines.report.xlsx_report import render_xlsx

    if file_format == "html":
        return render_html(report).encode("utf-8")
    if file_format == "xlsx":
        return render_xlsx(report)
    raise ValueError(f"the report is written as html or xlsx, not {file_format!r}")


def render_now(scorecard: Scorecard, note: Commentary | None, file_format: str) -> bytes:
    """For a download button: the report of an already computed scorecard, stamped when it is made."""
    return render(MonthlyReport(scorecard, note, dt.datetime.now(dt.timezone.utc)), file_format)


def report_format(path: Path) -> str:
    """'html' or 'xlsx', from the file's suffix."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path.name}: the report is written as .html or .xlsx") from None


def write_report(report: MonthlyReport, path: Path) -> None:
    path.write_bytes(render(report, report_format(path)))


def file_stem(month: dt.date) -> str:
    return f"community-kpis-{month:%Y-%m}"
