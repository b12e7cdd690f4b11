"""The scorers: range, the rules that make the shipped scorer fit for social text, the registry,
and scoring on every core."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import sentiment
from pipelines.sentiment import SCORER, SCORERS, score, score_chunks, score_with, scorer


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=20))
def test_shipped_scores_are_in_range_and_one_per_text(texts):
    polarities = score(texts)
    assert len(polarities) == len(texts)
    assert all(-1.0 <= value <= 1.0 for value in polarities)


@pytest.mark.parametrize("name", list(SCORERS))
def test_every_scorer_stays_in_range(name):
    texts = ["GREAT!!! 😍😍 :D " * 30, "awful terrible horrible worst hate " * 30, "", "   ", "ok", "🙂", "not"]
    polarities = score_with(name, texts)
    assert len(polarities) == len(texts)
    assert all(-1.0 <= value <= 1.0 for value in polarities)
    assert polarities[0] > 0.5 and polarities[1] < -0.5
    assert polarities[2] == polarities[3] == 0.0


def polarity(text: str) -> float:
    return score([text])[0]


def test_signs_of_plain_social_text():
    assert polarity("Thanks, this is great") > 0.05
    assert polarity("This is broken and I hate it") < -0.05
    assert polarity("The meetup is on Tuesday") == 0.0


def test_negation_flips_a_word():
    assert polarity("good") > 0 > polarity("not good")
    assert polarity("I don't like it") < 0


def test_negation_stops_at_the_end_of_a_clause():
    # "not" belongs to the first clause: "Great!" stays positive
    assert polarity("It is not. Great!") > polarity("It is not great!")


def test_negation_never_turns_an_emoticon_around():
    # VADER's library turns ":(" positive after "don't like it"; here it stays sad.
    assert polarity("I don't like it :(") < polarity("I don't like it")


def test_but_weighs_what_follows():
    assert polarity("The docs are great but the login is awful") < 0
    assert polarity("The login is awful but the docs are great") > 0


def test_emphasis_boosters_capitals_and_exclamation_marks():
    assert polarity("very good") > polarity("good")
    assert polarity("slightly good") < polarity("good")
    assert polarity("this is GOOD news") > polarity("this is good news")
    assert polarity("good!!!") > polarity("good")


def test_emoji_emoticons_and_slang_carry_sentiment():
    assert polarity("😍") > 0.05
    assert polarity("😡") < -0.05  # VADER reads "pouting face": 0; rated by EMOJI_SUPPLEMENT
    assert polarity("👍") > 0.05 > -0.05 > polarity("💔")
    assert polarity(":(") < -0.05
    assert polarity("lol") > 0.05


def test_texts_are_cleaned_before_scoring():
    # the only sentiment words are inside a URL, code and a mention
    assert polarity("see https://example.com/terrible-awful `raise AwfulError` <@123> @hate") == 0.0


def test_order_is_kept_in_a_batch():
    texts = ["awful", "fine", "wonderful"] * 5
    assert score(texts) == [polarity(text) for text in texts]


def test_unknown_scorer_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown sentiment scorer 'nope'.*lexicon-blend-v1"):
        scorer("nope")


def test_the_shipped_scorer_is_registered_and_recommended():
    assert SCORER in SCORERS and not SCORERS[SCORER].one_at_a_time


def test_legacy_textblob_scorer_is_unchanged():
    # the project's first scorer, kept as it was: "This is bad" = -0.7 (raw text, no cleaning)
    assert score_with("textblob-pattern", ["This is bad", "ok"]) == pytest.approx([-0.7, 0.5])


def test_chunks_cover_every_text_in_order():
    texts = [f"text {i} is good" if i % 2 else f"text {i} is bad" for i in range(45)]
    chunks = list(score_chunks("textblob-pattern", texts, chunk=10))
    assert [start for start, _ in chunks] == [0, 10, 20, 30, 40]
    assert [value for _, values in chunks for value in values] == score_with("textblob-pattern", texts)


def test_large_batches_of_one_at_a_time_scorers_use_a_process_per_core(monkeypatch):
    monkeypatch.setattr(sentiment, "IN_PROCESS_UP_TO", 10)
    texts = [f"message {i}: {'great' if i % 3 else 'awful'}" for i in range(40)]
    spread = [value for _, values in score_chunks("vader", texts, chunk=10) for value in values]
    assert spread == score_with("vader", texts)


def test_workers_never_run_the_parents_main_script(monkeypatch, tmp_path):
    # Under Streamlit's AppTest (and Streamlit itself) __main__ is a page script; a spawned worker
    # that ran it again would fail, or worse, render a page.
    import sys
    import types

    script = tmp_path / "page.py"
    script.write_text("raise SystemExit('a worker ran the parent script')\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    monkeypatch.setattr(sentiment, "IN_PROCESS_UP_TO", 10)
    texts = [f"message {i} is {'great' if i % 2 else 'awful'}" for i in range(30)]
    assert [v for _, values in score_chunks("vader", texts, chunk=10) for v in values] == score_with("vader", texts)
    assert sys.modules["__main__"] is page
