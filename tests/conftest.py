"""Shared test helpers: fixture paths, the real exports, and whole-warehouse snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load import load_path
from pipelines.load.flags import mark_identities
from pipelines.load.warehouse import open_read_only

FIXTURES = Path(__file__).resolve().parent / "fixtures"
APP = str(Path(__file__).resolve().parent.parent / "app.py")
REAL_EXPORTS = Path(__file__).resolve().parent.parent.parent / "shared" / "real-exports"


@pytest.fixture
def real_exports() -> Path:
    if not REAL_EXPORTS.is_dir():
        pytest.skip(f"the shared real exports are not beside this checkout ({REAL_EXPORTS})")
    return REAL_EXPORTS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def fixture_db(db_path: Path) -> Path:
    """The small warehouse the golden metric tests compute by hand (see test_overview_metrics.py)."""
    load_all(
        db_path,
        FIXTURES / "discord" / "help_march_april.json",
        FIXTURES / "luma" / "Spring Meetup - Guests - 2026-04-21-09-00-00.csv",
        FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv",
    )
    mark_identities(db_path, [("discord", "4")], is_staff=True)
    return db_path


def load_all(db: Path, *paths: Path) -> list:
    return [load_path(db, path) for path in paths]


def warehouse_contents(db: Path) -> dict[str, list[tuple]]:
    """Every base table's rows, sorted: equal before and after means nothing changed."""
    if not db.exists():
        return {}
    connection = open_read_only(db)
    try:
        tables = fetch_frame(
            connection,
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'warehouse' ORDER BY table_name",
        )["table_name"].to_list()
        # Table names come from DuckDB's own catalog, not from any input.
        return {name: sorted(map(tuple, connection.execute(f'SELECT * FROM "{name}"').fetchall()), key=repr)
                for name in tables}
    finally:
        connection.close()


def _read(fetch, db: Path, sql: str, params: dict | None):
    connection = open_read_only(db)
    try:
        return fetch(connection, sql, params)
    finally:
        connection.close()


def scalar(db: Path, sql: str, params: dict | None = None):
    return _read(fetch_scalar, db, sql, params)


def frame(db: Path, sql: str, params: dict | None = None):
    return _read(fetch_frame, db, sql, params)


@pytest.fixture
def golden(db_path: Path):
    """The hand-computed community of tests/golden_community.py, as a warehouse snapshot."""
    from pipelines.serve.connection import current_snapshot
    from tests.golden_community import build

    return current_snapshot(build(db_path))


def app_on(db: Path, monkeypatch, page: str | None = None, **query_params: str):
    """The app on this warehouse, run once (on `page`, with these URL query parameters)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COMMUNITY_PULSE_DB", str(db))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params.update(query_params)
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app
