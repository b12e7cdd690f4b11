"""batches and undo: the load history, and taking a batch back out."""

from __future__ import annotations

import argparse
import sys

from pipelines.commands import add_db_option
from pipelines.config import current_user, warehouse_path
from pipelines.load.batches import UndoError, undo_batch
from pipelines.serve.connection import current_snapshot
from pipelines.serve.data_status import batch_history


def add(subcommands) -> None:
    add_db_option(subcommands.add_parser("batches", help="every load: file, format, rows, when, by whom"))
    undo = subcommands.add_parser("undo", help="remove a batch's rows from the warehouse")
    undo.add_argument("batch_id", type=int)
    add_db_option(undo)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    if args.command == "batches":
        snapshot = current_snapshot(db_path)
        if snapshot is None:
            print(f"no warehouse at {db_path}", file=sys.stderr)
            return 1
        history = batch_history(snapshot).drop("notes")
        print(history.write_csv(), end="")
        return 0
    try:
        removed = undo_batch(db_path, args.batch_id, undone_by=current_user())
    except UndoError as err:
        print(str(err), file=sys.stderr)
        return 1
    print(f"batch {args.batch_id} undone: " + ", ".join(f"{n} from {t}" for t, n in removed.items()))
    return 0
