"""Warehouses written by older code (pipelines/model/migrations.py): the first write with today's
code changes their tables in place, keeps every row, and later loads work as on a new warehouse."""

from __future__ import annotations

import duckdb

from pipelines.load import load_path
from tests.conftest import FIXTURES, scalar

HELP = FIXTURES / "discord" / "help_march_april.json"
OVERLAP = FIXTURES / "discord" / "help_overlap.json"
KEYS = ("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'sentiment_cache' "
        "AND constraint_type = 'PRIMARY KEY'")
CACHE = "SELECT text_hash, scorer, polarity FROM sentiment_cache ORDER BY ALL"
KEYS_MATCH = ("SELECT count(*) FROM sentiment_cache WHERE hash_key IS DISTINCT FROM md5_key(text_hash) "
              "OR hash_low IS DISTINCT FROM md5_low(text_hash)")


def as_written_by_older_code(db) -> None:
    """As older code left a warehouse: sentiment_cache with its PRIMARY KEY and without hash keys,
    activities and identities without lookup keys, an older model version."""
    connection = duckdb.connect(str(db))
    try:
        connection.execute("UPDATE source_activities SET id_key = NULL, thread_key = NULL")
        connection.execute("UPDATE source_identities SET identity_key = NULL")
        connection.execute("DELETE FROM warehouse_info WHERE key = 'lookup_keys'")
        connection.execute("CREATE TABLE keyed (text_hash VARCHAR NOT NULL, scorer VARCHAR NOT NULL, "
                           "polarity DOUBLE NOT NULL, PRIMARY KEY (text_hash, scorer))")
        connection.execute("INSERT INTO keyed SELECT text_hash, scorer, polarity FROM sentiment_cache")
        connection.execute("DROP TABLE sentiment_cache")
        connection.execute("ALTER TABLE keyed RENAME TO sentiment_cache")
        connection.execute("UPDATE warehouse_info SET value = 'older' WHERE key = 'model_version'")
    finally:
        connection.close()


def test_the_sentiment_cache_loses_its_key_and_keeps_its_scores(db_path):
    load_path(db_path, HELP)
    as_written_by_older_code(db_path)
    assert scalar(db_path, KEYS) == 1
    connection = duckdb.connect(str(db_path), read_only=True)
    scores_before = connection.execute(CACHE).fetchall()
    connection.close()
    assert len(scores_before) == 9  # the 9 distinct texts of the file

    load_path(db_path, OVERLAP)  # repeats texts of the first file and adds "Thanks all"

    assert scalar(db_path, KEYS) == 0
    connection = duckdb.connect(str(db_path), read_only=True)
    scores_after = connection.execute(CACHE).fetchall()
    connection.close()
    assert set(scores_before) < set(scores_after) and len(scores_after) == 10
    assert scalar(db_path, "SELECT count(*) FROM (SELECT text_hash, scorer FROM sentiment_cache "
                           "GROUP BY ALL HAVING count(*) > 1)") == 0
    assert scalar(db_path, "SELECT count(*) FROM activities WHERE text IS NOT NULL AND sentiment IS NULL") == 0
    assert scalar(db_path, KEYS_MATCH) == 0  # old scores got their hash key, new ones were stored with it


def test_activities_and_identities_stored_before_lookup_keys_get_them(db_path):
    load_path(db_path, HELP)
    as_written_by_older_code(db_path)
    assert scalar(db_path, "SELECT count(*) FROM source_activities WHERE id_key IS NULL") == 11
    assert scalar(db_path, "SELECT count(*) FROM source_identities WHERE identity_key IS NULL") == 6

    result = load_path(db_path, OVERLAP)  # repeats 3 messages of the first file, by its people: found by their keys

    assert result.people_new == 0
    assert scalar(db_path, "SELECT count(*) FROM source_identities WHERE identity_key IS DISTINCT FROM "
                           "identity_key(platform, platform_user_id)") == 0

    assert scalar(db_path, "SELECT count(*) FROM source_activities WHERE id_key IS DISTINCT FROM "
                           "lookup_key(activity_id) OR thread_key IS DISTINCT FROM lookup_key(thread_id)") == 0
    assert scalar(db_path, "SELECT count(*) FROM source_activities") == 12
