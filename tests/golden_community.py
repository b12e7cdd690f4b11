"""A small community whose every metric was computed by hand (see the test files that use it).

Built as parsed frames and stored through the real loader, so the warehouse, views and
queries under test are the production ones. All times UTC, year 2026 unless stated.

People (Discord ids; ana, ben and dan also registered on Luma with the same email):
  ana  joined 03-01 · ben joined 02-15 · cleo joined 04-01 10:00 · dan joined 04-28
  fay  joined 2025-12-01 · gus joined 2025-12-15 · hal joined 04-12
  sam  staff (source flag) · helperbot (bot) · eve and ivy: Luma only
Threads in #help (reply = r, reactions dated with the message):
  T1 ana 04-02 10:00; ana self-reply 10:30; sam 12:00; ben 13:00; reactions cleo, dan
  T2 ben 04-05 09:00; helperbot 09:01; cleo 04-06 09:00; reaction hal
  T3 cleo 04-10 12:00, no reply          T4 sam 04-11 08:00; ana 09:00
  T5 dan 04-29 22:00; ben 05-01 01:00    T6 ben 03-31 20:00; cleo 04-01 02:00
  T7 ana 04-20 10:00, no reply; reaction ben
#general: fay 01-20, 01-27, 02-03, 02-10, 02-17; gus 01-10, 01-25, 02-05, 02-12 (all 12:00)
Events (Luma): March Meetup 03-10 18:00 (ana attended, ben no-show);
  Spring Meetup 04-15 18:00 (ana 90 min, dan 60, eve 30 attended; ivy no-show)
X posts of the community's own account: 04-01 (1000 impressions, 30 engagements, 20 likes,
  2 replies, 5 reposts) and 04-15 (500, 5, 3, 1, 0).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pipelines.load.loader import load_parsed
from pipelines.parse.frames import (
    ACTIVITY_SCHEMA,
    ATTENDANCE_SCHEMA,
    EVENT_SCHEMA,
    IDENTITY_SCHEMA,
    ParsedExport,
    frame,
)


def at(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def person(user_id, name, joined, email=None, is_bot=False, is_staff=False, platform="discord"):
    return {"platform": platform, "platform_user_id": user_id, "handle": user_id, "display_name": name,
            "email": email, "is_bot": is_bot, "is_staff": is_staff, "joined_at": joined}


def activity(key, user, kind, when, text=None, parent=None, thread=None, channel="help", **counts):
    return {"activity_id": f"discord:{key}", "platform": "discord", "channel": channel,
            "thread_id": f"discord:{thread or key}", "parent_id": f"discord:{parent}" if parent else None,
            "platform_user_id": user, "activity_type": kind, "occurred_at": when, "text": text,
            "reactions": None, "replies": None, "shares": None, "impressions": None, "engagements": None,
            "url": f"https://discord.com/channels/1/2/{key}", **counts}


def reply(key, user, when, thread, text="ok", parent=None):
    return activity(key, user, "reply", when, text, parent=parent or thread, thread=thread)


def reaction(key, user, when, on):
    return activity(key, user, "reaction", when, None, parent=on, thread=on)


DISCORD_PEOPLE = [
    person("ana", "Ana", at(3, 1), "ana@example.com"),
    person("ben", "Ben", at(2, 15), "ben@example.com"),
    person("cleo", "Cleo", at(4, 1, 10)),
    person("dan", "Dan", at(4, 28), "dan@example.com"),
    person("fay", "Fay", at(12, 1, year=2025)),
    person("gus", "Gus", at(12, 15, year=2025)),
    person("hal", "Hal", at(4, 12)),
    person("sam", "Sam", at(6, 1, year=2025), is_staff=True),
    person("helperbot", "HelperBot", at(6, 1, year=2025), is_bot=True),
]

DISCORD_ACTIVITIES = [
    activity("t1", "ana", "message", at(4, 2, 10), "How do I export data?"),
    reply("t1r1", "ana", at(4, 2, 10, 30), "t1", "Found part of it"),
    reply("t1r2", "sam", at(4, 2, 12), "t1", "Use the export menu"),
    reply("t1r3", "ben", at(4, 2, 13), "t1", "Settings, then Export"),
    reaction("t1c", "cleo", at(4, 2, 10), "t1"),
    reaction("t1d", "dan", at(4, 2, 10), "t1"),
    activity("t2", "ben", "message", at(4, 5, 9), "Is there an API?"),
    reply("t2r1", "helperbot", at(4, 5, 9, 1), "t2", "Automated: see the docs"),
    reply("t2r2", "cleo", at(4, 6, 9), "t2", "Yes, the REST API"),
    reaction("t2h", "hal", at(4, 5, 9), "t2"),
    activity("t3", "cleo", "message", at(4, 10, 12), "Anyone using the CLI?"),
    activity("t4", "sam", "message", at(4, 11, 8), "Office hours today"),
    reply("t4r1", "ana", at(4, 11, 9), "t4", "See you there"),
    activity("t5", "dan", "message", at(4, 29, 22), "Login fails for me"),
    reply("t5r1", "ben", at(5, 1, 1), "t5", "Try resetting"),
    activity("t6", "ben", "message", at(3, 31, 20), "Where are the docs?"),
    reply("t6r1", "cleo", at(4, 1, 2), "t6", "docs.example.com"),
    activity("t7", "ana", "message", at(4, 20, 10), "Sharing my dashboard"),
    reaction("t7b", "ben", at(4, 20, 10), "t7"),
    *[activity(f"fay{d}", "fay", "message", when, "hello", channel="general")
      for d, when in enumerate([at(1, 20, 12), at(1, 27, 12), at(2, 3, 12), at(2, 10, 12), at(2, 17, 12)])],
    *[activity(f"gus{d}", "gus", "message", when, "hi", channel="general")
      for d, when in enumerate([at(1, 10, 12), at(1, 25, 12), at(2, 5, 12), at(2, 12, 12)])],
]

LUMA_PEOPLE = [person(email, name, None, email, platform="luma") for email, name in [
    ("ana@example.com", "Ana L"), ("ben@example.com", "Ben L"), ("dan@example.com", "Dan L"),
    ("eve@example.com", "Eve"), ("ivy@example.com", "Ivy")]]

EVENTS = [
    {"event_id": "luma:march", "platform": "luma", "title": "March Meetup", "starts_at": at(3, 10, 18), "ends_at": None},
    {"event_id": "luma:spring", "platform": "luma", "title": "Spring Meetup", "starts_at": at(4, 15, 18),
     "ends_at": None},
]


def registration(event, email, registered, attended, minutes=None):
    return {"event_id": event, "platform": "luma", "platform_user_id": email, "registered_at": registered,
            "attended": attended, "minutes_attended": minutes}


REGISTRATIONS = [
    registration("luma:march", "ana@example.com", at(3, 1, 12), True),
    registration("luma:march", "ben@example.com", at(3, 2), False),
    registration("luma:spring", "ana@example.com", at(4, 3), True, 90.0),
    registration("luma:spring", "dan@example.com", at(4, 10), True, 60.0),
    registration("luma:spring", "eve@example.com", at(4, 8), True, 30.0),
    registration("luma:spring", "ivy@example.com", at(4, 9), False),
]


def x_post(key, when, impressions, engagements, likes, replies, reposts):
    return {"activity_id": f"x:{key}", "platform": "x", "channel": "@pulse", "thread_id": f"x:{key}",
            "parent_id": None, "platform_user_id": "pulse", "activity_type": "post", "occurred_at": when,
            "text": f"post {key}", "reactions": likes, "replies": replies, "shares": reposts,
            "impressions": impressions, "engagements": engagements, "url": f"https://x.com/pulse/status/{key}"}


X_ACCOUNT = [person("pulse", "@pulse", None, is_staff=True, platform="x")]
X_POSTS = [x_post("1", at(4, 1, 12), 1000, 30, 20, 2, 5), x_post("2", at(4, 15, 12), 500, 5, 3, 1, 0)]


def build(db_path: Path) -> Path:
    exports = [
        ("discord.json", ParsedExport("discord_json", identities=frame(DISCORD_PEOPLE, IDENTITY_SCHEMA),
                                      activities=frame(DISCORD_ACTIVITIES, ACTIVITY_SCHEMA))),
        ("luma.csv", ParsedExport("luma_guests", identities=frame(LUMA_PEOPLE, IDENTITY_SCHEMA),
                                  events=frame(EVENTS, EVENT_SCHEMA),
                                  attendance=frame(REGISTRATIONS, ATTENDANCE_SCHEMA))),
        ("x.csv", ParsedExport("x_tweet_activity", identities=frame(X_ACCOUNT, IDENTITY_SCHEMA),
                               activities=frame(X_POSTS, ACTIVITY_SCHEMA))),
    ]
    for name, parsed in exports:
        load_parsed(db_path, name, f"golden-{name}", parsed, loaded_by="tests")
    return db_path
