"""What has been loaded, and how fresh each source is."""

from __future__ import annotations

import polars as pl

from pipelines.serve.connection import Snapshot
from pipelines.serve.named_queries import run_query


def batch_history(snapshot: Snapshot) -> pl.DataFrame:
    return run_query(snapshot, "batch_history")


def data_freshness(snapshot: Snapshot) -> pl.DataFrame:
    return run_query(snapshot, "data_freshness")
