"""The demo warehouse: generated export files loaded through the same pipeline as a user's."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from pipelines.demo.generate import write_demo_exports
from pipelines.load import LoadResult, load_path
from pipelines.load.flags import mark_identities
from pipelines.load.merges import merge_many
from pipelines.serve.connection import current_snapshot
from pipelines.serve.identity import merge_proposals


def demo_exports_dir(db_path: Path) -> Path:
    """Generated files live beside the warehouse they feed (data/demo-exports by default)."""
    return Path(db_path).parent / "demo-exports"


def build_demo(
    db_path: Path,
    *,
    end: dt.date | None = None,
    on_file: Callable[[int, int, LoadResult], None] | None = None,
) -> list[LoadResult]:
    """Write the demo exports (ending `end`, default today) and load every one of them."""
    exports_dir = demo_exports_dir(db_path)
    shutil.rmtree(exports_dir, ignore_errors=True)  # generated, never user files: start clean
    manifest = write_demo_exports(exports_dir, end=end or dt.date.today())
    results = []
    for index, path in enumerate(manifest.files, start=1):
        result = load_path(db_path, path, loaded_by="demo")
        results.append(result)
        if on_file:
            on_file(index, len(manifest.files), result)
    # What an analyst does after loading: mark the community team as staff, and accept the
    # proposed merges of Luma guests with the Discord members of the same name.
    mark_identities(db_path, manifest.staff, is_staff=True, set_by="demo")
    proposals = merge_proposals(current_snapshot(db_path), limit=10_000)
    same_person = [((row["platform_a"], row["user_a"]), (row["platform_b"], row["user_b"]))
                   for row in proposals.iter_rows(named=True) if row["name_a"] == row["name_b"]]
    merge_many(db_path, same_person, reason="demo: same name on Discord and Luma", merged_by="demo")
    return results
