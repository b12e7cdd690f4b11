"""Cached calls into the serve layer. A cache key includes the warehouse snapshot, so a
load (which swaps the file and so changes the snapshot) is visible on the next run."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from pipelines.config import warehouse_path
from pipelines.load.warehouse import upgrade_model
from pipelines.serve import status
from pipelines.serve.connection import Snapshot, current_snapshot

Result = TypeVar("Result")


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


def query(function: Callable[..., Result], found: Snapshot, *args: Any) -> Result:
    """function(found, *args) from the serve layer, cached per warehouse snapshot and arguments."""
    return _cached(f"{function.__module__}:{function.__qualname__}", found, *args)


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(function_path: str, found: Snapshot, *args: Any) -> Any:
    module, name = function_path.split(":")
    return getattr(importlib.import_module(module), name)(found, *args)


@st.cache_data(show_spinner=False, max_entries=64)
def warehouse_status(found: Snapshot | None) -> status.WarehouseStatus:
    return status.warehouse_status(found)


@st.cache_data(show_spinner=False, max_entries=64)
def channel_names(found: Snapshot | None) -> list[str]:
    return status.channel_names(found)
