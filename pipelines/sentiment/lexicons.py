"""The word lists the lexicon scorer reads, taken from the installed libraries (nothing is downloaded).

- vaderSentiment's `vader_lexicon.txt`: ~7,500 words, emoticons and slang rated by people in
  [-4, 4], with its booster words (+/-0.293) and negations;
- vaderSentiment's `emoji_utf8_lexicon.txt`: each emoji's description, rated by the sum of
  its words' valences (what VADER does when it reads the description in place of the emoji),
  with EMOJI_SUPPLEMENT for common reaction emoji whose description says nothing rated;
- TextBlob's `en-sentiment.xml` (the pattern lexicon): ~2,900 adjectives and adverbs with a
  polarity in [-1, 1] and an intensity (adverbs such as "very" multiply the next word).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from functools import cache
from importlib import resources

import polars as pl
from vaderSentiment import vaderSentiment as vader_module

# Reaction emoji common in communities whose description holds no rated word ("thumbs up",
# "pouting face") or a misleading one ("fire", "broken heart" = broken + heart): the project's
# own ratings on VADER's -4…4 scale (comparable words: "good" 1.9, "angry" -2.3, "awesome" 3.1).
EMOJI_SUPPLEMENT = {
    "👍": 1.8, "👎": -1.8, "👏": 1.8, "🙌": 2.0, "🙏": 1.5, "💯": 2.0, "🚀": 1.5, "🔥": 1.5, "✅": 1.0,
    "❌": -1.0, "💔": -2.3, "😡": -2.5, "🤬": -3.0, "😤": -1.5, "😒": -1.3, "🤦": -1.3,
}

# Skin tones and the emoji presentation selector do not change what an emoji says.
_EMOJI_MODIFIERS = re.compile("[\ufe0f\U0001F3FB-\U0001F3FF]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def vader_valences() -> dict[str, float]:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    valences = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0]:
            valences[fields[0]] = float(fields[1])
    return valences


@cache
def emoticons() -> frozenset[str]:
    """Entries of the VADER lexicon that are not words (":)", "<3", ":-(" …), matched whole."""
    return frozenset(token for token in vader_valences() if not token.replace("'", "").isalpha())


@cache
def emoji_valences() -> dict[str, float]:
    """An emoji's valence: the summed VADER valence of the words of its description, within [-4, 4]."""
    text = resources.files("vaderSentiment").joinpath("emoji_utf8_lexicon.txt").read_text(encoding="utf-8")
    words = vader_valences()
    valences: dict[str, float] = {}
    for line in text.splitlines():
        emoji, _, description = line.partition("\t")
        key = _EMOJI_MODIFIERS.sub("", emoji)[:1]  # the tokenizer reads the first pictograph
        valence = sum(words.get(word, 0.0) for word in _WORD.findall(description.lower()))
        if key and valence and key not in valences:
            valences[key] = max(-4.0, min(4.0, valence))
    return valences | EMOJI_SUPPLEMENT


@cache
def pattern_words() -> dict[str, tuple[float, float, bool]]:
    """form -> (polarity, intensity, is_adverb): senses averaged per part of speech, then the
    parts of speech averaged, as the pattern library reads a word without a tag."""
    path = resources.files("textblob").joinpath("en", "en-sentiment.xml")
    senses: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for entry in ElementTree.fromstring(path.read_bytes()).iter("word"):
        form = entry.attrib.get("form")
        if form:
            senses.setdefault(form.lower(), {}).setdefault(entry.attrib.get("pos", ""), []).append(
                (float(entry.attrib.get("polarity", 0.0)), float(entry.attrib.get("intensity", 1.0))))
    words = {}
    for form, by_pos in senses.items():
        per_pos = [(_mean(p for p, _ in values), _mean(i for _, i in values)) for values in by_pos.values()]
        words[form] = (_mean(p for p, _ in per_pos), _mean(i for _, i in per_pos), "RB" in by_pos)
    return words


def boosters() -> dict[str, float]:
    return dict(vader_module.BOOSTER_DICT)


def negations() -> frozenset[str]:
    return frozenset(vader_module.NEGATE) | {"no", "n't"}


@cache
def lexicon_frame() -> pl.DataFrame:
    """One row per known token: vader (valence in [-4, 4]), booster, negation, pattern
    (polarity), intensity, adverb (a pattern modifier)."""
    vader = {**vader_valences(), **emoji_valences()}
    boost = boosters()
    negate = negations()
    pattern = pattern_words()
    tokens = sorted(set(vader) | set(boost) | negate | set(pattern))
    return pl.DataFrame({
        "lower": tokens,
        "vader": [vader.get(t) for t in tokens],
        "booster": [boost.get(t) for t in tokens],
        "negation": [t in negate for t in tokens],
        "pattern": [pattern[t][0] if t in pattern else None for t in tokens],
        "intensity": [pattern[t][1] if t in pattern else 1.0 for t in tokens],
        "adverb": [pattern[t][2] if t in pattern else False for t in tokens],
    }, schema={"lower": pl.String, "vader": pl.Float64, "booster": pl.Float64, "negation": pl.Boolean,
               "pattern": pl.Float64, "intensity": pl.Float64, "adverb": pl.Boolean})


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
