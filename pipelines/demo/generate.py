"""Demo data: deterministic export files in the real formats of Discord, X and Luma.

The demo warehouse is built by ingesting these files through the same parsers as a user's own
exports, so each file follows its tool's real output byte for byte:

- DiscordChatExporter JSON (a recent version: ``exportedAt``, author roles, reaction users,
  ``components``/``inlineEmojis``), one file per channel, indented with two spaces like DCE;
- X (Twitter) "tweet activity" CSV, one file per calendar month, 40 quoted columns, LF;
- Luma guest list CSV, one file per event, UTF-8 BOM, CRLF, a custom question as last column.

The simulated community ("Pulse Community", around an open-source SDK) covers the 18 calendar
months ending at ``end``. It grows (more people join in later months), is quieter on weekends,
in summer and at the end of December, and goes through a six-week crisis (a breaking 3.0.0
release) that ends about four months before ``end``. Most people post a few times and fade, a
core posts a lot, and a few regulars go quiet in the last 30 days.

Everything derives from ``random.Random`` streams seeded by ``seed`` and from ``end``: no wall
clock, no set iteration, no ``hash()``. The same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# ----------------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoManifest:
    files: list[Path]  # every file written, in a stable order: Discord, X, Luma
    staff: list[tuple[str, str]]  # (platform, platform_user_id) of the community team
    expected: dict[str, int]  # headline counts of what was written (see write_demo_exports)


def write_demo_exports(out_dir: Path, *, end: dt.date, seed: int = 7) -> DemoManifest:
    """Write the demo exports under out_dir/{discord,x,luma} and describe them.

    ``expected`` holds counts of what the files contain:
    discord_messages (type Default or Reply, bots included), discord_human_messages,
    discord_bot_messages, discord_join_messages (GuildMemberJoin), discord_people (distinct
    non-bot author ids, join messages included; every reactor and mentioned user is one of
    them), discord_staff, discord_reactions_given (entries in reaction ``users`` lists),
    discord_files, x_posts, x_impressions, x_engagements, x_files, events (= Luma files),
    luma_registrations (approved rows), luma_checked_in, luma_declined_or_waitlisted,
    luma_guests (distinct emails), luma_returning_guests (emails on two or more events).
    """
    out_dir = Path(out_dir)
    if isinstance(end, dt.datetime):
        end = end.date()
    period = Period.ending(end)
    crisis = Crisis.before(end)
    names = NameBook(random.Random(_stream_seed(seed, "names")))

    community = build_community(random.Random(_stream_seed(seed, "people")), period, names)
    texts = build_text_pools(random.Random(_stream_seed(seed, "texts")), community.famous)
    messages, releases = simulate_discord(
        random.Random(_stream_seed(seed, "discord")), period, crisis, community, texts
    )
    discord_files = write_discord_files(
        out_dir / "discord", random.Random(_stream_seed(seed, "discord-files")), period, community, messages
    )
    events = plan_events(random.Random(_stream_seed(seed, "events")), period)
    luma_files, luma_counts = write_luma_files(
        out_dir / "luma", random.Random(_stream_seed(seed, "luma")), period, events, community, names
    )
    x_files, x_counts = write_x_files(
        out_dir / "x", random.Random(_stream_seed(seed, "x")), period, crisis, releases, events
    )

    expected = {
        **discord_counts(messages, community),
        "discord_files": len(discord_files),
        **x_counts,
        "x_files": len(x_files),
        **luma_counts,
    }
    staff = [("discord", str(person.user_id)) for person in community.staff]
    return DemoManifest(files=discord_files + x_files + luma_files, staff=staff, expected=expected)


def _stream_seed(seed: int, purpose: str) -> int:
    """One independent random stream per purpose, so changing one platform leaves the others as they were."""
    return seed * 1_000_003 + sum((index + 1) * ord(char) for index, char in enumerate(purpose))


# ----------------------------------------------------------------------------------------------
# Calendar: the period, its rhythm, the crisis, time formats and ids
# ----------------------------------------------------------------------------------------------

MONTHS = 18
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
MINUTE_MS = 60_000
UNIX_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
DISCORD_EPOCH_MS = 1_420_070_400_000
TWITTER_EPOCH_MS = 1_288_834_974_657
CUTOFF_HOUR = 12  # the newest data point is on `end`, before midday UTC, like an export taken at lunch

WEEKDAY_WEIGHT = (1.0, 1.06, 1.06, 1.0, 0.9, 0.55, 0.5)  # Monday first: communities rest on weekends
SUMMER_DIP = 0.72
HOLIDAY_DIP = 0.4


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # inclusive

    @staticmethod
    def ending(end: dt.date) -> Period:
        year, month = end.year, end.month - (MONTHS - 1)
        while month <= 0:
            month += 12
            year -= 1
        return Period(dt.date(year, month, 1), end)

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.n_days)]

    def day_of(self, ms: int) -> int:
        """Index of the day holding that instant, clamped to the period."""
        return max(0, min((ms - self.start_ms) // DAY_MS, self.n_days - 1))

    @property
    def start_ms(self) -> int:
        return day_ms(self.start)

    @property
    def cutoff_ms(self) -> int:
        return day_ms(self.end) + CUTOFF_HOUR * HOUR_MS

    def months(self) -> list[tuple[dt.date, dt.date]]:
        """(first day, first day of the next month) for each of the 18 months."""
        firsts = [self.start]
        while len(firsts) <= MONTHS:
            first = firsts[-1]
            firsts.append(dt.date(first.year + first.month // 12, first.month % 12 + 1, 1))
        return list(zip(firsts[:-1], firsts[1:]))


def seasonal_weight(day: dt.date) -> float:
    """How busy a day is compared with an ordinary weekday."""
    weight = WEEKDAY_WEIGHT[day.weekday()]
    if (day.month == 7 and day.day >= 8) or day.month == 8:
        weight *= SUMMER_DIP
    if (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 2):
        weight *= HOLIDAY_DIP
    return weight


@dataclass(frozen=True)
class Crisis:
    """The "breaking release" weeks: more questions, more complaints, then recovery."""

    start: dt.date
    end: dt.date  # inclusive

    @staticmethod
    def before(end: dt.date) -> Crisis:
        crisis_end = end - dt.timedelta(days=120)
        return Crisis(crisis_end - dt.timedelta(days=41), crisis_end)

    def intensity(self, day: dt.date) -> float:
        """0 outside; ramps up over the first week, full, then fades over the last two weeks."""
        if day < self.start or day > self.end:
            return 0.0
        since_start = (day - self.start).days + 1
        until_end = (self.end - day).days + 1
        return min(1.0, since_start / 7, until_end / 14)

    def recovering(self, day: dt.date) -> bool:
        return self.end < day <= self.end + dt.timedelta(days=21)


def day_ms(day: dt.date) -> int:
    return (day.toordinal() - dt.date(1970, 1, 1).toordinal()) * DAY_MS


def ms_datetime(ms: int) -> dt.datetime:
    return UNIX_EPOCH + dt.timedelta(milliseconds=ms)


def dce_timestamp(ms: int, extra_ticks: int = 0) -> str:
    """DCE (System.Text.Json) writes the fraction without trailing zeros, and none at all when zero.

    extra_ticks: 100-nanosecond ticks below the millisecond (a clock reading has them, Discord's don't).
    """
    fraction = f"{ms % 1000:03d}{extra_ticks:04d}".rstrip("0")
    return ms_datetime(ms).strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "+00:00"


def iso_z(ms: int) -> str:
    return ms_datetime(ms).strftime("%Y-%m-%dT%H:%M:%SZ")


def discord_snowflake(ms: int, counter: int) -> int:
    """Discord ids encode their creation time, so they sort by time."""
    return ((ms - DISCORD_EPOCH_MS) << 22) + counter % 4096


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


MIXED_CASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"


def random_token(rng: random.Random, length: int, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


# Local hour of day people post at (0..23); shifted by each person's time zone.
LOCAL_HOUR_WEIGHTS = (1, 0.6, 0.35, 0.25, 0.25, 0.35, 0.7, 1.4, 2.4, 3.3, 3.9, 4.1,
                      3.9, 4.0, 4.2, 4.3, 4.2, 4.0, 3.8, 3.6, 3.4, 3.0, 2.4, 1.6)
LOCAL_HOURS = tuple(range(24))
CUMULATIVE_HOUR_WEIGHTS = tuple(sum(LOCAL_HOUR_WEIGHTS[: i + 1]) for i in range(24))
TIME_ZONES = (-8, -7, -5, -5, -4, -3, 0, 1, 1, 1, 2, 2, 3, 5, 8, 9, 10)  # UTC offsets, weighted by repetition


def time_on_day(rng: random.Random, day_index_ms: int, tz_shift: int) -> int:
    """A millisecond on that UTC day when someone in that time zone would plausibly post."""
    local_hour = rng.choices(LOCAL_HOURS, cum_weights=CUMULATIVE_HOUR_WEIGHTS)[0]
    utc_hour = (local_hour - tz_shift) % 24
    return day_index_ms + utc_hour * HOUR_MS + rng.randrange(HOUR_MS)


# ----------------------------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Aaliyah", "Aaron", "Abdul", "Ada", "Adebayo", "Adrian", "Aiko", "Aisha", "Akira", "Alejandro", "Alex",
    "Alice", "Amara", "Amelia", "Amir", "Ana", "Andrea", "Andrei", "Anika", "Anna", "Arjun", "Astrid",
    "Ava", "Beatriz", "Ben", "Bianca", "Björn", "Blessing", "Bruno", "Camila", "Carlos", "Carmen", "Chen",
    "Chiara", "Chloé", "Chris", "Daniel", "Daniela", "David", "Deepa", "Diego", "Dmitri", "Elena", "Eli",
    "Elif", "Emeka", "Emily", "Emma", "Erik", "Ethan", "Fatima", "Felix", "Fernando", "Finn", "Freya",
    "Gabriel", "Grace", "Hana", "Hannah", "Hassan", "Hiroshi", "Ibrahim", "Ines", "Ingrid", "Isaac",
    "Isabel", "Ivan", "Jack", "Jamal", "James", "Javier", "Jin", "Joao", "Jonas", "Jordan", "José",
    "Julia", "Kai", "Kaito", "Karan", "Kateryna", "Kavya", "Kenji", "Kofi", "Lara", "Laura", "Layla",
    "Leila", "Leo", "Liam", "Lina", "Lucas", "Lucia", "Luis", "Maya", "Mai", "Malik", "Marco", "Maria",
    "Mariana", "Marta", "Mateo", "Matteo", "Mei", "Mia", "Miguel", "Mohammed", "Nadia", "Naomi", "Nathan",
    "Nia", "Nikhil", "Nina", "Noah", "Nora", "Olga", "Oliver", "Omar", "Oscar", "Pablo", "Paula", "Pedro",
    "Priya", "Rafael", "Rahul", "Rania", "Ravi", "Renée", "Ricardo", "Rosa", "Ryan", "Sakura", "Samir",
    "Sara", "Sebastian", "Sergio", "Shreya", "Sofia", "Sophie", "Stefan", "Sun", "Tariq", "Tomas", "Uma",
    "Valentina", "Victor", "Wei", "Yara", "Yuki", "Yusuf", "Zainab", "Zara", "Zoë",
)

LAST_NAMES = (
    "Abbott", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Ansah", "Bauer", "Becker", "Bianchi", "Bose",
    "Brown", "Campbell", "Carter", "Castillo", "Chen", "Cohen", "Costa", "Cruz", "Da Silva", "Das",
    "Dubois", "Eriksson", "Evans", "Fernandes", "Fischer", "Fofana", "Garcia", "Gomez", "Gonzalez",
    "Gupta", "Haddad", "Hansen", "Hernandez", "Hoffmann", "Huang", "Hughes", "Ibrahim", "Ito", "Ivanova",
    "Jansen", "Jensen", "Johnson", "Kaur", "Khan", "Kim", "Kowalski", "Kumar", "Larsen", "Laurent", "Lee",
    "Lewis", "Li", "Lim", "Lopez", "Martin", "Martinez", "Mehta", "Mensah", "Meyer", "Miller", "Moreau",
    "Morris", "Müller", "Murphy", "Nakamura", "Nguyen", "Novak", "Núñez", "O'Brien", "Okafor", "Okoye",
    "Oliveira", "Olsen", "Ortiz", "Park", "Patel", "Perez", "Petrov", "Popescu", "Quinn", "Rahman",
    "Ramirez", "Reddy", "Reyes", "Richter", "Rivera", "Roberts", "Rodriguez", "Romano", "Rossi", "Ruiz",
    "Sanchez", "Santos", "Sato", "Schmidt", "Schneider", "Shah", "Silva", "Singh", "Smith", "Sokolov",
    "Suzuki", "Tanaka", "Taylor", "Thomas", "Torres", "Tran", "Turner", "Van Dijk", "Vargas", "Walker",
    "Wang", "Weber", "Williams", "Wilson", "Wong", "Wu", "Yamamoto", "Yang", "Yilmaz", "Young", "Zhang",
    "Zhou", "Zielinski",
)

FUN_NICKNAMES = (
    "pixel wrangler", "night owl", "data goblin", "yaml whisperer", "coffee first", "404 brain",
    "sync or swim", "just lurking", "the tinkerer", "async andy", "null pointer", "byte me",
    "chaos engineer", "dashboard dad", "query queen", "semicolon", "rubber duck", "tab hoarder",
)


class NameBook:
    """Hands out (first, last) pairs never used before, so a name identifies one person."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._taken: set[tuple[str, str]] = set()

    def new_name(self) -> tuple[str, str]:
        while True:
            name = (self._rng.choice(FIRST_NAMES), self._rng.choice(LAST_NAMES))
            if name not in self._taken:
                self._taken.add(name)
                return name


def ascii_slug(text: str) -> str:
    """'Núñez' -> 'nunez', "O'Brien" -> 'obrien': handles and emails are plain ASCII."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


# ----------------------------------------------------------------------------------------------
# The Discord community: people, roles, bots
# ----------------------------------------------------------------------------------------------

GUILD_NAME = "Pulse Community"
STAFF_COUNT = 8
MODERATORS = 2  # of the staff, these carry "Moderator" instead of "Staff"
TARGET_JOINERS = 2650  # people joining during the 18 months
JOINER_SEGMENTS = (("lurker", 0.32), ("casual", 0.47), ("regular", 0.15), ("core", 0.06))
OLD_SEGMENTS = (("core", 40), ("regular", 60), ("casual", 92))  # with the staff, 200 who joined before
# the window: they have no join message
SLIPPING_AWAY = 24  # formerly active people who go quiet before the last 30 days

# name, colour, position; DCE lists a member's roles from the highest position down
ROLES = {
    "Bots": ("#95A5A6", 7),
    "Staff": ("#E67E22", 6),
    "Moderator": ("#3498DB", 5),
    "Contributor": ("#2ECC71", 4),
    "Event Host": ("#E91E63", 3),
    "Regular": ("#9B59B6", 2),
}


@dataclass(eq=False)
class Person:
    first: str
    last: str
    handle: str
    nickname: str
    user_id: int
    avatar_url: str
    segment: str  # staff, core, regular, casual, lurker, bot
    joined_ms: int
    joined_in_window: bool
    active_from: int  # day index
    active_until: int  # day index, inclusive
    rate: float  # own posts per ordinary weekday
    half_life: float  # days; activity fades for casual people
    tz_shift: int
    roles: tuple[str, ...] = ()
    discriminator: str = "0000"
    is_bot: bool = False
    wrote_something: bool = False  # set once messages are final; only such people react

    @property
    def color(self) -> str | None:
        return ROLES[self.roles[0]][0] if self.roles else None


@dataclass
class Community:
    guild_id: int
    role_ids: dict[str, int]
    people: list[Person]  # humans, old members first, then joiners by join time
    staff: list[Person]
    welcome_bot: Person
    github_bot: Person
    famous: list[Person]  # long-standing members others @mention
    present_by_day: list[list[Person]]  # humans around on each day (posters and lurkers)
    helpers_by_day: list[list[Person]]  # core and regular people around, core twice (they help more)
    staff_by_day: list[list[Person]]


class IdClock:
    """Discord snowflakes for things created at a given time, unique through a running counter."""

    def __init__(self) -> None:
        self._counter = 0

    def snowflake(self, ms: int) -> int:
        self._counter += 1
        return discord_snowflake(ms, self._counter)


def build_community(rng: random.Random, period: Period, names: NameBook) -> Community:
    ids = IdClock()
    guild_created = period.start_ms - 3 * 365 * DAY_MS
    guild_id = ids.snowflake(guild_created)
    role_ids = {role: ids.snowflake(guild_created + (i + 1) * DAY_MS) for i, role in enumerate(ROLES)}
    handles: set[str] = set()
    n_days = period.n_days

    people = old_members(rng, period, names, ids, handles) + joiners(rng, period, names, ids, handles)
    send_some_away(rng, people, n_days)
    staff = [p for p in people if p.segment == "staff"]
    welcome_bot, github_bot = make_bots(rng, ids, guild_created)
    famous = staff + [p for p in people if p.segment == "core" and not p.joined_in_window][:20]

    present_by_day, helpers_by_day, staff_by_day = daily_rosters(people, n_days)
    return Community(guild_id, role_ids, people, staff, welcome_bot, github_bot, famous,
                     present_by_day, helpers_by_day, staff_by_day)


def old_members(rng: random.Random, period: Period, names: NameBook, ids: IdClock, handles: set[str]) -> list[Person]:
    segments = ["staff"] * STAFF_COUNT + [seg for seg, count in OLD_SEGMENTS for _ in range(count)]
    members = []
    for index, segment in enumerate(segments):
        joined = period.start_ms - rng.randint(20, 900) * DAY_MS - rng.randrange(DAY_MS)
        # occasional old members drop by now and then, not all in the first weeks
        first_day = rng.randint(0, 150) if segment == "casual" else 0
        person = make_person(rng, names, ids, handles, segment, joined, in_window=False, first_day=first_day,
                             n_days=period.n_days)
        if segment == "staff":
            person.roles = ("Moderator",) if index < MODERATORS else ("Staff",)
            if index in (2, 3):  # two of the team also run the events
                person.roles += ("Event Host",)
        members.append(person)
    return members


def joiners(rng: random.Random, period: Period, names: NameBook, ids: IdClock, handles: set[str]) -> list[Person]:
    """New members arrive at a growing pace (about 2.4x more per day at the end than at the start)."""
    days = period.days
    growth = [1 + 1.4 * i / (len(days) - 1) for i in range(len(days))]
    weights = [g * (0.55 + 0.45 * seasonal_weight(day)) for g, day in zip(growth, days)]
    scale = TARGET_JOINERS / sum(weights)
    segment_names = [s for s, _ in JOINER_SEGMENTS]
    segment_weights = [w for _, w in JOINER_SEGMENTS]
    people = []
    for index, day in enumerate(days):
        for _ in range(poisson(rng, weights[index] * scale)):
            joined = time_on_day(rng, day_ms(day), rng.choice(TIME_ZONES))
            segment = rng.choices(segment_names, segment_weights)[0]
            people.append(make_person(rng, names, ids, handles, segment, joined, in_window=True,
                                      first_day=index, n_days=len(days)))
    people.sort(key=lambda p: p.joined_ms)
    return people


def make_person(rng: random.Random, names: NameBook, ids: IdClock, handles: set[str], segment: str,
                joined_ms: int, *, in_window: bool, first_day: int, n_days: int) -> Person:
    first, last = names.new_name()
    account_created = joined_ms - rng.randint(1, 4 * 365) * DAY_MS
    user_id = ids.snowflake(account_created)
    rate, lifetime, half_life = activity_profile(rng, segment, in_window)
    active_until = min(n_days - 1, first_day + lifetime)
    return Person(
        first=first, last=last, handle=make_handle(rng, first, last, handles),
        nickname=make_nickname(rng, first, last), user_id=user_id,
        avatar_url=make_avatar_url(rng, user_id), segment=segment, joined_ms=joined_ms,
        joined_in_window=in_window, active_from=first_day, active_until=active_until, rate=rate,
        half_life=half_life, tz_shift=rng.choice(TIME_ZONES), roles=member_roles(rng, segment),
    )


def activity_profile(rng: random.Random, segment: str, in_window: bool) -> tuple[float, int, float]:
    """(posts per ordinary weekday, days active, half-life of their enthusiasm in days)."""
    forever = 10_000
    if segment == "staff":
        return rng.uniform(0.5, 0.9), forever, math.inf
    if segment == "core":
        lifetime = forever if rng.random() < 0.85 else rng.randint(90, 400)
        return rng.lognormvariate(math.log(0.55), 0.35), lifetime, math.inf
    if segment == "regular":
        lifetime = int(rng.lognormvariate(math.log(150), 0.6)) + 14
        return rng.lognormvariate(math.log(0.2), 0.4), lifetime, lifetime / 1.5
    if segment == "casual":
        lifetime = int(rng.lognormvariate(math.log(12 if in_window else 60), 0.8)) + 2
        return rng.lognormvariate(math.log(0.3), 0.5), lifetime, max(2.0, lifetime / 3)
    return 0.0, int(rng.lognormvariate(math.log(45), 0.7)), math.inf  # lurkers only react


def member_roles(rng: random.Random, segment: str) -> tuple[str, ...]:
    if segment == "core" and rng.random() < 0.6:
        return ("Contributor",)
    if segment == "regular" and rng.random() < 0.35:
        return ("Regular",)
    return ()


def make_handle(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    f, l = ascii_slug(first), ascii_slug(last)
    pattern = rng.randrange(8)
    handle = (
        f"{f}{l}", f"{f}_{l}", f"{f}{l[0]}", f"{f[0]}{l}", f"{f}_{rng.randint(1, 99)}", f"{l}_{f}",
        f"{f}{l}{rng.randint(70, 99)}", f"{f}_{l[:3]}_",
    )[pattern]
    while handle in taken:
        handle += str(rng.randint(0, 9))
    taken.add(handle)
    return handle


def make_nickname(rng: random.Random, first: str, last: str) -> str:
    """The display name DCE writes as `nickname`; often the full name, sometimes not at all."""
    roll = rng.random()
    if roll < 0.5:
        return f"{first} {last}"
    if roll < 0.75:
        return first
    if roll < 0.88:
        return f"{first} {last[0]}."
    return rng.choice(FUN_NICKNAMES)


def make_avatar_url(rng: random.Random, user_id: int) -> str:
    roll = rng.random()
    if roll < 0.35:  # never uploaded one: Discord's default avatar, picked from the id
        return f"https://cdn.discordapp.com/embed/avatars/{(user_id >> 22) % 6}.png"
    avatar_hash = random_token(rng, 32, HEX)
    if roll < 0.38:
        return f"https://cdn.discordapp.com/avatars/{user_id}/a_{avatar_hash}.gif?size=512"
    return f"https://cdn.discordapp.com/avatars/{user_id}/{avatar_hash}.png?size=512"


def make_bots(rng: random.Random, ids: IdClock, guild_created: int) -> tuple[Person, Person]:
    def bot(name: str, discriminator: str, roles: tuple[str, ...], created: int) -> Person:
        user_id = ids.snowflake(created)
        avatar = f"https://cdn.discordapp.com/avatars/{user_id}/{random_token(rng, 32, HEX)}.png?size=512"
        return Person(first=name, last="", handle=name, nickname=name, user_id=user_id, avatar_url=avatar,
                      segment="bot", joined_ms=created, joined_in_window=False, active_from=0,
                      active_until=0, rate=0.0, half_life=math.inf, tz_shift=0, roles=roles,
                      discriminator=discriminator, is_bot=True, wrote_something=True)

    welcome = bot("CommunityBot", "4821", ("Bots",), guild_created + 2 * DAY_MS)
    github = bot("GitHub", "0000", (), guild_created + 5 * DAY_MS)  # a webhook: no roles, no discriminator
    return welcome, github


def send_some_away(rng: random.Random, people: list[Person], n_days: int) -> None:
    """Some long-active people stop 1-2 months before the end: the "slipping away" list has names."""
    candidates = [p for p in people if p.segment in ("core", "regular") and p.active_from <= n_days - 150
                  and p.active_until >= n_days - 1]
    for person in rng.sample(candidates, min(SLIPPING_AWAY, len(candidates))):
        person.active_until = n_days - 31 - rng.randint(0, 25)
        person.rate = max(person.rate, 0.3)  # busy enough before leaving to be noticed


def daily_rosters(people: list[Person], n_days: int) -> tuple[list[list[Person]], ...]:
    present: list[list[Person]] = [[] for _ in range(n_days)]
    helpers: list[list[Person]] = [[] for _ in range(n_days)]
    staff: list[list[Person]] = [[] for _ in range(n_days)]
    for person in people:
        for day in range(person.active_from, person.active_until + 1):
            present[day].append(person)
            if person.segment == "staff":
                staff[day].append(person)
            elif person.segment in ("core", "regular"):
                helpers[day].append(person)
                if person.segment == "core":
                    helpers[day].append(person)
    return present, helpers, staff


# ----------------------------------------------------------------------------------------------
# Texts: templates and fragments, expanded once into bounded pools of distinct texts
# ----------------------------------------------------------------------------------------------

# Fragments; a fragment may itself contain {slots}. {mention} becomes "@<display name>" of a
# long-standing member and lands in the message's `mentions`.
SLOTS: dict[str, tuple[str, ...]] = {
    "task": (
        "connect the CLI to a self-hosted instance", "schedule a nightly sync", "export metrics to CSV",
        "rotate an API token", "run Pulse behind an nginx reverse proxy", "set up SSO with Okta",
        "filter events by channel", "backfill last year's data", "write a custom source plugin",
        "deploy with the Helm chart", "pin the SDK version in CI", "migrate my v2 config to v3",
        "limit the worker's memory", "send webhook alerts to Slack", "debug a sync job that hangs",
        "use environment variables in pulse.yaml", "run the test suite locally", "add a new data source",
        "change the default time zone", "paginate through API results", "share a dashboard read-only",
        "run two workers against one database", "import an old CSV export", "set a retention policy",
        "use the Python client in a notebook", "stream events into Kafka", "build the docs locally",
        "reset the admin password", "run Pulse on ARM", "tag events with custom fields",
    ),
    "component": (
        "the CLI", "the sync engine", "the Python client", "the JS SDK", "the dashboard", "webhooks",
        "the scheduler", "the Postgres connector", "the Slack integration", "SSO login", "the exporter",
        "the REST API", "the plugin loader", "the Docker image", "the Helm chart", "the worker",
    ),
    "platform": (
        "Ubuntu 22.04", "macOS", "Windows 11", "WSL2", "Kubernetes", "a Raspberry Pi", "Docker Compose",
        "AWS ECS", "Debian 12", "an M2 Mac", "Fedora", "GKE",
    ),
    "error": (
        "ConnectionResetError: [Errno 104]", "401 Unauthorized", "ModuleNotFoundError: No module named 'pulse'",
        "TimeoutError: sync did not finish in 300s", "KeyError: 'workspace_id'", "schema mismatch on table events",
        "permission denied (publickey)", "SSL: CERTIFICATE_VERIFY_FAILED", "429 Too Many Requests",
        "invalid config: unknown key 'sources'", "OOMKilled", "database is locked",
        "ValueError: naive datetime", "exit code 137", "ECONNREFUSED 127.0.0.1:5432",
    ),
    "command": (
        "pulse sync --full", "pulse login", "pip install -U pulse-sdk", "docker compose up -d",
        "pulse export --format csv", "helm upgrade pulse pulse/pulse", "pulse doctor", "npm i @pulse/sdk",
        "pulse plugins list", "pulse migrate", "pulse config check", "pulse worker --verbose",
    ),
    "version": ("2.3", "2.4", "2.4.2", "2.5", "2.6.1", "2.7", "2.8"),
    "new_version": ("3.0", "3.0.0", "3.0.1", "the 3.0 release", "the latest release"),
    "context": (
        "Running {version} on {platform}.", "Config is basically the default one.",
        "Followed the quickstart step by step.", "It worked fine last week.", "Using the Docker image.",
        "I'm new to this so sorry if it's obvious.", "Logs don't say much.", "On {platform} if that matters.",
    ),
    "symptom": (
        "nothing shows up in the dashboard", "the sync stops at 60%", "it asks me to log in again every time",
        "the worker restarts every few minutes", "timestamps are off by an hour", "half the rows are missing",
        "the CLI just hangs", "I get duplicate events",
    ),
    "fix": (
        "set `PULSE_TOKEN` in your environment", "raise `sync.timeout` in pulse.yaml",
        "clear the cache with `pulse cache clear`", "add `--full` to the first sync",
        "regenerate the token under Settings > API", "set `workers: 2` in the config",
        "mount the data volume read-write", "use the `/v2` endpoint", "upgrade to the latest patch release",
        "set `tz: UTC` explicitly", "run `pulse migrate` before starting the worker",
        "give the service account read access", "pass `--config ./pulse.yaml` explicitly",
    ),
    "fix_past": (
        "setting the token again", "a clean reinstall", "bumping the timeout", "running the migration",
        "switching to the v2 endpoint", "upgrading the Docker image", "clearing the cache",
    ),
    "cause": (
        "the worker can't reach the database", "your token is scoped to another workspace",
        "that config key was renamed in 2.4", "the Docker image is out of date",
        "the proxy strips the Authorization header", "the scheduler runs in a different time zone",
    ),
    "docs_page": ("quickstart", "configuration", "sync", "plugins", "deploy/helm", "api/pagination",
                  "auth/sso", "troubleshooting", "migrate-to-v3", "webhooks"),
    "issue": tuple(str(n) for n in range(812, 1490, 37)),
    "greeting": ("Hi all!", "Hey folks,", "Hello!", "hey everyone", "Hi there,", "Good morning!", "Hey team,"),
    "feature": ("the new query editor", "dark mode", "scheduled reports", "the webhook retries",
                "the Slack digest", "custom fields", "the CSV importer", "incremental syncs", "the plugin API"),
    "tool": ("dbt", "Grafana", "Airflow", "DuckDB", "Metabase", "n8n", "Zapier", "Superset", "Prefect"),
    "emoji_pos": ("🎉", "🙌", "🚀", "❤️", "🔥", "✨", "😄", "💯", ""),
    "emoji_neg": ("😩", "😤", "😞", "🙃", "😬", ""),
    "project": ("a community health dashboard", "a Discord bot that posts weekly stats", "a dbt package for Pulse",
                "a Grafana panel", "a VS Code extension", "a Terraform module", "a tiny CLI wrapper",
                "a Streamlit app", "an Obsidian plugin", "a Raycast extension", "a GitHub Action"),
    "offtopic_thing": ("mechanical keyboard", "podcast", "sci-fi book", "standing desk", "coffee grinder",
                       "board game", "hiking trail", "note-taking app", "pair of headphones"),
    "show": ("Severance", "The Bear", "Shogun", "Arcane", "Silo", "the World Cup", "the F1 race"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday"),
    "place": ("Lisbon", "Berlin", "Lagos", "Toronto", "Bangalore", "São Paulo", "Nairobi", "Austin",
              "Warsaw", "Melbourne", "Seoul", "Manchester", "Mexico City"),
    "role": ("a data engineer", "a community manager", "a student", "a backend dev", "a PM", "a DevRel",
             "an analyst", "a hobbyist", "a founder"),
    "source": ("a friend", "Hacker News", "a conference talk", "the docs", "a blog post", "YouTube", "X"),
    "adj_pos": ("amazing", "so much faster", "really nice", "a game changer", "super clean", "great"),
}

TEMPLATES: dict[str, tuple[str, ...]] = {
    "help_question": (
        "How do I {task}?", "Is there a way to {task} without restarting the worker?",
        "Anyone know how to {task}? {context}", "What's the recommended way to {task}?",
        "Quick question: does {component} support {feature} yet?",
        "I'm getting `{error}` when I run `{command}`. Any ideas? {context}",
        "{greeting} I'm trying to {task} but {symptom}. What am I missing?",
        "Is it normal that {symptom}? {context}", "Where can I find docs on how to {task}?",
        "Has anyone managed to {task} on {platform}?", "{greeting} how would you {task}?",
        "`{command}` fails with `{error}`. {context}", "can {component} {task}? couldn't find it in the docs",
        "Newbie question: how do I {task}?", "Any tips to {task}? {context}",
    ),
    "help_complaint": (
        "{component} is broken since {new_version}. `{error}` every time {emoji_neg}",
        "still failing after the update: `{error}`", "so frustrated, {component} keeps crashing since {new_version}",
        "Is {component} down for everyone? {symptom} and nothing works",
        "upgraded to {new_version} and now {symptom}. this is really bad for us",
        "{new_version} broke our setup, {component} fails with `{error}`. rolling back, this is terrible",
        "anyone else seeing `{error}` after upgrading? it's been failing all day {emoji_neg}",
        "this is broken. `{command}` just errors out with `{error}`",
        "terrible experience with {new_version} so far, {symptom}", "Still failing after the update. Any workaround??",
        "ugh, {component} stopped working after {new_version}, `{error}`. Frustrating.",
    ),
    "help_answer": (
        "You need to {fix}. Then run `{command}` again.", "Try `{command}`, that usually sorts it out.",
        "That's a known issue in {version}, upgrading should fix it.",
        "Check the docs: https://docs.example.com/pulse/{docs_page}",
        "I had the same thing on {platform}, {fix_past} fixed it for me.",
        "Can you share your pulse.yaml (without secrets)?", "Looks like {cause}. {fix_cap}",
        "{mention} knows this part best, but I think you need to {fix}.",
        "Yes, {component} supports that. See https://docs.example.com/pulse/{docs_page}",
        "Not yet, there's an open issue for it: https://github.com/pulse-community/pulse-sdk/issues/{issue}",
        "Pretty sure {cause}. Try to {fix}.", "I'd {fix} first and see if the error changes.",
        "We hit this too, {fix_past} did it. Docs: https://docs.example.com/pulse/{docs_page}",
        "If you're on {platform}, you also need to {fix}.", "Sounds like {cause}. What does `pulse doctor` say?",
    ),
    "help_followup": (
        "ok tried that, now I get `{error}`", "hmm, same result after {fix_past}", "where exactly do I set that?",
        "that got me further, but now {symptom}", "is that in the docs somewhere?",
        "do I need to restart the worker after?",
    ),
    "thanks": (
        "thanks, that worked!", "perfect, thank you {emoji_pos}", "ah that fixed it, appreciate it",
        "that was it, thanks a lot!", "works now 🙏", "thank you so much!", "legend, thanks {emoji_pos}",
        "oh nice, didn't know that. thanks!", "yep that did it", "awesome, thanks for the quick help {emoji_pos}",
        "makes sense now, thank you", "confirmed working on {platform}, thanks!",
    ),
    "self_followup": (
        "bump 🙏", "update: {symptom} even after {fix_past}", "nvm, figured it out: {fix_past} did it",
        "edit: I'm on {platform} btw", "still stuck on this, any ideas?",
        "more context: `{error}` shows up right before it exits",
        "forgot to say: {context}", "anyone? 😅", "fixed it myself, it was {cause}. leaving this here for others",
    ),
    "general": (
        "good morning everyone {emoji_pos}", "what's everyone working on this week?",
        "just upgraded to {version}, {feature} is {adj_pos}", "has anyone tried {tool} with Pulse?",
        "TIL you can {task} from the CLI", "anyone going to the meetup on {weekday}?",
        "new blog post on how we {task}: https://blog.example.com/{docs_page}",
        "is there a roadmap for {feature}?", "would love to see {feature} in {tool} too",
        "we moved our whole team to Pulse last month, so far so good",
        "hot take: {tool} + Pulse is the best combo for small teams", "quiet day today",
        "happy {weekday}! anyone else deep in {tool} migrations?", "{feature} saved me an hour today",
        "reminder that the community call is on {weekday} {emoji_pos}", "curious how others {task}",
        "the docs page on {docs_page} is really well written", "just found out about {feature}, {adj_pos}",
        "who else is using Pulse with {tool}?", "finally got around to trying {feature}",
    ),
    "general_reply": (
        "agreed", "+1", "same here", "haha yes", "{mention} you'd like this", "that's a great point",
        "ooh nice", "congrats! {emoji_pos}", "thanks for sharing", "this 👆", "lol", "nice!", "100%",
        "good question, curious too", "same, {feature} is {adj_pos}", "we do it with {tool}",
        "didn't know that, thanks", "makes sense", "interesting, will try", "{mention} any thoughts?",
    ),
    "intro": (
        "{greeting} I'm {role} from {place}, found Pulse via {source} {emoji_pos}",
        "hello 👋 just joined, {role} here, excited to learn", "hi everyone! based in {place}, working on {project}",
        "hey all, found Pulse via {source} and wanted to say hi", "{greeting} {role} from {place}. Happy to be here!",
        "hi! new here, mostly interested in {feature}", "hello from {place} 👋",
    ),
    "praise": (
        "love this community ❤️", "{feature} is {adj_pos}, great work team {emoji_pos}",
        "huge thanks to {mention} for the help yesterday", "{version} is so much faster, great work",
        "honestly the best docs I've seen in a while", "this community is so helpful, thank you all {emoji_pos}",
        "the fix works great now, thanks for turning it around so fast", "really impressed with {feature}",
        "shoutout to {mention} for the amazing workshop {emoji_pos}", "Pulse just keeps getting better {emoji_pos}",
    ),
    "complaint": (
        "this is broken", "so frustrated with {component} right now {emoji_neg}", "still failing after the update",
        "{component} has been down for hours {emoji_neg}",
        "the {new_version} upgrade broke {component} for us, really annoying",
        "not happy about how {new_version} was rolled out", "another day, another failed sync {emoji_neg}",
        "why was the old config format removed?? that broke everything",
        "downgraded back to 2.x, too many issues. disappointing",
        "this release is a mess honestly", "we lost a day of data because of {new_version} {emoji_neg}",
        "really disappointed, {component} was rock solid before {new_version}",
        "is anyone even testing releases? this is bad",
        "{component} is completely unusable since {new_version}, awful", "terrible week, nothing works",
    ),
    "offtopic": (
        "anyone watching {show}?", "coffee or tea? ☕",
        "my cat just walked across the keyboard and deployed to prod 🐈",
        "weekend plans?", "recommendations for a good {offtopic_thing}?", "happy friday everyone {emoji_pos}",
        "what's your desk setup like?", "just got back from {place}, jet lag is real", "it's so hot in {place} today",
        "finally bought a new {offtopic_thing} {emoji_pos}", "is it just me or is this week taking forever",
        "lunch break, back in 30", "rainy day in {place}, perfect coding weather",
    ),
    "showcase": (
        "Built {project} on top of Pulse: https://github.com/{handle_like}/{repo}",
        "Here's {project} I made. Feedback welcome! https://github.com/{handle_like}/{repo}",
        "Finally finished {project} {emoji_pos} https://github.com/{handle_like}/{repo}",
        "Sharing {project} we use internally, uses {feature} + {tool}",
        "Made {project} with {tool}, screenshot attached",
        "Wrote up how I built {project}: https://blog.example.com/{repo}",
    ),
    "showcase_reply": (
        "this is awesome!", "love it 🔥", "super useful, thanks for sharing", "how did you handle auth?",
        "starred ⭐", "great work!", "wow {emoji_pos}", "saving this for later", "does it work with {tool}?",
        "this is exactly what I needed", "{mention} look at this",
    ),
    "announcement": (
        "📣 Community meetup this {weekday}! RSVP on Luma: https://lu.ma/pulse-{repo}",
        "Release notes for {version} are up: https://docs.example.com/pulse/changelog. Highlights: {feature}",
        "Community call recording is up: https://youtube.com/watch?v={video}",
        "Heads up: scheduled maintenance on the docs site this {weekday}",
        "Office hours this {weekday} at 17:00 UTC, bring your questions about {feature}!",
        "Welcome to everyone who joined this week! Say hi in #general 👋",
        "We're hiring a community engineer: https://jobs.example.com/pulse/{repo}",
        "New tutorial: how to {task} https://docs.example.com/pulse/{docs_page}",
    ),
    "incident": (
        "⚠️ We're aware of sync failures after 3.0.0 and are working on a fix. Sorry for the trouble.",
        "Update: a fix for `{error}` is in review, thanks for the reports.",
        "3.0.1 is out with a fix for {component}. Please upgrade and tell us if it still fails.",
        "We know the last weeks have been rough. Postmortem coming soon.",
        "Workaround for the {component} issue while we fix it: {fix}.",
        "Status update: {component} is stable again for most users, still investigating the rest.",
        "Postmortem for the 3.0 sync outage: https://blog.example.com/postmortem-3-0",
    ),
    "welcome": (
        "Welcome to Pulse Community! 👋 Start in #general, ask questions in #help.",
        "A new member just landed! 🎉 Read the rules in #announcements and say hi.",
        "Welcome aboard! Check #help if you're stuck and #showcase to see what people build.",
        "👋 Welcome! Tip: the docs live at https://docs.example.com/pulse",
        "Glad you're here! Introduce yourself in #general.",
        "Welcome! Our next community event is listed in #announcements.",
    ),
}

EXTRA_SLOTS = {
    "fix_cap": tuple(f[0].upper() + f[1:] + "." for f in SLOTS["fix"]),
    "handle_like": ("mkovacs", "devjo", "ana-codes", "pulse-labs", "samirh", "lindat", "kofi-dev", "yuki-n"),
    "repo": ("pulse-dashboard", "pulse-bot", "dbt-pulse", "pulse-grafana", "pulse-vscode", "pulse-tf",
             "pulse-cli-wrapper", "community-stats", "pulse-streamlit", "pulse-action"),
    "video": ("dQ3mK9pLx2A", "Zk7Pq2wRt4c", "H8vN1sYb6Lm", "p2Xc9TqW0eE", "Rb5nK3uJv7s"),
}

POOL_SIZES = {
    "help_question": 1100, "help_complaint": 380, "help_answer": 1000, "help_followup": 160, "thanks": 110,
    "self_followup": 140, "general": 1000, "general_reply": 420, "intro": 240, "praise": 240,
    "complaint": 400, "offtopic": 500, "showcase": 360, "showcase_reply": 180, "announcement": 140,
    "incident": 40, "welcome": 6,
}

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class PoolText:
    text: str
    mention: Person | None


def expand(rng: random.Random, template: str, famous: list[Person]) -> PoolText:
    """Fill every {slot} (fragments may hold slots of their own); {mention} names a real member."""
    mentioned: list[Person] = []

    def fill(match: re.Match) -> str:
        slot = match.group(1)
        if slot == "mention":
            person = rng.choice(famous)
            mentioned.append(person)
            return "@" + person.nickname
        return rng.choice(SLOTS.get(slot) or EXTRA_SLOTS[slot])

    text = template
    for _ in range(4):
        if "{" not in text:
            break
        text = _SLOT.sub(fill, text)
    return PoolText(" ".join(text.split()), mentioned[0] if mentioned else None)


def build_text_pools(rng: random.Random, famous: list[Person]) -> dict[str, list[PoolText]]:
    """A bounded set of distinct texts per topic: varied, yet few enough to score sentiment quickly."""
    pools = {}
    for topic, size in POOL_SIZES.items():
        found: dict[str, PoolText] = {}
        for _ in range(size * 30):
            if len(found) >= size:
                break
            candidate = expand(rng, rng.choice(TEMPLATES[topic]), famous)
            found.setdefault(candidate.text, candidate)
        pools[topic] = list(found.values())
    return pools


# ----------------------------------------------------------------------------------------------
# Discord: the simulation
# ----------------------------------------------------------------------------------------------

CHANNELS = {  # name: (category, topic)
    "welcome": ("Start Here", "Say hi! New members land here."),
    "announcements": ("Start Here", "News, releases and events from the Pulse team."),
    "general": ("Community", "Anything Pulse. Be kind."),
    "help": ("Support", "Ask questions, get answers. Include your version and logs."),
    "showcase": ("Community", "Show what you built with Pulse."),
    "off-topic": ("Community", "Everything else."),
}

# Where a person's own posts go, by kind of member: (help, general, off-topic, showcase)
CHANNEL_MIX = {
    "staff": (0.10, 0.62, 0.22, 0.06),
    "core": (0.12, 0.50, 0.25, 0.13),
    "regular": (0.27, 0.43, 0.18, 0.12),
    "casual": (0.42, 0.36, 0.12, 0.10),
}
MIX_CHANNELS = ("help", "general", "off-topic", "showcase")
REPLY_SHARE = {"general": 0.22, "off-topic": 0.15}  # chat messages answering an earlier one
EDITED_SHARE = 0.05


@dataclass(eq=False, slots=True)
class Message:
    channel: str
    ms: int
    author: Person
    kind: str  # DCE type: Default, Reply, GuildMemberJoin
    topic: str  # which text pool the content comes from
    parent: Message | None = None
    content: str = ""
    mentions: tuple[Person, ...] = ()
    reactions: list[tuple[Emoji, list[Person]]] = field(default_factory=list)
    edited_ms: int | None = None
    pinned: bool = False
    embed: dict | None = None
    attachment: tuple[str, int] | None = None  # file name, size
    id: int = 0


@dataclass(frozen=True)
class Release:
    version: str
    ms: int
    breaking: bool


def simulate_discord(rng: random.Random, period: Period, crisis: Crisis, community: Community,
                     texts: dict[str, list[PoolText]]) -> tuple[list[Message], list[Release]]:
    posts = own_posts(rng, period, crisis, community)
    threads = help_threads(rng, period, crisis, community, [m for m in posts if m.channel == "help"])
    feedback = showcase_feedback(rng, period, community, [m for m in posts if m.channel == "showcase"])
    answer_each_other(rng, posts)
    releases = plan_releases(rng, period, crisis)
    messages = (join_messages(rng, community) + posts + threads + feedback
                + staff_announcements(rng, period, crisis, community) + release_notes(rng, community, releases)
                + weekly_digests(rng, period, community))

    messages = [m for m in messages if period.start_ms <= m.ms <= period.cutoff_ms]
    messages.sort(key=lambda m: m.ms)  # stable: ties keep their creation order
    assign_ids(messages)
    for message in messages:
        message.author.wrote_something = True
    write_contents(rng, messages, texts)
    add_edits(rng, messages, period)
    add_reactions(rng, messages, community, period)
    return messages, [r for r in releases if r.ms <= period.cutoff_ms]


def join_messages(rng: random.Random, community: Community) -> list[Message]:
    """Discord's "Joined the server." system message, then the welcome bot's greeting."""
    messages = []
    for person in community.people:
        if person.joined_in_window:
            messages.append(Message("welcome", person.joined_ms, person, "GuildMemberJoin", "join"))
            greeting_at = person.joined_ms + rng.randint(1_500, 20_000)
            messages.append(Message("welcome", greeting_at, community.welcome_bot, "Default", "welcome"))
    return messages


def own_posts(rng: random.Random, period: Period, crisis: Crisis, community: Community) -> list[Message]:
    """Each person's own messages, day by day: their rate x the day's rhythm x fading interest."""
    days = period.days
    day_weights = [seasonal_weight(day) for day in days]
    day_starts = [day_ms(day) for day in days]
    posts = []
    for person in community.people:
        if person.rate <= 0:
            continue
        if person.joined_in_window and rng.random() < 0.45:
            intro_at = person.joined_ms + rng.randint(2, 90) * MINUTE_MS
            posts.append(Message("general", intro_at, person, "Default", "intro"))
        for index in range(person.active_from, person.active_until + 1):
            fade = 0.5 ** ((index - person.active_from) / person.half_life)
            for _ in range(poisson(rng, person.rate * day_weights[index] * fade)):
                at = time_on_day(rng, day_starts[index], person.tz_shift)
                if at <= person.joined_ms:
                    continue
                channel = pick_channel(rng, person, crisis.intensity(days[index]))
                posts.append(Message(channel, at, person, "Default", pick_topic(rng, channel, crisis, days[index])))
    return posts


def pick_channel(rng: random.Random, person: Person, crisis_intensity: float) -> str:
    help_share, *others = CHANNEL_MIX[person.segment]
    help_share *= 1 + 0.8 * crisis_intensity  # breakage sends people to #help
    return rng.choices(MIX_CHANNELS, (help_share, *others))[0]


def pick_topic(rng: random.Random, channel: str, crisis: Crisis, day: dt.date) -> str:
    intensity = crisis.intensity(day)
    if channel == "help":
        return "help_complaint" if rng.random() < 0.05 + 0.65 * intensity else "help_question"
    if channel == "general":
        roll = rng.random()
        complaint_share = 0.04 + 0.50 * intensity
        praise_share = 0.16 if crisis.recovering(day) else 0.07
        if roll < complaint_share:
            return "complaint"
        if roll < complaint_share + praise_share:
            return "praise"
        return "general"
    if channel == "off-topic":
        return "complaint" if rng.random() < 0.2 * intensity else "offtopic"
    return "showcase"


def help_threads(rng: random.Random, period: Period, crisis: Crisis, community: Community,
                 questions: list[Message]) -> list[Message]:
    """Answers, thanks and follow-ups under #help questions; some questions stay unanswered."""
    replies = []
    for question in questions:
        intensity = crisis.intensity(period.start + dt.timedelta(days=period.day_of(question.ms)))
        answered = rng.random() < 0.80 - 0.12 * intensity
        first_answer_at = question.ms + response_delay(rng)
        if rng.random() < (0.12 if answered else 0.35):  # the asker adds to their own question
            if answered:
                bump_at = question.ms + (first_answer_at - question.ms) // 3
            else:
                bump_at = question.ms + rng.randint(2, 40) * HOUR_MS
            replies.append(Message("help", bump_at, question.author, "Reply", "self_followup", parent=question))
        if not answered:
            continue
        responder = pick_responder(rng, period, community, question.author, first_answer_at,
                                   staff_share=0.33 + 0.2 * intensity)
        answer = Message("help", first_answer_at, responder, "Reply", "help_answer", parent=question)
        replies.append(answer)
        replies.extend(conversation_after_answer(rng, period, community, question, answer))
    return replies


def conversation_after_answer(rng: random.Random, period: Period, community: Community,
                              question: Message, answer: Message) -> list[Message]:
    replies = []
    if rng.random() < 0.3:  # it didn't work yet: the asker follows up, the helper usually comes back
        followup_at = answer.ms + short_delay(rng)
        followup = Message("help", followup_at, question.author, "Reply", "help_followup", parent=answer)
        replies.append(followup)
        if rng.random() < 0.7:
            again_at = followup.ms + short_delay(rng)
            replies.append(Message("help", again_at, answer.author, "Reply", "help_answer", parent=followup))
    if rng.random() < 0.25:  # a second opinion
        second_at = answer.ms + response_delay(rng)
        other = pick_responder(rng, period, community, question.author, second_at, staff_share=0.2)
        if other is not answer.author:
            replies.append(Message("help", second_at, other, "Reply", "help_answer", parent=question))
    if rng.random() < 0.55:
        last = replies[-1] if replies and replies[-1].author is not question.author else answer
        replies.append(Message("help", last.ms + short_delay(rng), question.author, "Reply", "thanks", parent=last))
    return replies


def response_delay(rng: random.Random) -> int:
    """Lognormal: median ~40 minutes, a long tail into days (capped at five)."""
    minutes = rng.lognormvariate(math.log(40), 1.5)
    return int(min(minutes, 5 * 24 * 60) * MINUTE_MS) + rng.randint(20_000, 90_000)


def short_delay(rng: random.Random) -> int:
    return int(rng.lognormvariate(math.log(12), 1.0) * MINUTE_MS) + rng.randint(5_000, 60_000)


def pick_responder(rng: random.Random, period: Period, community: Community, asker: Person, at: int,
                   *, staff_share: float) -> Person:
    """A staff member or a helpful member around that day; never the asker."""
    day = period.day_of(at)
    pools = [community.staff_by_day[day] or community.staff, community.helpers_by_day[day]]
    if rng.random() >= staff_share and pools[1]:
        pools.reverse()
    for pool in pools:
        for _ in range(6):
            candidate = rng.choice(pool)
            if candidate is not asker and candidate.joined_ms < at:
                return candidate
    return next(p for p in community.staff if p is not asker)


def showcase_feedback(rng: random.Random, period: Period, community: Community,
                      showcases: list[Message]) -> list[Message]:
    replies = []
    for post in showcases:
        post.attachment = ("screenshot.png", rng.randint(80_000, 2_400_000)) if rng.random() < 0.3 else None
        for _ in range(rng.choices((0, 1, 2, 3), (0.45, 0.3, 0.15, 0.1))[0]):
            at = post.ms + response_delay(rng)
            day = period.day_of(at)
            fan = rng.choice(community.present_by_day[day] or community.staff)
            if fan is not post.author and fan.rate > 0 and fan.joined_ms < at:
                replies.append(Message("showcase", at, fan, "Reply", "showcase_reply", parent=post))
    return replies


def answer_each_other(rng: random.Random, posts: list[Message]) -> None:
    """Turn some chat messages into replies to a recent message by someone else in the channel;
    most become short reactions ("+1", "haha yes"), the rest keep what they were saying."""
    for channel, share in REPLY_SHARE.items():
        recent: list[Message] = []
        for message in sorted((m for m in posts if m.channel == channel), key=lambda m: m.ms):
            recent = [m for m in recent[-8:] if message.ms - m.ms < 6 * HOUR_MS]
            others = [m for m in recent if m.author is not message.author]
            if others and message.topic != "intro" and rng.random() < share:
                message.kind, message.parent = "Reply", rng.choice(others)
                if message.topic in ("general", "offtopic") and rng.random() < 0.6:
                    message.topic = "general_reply"
            recent.append(message)


def plan_releases(rng: random.Random, period: Period, crisis: Crisis) -> list[Release]:
    """pulse-sdk releases: 2.x patches and minors, the breaking 3.0.0 at the crisis start, hotfixes
    during the crisis, 3.1.0 once it is over."""
    major, minor, patch = 2, 3, 0
    next_minor_at = rng.randint(4, 10)  # patches before the next minor release
    releases = []
    for day in period.days:
        if day == crisis.start:
            major, minor, patch = 3, 0, 0
            releases.append(Release("3.0.0", day_ms(day) + 15 * HOUR_MS + rng.randrange(HOUR_MS), True))
            continue
        chance = 0.2 * crisis.intensity(day) + 0.16 if day.weekday() < 5 else 0.01
        if rng.random() >= chance:
            continue
        in_crisis = crisis.start < day <= crisis.end
        if not in_crisis and (patch >= next_minor_at or (major, minor) == (3, 0)):
            minor, patch, next_minor_at = minor + 1, 0, rng.randint(4, 10)
        else:
            patch += 1
        releases.append(Release(f"{major}.{minor}.{patch}", day_ms(day) + rng.randint(13, 20) * HOUR_MS
                                + rng.randrange(HOUR_MS), False))
    return releases


CHANGES = (
    "Fix sync stalling on large workspaces", "Add retry with backoff to webhooks", "Faster CSV export",
    "Support Python 3.13", "Fix time zone handling in the scheduler", "New `pulse doctor` checks",
    "Reduce worker memory use", "Fix SSO redirect loop", "Add custom fields to the REST API",
    "Improve error messages for bad config", "Fix duplicate events after reconnect", "Update dependencies",
    "Add Helm values for resource limits", "Fix pagination off-by-one", "Docs: new migration guide",
)


def release_notes(rng: random.Random, community: Community, releases: list[Release]) -> list[Message]:
    """The GitHub webhook posts each release to #announcements: short content plus an embed."""
    messages = []
    for release in releases:
        changes = ["Breaking: new config format (see migration guide)", "Sync engine rewritten"] if release.breaking \
            else rng.sample(CHANGES, rng.randint(1, 3))
        url = f"https://github.com/pulse-community/pulse-sdk/releases/tag/v{release.version}"
        message = Message("announcements", release.ms, community.github_bot, "Default", "release")
        message.content = f"New release: pulse-sdk v{release.version}" + (" 🚀" if release.breaking else "")
        message.embed = {
            "title": f"[pulse-community/pulse-sdk] New release published: v{release.version}",
            "url": url,
            "timestamp": None,
            "description": "## What's changed\n" + "\n".join(f"- {change}" for change in changes),
            "color": "#24292F",
            "author": {"name": "pulse-bot", "url": "https://github.com/pulse-bot"},
            "images": [],
            "fields": [],
            "inlineEmojis": [],
        }
        messages.append(message)
    return messages


def staff_announcements(rng: random.Random, period: Period, crisis: Crisis, community: Community) -> list[Message]:
    messages = []
    for day in period.days:
        if day.weekday() >= 5:
            continue
        intensity = crisis.intensity(day)
        if rng.random() < 0.25 + 0.35 * intensity:
            topic = "incident" if intensity > 0 and rng.random() < 0.8 else "announcement"
            at = day_ms(day) + rng.randint(14, 17) * HOUR_MS + rng.randrange(HOUR_MS)
            message = Message("announcements", at, rng.choice(community.staff), "Default", topic)
            message.pinned = rng.random() < 0.08
            messages.append(message)
    return messages


def weekly_digests(rng: random.Random, period: Period, community: Community) -> list[Message]:
    """CommunityBot's Monday digest in #announcements: a steady, machine-made rhythm."""
    messages = []
    for day in period.days:
        if day.weekday() == 0:
            at = day_ms(day) + 9 * HOUR_MS + rng.randrange(MINUTE_MS)
            message = Message("announcements", at, community.welcome_bot, "Default", "digest")
            week_joins = sum(1 for p in community.people if p.joined_in_window and at - 7 * DAY_MS <= p.joined_ms < at)
            message.content = (f"📊 Weekly digest: {week_joins} new members joined last week. "
                               f"Busiest channel: #{rng.choice(('help', 'general', 'general', 'showcase'))}. "
                               "Have a great week!")
            messages.append(message)
    return messages


def assign_ids(messages: list[Message]) -> None:
    for counter, message in enumerate(messages):
        message.id = discord_snowflake(message.ms, counter)


def write_contents(rng: random.Random, messages: list[Message], texts: dict[str, list[PoolText]]) -> None:
    """Pick each message's text from its topic's pool; replies also mention whom they answer."""
    for message in messages:
        if message.kind == "GuildMemberJoin":
            message.content = "Joined the server."
            continue
        if message.content:  # bot posts that wrote their own
            continue
        picked = rng.choice(texts[message.topic])
        message.content = picked.text
        mentioned = [picked.mention] if picked.mention and picked.mention is not message.author else []
        parent = message.parent
        if parent and parent.author is not message.author and parent.author not in mentioned and rng.random() < 0.8:
            mentioned.append(parent.author)  # Discord pings the replied-to author by default
        message.mentions = tuple(mentioned)


def add_edits(rng: random.Random, messages: list[Message], period: Period) -> None:
    for message in messages:
        if not message.author.is_bot and message.kind != "GuildMemberJoin" and rng.random() < EDITED_SHARE:
            edited = message.ms + rng.randint(20_000, 40 * MINUTE_MS)
            message.edited_ms = edited if edited <= period.cutoff_ms else None


# ---- reactions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Emoji:
    id: str  # "" for standard emoji, as DCE writes them
    name: str
    code: str
    is_animated: bool
    image_url: str


TWEMOJI_BASE = "https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg"  # DCE's standard emoji images


def _standard(name: str, code: str, codepoints: str) -> Emoji:
    return Emoji("", name, code, False, f"{TWEMOJI_BASE}/{codepoints}.svg")


def _custom(snowflake: int, name: str, animated: bool = False) -> Emoji:
    extension = "gif" if animated else "png"
    return Emoji(str(snowflake), name, name, animated, f"https://cdn.discordapp.com/emojis/{snowflake}.{extension}")


EMOJI = {
    "thumbsup": _standard("👍", "thumbsup", "1f44d"), "heart": _standard("❤", "heart", "2764"),
    "joy": _standard("😂", "joy", "1f602"), "tada": _standard("🎉", "tada", "1f389"),
    "pray": _standard("🙏", "pray", "1f64f"), "eyes": _standard("👀", "eyes", "1f440"),
    "fire": _standard("🔥", "fire", "1f525"), "check": _standard("✅", "white_check_mark", "2705"),
    "rocket": _standard("🚀", "rocket", "1f680"), "cry": _standard("😢", "cry", "1f622"),
    "wave": _standard("👋", "wave", "1f44b"), "hundred": _standard("💯", "100", "1f4af"),
    "pulse": _custom(1_098_765_432_109_876_543, "pulse"), "shipit": _custom(1_101_234_567_890_123_456, "shipit"),
    "partyparrot": _custom(1_087_654_321_098_765_432, "partyparrot", animated=True),
}

# Which emoji fit which kind of message, and how likely a message of that kind gets any.
REACTION_STYLE = {
    "welcome": (0.12, ("wave", "wave", "heart", "tada")),
    "intro": (0.55, ("wave", "wave", "heart", "tada", "pulse")),
    "release": (0.85, ("rocket", "tada", "shipit", "fire", "partyparrot")),
    "digest": (0.3, ("thumbsup", "pulse", "heart")),
    "announcement": (0.9, ("tada", "heart", "pulse", "rocket", "fire", "thumbsup")),
    "incident": (0.8, ("pray", "eyes", "thumbsup", "cry")),
    "help_question": (0.12, ("eyes", "thumbsup", "pray")),
    "help_complaint": (0.3, ("eyes", "cry", "thumbsup")),
    "help_answer": (0.45, ("check", "pray", "thumbsup", "hundred")),
    "help_followup": (0.05, ("eyes",)),
    "thanks": (0.25, ("heart", "thumbsup", "pulse")),
    "self_followup": (0.08, ("eyes",)),
    "general": (0.3, ("thumbsup", "joy", "heart", "eyes", "hundred", "pulse")),
    "general_reply": (0.2, ("thumbsup", "joy", "hundred")),
    "praise": (0.5, ("heart", "pulse", "tada", "hundred")),
    "complaint": (0.35, ("cry", "eyes", "thumbsup")),
    "offtopic": (0.28, ("joy", "heart", "thumbsup", "fire", "eyes")),
    "showcase": (0.75, ("fire", "rocket", "heart", "tada", "partyparrot", "hundred")),
    "showcase_reply": (0.2, ("heart", "thumbsup")),
}


def add_reactions(rng: random.Random, messages: list[Message], community: Community, period: Period) -> None:
    """Reactors are people around that day who wrote something, the engaged ones more often;
    rarely the author themself."""
    engagement = {"staff": 3, "core": 3, "regular": 2}
    reactors_by_day = [[p for p in day if p.wrote_something for _ in range(engagement.get(p.segment, 1))]
                       for day in community.present_by_day]
    for message in messages:
        chance, emoji_names = REACTION_STYLE.get(message.topic, (0.0, ()))
        if rng.random() >= chance:
            continue
        crowd = reactors_by_day[period.day_of(message.ms)] or community.staff
        big = message.channel == "announcements"
        picked = rng.sample(emoji_names, min(len(emoji_names), rng.choices((1, 2, 3), (0.68, 0.24, 0.08))[0]))
        # A name repeated in the style (for weight) may be drawn twice; Discord groups a message's
        # reactions by emoji, so it is one reaction entry.
        for emoji_name in dict.fromkeys(picked):
            wanted = rng.randint(3, 28) if big else 1 + min(int(rng.expovariate(1.1)), 7)
            users = pick_reactors(rng, message, crowd, wanted, emoji_name)
            if users:
                message.reactions.append((EMOJI[emoji_name], users))


def pick_reactors(rng: random.Random, message: Message, crowd: list[Person], wanted: int,
                  emoji_name: str) -> list[Person]:
    chosen: list[Person] = []
    if emoji_name == "check" and message.parent and message.parent.author is not message.author:
        chosen.append(message.parent.author)  # the asker marks the answer that worked
    for _ in range(wanted * 3):
        if len(chosen) >= wanted:
            break
        person = rng.choice(crowd)
        own = person is message.author
        if person not in chosen and person.joined_ms < message.ms and (not own or rng.random() < 0.03):
            chosen.append(person)
    return chosen


def discord_counts(messages: list[Message], community: Community) -> dict[str, int]:
    contributions = [m for m in messages if m.kind in ("Default", "Reply")]
    bot_messages = sum(1 for m in contributions if m.author.is_bot)
    people = {m.author.user_id for m in messages if not m.author.is_bot}
    return {
        "discord_messages": len(contributions),
        "discord_human_messages": len(contributions) - bot_messages,
        "discord_bot_messages": bot_messages,
        "discord_join_messages": sum(1 for m in messages if m.kind == "GuildMemberJoin"),
        "discord_people": len(people),
        "discord_staff": len(community.staff),
        "discord_reactions_given": sum(len(users) for m in messages for _, users in m.reactions),
        "discord_distinct_texts": len({m.content for m in contributions}),
    }


# ----------------------------------------------------------------------------------------------
# Discord: writing DiscordChatExporter JSON
# ----------------------------------------------------------------------------------------------

MAX_DISCORD_FILE_CHARS = 25_000_000
INDENT = "  "  # DCE's Utf8JsonWriter with Indented = true


def write_discord_files(out_dir: Path, rng: random.Random, period: Period, community: Community,
                        messages: list[Message]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    channel_ids = {name: discord_snowflake(period.start_ms - 1000 * DAY_MS + i * DAY_MS, i)
                   for i, name in enumerate(CHANNELS)}
    category_ids = {category: discord_snowflake(period.start_ms - 1001 * DAY_MS, i)
                    for i, category in enumerate(dict.fromkeys(c for c, _ in CHANNELS.values()))}
    renderer = MessageRenderer(community, channel_ids)
    guild = {"id": str(community.guild_id), "name": GUILD_NAME,
             "iconUrl": f"https://cdn.discordapp.com/icons/{community.guild_id}/"
                        f"{random_token(rng, 32, HEX)}.png?size=512"}
    exported_ms = period.cutoff_ms + rng.randint(20, 50) * MINUTE_MS
    files = []
    for name, (category, topic) in CHANNELS.items():
        rendered = [(m.ms, renderer.render(m)) for m in messages if m.channel == name]
        channel = {"id": str(channel_ids[name]), "type": "GuildTextChat", "categoryId": str(category_ids[category]),
                   "category": category, "name": name, "topic": topic}
        for after, before, part in split_by_size(rendered, period):
            exported_ms += rng.randint(3_000, 40_000)
            file_name = dce_file_name(name, channel_ids[name], category, after, before)
            header = {
                "guild": guild,
                "channel": channel,
                "dateRange": {"after": dce_date(after), "before": dce_date(before)},
                "exportedAt": dce_timestamp(exported_ms, extra_ticks=rng.randrange(10_000)),
            }
            path = out_dir / file_name
            write_dce_json(path, header, [text for _, text in part])
            files.append(path)
    return files


def split_by_size(rendered: list[tuple[int, str]], period: Period):
    """One file per channel; two (before/after the middle of the period) if one would be too big."""
    if sum(len(text) for _, text in rendered) <= MAX_DISCORD_FILE_CHARS:
        return [(None, None, rendered)]
    middle = period.start + dt.timedelta(days=period.n_days // 2)
    middle_ms = day_ms(middle)
    return [(None, middle, [r for r in rendered if r[0] < middle_ms]),
            (middle, None, [r for r in rendered if r[0] >= middle_ms])]


def dce_date(day: dt.date | None) -> str | None:
    return None if day is None else f"{day.isoformat()}T00:00:00+00:00"


def dce_file_name(channel: str, channel_id: int, category: str, after: dt.date | None, before: dt.date | None) -> str:
    """DCE's default name: "<guild> - <category> - <channel> [<id>]" plus the date range, if any."""
    name = f"{GUILD_NAME} - {category} - {channel} [{channel_id}]"
    if after and before:
        name += f" ({after:%Y-%m-%d} to {before:%Y-%m-%d})"
    elif after:
        name += f" (after {after:%Y-%m-%d})"
    elif before:
        name += f" (before {before:%Y-%m-%d})"
    return name + ".json"


def write_dce_json(path: Path, header: dict, rendered_messages: list[str]) -> None:
    """The document exactly as json.dumps(indent=2, ensure_ascii=False) would write it, built from
    pre-rendered messages (DCE streams them the same way; it is also much faster)."""
    lines = ["{"]
    for key, value in header.items():
        lines.append(f'{INDENT}"{key}": {nest(dumps(value), 1)},')
    if rendered_messages:
        lines.append(f'{INDENT}"messages": [')
        lines.append(",\n".join(INDENT * 2 + text for text in rendered_messages))
        lines.append(f"{INDENT}],")
    else:
        lines.append(f'{INDENT}"messages": [],')
    lines.append(f'{INDENT}"messageCount": {len(rendered_messages)}')
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def nest(rendered: str, level: int) -> str:
    """Re-indent a standalone json.dumps(indent=2) text to sit `level` levels deep."""
    return rendered.replace("\n", "\n" + INDENT * level)


def json_object(pairs: list[tuple[str, str]], level: int) -> str:
    """An object whose values are already rendered for this depth; its `{` is placed by the caller."""
    inner = INDENT * (level + 1)
    body = ",\n".join(f'{inner}"{key}": {value}' for key, value in pairs)
    return "{\n" + body + "\n" + INDENT * level + "}"


def json_array(items: list[str], level: int) -> str:
    """An array of values already rendered one level deeper than the array's own line."""
    if not items:
        return "[]"
    inner = INDENT * (level + 1)
    return "[\n" + ",\n".join(inner + item for item in items) + "\n" + INDENT * level + "]"


class MessageRenderer:
    """Renders one message as DCE writes it, at the depth of the `messages` array items.

    Users recur on thousands of messages, so their blocks are rendered once per depth and reused.
    """

    LEVEL = 2  # root object > "messages" array > message object
    FIELD_LEVEL = LEVEL + 1

    def __init__(self, community: Community, channel_ids: dict[str, int]):
        self._community = community
        self._channel_ids = channel_ids
        self._users: dict[tuple[int, bool, int], str] = {}
        self._emoji: dict[tuple[str, int], str] = {}

    def render(self, message: Message) -> str:
        level = self.FIELD_LEVEL
        pairs = [
            ("id", f'"{message.id}"'),
            ("type", f'"{message.kind}"'),
            ("timestamp", f'"{dce_timestamp(message.ms)}"'),
            ("timestampEdited", f'"{dce_timestamp(message.edited_ms)}"' if message.edited_ms else "null"),
            ("callEndedTimestamp", "null"),
            ("isPinned", "true" if message.pinned else "false"),
            ("content", json.dumps(message.content, ensure_ascii=False)),
            ("author", self._user(message.author, with_roles=True, level=level)),
            ("attachments", nest(dumps(self._attachments(message)), level) if message.attachment else "[]"),
            ("components", "[]"),
            ("embeds", nest(dumps([message.embed]), level) if message.embed else "[]"),
            ("stickers", "[]"),
            ("reactions", json_array([self._reaction(emoji, users, level + 1)
                                      for emoji, users in message.reactions], level)),
            ("mentions", json_array([self._user(p, with_roles=True, level=level + 1)
                                     for p in message.mentions], level)),
        ]
        if message.parent is not None:
            reference = [("type", '"Default"'), ("messageId", f'"{message.parent.id}"'),
                         ("channelId", f'"{self._channel_ids[message.channel]}"'),
                         ("guildId", f'"{self._community.guild_id}"')]
            pairs.append(("reference", json_object(reference, level)))
        pairs.append(("inlineEmojis", "[]"))
        return json_object(pairs, self.LEVEL)

    def _user(self, person: Person, *, with_roles: bool, level: int) -> str:
        key = (person.user_id, with_roles, level)
        cached = self._users.get(key)
        if cached is None:
            cached = self._users[key] = nest(dumps(self.user(person, with_roles=with_roles)), level)
        return cached

    def user(self, person: Person, *, with_roles: bool) -> dict:
        """DCE's user object; reaction users come without roles."""
        user = {"id": str(person.user_id), "name": person.handle, "discriminator": person.discriminator,
                "nickname": person.nickname, "color": person.color, "isBot": person.is_bot}
        if with_roles:
            user["roles"] = [{"id": str(self._community.role_ids[role]), "name": role, "color": ROLES[role][0],
                              "position": ROLES[role][1]} for role in person.roles]
        user["avatarUrl"] = person.avatar_url
        return user

    def _reaction(self, emoji: Emoji, users: list[Person], level: int) -> str:
        users_text = json_array([self._user(p, with_roles=False, level=level + 2) for p in users], level + 1)
        return json_object([("emoji", self._emoji_block(emoji, level + 1)), ("count", str(len(users))),
                            ("users", users_text)], level)

    def _emoji_block(self, emoji: Emoji, level: int) -> str:
        key = (emoji.name, level)
        if key not in self._emoji:
            block = {"id": emoji.id, "name": emoji.name, "code": emoji.code, "isAnimated": emoji.is_animated,
                     "imageUrl": emoji.image_url}
            self._emoji[key] = nest(dumps(block), level)
        return self._emoji[key]

    def _attachments(self, message: Message) -> list[dict]:
        file_name, size = message.attachment
        attachment_id = message.id + (1 << 17)  # same instant, another worker id: a distinct snowflake
        channel_id = self._channel_ids[message.channel]
        return [{"id": str(attachment_id),
                 "url": f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{file_name}",
                 "fileName": file_name, "fileSizeBytes": size}]


# ----------------------------------------------------------------------------------------------
# Luma: events and guest lists
# ----------------------------------------------------------------------------------------------

LUMA_HEADER = [
    "api_id", "name", "first_name", "last_name", "email", "phone_number", "created_at", "approval_status",
    "checked_in_at", "custom_source", "qr_code_url", "amount", "amount_tax", "amount_discount", "currency",
    "coupon_code", "eth_address", "solana_address", "survey_response_rating", "survey_response_feedback",
    "ticket_type_id", "ticket_name", "Join our newsletter for updates on future events.",
]
STATUS, CHECKED_IN = LUMA_HEADER.index("approval_status"), LUMA_HEADER.index("checked_in_at")
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
RETURN_SHARE = 0.5  # share of registrations by someone who registered before
FROM_DISCORD_SHARE = 0.55  # of new guests, how many are Discord members (same first and last name)
WORKSHOP_TOPICS = ("Building Dashboards with Pulse", "Writing Your First Plugin", "Pulse in Production",
                   "Data Modeling for Community Metrics", "Migrating to Pulse 3", "Automating Reports with the CLI")


@dataclass(frozen=True)
class Event:
    title: str
    kind: str  # meetup, office_hours, workshop
    start_ms: int
    size: int  # registrations


@dataclass(eq=False)
class Guest:
    first: str
    last: str
    email: str
    phone: str
    registrations: int = 0


def plan_events(rng: random.Random, period: Period) -> list[Event]:
    """Two events a month on weekdays at 17:00 or 18:00 UTC: a meetup, then office hours (a workshop
    every third month), all before `end` so their check-ins are in the data."""
    events: list[Event] = []
    meetup_number = 14  # the community has met before the window
    for month_index, (first, _next_first) in enumerate(period.months()):
        growth = 1 + 0.9 * month_index / (MONTHS - 1)
        meetup_day = weekday_on_or_after(first + dt.timedelta(days=rng.randint(7, 14)))
        late_day = weekday_on_or_after(first + dt.timedelta(days=rng.randint(19, 25)))
        last_allowed = period.end - dt.timedelta(days=1)
        if late_day > last_allowed and last_allowed >= meetup_day + dt.timedelta(days=3):
            late_day = weekday_on_or_before(last_allowed)
        if meetup_day <= last_allowed:
            meetup_number += 1
            size = int(rng.randint(45, 85) * growth)
            events.append(Event(f"Pulse Community Meetup #{meetup_number}", "meetup",
                                event_start(rng, meetup_day), min(size, 120)))
        if late_day <= last_allowed and late_day > meetup_day:
            if month_index % 3 == 2:
                title = f"Hands-on Workshop {WORKSHOP_TOPICS[(month_index // 3) % len(WORKSHOP_TOPICS)]}"
                size = int(rng.randint(30, 60) * growth)
                events.append(Event(title, "workshop", event_start(rng, late_day), size))
            else:
                title = f"Pulse Office Hours {late_day:%B %Y}"
                size = int(rng.randint(20, 38) * growth)
                events.append(Event(title, "office_hours", event_start(rng, late_day), size))
    return events


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def event_start(rng: random.Random, day: dt.date) -> int:
    return day_ms(day) + rng.choice((17, 18)) * HOUR_MS


def write_luma_files(out_dir: Path, rng: random.Random, period: Period, events: list[Event], community: Community,
                     names: NameBook) -> tuple[list[Path], dict[str, int]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    book = GuestBook(rng, community, names)
    files, approved, checked_in, turned_away = [], 0, 0, 0
    for event in events:
        rows = guest_rows(rng, event, book)
        approved += sum(1 for row in rows if row[STATUS] == "approved")
        checked_in += sum(1 for row in rows if row[CHECKED_IN])
        turned_away += sum(1 for row in rows if row[STATUS] != "approved")
        # downloaded after the event, by the time the demo's data ends at the latest
        after_event = event.start_ms + rng.randint(2 * 60, 26 * 60) * MINUTE_MS
        exported = min(after_event, period.cutoff_ms - MINUTE_MS) + rng.randrange(MINUTE_MS)
        path = out_dir / f"{event.title} - Guests - {ms_datetime(exported):%Y-%m-%d-%H-%M-%S}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # utf-8-sig writes the BOM
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(LUMA_HEADER)
            writer.writerows(rows)
        files.append(path)
    counts = {
        "events": len(events),
        "luma_registrations": approved,
        "luma_checked_in": checked_in,
        "luma_declined_or_waitlisted": turned_away,
        "luma_guests": len(book.guests),
        "luma_returning_guests": sum(1 for g in book.guests if g.registrations >= 2),
    }
    return files, counts


class GuestBook:
    """Everyone who ever registered; returning guests keep their name and email."""

    def __init__(self, rng: random.Random, community: Community, names: NameBook):
        self._rng = rng
        self._names = names
        self._members = [p for p in community.people if p.rate > 0]
        self._member_guests: dict[int, Guest] = {}
        self._emails: set[str] = set()
        self.guests: list[Guest] = []

    def returning(self, exclude: set[str]) -> Guest | None:
        """A past guest (not among `exclude` emails), the loyal ones more likely."""
        loyal = [g for g in self.guests if g.email not in exclude]
        if not loyal:
            return None
        return self._rng.choices(loyal, [1 + g.registrations for g in loyal])[0]

    def newcomer(self, before_ms: int) -> Guest:
        if self._rng.random() < FROM_DISCORD_SHARE:
            person = self._rng.choice(self._members)
            if person.joined_ms < before_ms and person.user_id not in self._member_guests:
                guest = self._new_guest(person.first, person.last)
                self._member_guests[person.user_id] = guest
                return guest
        return self._new_guest(*self._names.new_name())

    def _new_guest(self, first: str, last: str) -> Guest:
        guest = Guest(first, last, self._email(first, last), self._phone())
        self.guests.append(guest)
        return guest

    def _email(self, first: str, last: str) -> str:
        f, l = ascii_slug(first), ascii_slug(last)
        local = self._rng.choice((f"{f}.{l}", f"{f}.{l}", f"{f}{l}", f"{f[0]}{l}", f"{f}_{l}",
                                  f"{f}.{l}{self._rng.randint(1, 99)}", f"{l}.{f}"))
        email = f"{local}@{self._rng.choice(EMAIL_DOMAINS)}"
        while email in self._emails:
            email = f"{local}{self._rng.randint(1, 999)}@{self._rng.choice(EMAIL_DOMAINS)}"
        self._emails.add(email)
        return email

    def _phone(self) -> str:
        return f"+1555{self._rng.randint(1_000_000, 9_999_999)}" if self._rng.random() < 0.12 else ""


def guest_rows(rng: random.Random, event: Event, book: GuestBook) -> list[list[str]]:
    """One row per registration, oldest first; about 55-70% of the approved ones check in."""
    show_up = rng.uniform(0.55, 0.70)
    ticket_type = f"evtticktyp-{random_token(rng, 16, MIXED_CASE)}"
    in_event: set[str] = set()  # emails already on this list
    registrations = []
    for _ in range(event.size):
        guest = book.returning(in_event) if rng.random() < RETURN_SHARE else None
        guest = guest or book.newcomer(event.start_ms)
        if guest.email in in_event:
            continue
        in_event.add(guest.email)
        guest.registrations += 1
        days_before = 1 + 20 * rng.random() ** 2  # most sign up in the last days
        registrations.append((event.start_ms - int(days_before * DAY_MS) - rng.randrange(HOUR_MS), guest))
    registrations.sort(key=lambda r: r[0])
    turned_away = set(rng.sample(range(len(registrations)), min(rng.randint(0, 3), len(registrations))))

    rows = []
    for index, (registered_ms, guest) in enumerate(registrations):
        status = rng.choice(("declined", "waitlist")) if index in turned_away else "approved"
        returning = guest.registrations > 1
        came = status == "approved" and rng.random() < show_up + (0.06 if returning else -0.03)
        checked_in = iso_z(event.start_ms + rng.randrange(30 * 60) * 1000) if came else ""
        rows.append([
            f"gst-{random_token(rng, 16, MIXED_CASE)}",
            f"{guest.first} {guest.last}", guest.first, guest.last, guest.email, guest.phone,
            iso_z(registered_ms), status, checked_in,
            rng.choices(("", "discord", "newsletter", "x", "friend"), (0.6, 0.15, 0.12, 0.08, 0.05))[0],
            "", "0", "0", "0", "USD", "", "", "", "", "", ticket_type, "Standard",
            "true" if rng.random() < 0.45 else "false",
        ])
    return rows


# ----------------------------------------------------------------------------------------------
# X (Twitter): monthly tweet activity exports of the brand account
# ----------------------------------------------------------------------------------------------

X_HANDLE = "PulseCommunity"
X_HEADER = [
    "Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
    "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
    "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
    "media engagements", "promoted impressions", "promoted engagements", "promoted engagement rate",
    "promoted retweets", "promoted replies", "promoted likes", "promoted user profile clicks",
    "promoted url clicks", "promoted hashtag clicks", "promoted detail expands", "promoted permalink clicks",
    "promoted app opens", "promoted app installs", "promoted follows", "promoted email tweet",
    "promoted dial phone", "promoted media views", "promoted media engagements",
]
# The parts that add up to "engagements", in export order, with their usual share.
ENGAGEMENT_PARTS = ("retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks",
                    "detail expands", "permalink clicks", "app opens", "app installs", "follows", "email tweet",
                    "media engagements")
PART_WEIGHTS = {"retweets": 0.07, "replies": 0.03, "likes": 0.30, "user profile clicks": 0.08, "url clicks": 0.17,
                "hashtag clicks": 0.02, "detail expands": 0.18, "permalink clicks": 0.02, "app opens": 0.002,
                "app installs": 0.0, "follows": 0.01, "email tweet": 0.001, "media engagements": 0.15}

RELEASE_TWEET = "New release: pulse-sdk v{version} is out! {highlight} {link} #opensource"
EVENT_TWEETS = (
    "Join us {when} for {event} 🎉\n\nRSVP: {link}",
    "{event} is coming up {when}!\n\nBring your questions &amp; your projects.\n\n{link}",
    "Save the date: {event}, {when}. Spots are limited {link}",
)
HIRING_TWEET = "We're hiring! Come help us grow the Pulse community {link}"
THANKS_TWEET = "Thanks to everyone who came to {event}! Slides &amp; recording: {link}"
TWEET_TEMPLATES = (
    "Community spotlight ✨ {person} built {project} on top of Pulse. Check it out: {link}",
    "Tip: you can {task} with one command. Docs: {link}",
    "New on the blog: how we {task} {link}",
    "{count} new members joined the Pulse community this week 👋 Come say hi: {link}",
    "What should we build next? Reply with your most wanted feature 👇",
    "A thread on {feature} 🧵\n\n1/ Why we built it\n2/ How it works\n3/ What's next\n\n{link}",
    "Weekend reading: {count} community projects worth a look {link} #devtools",
    "How do you {task}? We collected the community's best answers:\n\n{link}",
    "Question of the week: what's your favourite way to use {feature}? 👇",
)
CRISIS_TWEETS = {  # what the account says as the 3.0 crisis unfolds
    "outage": (
        "We're aware of sync issues after 3.0.0 and are working on a fix. Updates in our Discord: {link}",
        "Some of you are seeing failed syncs since upgrading to 3.0. We're on it. Workaround: {link}",
        "Heads up: if 3.0.0 broke your setup, pinning 2.x is safe for now. Details: {link}",
        "Still investigating the 3.0 sync failures. Sorry, we know this hurts. Status: {link}",
    ),
    "fixing": (
        "A fix for the sync engine is rolling out in the latest 3.0 patch. Thanks for your patience 🙏 {link}",
        "Update on 3.0: most sync failures are fixed in the latest patch. Please upgrade {link}",
        "Thank you to everyone who sent logs and repro steps this week. You made the fix possible {link}",
    ),
    "after": (
        "Postmortem for the 3.0 sync outage: what happened, and what we're changing {link}",
        "3.1 is out: the sync engine is faster and more stable than ever. Thanks for sticking with us {link}",
        "We're adding a release candidate phase so a 3.0 never happens again. Feedback welcome {link}",
    ),
}
TWEET_HIGHLIGHTS = ("Faster syncs.", "Webhook retries.", "Python 3.13 support.", "New CLI checks.",
                    "Lower memory use.", "Better error messages.")


@dataclass(frozen=True)
class Tweet:
    tweet_id: int
    ms: int
    text: str
    has_link: bool
    has_hashtag: bool
    has_media: bool


def write_x_files(out_dir: Path, rng: random.Random, period: Period, crisis: Crisis, releases: list[Release],
                  events: list[Event]) -> tuple[list[Path], dict[str, int]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    tweets = plan_tweets(rng, period, crisis, releases, events)
    files, impressions_total, engagements_total = [], 0, 0
    for month_index, (first, next_first) in enumerate(period.months()):
        month_tweets = [t for t in tweets if day_ms(first) <= t.ms < day_ms(next_first)]
        rows = []
        for tweet in sorted(month_tweets, key=lambda t: -t.ms):  # the export lists newest first
            row, impressions, engagements = tweet_row(rng, tweet, month_index)
            rows.append(row)
            impressions_total += impressions
            engagements_total += engagements
        path = out_dir / f"tweet_activity_metrics_{X_HANDLE}_{first:%Y%m%d}_{next_first:%Y%m%d}_en.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(X_HEADER)
            writer.writerows(rows)
        files.append(path)
    return files, {"x_posts": len(tweets), "x_impressions": impressions_total, "x_engagements": engagements_total}


def plan_tweets(rng: random.Random, period: Period, crisis: Crisis, releases: list[Release],
                events: list[Event]) -> list[Tweet]:
    """About one post per weekday, in US/EU afternoon hours; on `end` itself, in the morning."""
    tweets, texts, said = [], set(), set()
    for day in period.days:
        count = poisson(rng, 1.0 if day.weekday() < 5 else 0.08)
        for _ in range(count):
            if day == period.end:
                at = day_ms(day) + rng.randint(8 * 60, CUTOFF_HOUR * 60 - 20) * MINUTE_MS
            else:
                at = day_ms(day) + rng.randint(13 * 60, 19 * 60) * MINUTE_MS
            text = tweet_text(rng, day, at, crisis, releases, events, said)
            while text in texts:
                text = tweet_text(rng, day, at, crisis, releases, events, said)
            texts.add(text)
            tweet_id = ((at + rng.randrange(60_000) - TWITTER_EPOCH_MS) << 22) + rng.getrandbits(22)
            has_hashtag = re.search(r"#[A-Za-z]", text) is not None  # "#opensource", not "Meetup #19"
            tweets.append(Tweet(tweet_id, at, text, "https://t.co/" in text, has_hashtag, rng.random() < 0.35))
    return tweets


def tweet_text(rng: random.Random, day: dt.date, at: int, crisis: Crisis, releases: list[Release],
               events: list[Event], said: set[str]) -> str:
    """A post for that moment: crisis updates (each once, in order), new releases (each once),
    event promotions and thank-yous, or an evergreen post."""
    link = f"https://t.co/{random_token(rng, 10, MIXED_CASE)}"
    unsaid = [t for t in CRISIS_TWEETS.get(tweet_crisis_phase(day, crisis), ()) if t not in said]
    if unsaid and rng.random() < 0.4:
        said.add(unsaid[0])
        return unsaid[0].format(link=link)
    fresh = [r for r in releases if 0 <= at - r.ms < 7 * DAY_MS and r.version not in said]
    if fresh and rng.random() < 0.5:
        said.add(fresh[-1].version)
        return RELEASE_TWEET.format(version=fresh[-1].version, highlight=rng.choice(TWEET_HIGHLIGHTS), link=link)
    upcoming = [e for e in events if 0 < e.start_ms - at < 10 * DAY_MS]
    if upcoming and rng.random() < 0.35:
        start = ms_datetime(upcoming[0].start_ms)
        when = f"on {start:%A %b} {start.day} at {start:%H:%M} UTC"
        return rng.choice(EVENT_TWEETS).format(event=upcoming[0].title, when=when, link=link)
    past = [e for e in events if 0 < at - e.start_ms < 5 * DAY_MS]
    if past and past[-1].title not in said and rng.random() < 0.5:
        said.add(past[-1].title)
        return THANKS_TWEET.format(event=past[-1].title, link=link)
    template = HIRING_TWEET if rng.random() < 0.03 else rng.choice(TWEET_TEMPLATES)
    return template.format(
        link=link, person="@" + rng.choice(EXTRA_SLOTS["handle_like"]).replace("-", "_"),
        project=rng.choice(SLOTS["project"]), task=rng.choice(SLOTS["task"]), feature=rng.choice(SLOTS["feature"]),
        count=str(rng.randint(12, 90)),
    )


def tweet_crisis_phase(day: dt.date, crisis: Crisis) -> str | None:
    if crisis.start <= day < crisis.start + dt.timedelta(days=14):
        return "outage"
    if crisis.intensity(day) > 0:
        return "fixing"
    return "after" if crisis.recovering(day) else None


def tweet_row(rng: random.Random, tweet: Tweet, month_index: int) -> tuple[list[str], int, int]:
    """Impressions grow ~9% a month; engagements are 0.5-3% of them, split into their parts."""
    impressions = max(80, int(450 * 1.09 ** month_index * rng.lognormvariate(0, 0.5)))
    rate = min(0.035, max(0.004, rng.lognormvariate(math.log(0.013), 0.45)))
    engagements = round(impressions * rate)
    parts = split_engagements(rng, tweet, engagements)
    metrics = [
        float(impressions), float(engagements), java_double(engagements / impressions),
        *(float(parts[name]) for name in ENGAGEMENT_PARTS[:8]),
    ]
    whole = [parts["app opens"], parts["app installs"], parts["follows"], parts["email tweet"], 0,
             parts["media engagements"], parts["media engagements"]]  # dial phone; media views = media engagements
    row = [str(tweet.tweet_id), f"https://twitter.com/{X_HANDLE}/status/{tweet.tweet_id}", tweet.text,
           f"{ms_datetime(tweet.ms):%Y-%m-%d %H:%M} +0000",
           *(m if isinstance(m, str) else repr(m) for m in metrics), *(str(n) for n in whole), *["-"] * 18]
    return row, impressions, engagements


def split_engagements(rng: random.Random, tweet: Tweet, engagements: int) -> dict[str, int]:
    weights = dict(PART_WEIGHTS)
    if not tweet.has_link:
        weights["url clicks"] = 0.0
    if not tweet.has_hashtag:
        weights["hashtag clicks"] = 0.0
    if not tweet.has_media:
        weights["media engagements"] = 0.0
    parts = dict.fromkeys(ENGAGEMENT_PARTS, 0)
    for name in rng.choices(ENGAGEMENT_PARTS, [weights[n] for n in ENGAGEMENT_PARTS], k=engagements):
        parts[name] += 1
    return parts


def java_double(value: float) -> str:
    """Java's Double.toString, which the export uses: 0.0052..., but 9.345794392523365E-4 below 0.001."""
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(float(value))
    _sign, digits, exponent = Decimal(repr(value)).as_tuple()  # the shortest round-trip digits
    text = "".join(map(str, digits))
    return f"{text[0]}.{text[1:] or '0'}E{len(text) - 1 + exponent}"


# ----------------------------------------------------------------------------------------------
# Command line: python -m pipelines.demo.generate OUT_DIR --end 2026-11-20
# ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the demo export files.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True, help="last day, YYYY-MM-DD")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    manifest = write_demo_exports(args.out_dir, end=args.end, seed=args.seed)
    print(f"{len(manifest.files)} files in {args.out_dir}")
    for key, value in manifest.expected.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
