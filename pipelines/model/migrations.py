"""Changes to existing tables that `CREATE TABLE IF NOT EXISTS` cannot express, each run once,
when the model is applied to a warehouse written by older code (tables/ otherwise only add)."""

from __future__ import annotations

import duckdb


def migrate(connection: duckdb.DuckDBPyConnection) -> None:
    _drop_sentiment_cache_key(connection)


def _drop_sentiment_cache_key(connection: duckdb.DuckDBPyConnection) -> None:
    """sentiment_cache once had a PRIMARY KEY (text_hash, scorer). DuckDB cannot drop a constraint,
    so the table is copied without it (its rows are unique already: writers add unscored texts only)."""
    keyed = connection.execute("""
        SELECT count(*) FROM duckdb_constraints()
        WHERE table_name = 'sentiment_cache' AND constraint_type = 'PRIMARY KEY'
          AND database_name = current_database() AND schema_name = 'main'""").fetchone()[0]
    if not keyed:
        return
    connection.execute("BEGIN TRANSACTION")  # all or nothing: the scores are never lost
    try:
        connection.execute("CREATE TABLE sentiment_cache_unkeyed (text_hash VARCHAR NOT NULL, scorer VARCHAR NOT NULL, "
                           "polarity DOUBLE NOT NULL)")
        connection.execute("INSERT INTO sentiment_cache_unkeyed SELECT text_hash, scorer, polarity FROM sentiment_cache")
        connection.execute("DROP TABLE sentiment_cache")
        connection.execute("ALTER TABLE sentiment_cache_unkeyed RENAME TO sentiment_cache")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
