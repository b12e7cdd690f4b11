"""Measuring a scorer against people: the human-rated sets of the VADER paper.

Each set is tab-separated `id <TAB> mean rating in [-4, 4] <TAB> text`, no header. Two figures
per set and over all sets pooled:
- Pearson r between the scorer's polarity and the mean human rating;
- 3-class agreement: the share of texts whose METRICS.md label (positive > 0.05, negative
  < -0.05, neutral otherwise) is the same for the scorer's polarity and for the human rating
  scaled to [-1, 1] (rating / 4, so a human "neutral" is a mean rating within ±0.2).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipelines.sentiment import label

RATING_SCALE = 4.0  # ratings are in [-4, 4]
POOLED = "all sets"


@dataclass(frozen=True)
class RatedText:
    rating: float  # the mean human rating in [-4, 4]
    text: str


@dataclass(frozen=True)
class Measure:
    set_name: str
    texts: int
    pearson_r: float
    agreement: float  # share of the 3 METRICS.md labels that match the human ones
    seconds: float = 0.0


def read_rated_set(path: Path) -> list[RatedText]:
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2].strip():
            rows.append(RatedText(float(fields[1]), "\t".join(fields[2:])))
    return rows


def rated_sets(folder: Path) -> dict[str, list[RatedText]]:
    """Set name (the file name before '_GroundTruth') -> its rated texts, in name order."""
    return {path.name.split("_")[0]: read_rated_set(path) for path in sorted(Path(folder).glob("*.txt"))}


def pearson_r(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    spread_x = math.sqrt(sum((x - mean_x) ** 2 for x in xs))
    spread_y = math.sqrt(sum((y - mean_y) ** 2 for y in ys))
    return covariance / (spread_x * spread_y) if spread_x and spread_y else float("nan")


def agreement(polarities: list[float], ratings: list[float]) -> float:
    same = sum(label(p) == label(r / RATING_SCALE) for p, r in zip(polarities, ratings, strict=True))
    return same / len(ratings)


def measure(set_name: str, polarities: list[float], ratings: list[float], seconds: float = 0.0) -> Measure:
    return Measure(set_name, len(ratings), pearson_r(polarities, ratings), agreement(polarities, ratings), seconds)


def evaluate(score: Callable[[list[str]], list[float]], sets: dict[str, list[RatedText]]) -> list[Measure]:
    """One Measure per set, then one over all sets pooled."""
    results, all_polarities, all_ratings, total_seconds = [], [], [], 0.0
    for name, rows in sets.items():
        started = time.perf_counter()
        polarities = list(score([row.text for row in rows]))
        seconds = time.perf_counter() - started
        ratings = [row.rating for row in rows]
        results.append(measure(name, polarities, ratings, seconds))
        all_polarities += polarities
        all_ratings += ratings
        total_seconds += seconds
    results.append(measure(POOLED, all_polarities, all_ratings, total_seconds))
    return results


def table(rows: Iterable[tuple[str, Measure]]) -> str:
    """A markdown table: scorer, set, texts, r, agreement."""
    lines = ["| scorer | set | texts | Pearson r | 3-class agreement |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {m.set_name} | {m.texts:,} | {m.pearson_r:.3f} | {m.agreement:.1%} |" for name, m in rows]
    return "\n".join(lines)
