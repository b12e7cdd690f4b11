"""A row of headline numbers, each with its definition as help text."""

from __future__ import annotations

import streamlit as st

from pages.ui import formatting
from pipelines import number_text
from pipelines.serve.definitions import DEFINITIONS, EVERYONE_NOTE, HUMANS_ONLY_NOTE
from pipelines.serve.filters import Filters


def metric_row(values: dict[str, float | None], changes: dict[str, float | None] | None = None) -> None:
    """One bordered metric per key of `values`, labelled and explained from DEFINITIONS."""
    changes = changes or {}
    for column, (key, value) in zip(st.columns(len(values)), values.items(), strict=True):
        definition = DEFINITIONS[key]
        change = changes.get(key)
        column.metric(
            definition.label,
            number_text.value_text(key, value),
            delta=number_text.change_text(key, change),
            delta_color="normal" if definition.higher_is_better else "inverse",
            help=definition.definition + (" Change: vs the previous period of the same length." if key in changes
                                          else ""),
            border=True,
        )


def mode_caption(filters: Filters, extra: str = "") -> None:
    mode = EVERYONE_NOTE if filters.include_non_humans else HUMANS_ONLY_NOTE
    st.caption(f"{formatting.period(filters.first_day, filters.last_day)}. {mode} {extra}".strip())
