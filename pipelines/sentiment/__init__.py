"""Sentiment polarity per text, in [-1, 1], from a choice of scorers (docs/sentiment.md).

The loader scores each distinct text once per scorer (sentiment_cache is keyed by text hash
and scorer name), with the warehouse's active scorer (warehouse_info 'sentiment_scorer',
pipelines/load/rescore.py). SCORER is the shipped default, the best measured one.
Every scorer cleans texts first (clean.py), except the legacy TextBlob scorer, kept exactly
as it was so that warehouses it scored stay consistent.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from pipelines.sentiment import lexicon_scorer, library_scorers
from pipelines.sentiment.clean import clean

__all__ = ["SCORER", "SCORERS", "Scorer", "clean", "label", "score", "score_chunks", "score_with", "scorer"]


@dataclass(frozen=True)
class Scorer:
    name: str  # stored with every cached score: a new name means every text is scored again
    label: str
    method: str
    function: Callable[[list[str]], list[float]]
    one_at_a_time: bool  # a Python loop per text: large batches are spread over processes


SCORERS: dict[str, Scorer] = {s.name: s for s in [
    Scorer(lexicon_scorer.NAME, "VADER + TextBlob lexicon blend (recommended)",
           "The mean of a VADER reading (social-media lexicon with emoji, emoticons and slang; rules for "
           "negation, boosters, capitals, 'but' and exclamation marks) and a TextBlob reading (mean polarity "
           "of adjectives and adverbs) of the cleaned text, computed for a whole batch at once.",
           lexicon_scorer.score, one_at_a_time=False),
    Scorer("textblob-pattern", "TextBlob (pattern lexicon)",
           "TextBlob's pattern-lexicon polarity of the text as stored (the first scorer of the project).",
           library_scorers.textblob_raw, one_at_a_time=True),
    Scorer("vader", "VADER (vaderSentiment library)",
           "VADER's compound score of the cleaned text, computed by the vaderSentiment library.",
           library_scorers.vader, one_at_a_time=True),
    Scorer("textblob-vader-mean", "TextBlob and VADER libraries, mean",
           "The mean of TextBlob's and VADER's scores of the cleaned text, computed by the two libraries "
           "one text at a time (the reference the recommended scorer re-implements).",
           library_scorers.textblob_vader_mean, one_at_a_time=True),
]}

SCORER = lexicon_scorer.NAME

# Batches up to this size are scored in this process (fast for small loads and tests).
IN_PROCESS_UP_TO = 5_000
CHUNK = 2_000


def score(texts: list[str]) -> list[float]:
    """The shipped scorer's polarity per text, in order."""
    return SCORERS[SCORER].function(texts)


def scorer(name: str) -> Scorer:
    try:
        return SCORERS[name]
    except KeyError:
        raise ValueError(f"unknown sentiment scorer {name!r}; known: {', '.join(SCORERS)}") from None


def score_with(name: str, texts: list[str]) -> list[float]:
    """Polarity per text with the named scorer, clipped to [-1, 1]."""
    function = score if name == SCORER else scorer(name).function  # `score` may be swapped in tests
    return [max(-1.0, min(1.0, float(value))) for value in function(texts)]


def score_chunks(name: str, texts: list[str], chunk: int = CHUNK) -> Iterator[tuple[int, list[float]]]:
    """(offset, polarities) per chunk of texts, in order, using every core: the vectorised scorer
    runs its batch on all cores itself; one-at-a-time scorers get a process per core once a
    batch is large enough to pay for starting them."""
    chosen = scorer(name)
    if chosen.one_at_a_time and len(texts) > IN_PROCESS_UP_TO and (os.cpu_count() or 1) > 1:
        yield from _in_processes(name, texts, chunk)
        return
    size = chunk if chosen.one_at_a_time else max(chunk, 20_000)  # big batches keep polars efficient
    for start in range(0, len(texts), size):
        yield start, score_with(name, texts[start:start + size])


def _in_processes(name: str, texts: list[str], chunk: int) -> Iterator[tuple[int, list[float]]]:
    starts = range(0, len(texts), chunk)
    # spawn: never fork a process that runs threads (the app, polars).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        with _workers_without_main_script():  # every worker starts on the first submissions
            results = pool.map(score_with, [name] * len(starts), [texts[s:s + chunk] for s in starts])
        yield from zip(starts, results, strict=True)


@contextlib.contextmanager
def _workers_without_main_script() -> Iterator[None]:
    """A spawned worker first runs the parent's __main__ script again: under Streamlit or its
    AppTest that is a page. Workers need nothing but this package, so while they start, the
    parent's __main__ is an empty module."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def label(polarity: float) -> str:
    """METRICS.md: positive above 0.05, negative below -0.05, neutral otherwise."""
    if polarity > 0.05:
        return "positive"
    if polarity < -0.05:
        return "negative"
    return "neutral"
