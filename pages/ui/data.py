"""Cached calls into the serve layer. A cache key includes the warehouse snapshot, so a
load (which swaps the file and so changes the snapshot) is visible on the next run."""

from __future__ import annotations

import polars as pl
import streamlit as st

from pipelines.config import warehouse_path
from pipelines.load.warehouse import upgrade_model
from pipelines.serve import overview, status
from pipelines.serve.connection import Snapshot, current_snapshot
from pipelines.serve.filters import Filters


def snapshot() -> Snapshot | None:
    """The warehouse as it is now, its views brought up to date with this code if needed."""
    path = warehouse_path()
    found = current_snapshot(path)
    if found is not None and _upgraded(found):
        found = current_snapshot(path)
    return found


@st.cache_resource(show_spinner=False)
def _upgraded(found: Snapshot) -> bool:
    return upgrade_model(found.path)


@st.cache_data(show_spinner=False, max_entries=64)
def warehouse_status(found: Snapshot | None) -> status.WarehouseStatus:
    return status.warehouse_status(found)


@st.cache_data(show_spinner=False, max_entries=256)
def headline_metrics(found: Snapshot, filters: Filters) -> pl.DataFrame:
    return overview.headline_metrics(found, filters)


@st.cache_data(show_spinner=False, max_entries=256)
def activity_trend(found: Snapshot, filters: Filters, grain: overview.Grain) -> pl.DataFrame:
    return overview.activity_trend(found, filters, grain)
