"""report: the monthly KPI report for leadership, as HTML (self-contained) and/or XLSX."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import reporting_time_zone, warehouse_path


def add(subcommands) -> None:
    command = subcommands.add_parser("report", help="write the monthly KPI report (.html and/or .xlsx)")
    command.add_argument("--month", required=True, help="YYYY-MM")
    command.add_argument("--out", required=True, action="append", type=Path, metavar="FILE",
                         help="FILE.html (self-contained, interactive charts) or FILE.xlsx (the figures); "
                              "repeat for both")
    command.add_argument("--as-of", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                         help="the day the report is made (default: today in the reporting time zone); "
                              "the month it falls in is projected to its end")
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    return report(warehouse_path(args.db), args.month, args.out, args.as_of)


def report(db_path: Path, month_text: str, outputs: list[Path], as_of: dt.date | None) -> int:
    from pipelines.load.warehouse import upgrade_model
    from pipelines.report import build_report, report_format, write_report
    from pipelines.serve.connection import current_snapshot
    from pipelines.targets import clock
    from pipelines.targets.months import parse_month

    try:
        month = parse_month(month_text)
        for path in outputs:
            report_format(path)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    if current_snapshot(db_path) is None:
        print(f"no warehouse at {db_path}: load exports first (python -m pipelines ingest …)", file=sys.stderr)
        return 1
    upgrade_model(db_path)  # a warehouse from before KPI targets gets their tables
    time_zone = reporting_time_zone()
    built = build_report(current_snapshot(db_path), month, time_zone, as_of or clock.today(time_zone))
    for path in outputs:
        write_report(built, path)
        print(f"wrote {path}")
    return 0
