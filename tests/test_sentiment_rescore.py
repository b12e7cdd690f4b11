"""Re-scoring the warehouse with another scorer (CLI `rescore`, pipelines/load/rescore.py): every
text takes the new scorer's polarity, nothing else changes, and later loads use the new scorer."""

from __future__ import annotations

import pytest

from pipelines import sentiment
from pipelines.cli import main
from pipelines.load import load_path
from pipelines.load.rescore import rescore, warehouse_scorer
from pipelines.load.warehouse import writable_copy
from tests.conftest import FIXTURES, frame, scalar, warehouse_contents

CHANGED = {"sentiment_cache", "warehouse_info"}  # and the sentiment column of tables that have one
ACTIVITIES_BUT_SENTIMENT = "SELECT * EXCLUDE (sentiment) FROM source_activities ORDER BY activity_id"
SENTIMENTS = "SELECT activity_id, sentiment FROM source_activities WHERE text IS NOT NULL ORDER BY activity_id"
DISTINCT_TEXTS = "SELECT count(DISTINCT text) FROM source_activities WHERE text IS NOT NULL"


def sentiments(db) -> dict[str, float]:
    return dict(frame(db, SENTIMENTS).iter_rows())


def without_sentiment(db) -> dict[str, list[tuple]]:
    """Every base table with a sentiment column (activities and any table derived from them), that
    column left out: what a re-score must leave as it was."""
    tables = frame(db, "SELECT table_name FROM duckdb_columns() WHERE database_name = 'warehouse' "
                       "AND column_name = 'sentiment' AND table_name IN (SELECT table_name FROM duckdb_tables() "
                       "WHERE database_name = 'warehouse')")["table_name"].to_list()
    # Table names come from DuckDB's own catalog, not from any input.
    return {name: sorted(frame(db, f'SELECT * EXCLUDE (sentiment) FROM "{name}"').rows(), key=repr)
            for name in tables}


def test_rescore_cli_changes_the_scores_and_nothing_else(fixture_db, capsys):
    before, activities_before = warehouse_contents(fixture_db), frame(fixture_db, ACTIVITIES_BUT_SENTIMENT)
    sentiment_tables_before = without_sentiment(fixture_db)
    shipped = sentiments(fixture_db)
    cache_before = scalar(fixture_db, "SELECT count(*) FROM sentiment_cache")
    texts = scalar(fixture_db, DISTINCT_TEXTS)

    assert main(["rescore", "--scorer", "textblob-pattern", "--db", str(fixture_db)]) == 0
    assert "sentiment scorer textblob-pattern (was lexicon-blend-v1)" in capsys.readouterr().out

    after = warehouse_contents(fixture_db)
    unchanged = CHANGED | set(sentiment_tables_before)
    assert {name: rows for name, rows in after.items() if name not in unchanged} == \
        {name: rows for name, rows in before.items() if name not in unchanged}
    assert without_sentiment(fixture_db) == sentiment_tables_before
    assert frame(fixture_db, ACTIVITIES_BUT_SENTIMENT).equals(activities_before)
    rescored = sentiments(fixture_db)
    assert rescored.keys() == shipped.keys()
    # TextBlob's "This is bad" (activity 106) is -0.7; the shipped scorer's was -0.6212.
    assert rescored["discord:106"] == pytest.approx(-0.7) and shipped["discord:106"] == pytest.approx(-0.6212, abs=1e-4)
    # every distinct text scored once by the new scorer; the old scores stay cached
    assert scalar(fixture_db, "SELECT count(*) FROM sentiment_cache") == cache_before + texts
    assert scalar(fixture_db, "SELECT count(*) FROM sentiment_cache WHERE scorer = 'textblob-pattern'") == texts
    info = dict(frame(fixture_db, "SELECT key, value FROM warehouse_info").iter_rows())
    assert info["sentiment_scorer"] == "textblob-pattern"
    assert info["model_version"] == dict(before["warehouse_info"])["model_version"]


def test_switching_back_needs_no_scoring(fixture_db, monkeypatch):
    shipped = sentiments(fixture_db)
    rescore(fixture_db, "textblob-pattern")

    def no_scoring(texts):
        raise AssertionError("every text was scored by this scorer before")

    monkeypatch.setattr(sentiment, "score", no_scoring)
    result = rescore(fixture_db, sentiment.SCORER)
    assert (result.scorer, result.previous_scorer, result.texts_scored) == (sentiment.SCORER, "textblob-pattern", 0)
    assert sentiments(fixture_db) == shipped


def test_later_loads_use_the_warehouse_scorer(db_path):
    load_path(db_path, FIXTURES / "discord" / "help_march_april.json")
    rescore(db_path, "textblob-pattern")
    load_path(db_path, FIXTURES / "x" / "tweet_activity_metrics_PulseTest_20260401_20260501_en.csv")
    # TextBlob reads the stored text: "Launch day &amp; party!…" is 0.0 there (the shipped scorer: 0.318).
    assert scalar(db_path, "SELECT sentiment FROM activities WHERE platform = 'x' ORDER BY occurred_at LIMIT 1") == 0.0
    assert scalar(db_path, "SELECT DISTINCT scorer FROM sentiment_cache WHERE text_hash IN "
                           "(SELECT md5(text) FROM source_activities WHERE platform = 'x')") == "textblob-pattern"
    assert warehouse_scorer(db_path) == "textblob-pattern"


def test_a_warehouse_from_before_the_setting_keeps_its_scorer(db_path):
    load_path(db_path, FIXTURES / "discord" / "help_march_april.json")
    rescore(db_path, "textblob-pattern")
    with writable_copy(db_path) as connection:  # as written by the version without the setting
        connection.execute("DELETE FROM sentiment_cache WHERE scorer <> 'textblob-pattern'")
        connection.execute("DELETE FROM warehouse_info WHERE key = 'sentiment_scorer'")
    assert warehouse_scorer(db_path) == "textblob-pattern"
    assert warehouse_scorer(db_path.with_name("none.duckdb")) == sentiment.SCORER


def test_an_unknown_scorer_changes_nothing(fixture_db):
    before = warehouse_contents(fixture_db)
    with pytest.raises(ValueError, match="unknown sentiment scorer"):
        rescore(fixture_db, "nope")
    with pytest.raises(SystemExit):
        main(["rescore", "--scorer", "nope", "--db", str(fixture_db)])
    assert warehouse_contents(fixture_db) == before


def test_a_scorer_failing_midway_changes_nothing(fixture_db, monkeypatch):
    before = warehouse_contents(fixture_db)

    def failing(texts):
        raise RuntimeError("scorer crashed")

    monkeypatch.setitem(sentiment.SCORERS, "vader", sentiment.SCORERS["vader"].__class__(
        "vader", "VADER", "", failing, one_at_a_time=True))
    with pytest.raises(RuntimeError):
        rescore(fixture_db, "vader")
    assert warehouse_contents(fixture_db) == before


def test_rescore_list_names_the_scorer_in_use(fixture_db, capsys):
    assert main(["rescore", "--list", "--db", str(fixture_db)]) == 0
    listed = capsys.readouterr().out
    assert f"{sentiment.SCORER} (in use, recommended)" in listed and "textblob-pattern:" in listed


def test_rescore_without_a_warehouse_says_so(db_path, capsys):
    assert main(["rescore", "--db", str(db_path)]) == 1
    assert "no warehouse" in capsys.readouterr().err
