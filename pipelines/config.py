"""Where things live. One place so the CLI, the app and the tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "community.duckdb"
DB_ENV_VAR = "COMMUNITY_PULSE_DB"
TZ_ENV_VAR = "COMMUNITY_PULSE_TZ"


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """--db beats $COMMUNITY_PULSE_DB beats data/community.duckdb."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env)
    return DEFAULT_DB


def reporting_time_zone() -> str:
    """Reports bucket days and months in this zone (METRICS.md conventions: default UTC)."""
    return os.environ.get(TZ_ENV_VAR, "UTC")


def current_user() -> str:
    """Who is acting, for the lineage and change logs (the login name; 'unknown' without one)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # some containers have no login name
        return "unknown"
