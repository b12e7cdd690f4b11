"""Which scorer a warehouse's sentiment comes from, and re-scoring it with another one.

The active scorer is warehouse_info 'sentiment_scorer'. A warehouse written before that setting
existed was scored by the scorer whose scores fill its sentiment_cache (the project's first
one, TextBlob). Re-scoring is one transaction on a private copy (writable_copy), like a load:
every distinct text this scorer never scored is scored once (sentiment_cache keeps the scores
of every scorer, so switching back is instant), then every activity with text takes its new
polarity. Only activities.sentiment, sentiment_cache and the setting change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipelines import sentiment
from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load import derived
from pipelines.load.warehouse import open_read_only, writable_copy

Progress = Callable[[str, int, int], None]
SETTING = "sentiment_scorer"
STAGE = "scoring sentiment"

_TEXTS_NOT_SCORED = """
SELECT DISTINCT md5(a.text) AS text_hash, a.text
FROM source_activities AS a
WHERE a.text IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM sentiment_cache AS c WHERE c.scorer = $scorer AND c.text_hash = md5(a.text))
"""
_APPLY_TO_ALL = """
UPDATE source_activities AS a
SET sentiment = c.polarity
FROM sentiment_cache AS c
WHERE a.text IS NOT NULL AND c.scorer = $scorer AND c.text_hash = md5(a.text)
"""


@dataclass(frozen=True)
class RescoreResult:
    scorer: str
    previous_scorer: str
    texts_scored: int        # distinct texts this scorer had never scored
    activities_updated: int  # activities with text, all of which now carry this scorer's polarity


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def active_scorer(connection: duckdb.DuckDBPyConnection) -> str:
    """The scorer this warehouse's sentiment comes from (the shipped one for a new warehouse)."""
    stored = fetch_scalar(connection, "SELECT value FROM warehouse_info WHERE key = $key", {"key": SETTING})
    if stored is None:  # written before the setting existed: whoever filled the cache
        stored = fetch_scalar(connection, "SELECT scorer FROM sentiment_cache GROUP BY scorer "
                                          "ORDER BY count(*) DESC, scorer LIMIT 1")
    return stored if stored in sentiment.SCORERS else sentiment.SCORER


def warehouse_scorer(db_path: Path) -> str:
    """active_scorer() of a warehouse file, read-only."""
    if not Path(db_path).exists():
        return sentiment.SCORER
    connection = open_read_only(db_path)
    try:
        has_info = fetch_scalar(connection, "SELECT count(*) FROM duckdb_tables() WHERE database_name = 'warehouse' "
                                            "AND table_name = 'warehouse_info'")
        return active_scorer(connection) if has_info else sentiment.SCORER
    finally:
        connection.close()


def record_scorer(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    connection.execute("INSERT OR REPLACE INTO warehouse_info VALUES ($key, $name)", {"key": SETTING, "name": name})


def store_scores(connection: duckdb.DuckDBPyConnection, pending: pl.DataFrame, name: str,
                 progress: Progress = _no_progress) -> pl.DataFrame:
    """Score `pending` (text_hash, text) with the named scorer into sentiment_cache, reporting
    progress per chunk; returns the scores (text_hash, polarity). Used by the loader for a batch's
    new texts and by rescore()."""
    total = pending.height
    progress(STAGE, 0, total)
    texts = pending["text"].to_list()
    stored = [pl.DataFrame(schema={"text_hash": pl.String, "polarity": pl.Float64})]
    for start, polarities in sentiment.score_chunks(name, texts):
        scored = pending.slice(start, len(polarities)).select("text_hash").with_columns(
            scorer=pl.lit(name), polarity=pl.Series(polarities, dtype=pl.Float64))
        connection.register("scored_chunk", scored)
        connection.execute("INSERT INTO sentiment_cache (text_hash, scorer, polarity, hash_key, hash_low) "
                           "SELECT text_hash, scorer, polarity, md5_key(text_hash), md5_low(text_hash) "
                           "FROM scored_chunk")
        connection.unregister("scored_chunk")
        stored.append(scored.select("text_hash", "polarity"))
        progress(STAGE, start + len(polarities), total)
    return pl.concat(stored)


def rescore(db_path: Path, name: str, progress: Progress = _no_progress) -> RescoreResult:
    """Make `name` the warehouse's scorer and every text's polarity its score, in one transaction.
    Raises ValueError for an unknown scorer (the warehouse untouched)."""
    sentiment.scorer(name)
    with writable_copy(db_path) as connection:
        connection.execute("BEGIN TRANSACTION")
        try:
            previous = active_scorer(connection)
            pending = fetch_frame(connection, _TEXTS_NOT_SCORED, {"scorer": name})
            store_scores(connection, pending, name, progress)
            connection.execute(_APPLY_TO_ALL, {"scorer": name})
            derived.note_rescored(connection)
            updated = fetch_scalar(connection, "SELECT count(*) FROM source_activities WHERE text IS NOT NULL")
            record_scorer(connection, name)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return RescoreResult(name, previous, pending.height, updated)
