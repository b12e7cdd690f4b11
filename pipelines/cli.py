"""python -m pipelines: ingest, formats, demo."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipelines.config import reporting_time_zone, warehouse_path
from pipelines.errors import ExportError, WarehouseBusyError
from pipelines.load import LoadResult, load_export
from pipelines.load.sources import SourceFile, expand
from pipelines.parse import ParseOptions, all_formats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Community Pulse data pipeline")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="load export files, folders or zips into the warehouse")
    ingest.add_argument("paths", nargs="+", type=Path)
    _add_db_option(ingest)

    commands.add_parser("formats", help="list the supported export formats")

    demo = commands.add_parser("demo", help="generate the demo exports and load them")
    _add_db_option(demo)
    demo.add_argument("--force", action="store_true", help="load the demo even into a warehouse that holds data")

    kpis = commands.add_parser("kpis", help="print a month's headline metrics")
    kpis.add_argument("--month", required=True, help="YYYY-MM")
    kpis.add_argument("--format", choices=("json", "csv"), default="json")
    kpis.add_argument("--include-bots-and-staff", action="store_true",
                      help="count bots and staff too (default: human members only)")
    _add_db_option(kpis)

    args = parser.parse_args(argv)
    if args.command == "formats":
        return _formats()
    if args.command == "ingest":
        return _ingest(warehouse_path(args.db), args.paths)
    if args.command == "demo":
        return _demo(warehouse_path(args.db), force=args.force)
    if args.command == "kpis":
        return _kpis(warehouse_path(args.db), args.month, args.format, args.include_bots_and_staff)
    return 2


def _add_db_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", help="warehouse file (default: $COMMUNITY_PULSE_DB or data/community.duckdb)")


def _formats() -> int:
    for export_format in all_formats():
        print(f"{export_format.name:<20} {export_format.label} [{export_format.platform}]")
        print(f"{'':<20} {export_format.description}")
    return 0


def _ingest(db_path: Path, paths: list[Path]) -> int:
    options = ParseOptions(local_zone=reporting_time_zone())
    failures = 0
    print(f"warehouse: {db_path}")
    for item in expand(paths):
        if isinstance(item, ExportError):
            failures += 1
            print(f"✗ {item}", file=sys.stderr)
            continue
        failures += not _ingest_one(db_path, item, options)
    print(f"{'all files loaded' if not failures else f'{failures} file(s) failed; nothing of them was stored'}")
    return 1 if failures else 0


def _ingest_one(db_path: Path, source: SourceFile, options: ParseOptions) -> bool:
    progress = _ProgressLine(source.name, len(source.data))
    try:
        result = load_export(db_path, source.name, source.data, options=options, progress=progress)
    except (ExportError, WarehouseBusyError) as err:
        progress.clear()
        print(f"✗ {err}", file=sys.stderr)
        return False
    progress.clear()
    print(_describe(result))
    return True


def _describe(result: LoadResult) -> str:
    if result.already_loaded:
        return f"= {result.file_name}: {result.format}, already loaded (batch {result.batch_id}), nothing new"
    people = f", {result.people_new} new people" if result.people_new else ""
    line = (
        f"✓ {result.file_name}: {result.format}, {result.rows_new} rows new, {result.rows_present} already present"
        f"{people} (batch {result.batch_id})"
    )
    return "\n".join([line, *(f"    note: {note}" for note in result.notes)])


class _ProgressLine:
    """Progress on stderr for files big enough to take a while; silent for small ones."""

    SHOW_FROM_BYTES = 5 << 20

    def __init__(self, name: str, size: int):
        self.name, self.enabled, self.shown = name, size >= self.SHOW_FROM_BYTES, False
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < total):
            return
        self.last, self.shown = now, True
        share = f"{100 * done // total}%" if total else ""
        end = "\r" if sys.stderr.isatty() else "\n"
        print(f"  {self.name}: {stage} {done}/{total} {share}".ljust(70), end=end, file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.shown and sys.stderr.isatty():
            print(" " * 70, end="\r", file=sys.stderr, flush=True)


def _demo(db_path: Path, *, force: bool) -> int:
    from pipelines.demo.build import build_demo
    from pipelines.serve.status import warehouse_has_data

    if warehouse_has_data(db_path) and not force:
        print(f"{db_path} already holds data; the demo would mix with it. Use --db for another file, "
              "or --force.", file=sys.stderr)
        return 1
    print(f"building the demo warehouse at {db_path}")

    def report(index: int, total: int, result: LoadResult) -> None:
        print(f"[{index}/{total}] {_describe(result).splitlines()[0]}")

    build_demo(db_path, on_file=report)
    print("demo ready: streamlit run app.py")
    return 0


def _kpis(db_path: Path, month: str, output: str, include_non_humans: bool) -> int:
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
