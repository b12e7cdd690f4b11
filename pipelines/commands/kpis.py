"""kpis: a month's headline metrics, through the same functions as the pages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import reporting_time_zone, warehouse_path


def add(subcommands) -> None:
    command = subcommands.add_parser("kpis", help="print a month's headline metrics")
    command.add_argument("--month", required=True, help="YYYY-MM")
    command.add_argument("--format", choices=("json", "csv"), default="json")
    command.add_argument("--include-bots-and-staff", action="store_true",
                         help="count bots and staff too (default: human members only)")
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    return kpis(warehouse_path(args.db), args.month, args.format, args.include_bots_and_staff)


def kpis(db_path: Path, month: str, output: str, include_non_humans: bool) -> int:
    import csv
    import json

    from pipelines.serve.connection import current_snapshot
    from pipelines.serve.kpis import monthly_kpis, month_filters

    snapshot = current_snapshot(db_path)
    if snapshot is None:
        print(f"no warehouse at {db_path}: load exports first (python -m pipelines ingest …)", file=sys.stderr)
        return 1
    try:
        filters = month_filters(month, reporting_time_zone(), include_non_humans)
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    values = monthly_kpis(snapshot, filters)
    if output == "json":
        print(json.dumps({"month": month, "time_zone": filters.time_zone,
                          "humans_only": not include_non_humans, "kpis": values}, indent=2))
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["month", "kpi", "value"])
        writer.writerows([month, key, "" if value is None else value] for key, value in values.items())
    return 0
