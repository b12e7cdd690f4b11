"""A baseline: the Overview's numbers computed the usual way — the public tables read whole into
pandas, then filtered and grouped in memory — against the dashboard's own queries (cold, through
the serve layer), as a ratio; the two must agree.

    .venv/bin/python benchmarks/baseline.py --tier S|M|L [--db FILE]

Overview numbers: new members, active members, contributions and mean sentiment of the last 30
days of data (human members only), and the same per day. Keeps the JSON in
benchmarks/out/<tier>/baseline.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import tier_dir  # noqa: E402
from benchmarks.measure import peak_rss_mib, report  # noqa: E402
from pipelines.load.warehouse import open_read_only  # noqa: E402
from pipelines.serve.connection import current_snapshot  # noqa: E402
from pipelines.serve.filters import Filters, preset_range  # noqa: E402
from pipelines.serve.overview import activity_trend, headline_metrics  # noqa: E402
from pipelines.serve.status import warehouse_status  # noqa: E402


def last_30_days(db: Path) -> Filters:
    status = warehouse_status(current_snapshot(db))
    first, last = preset_range("Last 30 days", status.last_day("UTC"))
    return Filters(first, last)


def with_pandas(db: Path, filters: Filters) -> dict:
    """Read the tables whole, then compute in memory."""
    connection = open_read_only(db)
    try:
        activities = connection.execute(
            "SELECT member_id, activity_type, is_contribution, occurred_at, text, sentiment FROM activities").df()
        members = connection.execute("SELECT member_id, is_bot, is_staff, first_seen_at FROM members").df()
        attended = connection.execute(
            "SELECT a.member_id, e.starts_at FROM event_attendance AS a JOIN events AS e USING (event_id) "
            "WHERE a.attended AND e.starts_at IS NOT NULL").df()
    finally:
        connection.close()
    humans = set(members.loc[~(members["is_bot"] | members["is_staff"]), "member_id"])
    start, end = (pd.Timestamp(t) for t in filters.bounds())
    previous_start = pd.Timestamp(filters.previous().bounds()[0])

    def period(first: pd.Timestamp, last: pd.Timestamp) -> dict:
        acts = activities[(activities["occurred_at"] >= first) & (activities["occurred_at"] < last)
                          & activities["member_id"].isin(humans)]
        events = attended[(attended["starts_at"] >= first) & (attended["starts_at"] < last)
                          & attended["member_id"].isin(humans)]
        contributions = acts[acts["is_contribution"]]
        texts = contributions[contributions["text"].fillna("") != ""]["sentiment"]
        firsts = members[members["member_id"].isin(humans)]["first_seen_at"]
        return {"new_members": int(((firsts >= first) & (firsts < last)).sum()),
                "active_members": len(set(acts["member_id"]) | set(events["member_id"])),
                "contributions": len(contributions), "mean_sentiment": texts.mean()}

    now, before = period(start, end), period(previous_start, start)
    acts = activities[(activities["occurred_at"] >= start) & (activities["occurred_at"] < end)
                      & activities["member_id"].isin(humans)]
    daily = acts.assign(day=acts["occurred_at"].dt.date).groupby("day").agg(
        contributions=("is_contribution", "sum"), active_members=("member_id", "nunique"))
    return {"now": now, "previous": before, "days": len(daily), "activities_read": len(activities)}


def with_queries(db: Path, filters: Filters) -> dict:
    snapshot = current_snapshot(db)
    headlines = headline_metrics(snapshot, filters)
    trend = activity_trend(snapshot, filters, "day")
    values = dict(zip(headlines["metric"], headlines["value"], strict=True))
    return {"now": values, "days": trend.height}


def agree(pandas_now: dict, query_now: dict) -> bool:
    return all(math.isclose(float(pandas_now[k] or 0), float(query_now[k] or 0), rel_tol=1e-9, abs_tol=1e-9)
               for k in ("new_members", "active_members", "contributions", "mean_sentiment"))


def run(db: Path) -> dict:
    filters = last_30_days(db)
    started = time.perf_counter()
    ours = with_queries(db, filters)
    ours_seconds = time.perf_counter() - started
    memory_before = peak_rss_mib()
    started = time.perf_counter()
    theirs = with_pandas(db, filters)
    pandas_seconds = time.perf_counter() - started
    return {"period": f"{filters.first_day} to {filters.last_day}", "queries_seconds": round(ours_seconds, 3),
            "pandas_seconds": round(pandas_seconds, 3), "ratio": round(pandas_seconds / ours_seconds, 1),
            "activities_read_by_pandas": theirs["activities_read"],
            "peak_rss_mib_before_pandas": memory_before, "peak_rss_mib_after_pandas": peak_rss_mib(),
            "numbers_agree": agree(theirs["now"], ours["now"]), "pandas": theirs["now"], "queries": ours["now"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tier", choices=("S", "M", "L"), default="S")
    parser.add_argument("--db", type=Path)
    args = parser.parse_args(argv)
    if args.db is None:
        from benchmarks.warehouse import tier_warehouse

        args.db = tier_warehouse(args.tier)[0]
    results = {"tier": args.tier, **run(args.db)}
    rows = [("dashboard queries", results["queries_seconds"], results["peak_rss_mib_before_pandas"]),
            ("pandas over whole tables", results["pandas_seconds"], results["peak_rss_mib_after_pandas"]),
            (f"ratio (numbers agree: {results['numbers_agree']})", results["ratio"], None)]
    report("baseline", results, rows, ("Overview numbers", "seconds", "peak MiB"), tier_dir(args.tier) / "baseline.json")
    return 0


if __name__ == "__main__":
    _ = dt  # dates come through Filters
    raise SystemExit(main())
