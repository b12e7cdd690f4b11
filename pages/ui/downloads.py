"""CSV downloads that are safe to open in a spreadsheet."""

from __future__ import annotations

import polars as pl

# A cell starting with one of these is run as a formula by Excel and friends (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_csv(frame: pl.DataFrame) -> bytes:
    """The frame as CSV, text cells that would start a formula prefixed with a quote mark."""
    # Lists are joined into text first, so a joined cell ("=1, x") is neutralised like any other.
    flat = frame.with_columns(
        pl.col(name).list.join(", ") for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)
    )
    text_columns = [name for name, dtype in flat.schema.items() if dtype == pl.String]
    neutralised = flat.with_columns(
        pl.when(_starts_with_any(name))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
    return neutralised.write_csv().encode("utf-8")


def _starts_with_any(name: str) -> pl.Expr:
    expression = pl.lit(False)
    for start in FORMULA_STARTS:
        expression = expression | pl.col(name).str.starts_with(start)
    return expression
