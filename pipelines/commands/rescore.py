"""rescore: score every text of the warehouse with another sentiment scorer (or the same one again)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipelines.commands import add_db_option
from pipelines.config import warehouse_path
from pipelines.errors import WarehouseBusyError


def add(subcommands) -> None:
    from pipelines.sentiment import SCORER, SCORERS

    command = subcommands.add_parser(
        "rescore", help="re-score every text's sentiment with a scorer and make it the warehouse's scorer")
    command.add_argument("--scorer", choices=tuple(SCORERS), default=SCORER,
                         help=f"the scorer to use (default: {SCORER}, the recommended one)")
    command.add_argument("--list", action="store_true", help="list the scorers and the warehouse's current one")
    add_db_option(command)


def run(args: argparse.Namespace) -> int:
    db_path = warehouse_path(args.db)
    if args.list:
        return list_scorers(db_path)
    return rescore_warehouse(db_path, args.scorer)


def list_scorers(db_path: Path) -> int:
    from pipelines.load.rescore import warehouse_scorer
    from pipelines.sentiment import SCORER, SCORERS

    current = warehouse_scorer(db_path)
    for name, scorer in SCORERS.items():
        marks = [mark for mark, on in (("in use", name == current), ("recommended", name == SCORER)) if on]
        note = f" ({', '.join(marks)})" if marks else ""
        print(f"{name}{note}: {scorer.method}")
    return 0


def rescore_warehouse(db_path: Path, name: str) -> int:
    from pipelines.load.rescore import rescore

    if not db_path.exists():
        print(f"no warehouse at {db_path}: load exports first (python -m pipelines ingest …)", file=sys.stderr)
        return 1
    print(f"warehouse: {db_path}")
    progress = _ProgressLine()
    try:
        result = rescore(db_path, name, progress=progress)
    except WarehouseBusyError as err:
        progress.clear()
        print(f"✗ {err}", file=sys.stderr)
        return 1
    progress.clear()
    print(f"✓ sentiment scorer {result.scorer} (was {result.previous_scorer}): {result.texts_scored} distinct "
          f"texts scored, {result.activities_updated} activities with text now carry its polarity")
    return 0


class _ProgressLine:
    """'scoring sentiment 4000/12000 33%' on stderr, at most five times a second, for jobs big
    enough to take a while."""

    SHOW_FROM_TEXTS = 2_000

    def __init__(self) -> None:
        self.last, self.shown = 0.0, False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total < self.SHOW_FROM_TEXTS or (now - self.last < 0.2 and done < total):
            return
        self.last, self.shown = now, True
        share = f" {100 * done // total}%" if total else ""
        end = "\r" if sys.stderr.isatty() else "\n"
        print(f"  {stage} {done}/{total}{share}".ljust(60), end=end, file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.shown and sys.stderr.isatty():
            print(" " * 60, end="\r", file=sys.stderr, flush=True)
