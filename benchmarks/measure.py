"""What every benchmark script shares: the machine's description, timing, peak memory, and
printing results as JSON and as a table."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict:
    """Enough to compare figures across machines: CPU, cores, memory, versions."""
    import duckdb
    import polars

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory_gib = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kib = next(int(line.split()[1]) for line in meminfo.read_text().splitlines()
                         if line.startswith("MemTotal"))
        memory_gib = round(total_kib / 2**20, 1)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory_gib, "os": platform.platform(),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "polars": polars.__version__,
            # A shared machine: the load average when the figures were printed says how quiet it was.
            "load_average_1_5_15_min": [round(x, 1) for x in os.getloadavg()]}


def seconds(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def median_of(runs: int, function: Callable[[], object]) -> float:
    return statistics.median(seconds(function)[0] for _ in range(runs))


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def report(name: str, results: dict, rows: list[tuple], headers: tuple[str, ...], out: Path | None = None) -> None:
    """Print the results as JSON, then as a table; keep the JSON in `out` when given."""
    document = {"benchmark": name, "machine": machine(), **results}
    text = json.dumps(document, indent=2, default=str)
    print(text)
    print()
    print(table(headers, rows))
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n")
    sys.stdout.flush()


def table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    cells = [tuple(headers)] + [tuple(_cell(value) for value in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [" | ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)
