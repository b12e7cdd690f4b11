"""Cleaning before scoring: what is not somebody's words never reaches a scorer."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.sentiment.clean import clean, clean_all


@pytest.mark.parametrize(("raw", "cleaned"), [
    # Slack: user, channel and special mentions, labelled links
    ("hey <@U123ABC|bob> see <https://x.com/a|this doc> :)", "hey see :)"),
    ("<!here> <#C024BE7LR|general> is down", "is down"),
    # Discord: user, nickname, role and channel mentions, timestamps; a custom emoji keeps its name
    ("ok <@!123> <@456> <@&789> <#101> <t:1700000000:R>", "ok"),
    ("thanks <:sad_cat:99> <a:party_parrot:12>", "thanks sad cat party parrot"),
    # URLs, e-mail addresses and @handles
    ("read www.example.com/bad-page and http://a.b/c?d=terrible", "read and"),
    ("mail me at ana@example.com @ben @everyone thanks", "mail me at thanks"),
    # HTML: tags, script blocks, entities (decoded once), and tags written as entities
    ("<p>I &lt;3 it &amp; you</p>", "I <3 it & you"),
    ("<script>alert('awful')</script>great", "great"),
    ("&lt;b&gt;bold&lt;/b&gt; caf&eacute;", "bold café"),
    ("&amp;lt;3", "&lt;3"),
    # code blocks (even unclosed) and inline code
    ("it fails:\n```py\nraise TerribleError()\n```\nhelp", "it fails: help"),
    ("run `rm -rf bad/` now", "run now"),
    ("```never closed, error error", ""),
    # quoted lines are another person's words
    ("> you are awful\nI agree", "I agree"),
    ("&gt; quoted in HTML\nfine", "fine"),
    # whitespace, snake_case, nothing at all
    ("  so\tmuch \n space  ", "so much space"),
    ("the config_file_is_broken", "the config file is broken"),
    ("", ""),
    (None, ""),
])
def test_clean(raw, cleaned):
    assert clean(raw) == cleaned


def test_clean_all_matches_clean_text_by_text():
    texts = ["<@1> great!", None, "plain words", "see https://x.y"]
    assert clean_all(pl.Series(texts, dtype=pl.String)).to_list() == [clean(text) for text in texts]


def test_emoticons_and_emoji_survive():
    assert clean("love it :D <3 😍") == "love it :D <3 😍"
