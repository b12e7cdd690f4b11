"""Sentiment scoring speed: texts per second of the shipped scorer on a batch, and of TextBlob one
text at a time, on the same 100,000 distinct texts; prints, writes nothing.

    .venv/bin/python benchmarks/sentiment_speed.py [--texts N] [--all-scorers]

The texts: the 19,503 human-rated snippets of ../shared/real-exports/sentiment-eval, each in
six chat-style variants (as written; with a mention and a link; with an emoji; with inline
code; with a Discord mention and exclamation marks; with a quoted line), the first N of them.
Without the shared folder, a fixed set of community-style sentences is varied instead.
The shipped scorer runs as the loader runs it (pipelines.sentiment.score_chunks: a batch at a
time on every core); TextBlob as the project's first scorer did, one TextBlob per text. Both
wall-clock rates and rates per CPU-second are printed: on a machine shared with other jobs the
wall-clock rates fall (the two-core scorer more than the one-core loop), the CPU rates do not.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.sentiment import SCORER, SCORERS, score_chunks  # noqa: E402
from pipelines.sentiment.evaluate import rated_sets  # noqa: E402
from pipelines.sentiment.library_scorers import textblob_raw  # noqa: E402

EVAL_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "real-exports" / "sentiment-eval"
FALLBACK = [
    "How do I export my data?", "Thanks, that fixed it!", "Login fails again, this is so frustrating",
    "The new release is great but the docs are confusing", "Anyone else seeing timeouts?",
    "not bad at all :)", "I really don't like the new layout", "See you at the meetup tonight",
]
VARIANTS = [
    "{}",
    "@sam {} https://example.com/issues/{n}",
    "{} 👍",
    "{} `npm run build`",
    "<@!{n}> {}!!",
    "> earlier message {n}\n{}",
]


def benchmark_texts(count: int) -> list[str]:
    sets = rated_sets(EVAL_FOLDER) if EVAL_FOLDER.is_dir() else {}
    bases = [row.text for rows in sets.values() for row in rows] or FALLBACK
    texts, seen = [], set()
    for variant in VARIANTS:
        for n, base in enumerate(bases):
            text = variant.format(base, n=n)
            if text not in seen:
                seen.add(text)
                texts.append(text)
    while len(texts) < count:  # the fallback sentences are few: number them
        texts.append(f"{bases[len(texts) % len(bases)]} #{len(texts)}")
    return texts[:count]


def rate(function, texts: list[str]) -> tuple[float, float]:
    """(texts per second of wall-clock time, texts per second of CPU time of this process's threads).
    The second does not depend on what else the machine runs; the first does."""
    started, cpu_started = time.perf_counter(), time.process_time()
    function(texts)
    return len(texts) / (time.perf_counter() - started), len(texts) / (time.process_time() - cpu_started)


def loader_way(name: str):
    def run(texts: list[str]) -> list[float]:
        return [value for _, chunk in score_chunks(name, texts) for value in chunk]
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--all-scorers", action="store_true", help="also time every other scorer as the loader runs it")
    args = parser.parse_args()
    texts = benchmark_texts(args.texts)
    print(f"{len(texts):,} distinct texts, mean {sum(map(len, texts)) / len(texts):.0f} characters; "
          f"{os.cpu_count()} cores")
    loader_way(SCORER)(texts[:1_000])  # lexicons loaded once per process, as in a long-running app
    (shipped, shipped_cpu), (textblob, textblob_cpu) = rate(loader_way(SCORER), texts), rate(textblob_raw, texts)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f}")
    print(f"shipped scorer {SCORER}: {shipped:,.0f} texts/s ({shipped_cpu:,.0f} per CPU-second)")
    print(f"TextBlob, one text at a time: {textblob:,.0f} texts/s ({textblob_cpu:,.0f} per CPU-second)")
    print(f"speed-up: {shipped / textblob:.1f}x wall-clock, {shipped_cpu / textblob_cpu:.1f}x in CPU time "
          "(aim: at least 10x)")
    if args.all_scorers:
        for name in SCORERS:
            if name != SCORER:  # processes: this process's CPU time would miss theirs
                print(f"{name} as the loader runs it (processes on every core): "
                      f"{rate(loader_way(name), texts)[0]:,.0f} texts/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
