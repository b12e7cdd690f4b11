"""ingest: load export files, folders and zips, one transaction per file."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import reporting_time_zone, warehouse_path
from pipelines.errors import ExportError, WarehouseBusyError
from pipelines.load import LoadResult, load_export
from pipelines.load.mappings import saved_mappings
from pipelines.load.sources import SourceFile, expand
from pipelines.parse import ParseOptions


def add(subcommands) -> None:
    command = subcommands.add_parser("ingest", help="load export files, folders or zips into the warehouse")
    command.add_argument("paths", nargs="+", type=Path)
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    return ingest(warehouse_path(args.db), args.paths)


def ingest(db_path: Path, paths: list[Path]) -> int:
    options = ParseOptions(local_zone=reporting_time_zone(), csv_mappings=saved_mappings(db_path))
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
    print(describe(result))
    return True


def describe(result: LoadResult) -> str:
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
