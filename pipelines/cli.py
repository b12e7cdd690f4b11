"""python -m pipelines COMMAND: each command is a module of pipelines/commands/."""

from __future__ import annotations

import argparse
import importlib

# Command modules, in the order `--help` lists them.
COMMAND_MODULES = (
    "pipelines.commands.ingest",
    "pipelines.commands.formats",
    "pipelines.commands.demo",
    "pipelines.commands.kpis",
    "pipelines.commands.members",
    "pipelines.commands.mappings",
    "pipelines.commands.batches",
    "pipelines.commands.rebuild",
    "pipelines.commands.targets",
    "pipelines.commands.report",
    "pipelines.commands.export_parquet",
    "pipelines.commands.rescore",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description="Community Pulse data pipeline")
    subcommands = parser.add_subparsers(dest="command", required=True)
    runners = {}
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        before = set(subcommands.choices)
        module.add(subcommands)
        for added in set(subcommands.choices) - before:
            runners[added] = module.run
    args = parser.parse_args(argv)
    return runners[args.command](args)
