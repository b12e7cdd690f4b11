"""The tier's warehouse: every export of benchmarks/out/<tier>/exports loaded through the CLI, as
a user would (`python -m pipelines ingest`), once; kept at benchmarks/out/<tier>/warehouse.duckdb.

    .venv/bin/python benchmarks/warehouse.py --tier S|M|L [--force]

Prints how long the load took. Other scripts call tier_warehouse() and work on copies.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate_tier, tier_dir  # noqa: E402
from benchmarks.measure import ROOT  # noqa: E402
from pipelines.load.warehouse import side_files, writable_copy  # noqa: E402


def warehouse_path(tier: str, out_root: Path | None = None) -> Path:
    return (tier_dir(tier, out_root) if out_root else tier_dir(tier)) / "warehouse.duckdb"


def tier_warehouse(tier: str, out_root: Path | None = None, force: bool = False) -> tuple[Path, dict]:
    """The warehouse and how it was built (load seconds, files), building it if needed."""
    path = warehouse_path(tier, out_root)
    record = path.with_suffix(".json")
    if path.exists() and record.exists() and not force:
        _bring_up_to_date(path)
        return path, json.loads(record.read_text())
    generate_tier(tier, **({"out_root": out_root} if out_root else {}))
    for stale in (path, *side_files(path)):
        stale.unlink(missing_ok=True)
    shutil.rmtree(path.parent / "files", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(path.parent / "exports"), "--db", str(path)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    built = {"tier": tier, "built_by": "python -m pipelines ingest (every export, one file at a time)",
             "load_seconds": round(time.perf_counter() - started, 1),
             "warehouse_mib": round(path.stat().st_size / 2**20, 1)}
    record.write_text(json.dumps(built, indent=2))
    return path, built


def _bring_up_to_date(path: Path) -> None:
    """A warehouse built by older code gets today's model and derived tables now (a write that
    changes nothing), so that no benchmark times that one-off upgrade."""
    with writable_copy(path):
        pass


def scratch_copy(path: Path, name: str) -> Path:
    """A copy to write into, so the tier's warehouse stays as built."""
    copy = path.parent / "scratch" / name
    copy.parent.mkdir(parents=True, exist_ok=True)
    for stale in (copy, *side_files(copy)):
        stale.unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    path, built = tier_warehouse(args.tier, force=args.force)
    print(json.dumps({"warehouse": str(path), **built}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
