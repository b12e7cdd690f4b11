"""Incremental load: a 10,000-message export (a week of #general after the tier's data, by known
members and newcomers, some replying to stored messages) loaded into the tier's warehouse, five
times in a row (five different weeks), through the loader as `pipelines ingest` does. The median
is reported: a single load's commit waits on the disk, which varies from run to run.

    .venv/bin/python benchmarks/incremental.py --tier S|M|L [--loads N]

Reports each load's seconds and where they went (parse, write, derived tables, whole write),
beside the warehouse's size: the time should not grow with the warehouse (target <= 10 s at L).
Works on a copy of benchmarks/out/<tier>/warehouse.duckdb; keeps the JSON in
benchmarks/out/<tier>/incremental.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import incremental_file, tier_dir  # noqa: E402
from benchmarks.ingest import StageClock  # noqa: E402
from benchmarks.measure import report  # noqa: E402
from benchmarks.warehouse import scratch_copy, tier_warehouse  # noqa: E402
from pipelines.load import derived, load_export  # noqa: E402
from pipelines.load.warehouse import side_files  # noqa: E402

LOADS = 5


def run(tier: str, out_root: Path | None = None, loads: int = LOADS) -> dict:
    built_path, built = tier_warehouse(tier, out_root)
    database = scratch_copy(built_path, "incremental.duckdb")
    rows = []
    try:
        for index in range(loads):
            path = incremental_file(tier, index, **({"out_root": out_root} if out_root else {}))
            data = path.read_bytes()
            clock = StageClock()
            started = time.perf_counter()
            result = load_export(database, path.name, data, progress=clock)
            total = time.perf_counter() - started
            rows.append({"file": path.name, "rows_new": result.rows_new, "people_new": result.people_new,
                         "seconds": round(total, 2), "parse_seconds": round(clock.span("parsing"), 2),
                         "sentiment_seconds": round(clock.span("scoring sentiment"), 2),
                         "derived_seconds": round(sum(derived.last_timings.values()), 2),
                         "derived_steps": {k: round(v, 3) for k, v in derived.last_timings.items()}})
    finally:
        for stale in (database, *side_files(database)):
            stale.unlink(missing_ok=True)
    return {"tier": tier, "warehouse_mib": built["warehouse_mib"], "tier_load_seconds": built["load_seconds"],
            "loads": rows, "median_seconds": round(statistics.median(r["seconds"] for r in rows), 2),
            "target_seconds_at_L": 10.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    parser.add_argument("--loads", type=int, default=LOADS, help="how many weekly files to load, one after another")
    args = parser.parse_args(argv)
    results = run(args.tier, loads=args.loads)
    table_rows = [(r["file"][-12:], r["rows_new"], r["seconds"], r["parse_seconds"], r["derived_seconds"],
                   r["sentiment_seconds"]) for r in results["loads"]]
    report("incremental", results, table_rows,
           ("file", "rows new", "seconds", "parse", "derived tables", "sentiment"),
           tier_dir(args.tier) / "incremental.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
