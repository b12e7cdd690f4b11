"""CLI commands, one module each: `add(subcommands)` declares it, `run(args)` does it."""

from __future__ import annotations

import argparse


def add_db_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--db", help="warehouse file (default: $COMMUNITY_PULSE_DB or data/community.duckdb)")
