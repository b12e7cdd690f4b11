"""Every sentiment scorer against the human-rated sets of the VADER paper; prints, writes nothing.

    .venv/bin/python benchmarks/sentiment_eval.py [FOLDER]

FOLDER defaults to ../shared/real-exports/sentiment-eval. Prints a markdown table (Pearson r
against the mean rating, 3-class agreement with the METRICS.md labels, per set and pooled)
for each scorer of pipelines.sentiment.SCORERS, as recorded in docs/sentiment.md, then each
scorer's pooled figures and speed in one process. Everything goes to stdout; no file is written.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.sentiment import SCORER, SCORERS, score_with  # noqa: E402
from pipelines.sentiment.evaluate import evaluate, rated_sets, table  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent.parent / "shared" / "real-exports" / "sentiment-eval"


def main(folder: Path) -> int:
    sets = rated_sets(folder)
    if not sets:
        print(f"no rated sets in {folder}", file=sys.stderr)
        return 1
    rows, summary = [], []
    for name in SCORERS:
        measures = evaluate(lambda texts, name=name: score_with(name, texts), sets)
        rows += [(name + (" (shipped)" if name == SCORER else ""), m) for m in measures]
        pooled = measures[-1]
        summary.append(f"- {name}: r {pooled.pearson_r:.3f}, agreement {pooled.agreement:.1%}, "
                       f"{pooled.texts / pooled.seconds:,.0f} texts/s in one process")
    print(table(rows))
    print()
    print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER))
