"""The shipped scorer: VADER's rules and TextBlob's averaging over their own lexicons, for a
whole batch of texts at once (polars, in Rust, on every core) instead of one text at a time.

Per text (after clean()), two readings of the same tokens, then their mean:
- VADER reading (social-media rules): each token's valence in [-4, 4] from VADER's lexicon
  (words, slang, emoticons, emoji); + 0.733 away from zero for a word in capitals when the text
  is not all capitals; + a booster ("very" +0.293, "slightly" -0.293) of each of the 3 tokens
  before, damped by distance (1, 0.95, 0.9); x -0.74 for each negation ("not", "don't",
  "never" …) among the 3 tokens before, except on emoticons and emoji, and for "no" 1 or 2
  tokens before; x 0.5 before the first "but" and x 1.5 after it. The valences are summed, exclamation marks (up to 4, 0.292 each)
  and repeated question marks push the sum away from zero, and the sum s is normalised to
  s / sqrt(s² + 15).
- TextBlob reading (pattern): the mean polarity of the known adjectives and adverbs, an adverb
  multiplying the next known word by its intensity ("very good" = good x 1.3) and a negation
  among the 3 tokens before giving x -0.5 ("not good" = slightly bad).
Negations and boosters reach back within a clause only: ".,;:!?" end their reach. A few
two-word PHRASES are read as one rated word.
These are re-implementations of the two libraries' documented methods, not calls into them:
docs/sentiment.md measures how close they come and how they compare with the libraries.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from pipelines.sentiment.clean import clean_all
from pipelines.sentiment.lexicons import emoticons, lexicon_frame

NAME = "lexicon-blend-v1"

CAPS_BOOST = 0.733
NEGATION_SCALE = -0.74
PATTERN_NEGATION_SCALE = -0.5
BOOSTER_DAMPING = (1.0, 0.95, 0.9)  # the booster 1, 2 or 3 tokens before
BUT_BEFORE, BUT_AFTER = 0.5, 1.5
EXCLAMATION_STEP, EXCLAMATION_MAX = 0.292, 4
QUESTION_STEP, QUESTION_MAX, QUESTION_CAP = 0.18, 3, 0.96
NORMALISE_ALPHA = 15.0
VADER_WEIGHT = 0.5
# Two-word phrases whose words mislead a lexicon (pattern's "game" is "lame"), on VADER's scale.
PHRASES = {"game changer": 2.5, "life saver": 2.8}  # "lifesaver" is 2.8 in VADER's lexicon

# A word (with an inner apostrophe: "don't"), or one emoji; emoticons are matched whole first.
TOKEN_PATTERN = r"[A-Za-z]+(?:'[A-Za-z]+)?|\p{Extended_Pictographic}|[.,;:!?]"
CLAUSE_BOUNDARY = r"^[.,;:!?]$"


def score(texts: list[str]) -> list[float]:
    """Polarity in [-1, 1] per text, in order."""
    if not texts:
        return []
    column = pl.Series("text", texts, dtype=pl.String)
    cleaned = pl.DataFrame({"doc": pl.int_range(len(texts), eager=True), "text": clean_all(column)})
    return score_frame(cleaned)["polarity"].to_list()


def score_frame(docs: pl.DataFrame) -> pl.DataFrame:
    """doc, polarity for a frame of doc (int) and cleaned text."""
    return _scored(docs.lazy()).collect()


def _scored(docs: pl.LazyFrame) -> pl.LazyFrame:
    tokens = _token_features(_tokens(docs))
    per_doc = tokens.group_by("doc").agg(
        vader_sum=pl.col("vader_valence").sum(),
        pattern_mean=pl.col("pattern_polarity").mean(),
    )
    punctuation = docs.select(
        "doc",
        exclamations=pl.col("text").str.count_matches("!").clip(0, EXCLAMATION_MAX),
        questions=pl.col("text").str.count_matches(r"\?"),
    )
    scored = punctuation.join(per_doc, on="doc", how="left").with_columns(
        vader=_normalised(pl.col("vader_sum").fill_null(0.0), _emphasis()),
        pattern=pl.col("pattern_mean").fill_null(0.0),
    )
    blend = VADER_WEIGHT * pl.col("vader") + (1 - VADER_WEIGHT) * pl.col("pattern")
    return scored.sort("doc").select("doc", polarity=blend.clip(-1.0, 1.0))


def _tokens(docs: pl.LazyFrame) -> pl.LazyFrame:
    """doc, span (clause), token (as written), lower, emoticon: one row per token in text order.

    One regex pass over each text: a known emoticon counts only as a whole space-separated chunk
    (so "http://" holds no ":/"), which the regex sees because every space is doubled first."""
    padded = " " + pl.col("text").str.replace_all("\u2019", "'", literal=True).str.replace_all(" ", "  ", literal=True) + " "
    tokens = (docs.select("doc", token=padded.str.extract_all(_token_regex()))
              .explode("token").drop_nulls("token")
              .with_columns(pl.col("token").str.strip_chars(" ")))
    # Negations and boosters reach back within a clause only ("not bad. Great!").
    boundary = pl.col("token").str.contains(CLAUSE_BOUNDARY)
    new_doc = pl.col("doc") != pl.col("doc").shift(1).fill_null(-1)
    tokens = tokens.with_columns(span=(boundary | new_doc).cum_sum()).filter(~boundary)
    return tokens.with_columns(lower=pl.col("token").str.to_lowercase(),
                               emoticon=~pl.col("token").str.contains("[A-Za-z]"))


@cache
def _token_regex() -> str:
    known = sorted(emoticons(), key=lambda e: (-len(e), e))
    return rf"\s(?i:{'|'.join(_escaped(e) for e in known)})\s|{TOKEN_PATTERN}"


def _escaped(literal: str) -> str:
    """A literal for Rust's regex syntax (where some escapes, such as \\<, have meanings)."""
    return "".join(f"\\{char}" if char in r"\.+*?()|[]{}^$#&-~" else char for char in literal)


def _token_features(tokens: pl.LazyFrame) -> pl.LazyFrame:
    """Each rated token's adjusted VADER valence and pattern polarity (null when it carries none).

    What a token needs of its neighbours (negations, boosters, adverbs, phrases within the
    clause) is read first, with cheap shifts over every token; the arithmetic then runs on the
    rated tokens only (a minority)."""
    known = tokens.join(lexicon_frame().lazy(), on="lower", how="left", maintain_order="left")
    known = known.with_columns(
        negation=pl.col("negation").fill_null(False),
        adverb=pl.col("adverb").fill_null(False),
        intensity=pl.col("intensity").fill_null(1.0),
        caps=pl.col("token").str.contains("^[^a-z]*[A-Z][^a-z]*$"),
        is_but=pl.col("lower") == "but",
        is_no=pl.col("lower") == "no",
    )
    per_doc = known.group_by("doc").agg(
        # VADER's capital emphasis only counts when some words are capitals and some are not.
        caps_differ=pl.col("caps").any() & ~pl.col("caps").all(),
        has_but=pl.col("is_but").any(),
    )
    # Tokens of a text are contiguous: "but"s seen so far in the text = running count minus the
    # count before the text's first token.
    seen = pl.col("is_but").cum_sum()
    before_doc = pl.when(pl.col("doc") != pl.col("doc").shift(1)).then(seen - pl.col("is_but")).forward_fill()
    known = known.with_columns(after_but=(seen - before_doc.fill_null(0)) > 0)
    known = _phrases(known).with_columns(
        # VADER: negations and boosters count only when they are not rated words themselves;
        # "no" has rules of its own (_vader_valence).
        vader_negation=pl.col("negation") & pl.col("vader").is_null() & ~pl.col("is_no"),
        booster_value=pl.when(pl.col("vader").is_null()).then(pl.col("booster")).otherwise(0.0).fill_null(0.0),
        modifier=pl.col("adverb") & pl.col("pattern").is_not_null(),
    )
    neighbours = known.with_columns(
        *[_before("vader_negation", d).fill_null(False).alias(f"vader_negation_{d}") for d in (1, 2, 3)],
        *[_before("negation", d).fill_null(False).alias(f"negation_{d}") for d in (1, 2, 3)],
        *[_before("booster_value", d).fill_null(0.0).alias(f"booster_{d}") for d in (1, 2, 3)],
        *[_before("is_no", d).fill_null(False).alias(f"no_{d}") for d in (1, 2)],
        modifier_1=_before("modifier", 1).fill_null(False),
        intensity_1=_before("intensity", 1),
        next_rated=_after("vader").is_not_null(),
        next_pattern=_after("pattern").is_not_null(),
    )
    rated = neighbours.filter(pl.col("vader").is_not_null() | pl.col("pattern").is_not_null())
    return rated.join(per_doc, on="doc", how="left", maintain_order="left").with_columns(
        vader_valence=_vader_valence(),
        pattern_polarity=_pattern_polarity(),
    )


def _phrases(tokens: pl.LazyFrame) -> pl.LazyFrame:
    """Two-word phrases of PHRASES read as one rated word: the first carries the phrase's valence,
    the second nothing ("game changer" is not a lame game)."""
    valence = pl.lit(None, dtype=pl.Float64)
    for phrase, rating in PHRASES.items():
        first, second = phrase.split(" ")
        valence = pl.when((pl.col("lower") == first) & (_after("lower") == second)).then(rating).otherwise(valence)
    tokens = tokens.with_columns(phrase_valence=valence)
    second_word = _before("phrase_valence", 1).is_not_null()
    return tokens.with_columns(
        vader=pl.when(second_word).then(None).otherwise(pl.coalesce("phrase_valence", "vader")),
        pattern=pl.when(second_word | pl.col("phrase_valence").is_not_null()).then(None).otherwise(pl.col("pattern")),
    )


def _after(column: str) -> pl.Expr:
    """The value of `column` one token later in the same clause (null at its end)."""
    return pl.when(pl.col("span").shift(-1) == pl.col("span")).then(pl.col(column).shift(-1))


def _before(column: str, distance: int) -> pl.Expr:
    """The value of `column` `distance` tokens earlier in the same clause (null at its start)."""
    same_span = pl.col("span").shift(distance) == pl.col("span")
    return pl.when(same_span).then(pl.col(column).shift(distance))


def _vader_valence() -> pl.Expr:
    # VADER: a rated word 1 or 2 tokens after "no" is negated ("no problem"), and "no" right
    # before a rated word carries no valence of its own.
    valence = pl.when(pl.col("no_1") | pl.col("no_2")).then(pl.col("vader") * NEGATION_SCALE).otherwise(pl.col("vader"))
    valence = pl.when(pl.col("is_no") & pl.col("next_rated")).then(0.0).otherwise(valence)
    sign = pl.when(valence < 0).then(-1.0).otherwise(1.0)
    valence = valence + sign * CAPS_BOOST * (pl.col("caps") & pl.col("caps_differ")).cast(pl.Float64)
    for distance, damping in enumerate(BOOSTER_DAMPING, start=1):
        valence = valence + sign * pl.col(f"booster_{distance}") * damping
    negations = pl.sum_horizontal(pl.col(f"vader_negation_{d}").cast(pl.Int32) for d in (1, 2, 3))
    negated = pl.when(pl.col("emoticon")).then(1.0).otherwise(NEGATION_SCALE ** negations)  # ":(" stays sad
    but = pl.when(~pl.col("has_but")).then(1.0).when(pl.col("after_but")).then(BUT_AFTER).otherwise(BUT_BEFORE)
    # Booster words carry no valence of their own (VADER); unrated tokens none at all.
    return pl.when(pl.col("booster").is_null()).then(valence * negated * but)


def _pattern_polarity() -> pl.Expr:
    polarity = pl.col("pattern")
    polarity = pl.when(pl.col("modifier_1")).then((polarity * pl.col("intensity_1")).clip(-1.0, 1.0)).otherwise(polarity)
    negated = pl.col("negation_1") | pl.col("negation_2") | pl.col("negation_3")
    polarity = pl.when(negated).then(polarity * PATTERN_NEGATION_SCALE).otherwise(polarity)
    # An adverb that modifies the next known word is part of that word's assessment.
    absorbed = pl.col("adverb") & pl.col("next_pattern")
    return pl.when(~absorbed).then(polarity)


def _emphasis() -> pl.Expr:
    exclamation = pl.col("exclamations") * EXCLAMATION_STEP
    questions = pl.col("questions")
    question = (pl.when(questions <= 1).then(0.0)
                .when(questions <= QUESTION_MAX).then(questions * QUESTION_STEP)
                .otherwise(QUESTION_CAP))
    return exclamation + question


def _normalised(total: pl.Expr, emphasis: pl.Expr) -> pl.Expr:
    pushed = pl.when(total > 0).then(total + emphasis).when(total < 0).then(total - emphasis).otherwise(0.0)
    return pushed / (pushed * pushed + NORMALISE_ALPHA).sqrt()
