"""Measuring scorers against human ratings: Pearson r and 3-class agreement, checked by hand on a
tiny fixture, and the recorded figures of the shipped scorer re-measured on the real sets."""

from __future__ import annotations

import math

import pytest

from pipelines.sentiment import SCORER, score_with
from pipelines.sentiment.evaluate import POOLED, agreement, evaluate, pearson_r, rated_sets
from pipelines.sentiment.quality import MEASURED
from tests.conftest import FIXTURES

# tests/fixtures/sentiment-eval: alpha = ratings 4, 0, -4; beta = ratings 2, -2 (no final newline).
STATED = {"clearly good": 0.5, "plain fact": 0.5, "clearly bad": -0.5, "quite nice": 0.25, "quite poor": -0.1}


def stated(texts: list[str]) -> list[float]:
    return [STATED[text] for text in texts]


def test_sets_are_read_by_name_with_their_ratings():
    sets = rated_sets(FIXTURES / "sentiment-eval")
    assert list(sets) == ["alpha", "beta"]
    assert [(row.rating, row.text) for row in sets["beta"]] == [(2.0, "quite nice"), (-2.0, "quite poor")]


def test_figures_per_set_and_pooled_by_hand():
    alpha, beta, pooled = evaluate(stated, rated_sets(FIXTURES / "sentiment-eval"))
    # alpha: x = 0.5, 0.5, -0.5 (mean 1/6), y = 4, 0, -4 (mean 0):
    #   cov = 4/3 + 0 + 8/3 = 4; Σdx² = 1/9 + 1/9 + 4/9 = 2/3; Σdy² = 32; r = 4 / sqrt(64/3) = sqrt(3)/2.
    #   Labels: human (rating / 4) positive, neutral, negative; scorer positive, positive, negative: 2 of 3.
    assert (alpha.set_name, alpha.texts) == ("alpha", 3)
    assert alpha.pearson_r == pytest.approx(math.sqrt(3) / 2)
    assert alpha.agreement == pytest.approx(2 / 3)
    # beta: two points on a rising line: r = 1; positive/negative both agree.
    assert (beta.pearson_r, beta.agreement) == (pytest.approx(1.0), 1.0)
    # pooled: x = 0.5, 0.5, -0.5, 0.25, -0.1 (mean 0.13), y = 4, 0, -4, 2, -2 (mean 0):
    #   cov = Σxy = 2 + 0 + 2 + 0.5 + 0.2 = 4.7; Σdy² = 40; Σdx² = 0.8225 - 5 x 0.13² = 0.738;
    #   r = 4.7 / sqrt(29.52) = 0.86505; agreement 4 of 5.
    assert (pooled.set_name, pooled.texts) == (POOLED, 5)
    assert pooled.pearson_r == pytest.approx(4.7 / math.sqrt(40 * 0.738))
    assert pooled.agreement == pytest.approx(0.8)


def test_human_labels_use_the_metrics_thresholds_on_the_scaled_rating():
    # rating 0.2 is 0.05 on the -1…1 scale: neutral (positive needs > 0.05); 0.24 is 0.06: positive.
    assert agreement([0.0, 0.06, -0.06], [0.2, 0.24, -0.24]) == 1.0
    assert agreement([0.06], [0.2]) == 0.0


def test_pearson_r_without_spread_is_not_a_number():
    assert math.isnan(pearson_r([0.1, 0.1], [1.0, 2.0]))


def test_recorded_figures_of_the_shipped_scorer_are_what_it_measures(real_exports):
    measured = evaluate(lambda texts: score_with(SCORER, texts), rated_sets(real_exports / "sentiment-eval"))
    for result in measured:
        r, share = MEASURED[SCORER][result.set_name]
        assert (result.pearson_r, result.agreement) == (pytest.approx(r, abs=5e-4), pytest.approx(share, abs=5e-4))


def test_the_shipped_scorer_beats_textblob_alone():
    assert MEASURED[SCORER][POOLED][0] > MEASURED["textblob-pattern"][POOLED][0] + 0.05
    assert MEASURED[SCORER][POOLED][1] > MEASURED["textblob-pattern"][POOLED][1] + 0.05


def test_python_labels_are_the_sql_macro():
    # The thresholds live in the sentiment_label macro (marts/90_filters.sql); evaluate.py labels in
    # Python, so the two must agree, boundaries included.
    import duckdb

    from pipelines.model import apply_model
    from pipelines.sentiment import label

    connection = duckdb.connect()
    apply_model(connection)
    values = [-1.0, -0.0501, -0.05, -0.0499, 0.0, 0.0499, 0.05, 0.0501, 1.0]
    in_sql = [connection.execute("SELECT sentiment_label($v)", {"v": v}).fetchone()[0] for v in values]
    assert in_sql == [label(v) for v in values]
