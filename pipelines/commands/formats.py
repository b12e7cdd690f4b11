"""formats: list the supported export formats."""

from __future__ import annotations

import argparse

from pipelines.parse import all_formats


def add(subcommands) -> None:
    subcommands.add_parser("formats", help="list the supported export formats")


def run(args: argparse.Namespace) -> int:
    for export_format in all_formats():
        print(f"{export_format.name:<20} {export_format.label} [{export_format.platform}]")
        print(f"{'':<20} {export_format.description}")
    return 0
