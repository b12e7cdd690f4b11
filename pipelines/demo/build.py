"""The demo warehouse: generated export files loaded through the same pipeline as a user's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pipelines.config import DATA_DIR
from pipelines.demo.generate import write_demo_exports
from pipelines.load import LoadResult, load_path
from pipelines.load.flags import mark_identities

DEMO_EXPORTS_DIR = DATA_DIR / "demo-exports"


def build_demo(
    db_path: Path,
    *,
    end: dt.date | None = None,
    exports_dir: Path = DEMO_EXPORTS_DIR,
    on_file: Callable[[int, int, LoadResult], None] | None = None,
) -> list[LoadResult]:
    """Write the demo exports (ending `end`, default today) and load every one of them."""
    manifest = write_demo_exports(exports_dir, end=end or dt.date.today())
    results = []
    for index, path in enumerate(manifest.files, start=1):
        result = load_path(db_path, path, loaded_by="demo")
        results.append(result)
        if on_file:
            on_file(index, len(manifest.files), result)
    # The demo's community team, marked as an analyst would after loading.
    mark_identities(db_path, manifest.staff, is_staff=True, set_by="demo")
    return results
