"""Text as people wrote it, without the machinery of chat platforms around it.

Scorers read words, so what is not somebody's words is removed before scoring: code blocks
and inline code, HTML tags (and script/style blocks; entities decoded), URLs and e-mail
addresses, Slack and Discord mention, channel and timestamp tokens, @handles and quoted lines
(another person's words). A Discord custom emoji keeps its name (`<:sad_cat:123>` -> "sad cat"),
which often carries the feeling. Done for a whole column at once (polars, Rust regexes).
"""

from __future__ import annotations

import html

import polars as pl

# (pattern, replacement) in the order they apply; Rust regex syntax (no look-behind).
_STEPS: list[tuple[str, str]] = [
    (r"(?s)```.*?(?:```|$)", " "),                      # code blocks, even unclosed ones
    (r"`[^`\n]*`", " "),                                # inline code
    (r"(?m)^[ \t]*(?:>|&gt;)[^\n]*$", " "),             # quoted lines
    (r"<a?:([A-Za-z0-9_]+):\d+>", " $1 "),             # Discord custom emoji: keep the name
    # Slack <@U123|name>, <#C123|general>, <!here>, <https://…|label>; Discord <@123>, <@!123>,
    # <@&123>, <#123>, <t:1700000000:R>.
    (r"<(?:[@#!]|t:|https?://|mailto:)[^<>\s]*(?:\|[^<>]*)?>", " "),
    (r"(?is)<script\b.*?</script\s*>", " "),
    (r"(?is)<style\b.*?</style\s*>", " "),
    (r"</?[A-Za-z][^<>]*>", " "),                       # HTML tags
]
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&nbsp;": " ", "&amp;": "&"}
_OTHER_ENTITY = r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+\d*);"
_AFTER_ENTITIES: list[tuple[str, str]] = [
    (r"</?[A-Za-z][^<>]*>", " "),                       # tags that were written as entities
    (r"(?i)\b(?:https?://|www\.)\S+", " "),             # URLs
    (r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b", " "),         # e-mail addresses
    (r"(^|[^\w@])@[\w.-]+", "$1 "),                     # @handles, @everyone
    (r"_", " "),                                        # snake_case and emoji names read as words
]
# A character (or sequence) that at least one step above looks for.
_ANY_STEP = r"(?i)[`<>&@_]|://|www\."


def clean_all(texts: pl.Series) -> pl.Series:
    """The words of each text, ready for a scorer (empty strings where nothing is left)."""
    texts = texts.cast(pl.String).fill_null("")
    # Most chat messages hold none of the characters any step looks for: they only need their
    # spaces tidied, so the regex passes run on the others alone.
    needs_steps = texts.str.contains(_ANY_STEP)
    if needs_steps.any():
        texts = texts.scatter(needs_steps.arg_true(), _all_steps(texts.filter(needs_steps)))
    return texts.str.replace_all(r"\s+", " ").str.strip_chars()


def _all_steps(texts: pl.Series) -> pl.Series:
    for pattern, replacement in _STEPS:
        texts = texts.str.replace_all(pattern, replacement)
    texts = _decode_entities(texts)
    for pattern, replacement in _AFTER_ENTITIES:
        texts = texts.str.replace_all(pattern, replacement)
    return texts


def clean(text: str | None) -> str:
    """clean_all() for one text."""
    return clean_all(pl.Series([text], dtype=pl.String))[0]


def _decode_entities(texts: pl.Series) -> pl.Series:
    """The common entities in Rust; texts with rarer ones (&eacute;, &#8217;) through Python's html.
    Each text is decoded once: "&amp;lt;" is the text "&lt;", not "<"."""
    decoded = texts.str.replace_many(list(_ENTITIES), list(_ENTITIES.values()))
    common = "|".join(entity.replace("#", r"\#") for entity in _ENTITIES)
    rare = texts.str.replace_all(common, "").str.contains(_OTHER_ENTITY)
    if not rare.any():
        return decoded
    return pl.Series(texts.name, [html.unescape(text) if flagged else quick for text, quick, flagged
                                  in zip(texts.to_list(), decoded.to_list(), rare.to_list(), strict=True)],
                     dtype=pl.String)
