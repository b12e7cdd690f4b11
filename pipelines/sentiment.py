"""Sentiment polarity per text, in [-1, 1].

TextBlob's pattern-lexicon polarity for now (it ships its lexicon, nothing is downloaded).
The loader calls score() once per distinct text never scored by this scorer before.
"""

from __future__ import annotations

from textblob import TextBlob

SCORER = "textblob-pattern"


def score(texts: list[str]) -> list[float]:
    return [_polarity(text) for text in texts]


def _polarity(text: str) -> float:
    if not text or not text.strip():
        return 0.0
    value = float(TextBlob(text).sentiment.polarity)
    return max(-1.0, min(1.0, value))


def label(polarity: float) -> str:
    """METRICS.md: positive above 0.05, negative below -0.05, neutral otherwise."""
    if polarity > 0.05:
        return "positive"
    if polarity < -0.05:
        return "negative"
    return "neutral"
