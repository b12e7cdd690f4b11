"""Identity resolution for analysts: proposed merges and the history of merges."""

from __future__ import annotations

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.named_queries import run_query


def merge_proposals(snapshot: Snapshot, limit: int = 500) -> pl.DataFrame:
    """Look-alike identities on different platforms, with why and how active each side is."""
    return run_query(snapshot, "merge_proposals", {"row_limit": limit})


def merge_history(snapshot: Snapshot) -> pl.DataFrame:
    return run_query(snapshot, "merge_history")


def identity_search(snapshot: Snapshot, text: str, limit: int = 50) -> pl.DataFrame:
    return run_query(snapshot, "identity_search", {"text": text.strip(), "row_limit": limit})
