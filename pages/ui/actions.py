"""The dashboard's write actions. Each checks the role itself (server-side), then calls the
load layer, which writes through build-then-swap: a failure changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from pages.ui.roles import require_analyst
from pipelines.errors import ExportError, WarehouseBusyError
from pipelines.load import LoadResult, load_export
from pipelines.load.batches import undo_batch
from pipelines.load.flags import mark_identities
from pipelines.load.mappings import save_mapping
from pipelines.load.merges import merge_many, unmerge
from pipelines.load.preview import FilePreview
from pipelines.parse import ParseOptions
from pipelines.parse.mapped_csv import ColumnMapping


def acting_user() -> str:
    """The signed-in user's email where Streamlit knows it, else the dashboard itself."""
    try:
        email = st.user.get("email") if st.user.is_logged_in else None
    except Exception:  # no authentication configured
        email = None
    return email or "dashboard"


def load_files(db_path: Path, previews: list[FilePreview], options: ParseOptions,
               on_file: Callable[[int, int, str], None]) -> list[tuple[str, LoadResult | None, str | None]]:
    """Load each previewed file in its own transaction; one failing leaves the others loading."""
    require_analyst()
    outcomes = []
    for index, preview in enumerate(previews, start=1):
        on_file(index - 1, len(previews), preview.name)
        try:
            result = load_export(db_path, preview.name, preview.data, loaded_by=acting_user(), options=options)
            outcomes.append((preview.name, result, None))
        except (ExportError, WarehouseBusyError) as err:
            outcomes.append((preview.name, None, str(err)))
    on_file(len(previews), len(previews), "done")
    return outcomes


def undo(db_path: Path, batch_id: int) -> dict[str, int]:
    require_analyst()
    return undo_batch(db_path, batch_id, undone_by=acting_user())


def merge(db_path: Path, pairs: list[tuple[tuple[str, str], tuple[str, str]]], reason: str) -> int:
    require_analyst()
    return merge_many(db_path, pairs, reason=reason, merged_by=acting_user())


def undo_merge(db_path: Path, merge_id: int) -> None:
    require_analyst()
    unmerge(db_path, merge_id, unmerged_by=acting_user())


def flag(db_path: Path, identity: tuple[str, str], *, is_bot: bool | None, is_staff: bool | None) -> None:
    require_analyst()
    mark_identities(db_path, [identity], is_bot=is_bot, is_staff=is_staff, set_by=acting_user())


def keep_mapping(db_path: Path, mapping: ColumnMapping) -> None:
    require_analyst()
    save_mapping(db_path, mapping, saved_by=acting_user())


def load_demo(db_path: Path, on_file: Callable) -> None:
    from pipelines.demo.build import build_demo

    require_analyst()
    build_demo(db_path, on_file=on_file)
