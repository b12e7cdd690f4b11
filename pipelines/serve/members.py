"""Members: search, and one member's profile across platforms."""

from __future__ import annotations

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.named_queries import run_query

ROW_LIMIT = 200


def search_members(snapshot: Snapshot, text: str, limit: int = ROW_LIMIT) -> pl.DataFrame:
    return run_query(snapshot, "member_search", {"text": text.strip(), "row_limit": limit})


def member_profile(snapshot: Snapshot, member_id: str) -> dict | None:
    found = run_query(snapshot, "member_profile", {"member_id": member_id})
    return found.row(0, named=True) if found.height else None


def member_identities(snapshot: Snapshot, member_id: str) -> pl.DataFrame:
    return run_query(snapshot, "member_identities", {"member_id": member_id})


def member_timeline(snapshot: Snapshot, member_id: str, limit: int = 500) -> pl.DataFrame:
    return run_query(snapshot, "member_timeline", {"member_id": member_id, "row_limit": limit})


def member_events(snapshot: Snapshot, member_id: str) -> pl.DataFrame:
    return run_query(snapshot, "member_events", {"member_id": member_id})
