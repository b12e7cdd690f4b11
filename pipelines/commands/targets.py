"""targets: import and export KPI targets as CSV (kpi,month,target,direction)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import warehouse_path


def add(subcommands) -> None:
    command = subcommands.add_parser("targets", help="import or export KPI targets as CSV")
    actions = command.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", help="set targets from a CSV (an empty target removes one)")
    importing.add_argument("file", type=Path, metavar="FILE")
    add_db_option(importing)
    exporting = actions.add_parser("export", help="write every target to a CSV ('-' for standard output)")
    exporting.add_argument("file", metavar="FILE")
    add_db_option(exporting)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    if args.action == "import":
        return import_targets(db_path, args.file)
    return export_targets(db_path, args.file)


def import_targets(db_path: Path, file: Path) -> int:
    from pipelines.targets.csv_io import TargetCsvError, targets_from_csv
    from pipelines.targets.store import current_user, save_targets

    try:
        targets = targets_from_csv(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        print(f"{file}: cannot read it ({err})", file=sys.stderr)
        return 1
    except TargetCsvError as err:
        print(f"{file.name} ({err})", file=sys.stderr)
        return 1
    changed = save_targets(db_path, targets, changed_by=current_user(), source="csv import")
    print(f"{file.name}: {len(targets)} rows read, {changed} targets changed")
    return 0


def export_targets(db_path: Path, file: str) -> int:
    from pipelines.load.warehouse import upgrade_model
    from pipelines.serve.connection import current_snapshot
    from pipelines.targets.csv_io import targets_to_csv
    from pipelines.targets.reads import all_targets

    if current_snapshot(db_path) is None:
        print(f"no warehouse at {db_path}", file=sys.stderr)
        return 1
    upgrade_model(db_path)  # a warehouse from before KPI targets gets their tables
    text = targets_to_csv(all_targets(current_snapshot(db_path)))
    if file == "-":
        sys.stdout.write(text)
    else:
        Path(file).write_text(text, encoding="utf-8")
        print(f"wrote {file}")
    return 0
