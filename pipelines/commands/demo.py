"""demo: generate the demo exports and load them through the pipeline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.commands.ingest import describe
from pipelines.config import warehouse_path
from pipelines.load import LoadResult


def add(subcommands) -> None:
    command = subcommands.add_parser("demo", help="generate the demo exports and load them")
    add_db_option(command)
    command.add_argument("--force", action="store_true", help="load the demo even into a warehouse that holds data")


def run(args: argparse.Namespace) -> int:
    return demo(warehouse_path(args.db), force=args.force)


def demo(db_path: Path, *, force: bool) -> int:
    from pipelines.demo.build import build_demo
    from pipelines.serve.status import warehouse_has_data

    if warehouse_has_data(db_path) and not force:
        print(f"{db_path} already holds data; the demo would mix with it. Use --db for another file, "
              "or --force.", file=sys.stderr)
        return 1
    print(f"building the demo warehouse at {db_path}")

    def report(index: int, total: int, result: LoadResult) -> None:
        print(f"[{index}/{total}] {describe(result).splitlines()[0]}")

    build_demo(db_path, on_file=report)
    print("demo ready: streamlit run app.py")
    return 0
