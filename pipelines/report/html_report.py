"""The report as one HTML file: inline styles, plotly.js embedded once, no external resource.

Everything written into the page is escaped; the commentary is an analyst's free text."""

from __future__ import annotations

import json
from html import escape

from pipelines.number_text import change_text, value_text
from pipelines.report import MonthlyReport
from pipelines.report.charts import history_grid
from pipelines.report.formatting import share
from pipelines.serve.definitions import DEFINITIONS, HUMANS_ONLY_NOTE
from pipelines.serve.kpis import KPI_KEYS
from pipelines.targets import months
from pipelines.targets.scoring import AT_RISK_FROM, ON_TRACK_FROM

# System fonts only: a font from the web would need the network to open the file.
STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; color: #1d1d1f; }
h1 { margin-bottom: .2rem; } .sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .35rem .5rem; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f4f4f6; }
.status { font-weight: 600; white-space: nowrap; }
.on-track { color: #1b7f3b; } .at-risk { color: #a15c00; } .off-track { color: #b3261e; }
.note { background: #f4f4f6; padding: .6rem .8rem; border-radius: 6px; }
.commentary { white-space: pre-wrap; border-left: 4px solid #1f77b4; padding: .2rem 1rem; }
dt { font-weight: 600; margin-top: .5rem; } dd { margin-left: 0; color: #333; }
"""
PLOT_CONFIG = {"displaylogo": False, "responsive": True}


def render_html(report: MonthlyReport) -> str:
    card = report.scorecard
    title = f"Community KPIs — {months.month_name(card.month)}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>", "</head>", "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{escape(_subtitle(report))}</p>',
        _commentary_section(report),
        _scorecard_section(report),
        _history_section(report),
        _definitions_section(),
        _figures_block(report),
        "</body>", "</html>",
    ]
    return "\n".join(parts)


def _subtitle(report: MonthlyReport) -> str:
    card = report.scorecard
    return (f"{months.month_name(card.month)} in the reporting time zone {card.time_zone} · community-wide, "
            f"human members only · generated {report.generated_at:%Y-%m-%d %H:%M %Z}")


def _commentary_section(report: MonthlyReport) -> str:
    if report.commentary is None:
        return '<section><h2>Commentary</h2><p class="sub">No commentary for this month.</p></section>'
    note = report.commentary
    by = f" by {escape(note.set_by)}" if note.set_by else ""
    return (f'<section><h2>Commentary</h2><div class="commentary">{escape(note.text)}</div>'
            f'<p class="sub">Written{by}, {note.set_at:%Y-%m-%d %H:%M %Z}</p></section>')


def _scorecard_section(report: MonthlyReport) -> str:
    card = report.scorecard
    projected = card.is_current
    headers = ["KPI", "Actual" + (" so far" if projected else ""), "Target", "Better when", "Attainment", "Status",
               "Previous month", "Change"]
    if projected:
        headers += ["Projected month end", "Projected attainment", "Will it meet the target?"]
    rows = [_scorecard_row(row, projected) for row in card.rows.iter_rows(named=True)]
    return "\n".join([
        "<section><h2>Scorecard</h2>", _scorecard_note(report),
        "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead>",
        "<tbody>", *rows, "</tbody></table>",
        (f'<p class="sub">Attainment = actual / target when higher is better, target / actual when lower is '
         f"better. On track at {ON_TRACK_FROM:.0%} or more, at risk from {AT_RISK_FROM:.0%}, off track below. "
         "Change: vs the previous month.</p></section>"),
    ])


def _scorecard_note(report: MonthlyReport) -> str:
    card = report.scorecard
    if card.is_future:
        return '<p class="note">This month has not started: targets only.</p>'
    if not card.is_current:
        return ""
    return (f'<p class="note">{escape(months.month_name(card.month))} is under way: day {card.days_elapsed} of '
            f"{card.days_in_month}. Counts are projected to month end at their pace so far (value so far × "
            f"{card.days_in_month} / {card.days_elapsed}); rates, medians and means are not counts, so their value "
            "so far is the projection. The change compares the projection with the previous month.</p>")


def _scorecard_row(row: dict, projected: bool) -> str:
    kpi = row["kpi"]
    cells = [
        f"<td>{escape(row['label'])}</td>",
        _number_cell(row["actual"], value_text(kpi, row["actual"])),
        _number_cell(row["target"], value_text(kpi, row["target"])),
        f"<td>{'higher' if row['higher_is_better'] else 'lower'}</td>",
        _number_cell(row["attainment"], share(row["attainment"])),
        _status_cell(row["status"]),
        _number_cell(row["previous"], value_text(kpi, row["previous"])),
        _number_cell(row["change"], change_text(kpi, row["change"]) or "–"),
    ]
    if projected:
        cells += [_number_cell(row["projected"], value_text(kpi, row["projected"])),
                  _number_cell(row["projected_attainment"], share(row["projected_attainment"])),
                  _status_cell(row["projected_status"])]
    return f'<tr data-kpi="{escape(kpi)}">' + "".join(cells) + "</tr>"


def _number_cell(value: float | None, shown: str) -> str:
    raw = "" if value is None else repr(float(value))
    return f'<td data-value="{raw}">{escape(shown)}</td>'


def _status_cell(status: str | None) -> str:
    if status is None:
        return '<td class="status">–</td>'
    return f'<td class="status {status.replace(" ", "-")}">{escape(status)}</td>'


def _history_section(report: MonthlyReport) -> str:
    figure = history_grid(report.scorecard.history, "Actual vs target, the last 12 months")
    chart = figure.to_html(full_html=False, include_plotlyjs=True, config=PLOT_CONFIG, div_id="kpi-history")
    return f"<section><h2>The last 12 months</h2>{chart}</section>"


def _definitions_section() -> str:
    items = "".join(f"<dt>{escape(DEFINITIONS[k].label)}</dt><dd>{escape(DEFINITIONS[k].definition)}</dd>"
                    for k in KPI_KEYS)
    return f"<section><h2>How these are computed</h2><p>{escape(HUMANS_ONLY_NOTE)}</p><dl>{items}</dl></section>"


def _figures_block(report: MonthlyReport) -> str:
    """The scorecard's raw numbers, machine-readable (the same as the XLSX's)."""
    card = report.scorecard
    figures = {
        "month": months.month_text(card.month), "time_zone": card.time_zone, "humans_only": True,
        "as_of": card.today.isoformat(), "current_month": card.is_current,
        "kpis": {row["kpi"]: {k: v for k, v in row.items() if k not in ("kpi", "label")}
                 for row in card.rows.iter_rows(named=True)},
    }
    text = json.dumps(figures, indent=1).replace("</", "<\\/")  # never closes the script element early
    return f'<script type="application/json" id="kpi-figures">\n{text}\n</script>'
