"""Changes to existing tables that `CREATE TABLE IF NOT EXISTS` cannot express, each run once,
when the model is applied to a warehouse written by older code (tables/ otherwise only add)."""

from __future__ import annotations

import duckdb

_LOOKUP_KEYS = ("source_activities.id_key, source_activities.thread_key, sentiment_cache.hash_key, "
                "sentiment_cache.hash_low, source_identities.identity_key")


def migrate(connection: duckdb.DuckDBPyConnection) -> None:
    _drop_sentiment_cache_key(connection)
    _fill_lookup_keys(connection)


def _fill_lookup_keys(connection: duckdb.DuckDBPyConnection) -> None:
    """source_activities.id_key and thread_key, sentiment_cache.hash_key and hash_low, and
    source_identities.identity_key (tables/00_core.sql) for rows stored before writers set them;
    warehouse_info 'lookup_keys' names the keys every row has, so that a key added later is filled
    once too."""
    filled = connection.execute("SELECT value FROM warehouse_info WHERE key = 'lookup_keys'").fetchone()
    if filled and filled[0] == _LOOKUP_KEYS:
        return
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute("UPDATE source_activities SET id_key = lookup_key(activity_id), "
                           "thread_key = lookup_key(thread_id) WHERE id_key IS NULL")
        connection.execute("UPDATE sentiment_cache SET hash_key = md5_key(text_hash), hash_low = md5_low(text_hash) "
                           "WHERE hash_low IS NULL")
        connection.execute("UPDATE source_identities SET identity_key = identity_key(platform, platform_user_id) "
                           "WHERE identity_key IS NULL")
        connection.execute("INSERT OR REPLACE INTO warehouse_info VALUES ('lookup_keys', $keys)", {"keys": _LOOKUP_KEYS})
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


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
                           "polarity DOUBLE NOT NULL, hash_key UBIGINT, hash_low UBIGINT)")
        connection.execute("INSERT INTO sentiment_cache_unkeyed "
                           "SELECT text_hash, scorer, polarity, hash_key, hash_low FROM sentiment_cache")
        connection.execute("DROP TABLE sentiment_cache")
        connection.execute("ALTER TABLE sentiment_cache_unkeyed RENAME TO sentiment_cache")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
