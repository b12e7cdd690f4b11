"""A small community whose sentiment metrics were computed by hand (tests/test_sentiment_*.py).

Polarities are stated by hand (POLARITY below, exact binary fractions so sums are exact): the
warehouse is loaded through the real loader, then re-scored with a "by-hand" scorer that
returns them (pipelines.load.rescore, the same path as a change of scorer). All times 2026 UTC,
all on Discord. ana, ben, cleo are members; sam is staff; buildbot is a bot.

April (the period under test; the previous period of the same length is 2–31 March):
  #help   T1 ana 04-02 10:00 "The login page is broken again" -0.75; sam replies 11:00 "Looking into it" 0
          T2 ben 04-03 09:00 "Login page broken for me too" -0.5; cleo replies 10:00
             "Same, the login page is slow" -0.25; no staff reply; a reaction by ana (no text)
          T6 ben 04-12 10:00 "Billing is confusing" -0.05 (neutral: not below -0.05)
          T7 buildbot 04-13 09:00 "Build failed" -0.875
  #general T3 cleo 04-05 12:00 "Thanks for the great release" 0.875
          T4 sam 04-06 08:00 "Office hours today" 0; ana replies 09:00 "Office hours are too short" -0.375
          T5 ana 04-10 10:00 "Docs are fine" 0.05 (neutral: not above 0.05)
          T8 sam 04-14 12:00 "We are sorry about the outage" -0.625
          T9 cleo 04-20 15:00 "Love the new dashboard" 0.625
March (#help): ana 03-10 "The login page is broken" -0.5; ben 03-12 "Broken link in the docs" -0.125;
          cleo 03-15 "Great docs" 0.5

Humans only, April: 8 texts (ana -0.75, -0.375, 0.05; ben -0.5, -0.05; cleo -0.25, 0.875, 0.625):
  positive 2 (25%), neutral 2 (25%), negative 4 (50%); mean = -0.375 / 8 = -0.046875; net = 25 - 50 = -25 pts.
With bots and staff: + sam 0, 0, -0.625 and buildbot -0.875: 12 texts, positive 2, neutral 4,
  negative 6; mean = (-0.375 - 1.5) / 12 = -0.15625; net = (2 - 6) / 12 = -33.3 pts.
Most negative (humans): ana -0.75 (T1), ben -0.5 (T2), ana -0.375 (T4 reply), cleo -0.25 (T2 reply).
Needs a reply: ben -0.5, ana -0.375 (sam's own thread, nothing from staff after her), cleo -0.25;
  not ana's T1 (sam replied after it).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pipelines.load.loader import load_parsed
from pipelines.load.rescore import rescore
from pipelines.parse.frames import ACTIVITY_SCHEMA, IDENTITY_SCHEMA, ParsedExport, frame
from pipelines.sentiment import Scorer

HAND_SCORER = "by-hand"

POLARITY = {
    "The login page is broken again": -0.75, "Looking into it": 0.0,
    "Login page broken for me too": -0.5, "Same, the login page is slow": -0.25,
    "Billing is confusing": -0.05, "Build failed": -0.875,
    "Thanks for the great release": 0.875, "Office hours today": 0.0, "Office hours are too short": -0.375,
    "Docs are fine": 0.05, "We are sorry about the outage": -0.625, "Love the new dashboard": 0.625,
    "The login page is broken": -0.5, "Broken link in the docs": -0.125, "Great docs": 0.5,
}


def by_hand(texts: list[str]) -> list[float]:
    return [POLARITY.get(text, 0.0) for text in texts]


def hand_scorer() -> Scorer:
    return Scorer(HAND_SCORER, "Polarities stated by hand (tests)", "The test community's stated polarities.",
                  by_hand, one_at_a_time=False)


def at(month: int, day: int, hour: int = 0) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


def person(user_id: str, name: str, *, is_bot: bool = False, is_staff: bool = False) -> dict:
    return {"platform": "discord", "platform_user_id": user_id, "handle": user_id, "display_name": name,
            "email": None, "is_bot": is_bot, "is_staff": is_staff, "joined_at": at(1, 1)}


def post(key: str, user: str, when: datetime, text: str | None, *, channel: str = "help", thread: str | None = None,
         kind: str | None = None) -> dict:
    return {"activity_id": f"discord:{key}", "platform": "discord", "channel": channel,
            "thread_id": f"discord:{thread or key}", "parent_id": f"discord:{thread}" if thread else None,
            "platform_user_id": user, "activity_type": kind or ("reply" if thread else "message"),
            "occurred_at": when, "text": text, "reactions": None, "replies": None, "shares": None,
            "impressions": None, "engagements": None, "url": f"https://discord.com/channels/1/2/{key}"}


PEOPLE = [person("ana", "Ana"), person("ben", "Ben"), person("cleo", "Cleo"), person("sam", "Sam", is_staff=True),
          person("buildbot", "BuildBot", is_bot=True)]

ACTIVITIES = [
    post("t1", "ana", at(4, 2, 10), "The login page is broken again"),
    post("t1r", "sam", at(4, 2, 11), "Looking into it", thread="t1"),
    post("t2", "ben", at(4, 3, 9), "Login page broken for me too"),
    post("t2r", "cleo", at(4, 3, 10), "Same, the login page is slow", thread="t2"),
    post("t2a", "ana", at(4, 3, 9), None, thread="t2", kind="reaction"),
    post("t3", "cleo", at(4, 5, 12), "Thanks for the great release", channel="general"),
    post("t4", "sam", at(4, 6, 8), "Office hours today", channel="general"),
    post("t4r", "ana", at(4, 6, 9), "Office hours are too short", channel="general", thread="t4"),
    post("t5", "ana", at(4, 10, 10), "Docs are fine", channel="general"),
    post("t6", "ben", at(4, 12, 10), "Billing is confusing"),
    post("t7", "buildbot", at(4, 13, 9), "Build failed"),
    post("t8", "sam", at(4, 14, 12), "We are sorry about the outage", channel="general"),
    post("t9", "cleo", at(4, 20, 15), "Love the new dashboard", channel="general"),
    post("m1", "ana", at(3, 10, 12), "The login page is broken"),
    post("m2", "ben", at(3, 12, 12), "Broken link in the docs"),
    post("m3", "cleo", at(3, 15, 12), "Great docs"),
]


def build(db_path: Path) -> Path:
    """The warehouse, scored by hand. The caller registers hand_scorer() in pipelines.sentiment.SCORERS
    (monkeypatch.setitem) for as long as the warehouse is used."""
    parsed = ParsedExport("discord_json", identities=frame(PEOPLE, IDENTITY_SCHEMA),
                          activities=frame(ACTIVITIES, ACTIVITY_SCHEMA))
    load_parsed(db_path, "sentiment.json", "sentiment-community", parsed, loaded_by="tests")
    rescore(db_path, HAND_SCORER)
    return db_path
