"""export-parquet: the warehouse's tables as partitioned Parquet, for engines beyond one machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import warehouse_path
from pipelines.serve.parquet_export import export_parquet


def add(subcommands) -> None:
    command = subcommands.add_parser(
        "export-parquet", help="write every table as Parquet under DIR (activities by month), with views.sql")
    command.add_argument("directory", type=Path, metavar="DIR")
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    if not db_path.exists():
        print(f"no warehouse at {db_path}", file=sys.stderr)
        return 1
    tables = export_parquet(db_path, args.directory)
    for table in tables:
        how = f", by month of {table.partitioned_by}" if table.partitioned_by else ""
        print(f"{table.name}: {table.rows} rows{how}")
    print(f"wrote {len(tables)} tables to {args.directory}; views.sql recreates the warehouse over them in DuckDB")
    return 0
