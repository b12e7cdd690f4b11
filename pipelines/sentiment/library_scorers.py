"""Scorers that call the libraries themselves, one text at a time: TextBlob (pattern), VADER,
and their mean. Kept as choices and as the reference the shipped scorer is measured against."""

from __future__ import annotations

from functools import cache

import polars as pl
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from pipelines.sentiment.clean import clean_all


def textblob_raw(texts: list[str]) -> list[float]:
    """TextBlob's pattern polarity of the text as stored (the project's first scorer, unchanged,
    so warehouses it scored stay consistent)."""
    return [_textblob(text) for text in texts]


def vader(texts: list[str]) -> list[float]:
    """VADER's compound score of the cleaned text."""
    return [_vader(text) for text in _cleaned(texts)]


def textblob_vader_mean(texts: list[str]) -> list[float]:
    """The mean of TextBlob's and VADER's scores of the cleaned text."""
    return [(_textblob(text) + _vader(text)) / 2 for text in _cleaned(texts)]


def _cleaned(texts: list[str]) -> list[str]:
    return clean_all(pl.Series(texts, dtype=pl.String)).to_list()


def _textblob(text: str) -> float:
    if not text or not text.strip():
        return 0.0
    return max(-1.0, min(1.0, float(TextBlob(text).sentiment.polarity)))


def _vader(text: str) -> float:
    if not text or not text.strip():
        return 0.0
    return max(-1.0, min(1.0, float(_analyzer().polarity_scores(text)["compound"])))


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()  # reads its lexicon files once per process
