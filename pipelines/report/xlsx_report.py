"""The report's figures as XLSX: raw numbers with number formats, so leadership can compute on them."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from pipelines.report import MonthlyReport
from pipelines.report.formatting import excel_format
from pipelines.serve.definitions import DEFINITIONS, HUMANS_ONLY_NOTE
from pipelines.serve.kpis import KPI_KEYS
from pipelines.targets import months

SCORECARD_COLUMNS = [  # (header, scorecard column, number format: "kpi" = the KPI's own unit)
    ("KPI", "kpi", None), ("Name", "label", None), ("Actual", "actual", "kpi"), ("Target", "target", "kpi"),
    ("Better when", "higher_is_better", None), ("Attainment", "attainment", "0.0%"), ("Status", "status", None),
    ("Previous month", "previous", "kpi"), ("Change vs previous month", "change", "kpi"),
    ("Projected month end", "projected", "kpi"), ("Projected attainment", "projected_attainment", "0.0%"),
    ("Projected status", "projected_status", None),
]
HISTORY_COLUMNS = [("Month", "month"), ("KPI", "kpi"), ("Name", "label"), ("Actual", "actual"),
                   ("Target", "target"), ("Projected month end", "projected")]


def render_xlsx(report: MonthlyReport) -> bytes:
    book = Workbook()
    _scorecard_sheet(book.active, report)
    _history_sheet(book.create_sheet("Last 12 months"), report)
    _commentary_sheet(book.create_sheet("Commentary"), report)
    _about_sheet(book.create_sheet("About"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _scorecard_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    sheet.title = "Scorecard"
    _header(sheet, [header for header, _, _ in SCORECARD_COLUMNS])
    for row_number, row in enumerate(report.scorecard.rows.iter_rows(named=True), start=2):
        for column, (_, name, number_format) in enumerate(SCORECARD_COLUMNS, start=1):
            value = row[name]
            if name == "higher_is_better":
                value = "higher" if value else "lower"
            cell = _text(sheet, row_number, column, value) if isinstance(value, str) else \
                sheet.cell(row_number, column, value)
            if number_format:
                cell.number_format = excel_format(row["kpi"]) if number_format == "kpi" else number_format
    _widths(sheet, [28, 32, 14, 14, 12, 12, 12, 16, 22, 20, 20, 16])


def _history_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    _header(sheet, [header for header, _ in HISTORY_COLUMNS])
    history = report.scorecard.history.sort("kpi", "month")
    for row_number, row in enumerate(history.iter_rows(named=True), start=2):
        for column, (_, name) in enumerate(HISTORY_COLUMNS, start=1):
            value = row[name]
            cell = _text(sheet, row_number, column, value) if isinstance(value, str) else \
                sheet.cell(row_number, column, value)
            if name == "month":
                cell.number_format = "yyyy-mm"
            elif name in ("actual", "target", "projected"):
                cell.number_format = excel_format(row["kpi"])
    _widths(sheet, [10, 28, 32, 14, 14, 20])


def _commentary_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    _header(sheet, ["Month", "Commentary", "Written by", "Written at"])
    note = report.commentary
    if note is None:
        _text(sheet, 2, 1, months.month_text(report.month))
        _text(sheet, 2, 2, "No commentary for this month.")
    else:
        _text(sheet, 2, 1, months.month_text(note.month))
        _text(sheet, 2, 2, note.text)
        _text(sheet, 2, 3, note.set_by or "")
        _text(sheet, 2, 4, f"{note.set_at:%Y-%m-%d %H:%M %Z}")
    _widths(sheet, [10, 100, 20, 22])


def _about_sheet(sheet: Worksheet, report: MonthlyReport) -> None:
    card = report.scorecard
    facts = [
        ("Month", months.month_text(card.month)), ("Reporting time zone", card.time_zone),
        ("Members counted", HUMANS_ONLY_NOTE), ("As of", card.today.isoformat()),
        ("Generated at", f"{report.generated_at:%Y-%m-%d %H:%M %Z}"),
        ("Attainment", "actual / target when higher is better, target / actual when lower is better"),
        ("Status", "on track at 100% or more, at risk from 90%, off track below"),
        ("Projection", "current month only: counts × days in month / days elapsed; other KPIs: the value so far"),
    ]
    facts += [(DEFINITIONS[kpi].label, DEFINITIONS[kpi].definition) for kpi in KPI_KEYS]
    for row_number, (name, text) in enumerate(facts, start=1):
        _text(sheet, row_number, 1, name).font = Font(bold=True)
        _text(sheet, row_number, 2, text)
    _widths(sheet, [32, 120])


def _header(sheet: Worksheet, names: list[str]) -> None:
    for column, name in enumerate(names, start=1):
        _text(sheet, 1, column, name).font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _text(sheet: Worksheet, row: int, column: int, text: str):
    """A text cell that stays text: openpyxl would store '=…' as a formula (commentary is free text)."""
    cell = sheet.cell(row, column, text)
    cell.data_type = "s"
    return cell


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
