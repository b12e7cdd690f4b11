"""The measured quality of every scorer (benchmarks/sentiment_eval.py, recorded in docs/sentiment.md),
for the Sentiment page's "How is sentiment scored?" note. tests/test_sentiment_eval.py re-measures
the shipped scorer against these figures, so they cannot drift from the code."""

from __future__ import annotations

EVAL_SETS = {
    "amazonReviewSnippets": "Amazon review snippets",
    "movieReviewSnippets": "movie review snippets",
    "nytEditorialSnippets": "NYT editorial snippets",
    "all sets": "all 19,503 texts pooled",
}
EVAL_SOURCE = ("human-rated sets of the VADER paper (Hutto & Gilbert, ICWSM 2014): each text's mean rating by "
               "about 20 people on a −4…4 scale")

# scorer -> set -> (Pearson r against the mean rating, 3-class agreement with the METRICS.md labels)
MEASURED: dict[str, dict[str, tuple[float, float]]] = {
    "lexicon-blend-v1": {"amazonReviewSnippets": (0.624, 0.612), "movieReviewSnippets": (0.477, 0.580),
                         "nytEditorialSnippets": (0.510, 0.530), "all sets": (0.507, 0.573)},
    "textblob-pattern": {"amazonReviewSnippets": (0.512, 0.512), "movieReviewSnippets": (0.409, 0.508),
                         "nytEditorialSnippets": (0.299, 0.404), "all sets": (0.419, 0.481)},
    "vader": {"amazonReviewSnippets": (0.590, 0.591), "movieReviewSnippets": (0.427, 0.553),
              "nytEditorialSnippets": (0.503, 0.540), "all sets": (0.458, 0.557)},
    "textblob-vader-mean": {"amazonReviewSnippets": (0.625, 0.603), "movieReviewSnippets": (0.485, 0.579),
                            "nytEditorialSnippets": (0.510, 0.526), "all sets": (0.512, 0.570)},
}
