"""Every benchmark of a tier, one after the other, each in a process of its own (so that peak
memory is each one's): generate, build the warehouse, ingest, incremental loads, pages, baseline.

    .venv/bin/python benchmarks/run.py --tier S|M|L [--skip ingest,baseline,...]

Prints each script's JSON and table, then a summary table against the targets; keeps the
summary in benchmarks/out/<tier>/summary.json. Tier S runs in about a minute (the smoke test
runs it); M takes about a quarter of an hour; L hours, mostly generating and loading.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import OUT, generate_tier, tier_dir  # noqa: E402
from benchmarks.measure import ROOT, machine, table  # noqa: E402
from benchmarks.warehouse import tier_warehouse  # noqa: E402

STEPS = ("ingest", "incremental", "pages", "baseline")


def run_step(step: str, tier: str, repeat: int = 1) -> dict:
    extra = ["--repeat", str(repeat)] if step == "pages" else []
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{step}.py"), "--tier", tier, *extra], cwd=ROOT,
                   check=True)
    return json.loads((tier_dir(tier) / f"{step}.json").read_text())


def summary_rows(tier: str, built: dict, results: dict) -> list[tuple]:
    rows = [("tier warehouse: every export through the loader", f"{built['load_seconds']} s",
             f"{built['warehouse_mib']} MiB", "")]
    if "ingest" in results:
        ingest = results["ingest"]
        rows.append((f"ingest {ingest['messages']:,} messages (sentiment apart)", f"{ingest['ingest_seconds']} s",
                     f"{ingest['ratio_to_floor']}x floor ({ingest['floor_seconds']} s)", "<= 3x floor"))
        rows.append(("  sentiment scoring of those messages", f"{ingest['sentiment_seconds']} s", "", "reported"))
    if "incremental" in results:
        loads = results["incremental"]
        rows.append((f"incremental load, {loads['loads'][0]['rows_new']:,}-row file (median of {len(loads['loads'])})",
                     f"{loads['median_seconds']} s",
                     f"into {loads['warehouse_mib']} MiB", "<= 10 s at L, flat"))
    if "pages" in results:
        for page in results["pages"]["pages"]:
            rows.append((f"page {page['page']}: cold / warm / queries",
                         f"{page['cold_seconds']} / {page['warm_seconds']} s", f"{page['query_seconds']} s",
                         "M: <= 1 / 0.3 s; L: <= 3 s cold" if not page["error"] else f"error: {page['error']}"))
        rows.append(("peak memory of the app process", f"{results['pages']['peak_rss_mib']} MiB", "",
                     "<= 1,536 MiB at L"))
    if "baseline" in results:
        baseline = results["baseline"]
        rows.append(("Overview numbers: pandas over whole tables vs queries",
                     f"{baseline['pandas_seconds']} vs {baseline['queries_seconds']} s", f"{baseline['ratio']}x",
                     f"agree: {baseline['numbers_agree']}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    parser.add_argument("--skip", default="", help="comma-separated steps to skip: " + ",".join(STEPS))
    parser.add_argument("--repeat", type=int, default=1, help="page timings: runs per page, the fastest kept")
    args = parser.parse_args(argv)
    skipped = {name.strip() for name in args.skip.split(",") if name.strip()}
    generate_tier(args.tier, OUT)
    _, built = tier_warehouse(args.tier)
    results = {step: run_step(step, args.tier, args.repeat) for step in STEPS if step not in skipped}
    rows = summary_rows(args.tier, built, results)
    summary = {"tier": args.tier, "machine": machine(), "warehouse": built, "results": results}
    (tier_dir(args.tier) / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    print()
    print(f"Tier {args.tier} on {summary['machine']['cpu']}, {summary['machine']['cores']} cores, "
          f"{summary['machine']['memory_gib']} GiB")
    print(table(("measure", "value", "detail", "target"), rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
