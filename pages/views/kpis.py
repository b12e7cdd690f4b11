"""KPIs: a month's scorecard against its targets, the targets themselves, and the monthly report."""

from __future__ import annotations

import datetime as dt
import math
from functools import partial

import polars as pl
import streamlit as st

from pages.ui import data, formatting
from pages.ui.context import page_context
from pages.ui.roles import is_analyst, require_analyst
from pages.ui.tables import rows_table
from pipelines import number_text
from pipelines.config import warehouse_path
from pipelines.errors import WarehouseBusyError
from pipelines.report import file_stem, render_now
from pipelines.report.charts import history_grid
from pipelines.report.formatting import share, unit_hint
from pipelines.serve.connection import Snapshot
from pipelines.serve.definitions import DEFINITIONS
from pipelines.targets import clock, months, reads, scorecard, store
from pipelines.targets.csv_io import TargetCsvError, targets_from_csv, targets_to_csv
from pipelines.targets.drilldown import ROWS_OF, rows_behind

# Where each KPI is shown in full (st.page_link drill-downs).
PAGE_OF = {
    **dict.fromkeys(("new_members", "active_members", "returning_members", "contributors", "stickiness"),
                    ("pages/views/growth.py", "Growth")),
    **dict.fromkeys(("response_rate", "median_hours_to_first_response", "unanswered_threads",
                     "community_answer_share"), ("pages/views/engagement.py", "Engagement")),
    **dict.fromkeys(("mean_sentiment", "net_sentiment"), ("pages/views/sentiment.py", "Sentiment")),
    **dict.fromkeys(("registrations", "attendance_rate", "attendee_activation"), ("pages/views/events.py", "Events")),
}
STATUS_BADGES = {"on track": "🟢 on track", "at risk": "🟠 at risk", "off track": "🔴 off track"}
MONTHS_BACK, MONTHS_AHEAD = 36, 12
ROW_PIXELS, HEADER_PIXELS = 35, 38  # tall enough to show every KPI without scrolling

found, filters = page_context()
time_zone = filters.time_zone
today = clock.today(time_zone)
db_path = warehouse_path()


def month_choices(shown: dt.date) -> list[dt.date]:
    """Newest first: a year ahead (targets are set in advance) back to three years ago."""
    this_month = months.first_of(today)
    first = min(months.add_months(this_month, -MONTHS_BACK), shown)
    last = max(months.add_months(this_month, MONTHS_AHEAD), shown)
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return list(reversed(months.months_ending(last, count)))


@st.cache_data(show_spinner="Counting the months' KPIs…", max_entries=64)
def months_actuals(fingerprint: str, shown: tuple[dt.date, ...], time_zone: str, today: dt.date,
                   _found: Snapshot) -> dict:
    """Cached by the warehouse's data (reads.data_fingerprint) rather than its file version: saving a
    target or the commentary rewrites the file but changes no KPI, so the 12 months are not recounted."""
    return scorecard.months_actuals(_found, list(shown), time_zone, today)


def month_scorecard(month: dt.date) -> scorecard.Scorecard:
    fingerprint = data.query(reads.data_fingerprint, found)
    shown = scorecard.history_months(month)
    actuals = months_actuals(fingerprint, tuple(shown), time_zone, today, found)
    targets = data.query(reads.targets_between, found, shown[0], month)
    return scorecard.assemble(month, time_zone, today, actuals, targets)


def show_month() -> None:
    """The sidebar's period follows the month picked here (this runs before the sidebar is drawn), so
    the other pages, and the links below, open that month."""
    chosen = st.session_state["kpi_month"]
    st.session_state["date_preset"] = "Custom"
    st.session_state["custom_range"] = (chosen, months.last_day(chosen))


def acting_user() -> str:
    """The signed-in user's email where Streamlit knows it, else $COMMUNITY_PULSE_USER or the login name."""
    try:
        if st.user.get("is_logged_in") and st.user.get("email"):
            return str(st.user.get("email"))
    except Exception:  # no authentication configured
        pass
    return store.current_user()


def save_targets(targets: list[store.TargetInput], source: str) -> int | None:
    """How many targets changed; None, with the reason shown, when the warehouse stayed busy."""
    require_analyst()
    try:
        return store.save_targets(db_path, targets, changed_by=acting_user(), source=source)
    except WarehouseBusyError as err:
        st.error(formatting.plain(str(err)))
        return None


def save_commentary(month: dt.date, text: str) -> bool:
    require_analyst()
    try:
        store.save_commentary(db_path, month, text, set_by=acting_user())
    except WarehouseBusyError as err:
        st.error(formatting.plain(str(err)))
        return False
    return True


def scorecard_table(card: scorecard.Scorecard) -> pl.DataFrame:
    """The scorecard as people read it: every figure in its KPI's unit."""
    rows = []
    for row in card.rows.iter_rows(named=True):
        kpi = row["kpi"]
        shown = {
            "KPI": row["label"],
            "Actual so far" if card.is_current else "Actual": number_text.value_text(kpi, row["actual"]),
            "Target": number_text.value_text(kpi, row["target"]),
            "Better when": "higher" if row["higher_is_better"] else "lower",
            "Attainment": share(row["attainment"]),
            "Status": STATUS_BADGES.get(row["status"], "–"),
            "Vs previous month": number_text.change_text(kpi, row["change"]) or "–",
        }
        if card.is_current:
            shown |= {"Projected month end": number_text.value_text(kpi, row["projected"]),
                      "Projected attainment": share(row["projected_attainment"]),
                      "Will it meet the target?": STATUS_BADGES.get(row["projected_status"], "–")}
        rows.append(shown)
    return pl.DataFrame(rows)


def month_note(card: scorecard.Scorecard) -> None:
    if card.is_future:
        st.info(f"{months.month_name(card.month)} has not started yet: set its targets below.")
    elif card.is_current:
        st.info(f"{months.month_name(card.month)} is under way: day {card.days_elapsed} of {card.days_in_month} "
                f"({time_zone}). Counts (new, active and returning members, contributors, unanswered threads, "
                f"registrations) are projected to month end at their pace so far: value so far × "
                f"{card.days_in_month} / {card.days_elapsed}. Rates, medians and means are not counts, so their "
                "value so far is the projection. The change compares the projection with the previous month.")


def drilldown(card: scorecard.Scorecard, kpi: str) -> None:
    """The rows behind one KPI of the month, and a link to the page that shows it in full."""
    definition = DEFINITIONS[kpi]
    first_day, last_day = card.month, months.last_day(card.month)
    st.markdown(f"**{definition.label}, {months.month_name(card.month)}**: {definition.definition}")
    page, title = PAGE_OF[kpi]
    st.page_link(page, label=f"Open {title} for {months.month_name(card.month)}", icon="➡️",
                 query_params={"range": "Custom", "from": first_day.isoformat(), "to": last_day.isoformat()})
    period = scorecard.kpi_filters(card.month, time_zone, today)
    rows_table(data.query(rows_behind, found, kpi, period), key="kpi_rows",
               file_name=f"{kpi}-{months.month_text(card.month)}.csv",
               empty=f"No {ROWS_OF[kpi]} behind this number in {months.month_name(card.month)}.")


def targets_editor(card: scorecard.Scorecard) -> None:
    """The month's targets in a data editor; nothing is written until Save."""
    current = pl.DataFrame({
        "kpi": card.rows["kpi"], "KPI": card.rows["label"],
        "Unit": [unit_hint(kpi) for kpi in card.rows["kpi"]],
        "Target": card.rows["target"],
        "Better when": ["higher" if higher else "lower" for higher in card.rows["higher_is_better"]],
    })
    editor_key = f"kpi_targets_{months.month_text(card.month)}"
    with st.form("kpi_targets_form", border=False):
        edited = st.data_editor(
            current, key=editor_key, hide_index=True, num_rows="fixed", disabled=("kpi", "KPI", "Unit"),
            height=HEADER_PIXELS + ROW_PIXELS * current.height,
            column_order=("KPI", "Unit", "Target", "Better when"),
            column_config={"Target": st.column_config.NumberColumn("Target", help="Empty: no target this month."),
                           "Better when": st.column_config.SelectboxColumn(
                               "Better when", options=("higher", "lower"), required=True)})
        submitted = st.form_submit_button("Save targets", disabled=not is_analyst())
    if submitted:
        changed = save_targets([
            store.TargetInput(row["kpi"], card.month, _number(row["Target"]), row["Better when"] == "higher")
            for row in pl.DataFrame(edited).iter_rows(named=True)], source="app")
        if changed is None:
            return
        st.session_state.pop(editor_key, None)  # the saved values are the editor's new starting point
        st.toast(f"{changed} target{'s' if changed != 1 else ''} changed")
        st.rerun()


def _number(value) -> float | None:
    """An editor cell: empty (None or NaN) is no target."""
    return None if value is None or math.isnan(value) else float(value)


def targets_csv() -> None:
    left, right = st.columns(2)
    left.download_button("Export all targets (CSV)", targets_to_csv(data.query(reads.all_targets, found)),
                         file_name="kpi-targets.csv", mime="text/csv", key="kpi_targets_export", on_click="ignore")
    if not is_analyst():
        return
    uploaded = right.file_uploader("Import targets (CSV: kpi, month, target, direction)", type=["csv"],
                                   key="kpi_targets_upload")
    if uploaded is not None and right.button("Import", key="kpi_targets_import"):
        try:
            targets = targets_from_csv(uploaded.getvalue().decode("utf-8-sig"))
        except (TargetCsvError, UnicodeDecodeError) as err:
            right.error(formatting.plain(f"{uploaded.name}: {err}"))
            return
        changed = save_targets(targets, source="csv import")
        if changed is None:
            return
        st.toast(f"{len(targets)} rows read, {changed} targets changed")
        st.rerun()


def commentary_form(month: dt.date) -> None:
    note = data.query(reads.commentary, found, month)
    key = f"kpi_commentary_{months.month_text(month)}"
    with st.form("kpi_commentary_form", border=False):
        text = st.text_area("Commentary", value=note.text if note else "", key=key, height=140,
                            max_chars=store.COMMENTARY_MAX_CHARS, disabled=not is_analyst(),
                            placeholder="What moved this month, and why; what happens next.")
        submitted = st.form_submit_button("Save commentary", disabled=not is_analyst())
    if note:
        st.caption(f"Saved by {formatting.plain(note.set_by or 'unknown')}, {note.set_at:%d %b %Y %H:%M %Z}.")
    if submitted and save_commentary(month, text):
        st.toast("Commentary saved")
        st.rerun()


def report_downloads(card: scorecard.Scorecard) -> None:
    left, right = st.columns(2)
    month, stem = card.month, file_stem(card.month)
    note = data.query(reads.commentary, found, month)
    # Made when clicked (the HTML carries plotly.js, about 5 MB), not on every run of the page.
    left.download_button("Download the report (HTML)", partial(render_now, card, note, "html"),
                         file_name=f"{stem}.html", mime="text/html", key="kpi_report_html", on_click="ignore")
    right.download_button("Download the figures (XLSX)", partial(render_now, card, note, "xlsx"),
                          file_name=f"{stem}.xlsx", key="kpi_report_xlsx", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption(f"The same from the command line: `python -m pipelines report --month {months.month_text(month)} "
               f"--out {stem}.html --out {stem}.xlsx`")


month = months.first_of(filters.last_day)
st.title("KPIs and targets")
st.caption(f"Community-wide and human members only (bots and staff excluded), as `python -m pipelines kpis` "
           f"counts them: the sidebar's platforms, channels and bots-and-staff toggle do not apply here. "
           f"Months are calendar months in {time_zone}.")
st.session_state["kpi_month"] = month
st.selectbox("Month", month_choices(month), key="kpi_month", format_func=months.month_name, on_change=show_month)
if (filters.first_day, filters.last_day) != (month, months.last_day(month)):
    st.caption(f"The sidebar's period is {formatting.period(filters.first_day, filters.last_day)}; this page "
               f"shows the month it ends in. Pick a month above to set the sidebar to it, so the links below "
               "open that month.")

card = month_scorecard(month)
month_note(card)

st.subheader(f"Scorecard, {months.month_name(month)}")
picked = st.dataframe(scorecard_table(card), key="kpi_scorecard", hide_index=True, on_select="rerun",
                      selection_mode="single-row", height=HEADER_PIXELS + ROW_PIXELS * card.rows.height)
st.caption("Attainment = actual / target when higher is better, target / actual when lower is better. On track "
           "at 100% or more, at risk from 90%, off track below (METRICS.md). Select a KPI's row for the rows "
           "behind it and a link to its page.")
selected = picked.selection.rows if picked is not None else []
if selected:
    drilldown(card, card.rows["kpi"][selected[0]])

st.plotly_chart(history_grid(card.history, f"Actual vs target, the 12 months to {months.month_name(month)}"),
                key="kpi_history")

st.subheader(f"Targets, {months.month_name(month)}")
if not is_analyst():
    st.caption("Setting targets needs the analyst role.")
targets_editor(card)
targets_csv()
with st.expander("Who changed which target, and when"):
    rows_table(data.query(reads.target_changes, found), key="kpi_target_changes", file_name="kpi-target-changes.csv",
               empty="No target has been set yet.")

st.subheader(f"Commentary, {months.month_name(month)}")
st.caption("A few lines for leadership; the monthly report shows them above the scorecard.")
commentary_form(month)

st.subheader("Monthly report")
report_downloads(card)
