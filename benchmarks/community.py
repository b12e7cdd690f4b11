"""A synthetic community at benchmark scale, drawn with numpy so that millions of rows take seconds.

Shape (the same at every tier, only the counts change):
- members join over the two years ending at END, more of them later (the community grows); 10%
  were there before. Each has a heavy-tailed appetite (lognormal weight: a core does most of the
  talking) and a lifetime after which they go quiet;
- 78% are on Discord only, 17% on the Discourse forum (with an email), 5% only come to events;
  forum members register for events with the same email, so they are one member across platforms;
- activities: 80% Discord messages (30% of them replies to a recent message of the same channel),
  13% reactions given (Discord reaction users), 7% forum posts (20% of them topics); times follow
  each author's active window, quieter at weekends and at night (UTC);
- events every two weeks (Luma guest lists), 60% of registrations checked in.

Everything derives from numpy Generators seeded by the tier's seed: the same tier gives the same
community. Rendering into export files is exports.py's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Tier:
    name: str
    members: int
    activities: int
    ingest_messages: int    # the one-file ingest benchmark
    incremental_rows: int   # the file loaded into a built warehouse
    quarterly_files: bool = True    # Discord exported per channel and quarter, else per channel
    event_every_days: int = 14


TIERS = {
    # S: a smoke test of the scripts (tests/test_benchmarks_smoke.py), few files so that it is quick.
    "S": Tier("S", members=2_000, activities=20_000, ingest_messages=20_000, incremental_rows=2_000,
              quarterly_files=False, event_every_days=91),
    "M": Tier("M", members=100_000, activities=1_000_000, ingest_messages=1_000_000, incremental_rows=10_000),
    "L": Tier("L", members=1_000_000, activities=10_000_000, ingest_messages=1_000_000, incremental_rows=10_000),
}

END = dt.datetime(2026, 6, 30, 12, tzinfo=dt.timezone.utc)  # the newest data point of every tier
SPAN_DAYS = 730
DAY_MS = 86_400_000
END_MS = int(END.timestamp() * 1000)
START_MS = END_MS - SPAN_DAYS * DAY_MS
DISCORD_EPOCH_MS = 1_420_070_400_000

SHARE_DISCORD, SHARE_FORUM = 0.78, 0.17          # the rest only come to events
SHARE_MESSAGES, SHARE_REACTIONS = 0.80, 0.13     # the rest are forum posts
REPLY_SHARE, TOPIC_SHARE, CHECK_IN_SHARE = 0.30, 0.20, 0.60
BOT_MESSAGE_SHARE = 0.01
EVENT_EVERY_DAYS = 14

CHANNELS = ("general", "help", "showcase", "off-topic", "announcements", "dev", "events", "jobs", "intros",
            "feedback")
CHANNEL_SHARES = (0.30, 0.22, 0.08, 0.12, 0.02, 0.10, 0.03, 0.03, 0.04, 0.06)
CATEGORIES = ("Support / Install", "Support / Usage", "Ideas", "Show and tell", "General")
EMOJI = ("👍", "❤️", "😂", "🎉", "🙏", "👀")
# Weekday (Monday first) and hour-of-day (UTC) rhythms, used as acceptance weights.
WEEKDAY_WEIGHT = np.array([1.0, 1.05, 1.05, 1.0, 0.9, 0.55, 0.5])
HOUR_WEIGHT = np.array([0.3, 0.25, 0.2, 0.2, 0.2, 0.25, 0.35, 0.5, 0.7, 0.85, 0.95, 1.0,
                        1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.9, 0.85, 0.75, 0.6, 0.5, 0.4])

FIRST_NAMES = ("Ana", "Ben", "Cleo", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lee", "Mei", "Noa",
               "Omar", "Pia", "Quinn", "Ravi", "Sara", "Tom", "Uma", "Vic", "Wen", "Xia", "Yusuf", "Zoe", "Aiko",
               "Bruno", "Chidi", "Dana", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jae", "Kofi", "Lena", "Mateo",
               "Nadia")
LAST_NAMES = ("Silva", "Smith", "Ito", "Okafor", "Novak", "Garcia", "Kim", "Nakamura", "Rossi", "Dubois",
              "Müller", "Kowalski", "Haddad", "Singh", "Chen", "Larsen", "Moreau", "Costa", "Yilmaz", "Petrov",
              "Olsen", "Mensah", "Tanaka", "Reyes", "Fischer", "Nguyen", "Ahmed", "Berg", "Cohen", "Diaz")


@dataclass
class Community:
    """Members, Discord messages and reactions, forum posts and event registrations as arrays."""

    tier: Tier
    members: pl.DataFrame       # member, kind (discord/forum/events), first, last, joined_ms, user_id, email
    messages: pl.DataFrame      # message_id, ms, channel, author, parent (message_id or null), text
    joins: pl.DataFrame         # author, ms: GuildMemberJoin messages
    reactions: pl.DataFrame     # message_id, emoji, reactor
    posts: pl.DataFrame         # post_id, topic_id, category, post_number, reply_to_*, author, ms, text
    events: pl.DataFrame        # event, title, starts_ms
    registrations: pl.DataFrame  # event, member, registered_ms, checked_in_ms (null: no-show)


def build(tier: Tier, seed: int = 7) -> Community:
    rng = np.random.default_rng(seed)
    members = draw_members(rng, tier.members)
    n_messages = round(tier.activities * SHARE_MESSAGES)
    n_reactions = round(tier.activities * SHARE_REACTIONS)
    discord = members.filter(pl.col("kind") == "discord")
    messages = draw_messages(rng, discord, n_messages)
    reactions = draw_reactions(rng, messages, discord, n_reactions)
    forum = members.filter(pl.col("kind") == "forum")
    posts = draw_posts(rng, forum, tier.activities - messages.height - reactions.height)
    events, registrations = draw_events(rng, members, tier.members, tier.event_every_days)
    joins = discord.filter(pl.col("joined_ms") >= START_MS).sample(fraction=0.6, seed=seed).select(
        author="member", ms="joined_ms")
    return Community(tier, members, messages, joins, reactions, posts, events, registrations)


def draw_members(rng: np.random.Generator, count: int) -> pl.DataFrame:
    kinds = rng.choice(np.array(["discord", "forum", "events"]), size=count,
                       p=[SHARE_DISCORD, SHARE_FORUM, 1 - SHARE_DISCORD - SHARE_FORUM])
    joined = growing_times(rng, count)
    founders = rng.random(count) < 0.10
    joined[founders] = START_MS - rng.integers(0, 365 * DAY_MS, founders.sum())
    index = np.arange(count)
    first = names(rng, FIRST_NAMES, count)
    last = names(rng, LAST_NAMES, count)
    lifetime = (30 + rng.exponential(365, count)) * DAY_MS
    frame = pl.DataFrame({
        "member": index, "kind": kinds, "first": first, "last": last, "joined_ms": joined,
        "until_ms": np.minimum(joined + lifetime.astype(np.int64), END_MS),
        "weight": rng.lognormal(0.0, 1.4, count),
    })
    return frame.with_columns(
        # A Discord account id: a snowflake of its creation time, unique through the member index.
        user_id=((pl.col("joined_ms") - DISCORD_EPOCH_MS) * (1 << 22) + pl.col("member")).cast(pl.String),
        handle=(pl.col("first") + "_" + pl.col("last") + pl.col("member").cast(pl.String)).str.to_lowercase(),
        email=(pl.col("first") + "." + pl.col("last") + "." + pl.col("member").cast(pl.String)
               + "@example.org").str.to_lowercase(),
    )


SYLLABLES = ("ka", "lo", "mi", "ra", "ne", "to", "sa", "vi", "du", "el", "an", "or", "ta", "ri", "bo", "ja", "ku",
             "le", "ma", "no", "pe", "si", "ul", "ya", "ze", "ho", "fi", "ga", "ron", "lin")


def names(rng: np.random.Generator, common: tuple[str, ...], count: int) -> np.ndarray:
    """A third of the people carry a common name, the others a rarer one made of syllables (as
    real communities do: many share a first or last name, few share both)."""
    common_names = np.array(common)[rng.integers(0, len(common), count)]
    syllables = np.array(SYLLABLES)
    rare = np.char.capitalize(np.char.add(np.char.add(syllables[rng.integers(0, 30, count)],
                                                      syllables[rng.integers(0, 30, count)]),
                                          syllables[rng.integers(0, 30, count)]))
    return np.where(rng.random(count) < 0.3, common_names, rare)


def growing_times(rng: np.random.Generator, count: int) -> np.ndarray:
    """Join times over the span with a density rising linearly (0.4 + t): inverse of its CDF."""
    u = rng.random(count)
    t = -0.4 + np.sqrt(0.16 + 1.8 * u)
    return (START_MS + t * SPAN_DAYS * DAY_MS).astype(np.int64)


def active_times(rng: np.random.Generator, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """One time per row in [start, end), quieter at weekends and at night: uniform draws kept
    with the weekday x hour weight, redrawn until every row has one."""
    result = np.empty(len(starts), dtype=np.int64)
    pending = np.arange(len(starts))
    while len(pending):
        lo, hi = starts[pending], np.maximum(ends[pending], starts[pending] + DAY_MS)
        times = lo + (rng.random(len(pending)) * (hi - lo)).astype(np.int64)
        days = times // DAY_MS
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
        hour = (times % DAY_MS) // 3_600_000
        keep = rng.random(len(pending)) < WEEKDAY_WEIGHT[weekday] * HOUR_WEIGHT[hour]
        result[pending[keep]] = times[keep]
        pending = pending[~keep]
    return result


def pick_by_weight(rng: np.random.Generator, people: pl.DataFrame, count: int) -> np.ndarray:
    """Row positions in `people`, drawn in proportion to their weight."""
    weights = people["weight"].to_numpy()
    return rng.choice(people.height, size=count, p=weights / weights.sum())


def draw_messages(rng: np.random.Generator, authors: pl.DataFrame, count: int, end_ms: int = END_MS) -> pl.DataFrame:
    rows = pick_by_weight(rng, authors, count)
    starts = np.maximum(authors["joined_ms"].to_numpy()[rows], START_MS)
    ends = np.minimum(authors["until_ms"].to_numpy()[rows], end_ms)
    ms = np.minimum(active_times(rng, starts, ends), end_ms)
    channel = rng.choice(len(CHANNELS), size=count, p=CHANNEL_SHARES)
    author = authors["member"].to_numpy()[rows]
    bots = rng.random(count) < BOT_MESSAGE_SHARE
    author[bots] = -1 - rng.integers(0, 2, bots.sum())  # two bot accounts: -1 and -2
    order = np.lexsort((ms, channel))  # by channel, then time: replies look back within a channel
    ms, channel, author = ms[order], channel[order], author[order]
    ids = snowflakes(ms)
    parent = reply_parents(rng, channel, ids)
    return pl.DataFrame({
        "message_id": ids, "ms": ms, "channel": channel.astype(np.int8), "author": author, "parent": parent,
        "text": rng.integers(0, 2**31 - 1, count),
    }).sort("ms")


def snowflakes(ms: np.ndarray) -> np.ndarray:
    """Discord ids: the time in the high bits, a sequence number in the low 22 (unique)."""
    sequence = np.arange(len(ms), dtype=np.int64) % (1 << 22)
    return ((ms - DISCORD_EPOCH_MS) << 22) | sequence


def reply_parents(rng: np.random.Generator, channel: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """For rows sorted by channel then time: 30% answer one of the few messages before them in
    the same channel; -1 for no parent."""
    count = len(ids)
    back = rng.geometric(0.15, count)
    candidate = np.arange(count) - back
    valid = (rng.random(count) < REPLY_SHARE) & (candidate >= 0)
    valid &= channel[np.clip(candidate, 0, None)] == channel
    return np.where(valid, ids[np.clip(candidate, 0, None)], -1)


def draw_reactions(rng: np.random.Generator, messages: pl.DataFrame, reactors: pl.DataFrame,
                   count: int) -> pl.DataFrame:
    """Reactions given: a message (any), an emoji, a reactor by weight; each (message, emoji,
    reactor) at most once, so a few more are drawn than needed."""
    drawn = int(count * 1.05) + 10
    picked = pl.DataFrame({
        "message_id": messages["message_id"].to_numpy()[rng.integers(0, messages.height, drawn)],
        "emoji": rng.integers(0, len(EMOJI), drawn).astype(np.int8),
        "reactor": reactors["member"].to_numpy()[pick_by_weight(rng, reactors, drawn)],
    })
    return picked.unique(maintain_order=True).head(count)


def draw_posts(rng: np.random.Generator, authors: pl.DataFrame, count: int) -> pl.DataFrame:
    """Forum posts: topics (first posts) and replies to a recent topic, numbered within it."""
    rows = pick_by_weight(rng, authors, count)
    ms = np.sort(active_times(rng, np.maximum(authors["joined_ms"].to_numpy()[rows], START_MS),
                              authors["until_ms"].to_numpy()[rows]))
    ms = np.minimum(ms, END_MS)
    author = authors["member"].to_numpy()[rows][rng.permutation(count)]
    post_id = np.arange(1, count + 1, dtype=np.int64) + 1000
    is_topic = rng.random(count) < TOPIC_SHARE
    is_topic[0] = True
    topic_rows = np.flatnonzero(is_topic)
    # A reply answers one of the ~20 topics opened before it.
    before = np.searchsorted(topic_rows, np.arange(count), side="right") - 1
    chosen = np.clip(before - rng.geometric(0.08, count) + 1, 0, None)
    topic_row = np.where(is_topic, np.arange(count), topic_rows[chosen])
    frame = pl.DataFrame({
        "post_id": post_id, "ms": ms, "author": author, "topic_row": topic_row,
        "first_post_id": post_id[topic_row], "text": rng.integers(0, 2**31 - 1, count),
        "category": rng.integers(0, len(CATEGORIES), count).astype(np.int8),
    })
    frame = frame.with_columns(
        topic_id=pl.col("topic_row") + 100,
        category=pl.col("category").gather(pl.col("topic_row")),
        post_number=pl.col("post_id").cum_count().over("topic_row"),
    )
    # Half the replies answer an earlier post of the topic rather than its first post.
    answer = rng.random(count) < 0.5
    frame = frame.with_columns(pick=pl.Series(answer) & (pl.col("post_number") > 2),
                               back=pl.Series(rng.integers(1, 4, count)))
    frame = frame.with_columns(
        reply_to_post_number=pl.when(pl.col("pick")).then(
            (pl.col("post_number") - pl.col("back")).clip(lower_bound=2)).otherwise(None))
    numbered = frame.select(pl.col("topic_row"), pl.col("post_number").alias("reply_to_post_number"),
                            pl.col("post_id").alias("reply_to_post_id"))
    return frame.join(numbered, on=["topic_row", "reply_to_post_number"], how="left").drop("pick", "back")


def draw_events(rng: np.random.Generator, members: pl.DataFrame, count: int,
                every_days: int = EVENT_EVERY_DAYS) -> tuple[pl.DataFrame, pl.DataFrame]:
    """An event every two weeks (or `every_days`), 18:00 UTC; registrations grow with the community: forum members
    (by weight) and people who only come to events."""
    starts = np.arange(START_MS + 10 * DAY_MS, END_MS - DAY_MS, every_days * DAY_MS) // DAY_MS * DAY_MS
    starts = starts + 18 * 3_600_000
    events = pl.DataFrame({"event": np.arange(len(starts)), "starts_ms": starts,
                           "title": [f"Community Call #{k + 1}" for k in range(len(starts))]})
    forum = members.filter(pl.col("kind") == "forum")
    visitors = members.filter(pl.col("kind") == "events")
    per_event = max(10, round(count * 0.004))
    frames = []
    for event, start in enumerate(starts):
        growth = 0.5 + (start - START_MS) / (END_MS - START_MS)
        size = max(5, round(per_event * growth))
        chosen = np.concatenate([
            forum["member"].to_numpy()[pick_by_weight(rng, forum, round(size * 0.7))],
            visitors["member"].to_numpy()[rng.integers(0, visitors.height, size - round(size * 0.7))],
        ])
        chosen = np.unique(chosen)
        checked = rng.random(len(chosen)) < CHECK_IN_SHARE
        frames.append(pl.DataFrame({
            "event": np.full(len(chosen), event), "member": chosen,
            "registered_ms": start - rng.integers(DAY_MS, 20 * DAY_MS, len(chosen)),
            "checked_in_ms": np.where(checked, start + rng.integers(0, 40 * 60_000, len(chosen)), -1),
        }))
    registrations = pl.concat(frames).with_columns(
        checked_in_ms=pl.when(pl.col("checked_in_ms") >= 0).then(pl.col("checked_in_ms")))
    return events, registrations


def channel_messages(tier_members: int, count: int, seed: int, after_ms: int | None = None,
                     authors: pl.DataFrame | None = None) -> pl.DataFrame:
    """One channel's messages for a standalone file (the ingest and incremental benchmarks):
    `count` messages by `authors` (else a fresh Discord community of tier_members people), all
    after `after_ms` when given (newer than a warehouse's data)."""
    rng = np.random.default_rng(seed)
    if authors is None:
        authors = draw_members(rng, tier_members).with_columns(kind=pl.lit("discord"))
    end_ms = END_MS
    if after_ms is not None:
        end_ms = after_ms + 7 * DAY_MS
        authors = authors.with_columns(joined_ms=pl.lit(after_ms), until_ms=pl.lit(end_ms))
    messages = draw_messages(rng, authors, count, end_ms)
    return messages.with_columns(channel=pl.lit(0, dtype=pl.Int8))
