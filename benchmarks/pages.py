"""Page speed and memory: each dashboard page's whole script (app.py's sidebar and the page) run
by Streamlit's AppTest on the tier's warehouse, cold (no cached results, a fresh connection)
and warm (the same filters again), beside the time of the named queries behind it; and the peak
memory (RSS) of this process, which plays the app.

    .venv/bin/python benchmarks/pages.py --tier S|M|L [--db FILE]

Default filters (the last 30 days of data, human members only). Targets: at M, <= 1 s cold and
<= 0.3 s warm; at L, <= 3 s cold and <= 1.5 GB peak memory. Keeps the JSON in
benchmarks/out/<tier>/pages.json.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import tier_dir  # noqa: E402
from benchmarks.measure import ROOT, peak_rss_mib, report  # noqa: E402

PAGES = ("overview", "growth", "engagement", "sentiment", "events", "kpis", "members", "data")
WARM_RUNS = 3
TARGETS = {"M": {"cold": 1.0, "warm": 0.3}, "L": {"cold": 3.0}, "S": {"cold": 1.0, "warm": 0.3}}


class QueryClock:
    """Seconds spent in named queries (pipelines.serve.named_queries.run_query), however imported."""

    def __init__(self):
        from pipelines.serve import named_queries

        self.original = named_queries.run_query
        self.spent = 0.0

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.original(*args, **kwargs)
        finally:
            self.spent += time.perf_counter() - started

    def install(self) -> None:
        for name, module in list(sys.modules.items()):
            if name.startswith("pipelines.") and getattr(module, "run_query", None) is self.original:
                module.run_query = self


def scan_components_once() -> None:
    """AppTest scans the installed packages for Streamlit components on every new app; the
    server does it once at start. Done once here too, so a cold run is the page's own cost."""
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found)


def time_page(page: str, clock: QueryClock) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    app.switch_page(f"pages/views/{page}.py")
    clock.spent = 0.0
    started = time.perf_counter()
    app.run()
    cold = time.perf_counter() - started
    sql = clock.spent
    errors = [e.message for e in app.exception]
    warm = []
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return {"page": page, "cold_seconds": round(cold, 3), "warm_seconds": round(statistics.median(warm), 3),
            "query_seconds": round(sql, 3), "error": errors[0][:200] if errors else None}


def best_of(runs: list[list[dict]]) -> list[dict]:
    """Per page, the run with the fastest cold time (the machine is shared: slower runs measure
    the neighbours), with how many runs there were."""
    best = []
    for rows in zip(*runs, strict=True):
        fastest = min(rows, key=lambda row: row["cold_seconds"])
        best.append({**fastest, "warm_seconds": min(row["warm_seconds"] for row in rows), "runs": len(rows),
                     "cold_seconds_all": [row["cold_seconds"] for row in rows]})
    return best


def run(db: Path, pages: tuple[str, ...] = PAGES, repeat: int = 1) -> dict:
    os.environ["COMMUNITY_PULSE_DB"] = str(db)
    for module in ("pipelines.serve.growth", "pipelines.serve.overview", "pipelines.serve.engagement",
                   "pipelines.serve.events", "pipelines.serve.members", "pipelines.serve.status",
                   "pipelines.serve.data_status", "pipelines.serve.identity", "pipelines.serve.kpis",
                   "pipelines.serve.sentiment", "pipelines.targets.reads"):
        importlib.import_module(module)
    scan_components_once()
    clock = QueryClock()
    clock.install()
    rows = best_of([[time_page(page, clock) for page in pages] for _ in range(repeat)])
    from pipelines.serve import connection

    connection.close_shared()  # before the interpreter tears DuckDB down
    return {"warehouse": str(db), "warehouse_mib": round(db.stat().st_size / 2**20, 1), "pages": rows,
            "peak_rss_mib": peak_rss_mib()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    parser.add_argument("--db", type=Path, help="a warehouse to time (default: the tier's)")
    parser.add_argument("--repeat", type=int, default=1, help="time every page this many times, keep the fastest")
    args = parser.parse_args(argv)
    if args.db is None:
        from benchmarks.warehouse import tier_warehouse

        args.db = tier_warehouse(args.tier)[0]
    results = {"tier": args.tier, **run(args.db, repeat=args.repeat), "targets": TARGETS[args.tier]}
    rows = [(r["page"], r["cold_seconds"], r["warm_seconds"], r["query_seconds"], r["error"] or "")
            for r in results["pages"]]
    rows.append(("peak memory (MiB)", results["peak_rss_mib"], None, None, ""))
    report("pages", results, rows, ("page", "cold s", "warm s", "queries s", "error"),
           tier_dir(args.tier) / "pages.json")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # AppTest leaves script threads holding DuckDB objects; skip the interpreter's teardown, whose
    # leak report would only bury the figures.
    os._exit(code)
