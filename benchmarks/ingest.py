"""Ingest speed: the tier's one-file Discord export (1,000,000 messages at M and L) loaded into an
empty warehouse, beside the floor measured in the same run: DuckDB's own read_json of the same
file straight into a table (columns declared, as a fair best case). Sentiment scoring is timed
apart and left out of the ratio.

    .venv/bin/python benchmarks/ingest.py --tier S|M|L

Prints JSON and a table; keeps the JSON in benchmarks/out/<tier>/ingest.json.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate_tier, tier_dir  # noqa: E402
from benchmarks.measure import peak_rss_mib, report  # noqa: E402
from pipelines.load import load_export  # noqa: E402

# DCE's message fields the loader reads, declared so that DuckDB does not infer them.
MESSAGE_TYPE = ('STRUCT(id VARCHAR, type VARCHAR, "timestamp" VARCHAR, content VARCHAR, '
                'author STRUCT(id VARCHAR, name VARCHAR, discriminator VARCHAR, nickname VARCHAR, "isBot" BOOLEAN), '
                'reference STRUCT("messageId" VARCHAR), '
                'reactions STRUCT(emoji STRUCT(id VARCHAR, name VARCHAR), count BIGINT, '
                'users STRUCT(id VARCHAR, name VARCHAR, "isBot" BOOLEAN)[])[])[]')


def floor_seconds(path: Path, scratch: Path) -> float:
    """DuckDB reading the file into a table of one row per message, in a database file."""
    database = scratch / "floor.duckdb"
    database.unlink(missing_ok=True)
    connection = duckdb.connect(str(database))
    connection.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    connection.execute(
        "CREATE TABLE messages AS SELECT unnest(messages, recursive := true) "
        "FROM read_json($path, columns = $columns, maximum_object_size = 4000000000)",
        {"path": str(path), "columns": {"guild": "JSON", "channel": "JSON", "messages": MESSAGE_TYPE}})
    connection.execute("CHECKPOINT")
    elapsed = time.perf_counter() - started
    connection.close()
    database.unlink(missing_ok=True)
    return elapsed


class StageClock:
    """The loader's progress callback, keeping when each stage was first and last reported."""

    def __init__(self):
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        self.first.setdefault(stage, now)
        self.last[stage] = now

    def span(self, stage: str) -> float:
        return self.last.get(stage, 0.0) - self.first.get(stage, 0.0)


def load_seconds(path: Path, scratch: Path) -> dict:
    """Load the file into an empty warehouse as `pipelines ingest` does (the file is kept, too)."""
    database = scratch / "ingest.duckdb"
    for stray in (database, Path(f"{database}.wal")):
        stray.unlink(missing_ok=True)
    shutil.rmtree(scratch / "files", ignore_errors=True)
    clock = StageClock()
    started = time.perf_counter()
    result = load_export(database, path.name, path.read_bytes(), progress=clock)
    total = time.perf_counter() - started
    scoring = clock.span("scoring sentiment")
    return {"rows_loaded": result.rows_new, "people": result.people_new, "total_seconds": round(total, 2),
            "sentiment_seconds": round(scoring, 2), "ingest_seconds": round(total - scoring, 2),
            "warehouse_mib": round(database.stat().st_size / 2**20, 1)}


def run(tier: str, out_root: Path | None = None) -> dict:
    manifest = generate_tier(tier, **({"out_root": out_root} if out_root else {}))
    folder = tier_dir(tier, out_root) if out_root else tier_dir(tier)
    path = folder / manifest["ingest_file"]
    scratch = folder / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    floor = floor_seconds(path, scratch)
    load = load_seconds(path, scratch)
    messages = manifest["ingest_messages"]
    return {
        "tier": tier, "messages": messages, "file_mib": round(manifest["ingest_bytes"] / 2**20, 1),
        "floor_seconds": round(floor, 2), **load,
        "rows_per_second": round(messages / load["ingest_seconds"]),
        "floor_rows_per_second": round(messages / floor),
        "ratio_to_floor": round(load["ingest_seconds"] / floor, 2),
        "target_ratio": 3.0, "peak_rss_mib": peak_rss_mib(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    args = parser.parse_args(argv)
    results = run(args.tier)
    rows = [("floor: DuckDB read_json into a table", results["floor_seconds"], results["floor_rows_per_second"], ""),
            ("load (parse, write, derived tables)", results["ingest_seconds"], results["rows_per_second"],
             f"{results['ratio_to_floor']}x floor (target <= 3x)"),
            ("sentiment scoring, apart", results["sentiment_seconds"], None, "")]
    report("ingest", results, rows, ("step", "seconds", "rows/s", "note"),
           tier_dir(args.tier) / "ingest.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
