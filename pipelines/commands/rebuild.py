"""rebuild: a fresh warehouse from the kept files, analysts' decisions carried over."""

from __future__ import annotations

import argparse
import sys

from pipelines.commands import add_db_option
from pipelines.config import warehouse_path
from pipelines.errors import ExportError
from pipelines.load.rebuild import rebuild


def add(subcommands) -> None:
    add_db_option(subcommands.add_parser("rebuild", help="rebuild the warehouse from the files it was loaded from"))


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    try:
        result = rebuild(db_path, progress=lambda i, n, name: print(f"[{i}/{n}] {name}", file=sys.stderr))
    except (ExportError, FileNotFoundError) as err:
        print(str(err), file=sys.stderr)
        return 1
    print(f"rebuilt {db_path} from {result.batches} files; carried over: {', '.join(result.carried_tables)}")
    return 0
