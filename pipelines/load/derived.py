"""The derived tables (model/tables/50_derived.sql), brought up to date inside every write's
transaction, at the cost of what the write changed rather than of what the warehouse holds.

What a write may have changed, and how it is found:
- new batches: rows whose batch_id is above the watermark (warehouse_info 'derived_batch');
- undone batches: ingest_batches marked undone but not yet in derived_undone;
- identities: new ones, those of undone batches, those whose analyst flags differ from what was
  applied, those on merges that changed (derived_merges), and the known ones a load enriched
  (an email, an earlier join, a flag: the loader notes them with note_identities());
- registrations and events: a fingerprint of both tables (they are small);
- the sentiment of stored rows: a re-score notes it (note_rescored);
- stored replies whose thread is a row of a new batch: the loader notes them
  (note_stored_replies); for a batch it did not note, the facts are searched.
Identity resolution is redone only for the part of the identity graph those identities reach
(shared emails, merges, their former members), with the same union-find as a full rebuild, so
member ids come out exactly as they would from scratch. Members and facts are then recomputed for
what they touch; a thread that only gained new replies is folded from them, and a thread whose
stored facts changed is counted again from all of them.

Anything unexpected (source rows that appeared or vanished outside a batch, a new VERSION of this
module, no derived state yet) rebuilds every derived table from the base tables (rebuild_all),
which is also the reference the incremental path is tested against (tests/test_derived.py).
"""

from __future__ import annotations

import hashlib
import time

import duckdb
import polars as pl

from pipelines.frames_io import fetch_frame, fetch_scalar
from pipelines.load.identity_members import member_keys

VERSION = "8"  # bump when what the derived tables hold changes: the next write rebuilds them
DERIVED_TABLES = ("identity_members", "member_rows", "activity_facts", "event_facts", "thread_rows",
                  "derived_undone", "derived_merges")
CONTRIBUTIONS = "('thread', 'reply', 'message', 'comment', 'post')"
# A fact's sentiment: its row's score, for contributions with a text (a = source_activities).
_FACT_SENTIMENT = f"CASE WHEN a.activity_type IN {CONTRIBUTIONS} AND a.text IS NOT NULL AND a.text <> '' THEN a.sentiment END"

last_timings: dict[str, float] = {}  # seconds per step of the latest refresh (for benchmarks)

# Per identity, its email, flags and join date as the views define them.
RESOLVED_IDENTITIES = """
SELECT i.platform, i.platform_user_id, nullif(lower(trim(i.email)), '') AS email,
       coalesce(f.is_bot, i.is_bot) AS is_bot, coalesce(f.is_staff, i.is_staff) AS is_staff,
       i.joined_at, i.batch_id
FROM source_identities AS i
LEFT JOIN identity_flags AS f USING (platform, platform_user_id)
"""

# The rows of an identity table (alias {alias}) whose identity is in the temp table {keys} (platform,
# platform_user_id, identity_key): one pass over the integer identity_key (tables/00_core.sql); the
# user ids are read and compared only for the few rows whose key matches (keys may collide).
_OF_IDENTITIES = ("{alias}.identity_key IN (SELECT identity_key FROM {keys}) AND ({alias}.platform, "
                  "{alias}.platform_user_id) IN (SELECT (platform, platform_user_id) FROM {keys})")


def member_id_of(member_key: str) -> str:
    """The same id as DuckDB's 'm_' || substr(md5(member_key), 1, 16)."""
    return "m_" + hashlib.md5(member_key.encode()).hexdigest()[:16]


def note_identities(connection: duckdb.DuckDBPyConnection, identities: pl.DataFrame) -> None:
    """A writer's note that these identities (platform, platform_user_id) may have changed in place
    (an email, a join date or a flag learnt from a later file)."""
    _create_notes(connection)
    connection.register("d_noting", identities.select("platform", "platform_user_id"))
    connection.execute("INSERT INTO d_touched_identities SELECT platform, platform_user_id FROM d_noting")
    connection.unregister("d_noting")


def note_stored_replies(connection: duckdb.DuckDBPyConnection, batch_id: int, replies: pl.DataFrame) -> None:
    """A loader's note of the stored rows whose thread is a row of its batch: `replies` (activity_id,
    batch_id, old_thread_id, new_thread_id), empty when there are none. Without this note for every
    new batch, refresh() searches the facts."""
    _create_notes(connection)
    connection.execute("INSERT INTO d_noted_batches VALUES ($batch_id)", {"batch_id": batch_id})
    connection.register("d_noting", replies.select("activity_id", "batch_id", "old_thread_id", "new_thread_id"))
    connection.execute("INSERT INTO d_noted_replies SELECT * FROM d_noting")
    connection.unregister("d_noting")


def note_rescored(connection: duckdb.DuckDBPyConnection) -> None:
    """A writer's note that it changed the sentiment of stored rows (a re-score): every fact follows."""
    _create_notes(connection)
    connection.execute("INSERT INTO d_rescored VALUES (true)")


def _create_notes(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS d_touched_identities "
                       "(platform VARCHAR, platform_user_id VARCHAR)")
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS d_noted_batches (batch_id INTEGER)")
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS d_rescored (noted BOOLEAN)")
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS d_noted_replies "
                       "(source_id VARCHAR, batch_id INTEGER, old_thread_id VARCHAR, new_thread_id VARCHAR)")


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

def refresh(connection: duckdb.DuckDBPyConnection) -> None:
    """Bring the derived tables up to date with the base tables (inside the caller's transaction)."""
    clock = _Clock()
    state = dict(connection.execute("SELECT key, value FROM warehouse_info WHERE key LIKE 'derived_%'").fetchall())
    if state.get("derived_version") != VERSION:
        rebuild_all(connection)
        clock.lap("rebuild all")
        return
    watermark = int(state["derived_batch"])
    _note_changes(connection, watermark)
    clock.lap("detect changes")
    _resolve_identities(connection)
    clock.lap("identities")
    if int(state.get("derived_orphans", "0")) and fetch_scalar(
            connection, "SELECT count(*) FROM d_moved WHERE old_member_id IS NULL AND new_member_id IS NOT NULL"):
        rebuild_all(connection)  # activities stored without their identity may have just found it
        clock.lap("rebuild all")
        return
    removed = _take_out_lost_facts(connection)
    _fold_new_first_activities(connection, watermark)
    attendance_changed = _attendance_fingerprint(connection) != state.get("derived_attendance")
    if attendance_changed:
        _set_attendance_firsts(connection, note_members=True)
    clock.lap("facts out")
    _update_members(connection)
    clock.lap("members")
    # The new rows and their identities (d_new_identities) first, on their own: joined straight to
    # identity_members and member_rows, the planner would join those two whole (a million rows at
    # L) before meeting the few new rows.
    connection.execute("CREATE OR REPLACE TEMP TABLE d_new_rows AS SELECT * FROM source_activities "
                       "WHERE batch_id > $watermark", {"watermark": watermark})
    connection.execute(_INSERT_FACTS.format(rows="d_new_rows", identities="d_new_identities")
                       + "ORDER BY a.occurred_at")
    _follow_rethreaded_replies(connection, watermark)
    _follow_member_kinds(connection)
    _follow_sentiment(connection)
    if attendance_changed or fetch_scalar(connection, "SELECT count(*) FROM d_fact_members"):
        _rebuild_event_facts(connection)
    clock.lap("facts in")
    _update_threads(connection, watermark)
    clock.lap("threads")
    if not _source_rows_add_up(connection, state, watermark, removed):
        rebuild_all(connection)
        clock.lap("rebuild all")
        return
    _record_state(connection)
    _drop_temp(connection)
    clock.lap("record")


def rebuild_all(connection: duckdb.DuckDBPyConnection) -> None:
    """Every derived table from the base tables alone."""
    identities = fetch_frame(connection, f"SELECT * FROM ({RESOLVED_IDENTITIES}) ORDER BY platform, platform_user_id")
    merges = fetch_frame(connection, "SELECT platform_a || ':' || user_a AS a, platform_b || ':' || user_b AS b "
                                     "FROM identity_merges WHERE unmerged_at IS NULL")
    connection.execute("DELETE FROM identity_members")
    _insert_resolved(connection, identities, merges)
    connection.execute("""
        UPDATE identity_members AS r SET first_activity_at = a.first_at
        FROM (SELECT platform, platform_user_id, min(occurred_at) AS first_at FROM source_activities GROUP BY ALL) AS a
        WHERE r.platform = a.platform AND r.platform_user_id = a.platform_user_id""")
    _set_attendance_firsts(connection, note_members=False)
    connection.execute("DELETE FROM member_rows")
    connection.execute("INSERT INTO member_rows " + _MEMBER_ROWS.format(identities="identity_members",
                                                                        names="source_identities"))
    # Facts and threads are stored in time order (and later ones appended after them): a period's
    # facts are then a few row groups that zone maps find, and the threads later files answer are
    # in the last row groups, the only ones a checkpoint then rewrites.
    connection.execute("DELETE FROM activity_facts")
    connection.execute(_INSERT_FACTS.format(rows="source_activities", identities="identity_members")
                       + "ORDER BY a.occurred_at")
    _rebuild_event_facts(connection)
    connection.execute("DELETE FROM thread_rows")
    connection.execute(f"INSERT INTO thread_rows ({_THREAD_COLUMNS}) "
                       + _THREADS.format(facts="activity_facts", starts="TRUE", responses="TRUE",
                                      texts="source_activities") + "ORDER BY s.started_at")
    connection.execute("DELETE FROM derived_undone")
    connection.execute("INSERT INTO derived_undone SELECT batch_id FROM ingest_batches WHERE undone_at IS NOT NULL")
    _record_state(connection)
    _drop_temp(connection)


# ---------------------------------------------------------------------------------------------
# SQL shared by the full and the incremental paths
# ---------------------------------------------------------------------------------------------

# members (marts/20_members.sql): first seen = earliest of join, first activity, first
# registration and first attended event, over the member's identities. {identities}: the
# identity_members rows of the members to make (all, or a temp table of them); {names}: at least
# their source_identities rows.
_MEMBER_ROWS = """
SELECT r.member_id,
       arg_min(s.display_name, r.platform || ':' || r.platform_user_id) AS display_name,
       min(r.email) AS email,
       bool_or(r.is_bot) AS is_bot,
       bool_or(r.is_staff) AS is_staff,
       NOT bool_or(r.is_bot OR r.is_staff) AS is_human,
       least(min(r.joined_at), min(r.first_activity_at), min(r.first_registered_at), min(r.first_attended_at))
           AS first_seen_at,
       list(DISTINCT r.platform ORDER BY r.platform) AS platforms,
       member_key(r.member_id) AS member_key
FROM {identities} AS r
JOIN {names} AS s USING (platform, platform_user_id)
GROUP BY r.member_id
"""

# member_activity's contributions and reactions, with the member and their kind; {rows}: the
# activities to add (all, or the new batches'); {identities}: at least their identity_members rows.
_INSERT_FACTS = f"""
INSERT INTO activity_facts
SELECT a.activity_id, r.member_id, a.platform, a.platform_user_id, a.channel, a.thread_id, a.occurred_at,
       CASE WHEN a.activity_type IN {CONTRIBUTIONS} THEN 'contribution' ELSE 'reaction' END,
       a.activity_type,
       {_FACT_SENTIMENT},
       m.is_human, a.batch_id, member_key(r.member_id)
FROM {{rows}} AS a
JOIN {{identities}} AS r USING (platform, platform_user_id)
JOIN member_rows AS m ON m.member_key = member_key(r.member_id)
"""

# threads (marts/30_threads.sql): a thread is a contribution other than a social post that
# starts its own thread; a response is a contribution in it by another member who is not a bot.
# {facts}: the facts to read (all, or the rows of the threads to recompute); {starts} and
# {responses} narrow the start rows (s) and the response rows (f); {texts} is a relation
# (activity_id, text, url) holding at least the starts' texts and links.
_THREAD_COLUMNS = ("thread_id, platform, channel, starter_id, started_at, first_response_at, first_responder_id, "
                   "first_responder_is_staff, responses, text, url, starter_is_human, thread_key")
_THREADS = f"""
WITH starts AS (
    SELECT s.source_id AS thread_id, s.platform, s.channel, s.member_id AS starter_id, s.occurred_at AS started_at,
           s.is_human AS starter_is_human
    FROM {{facts}} AS s
    WHERE s.activity_kind = 'contribution' AND s.activity_type <> 'post' AND s.thread_id = s.source_id
      AND {{starts}}
),
responses AS (
    SELECT f.thread_id, f.source_id, f.occurred_at, f.member_id, m.is_staff
    FROM {{facts}} AS f
    JOIN member_rows AS m ON m.member_key = f.member_key
    WHERE f.activity_kind = 'contribution' AND NOT m.is_bot AND {{responses}}
),
firsts AS (
    SELECT x.thread_id,
           min(x.occurred_at) AS first_response_at,
           arg_min(x.member_id, (x.occurred_at, x.source_id)) AS first_responder_id,
           arg_min(x.is_staff, (x.occurred_at, x.source_id)) AS first_responder_is_staff,
           count(*) AS responses
    FROM responses AS x
    JOIN starts AS s ON x.thread_id = s.thread_id AND x.source_id <> s.thread_id AND x.member_id <> s.starter_id
    GROUP BY x.thread_id
)
SELECT s.thread_id, s.platform, s.channel, s.starter_id, s.started_at, f.first_response_at,
       f.first_responder_id, f.first_responder_is_staff, coalesce(f.responses, 0) AS responses, t.text, t.url,
       s.starter_is_human, lookup_key(s.thread_id) AS thread_key
FROM starts AS s
LEFT JOIN firsts AS f USING (thread_id)
LEFT JOIN {{texts}} AS t ON t.activity_id = s.thread_id
"""

# member_activity's events: one row per attended registration of an event with a start.
_INSERT_EVENT_FACTS = """
INSERT INTO event_facts
SELECT t.event_id, r.member_id, t.platform, e.starts_at, m.is_human, member_key(r.member_id)
FROM source_attendance AS t
JOIN identity_members AS r USING (platform, platform_user_id)
JOIN member_rows AS m ON m.member_key = member_key(r.member_id)
JOIN source_events AS e USING (event_id)
WHERE t.attended AND e.starts_at IS NOT NULL
"""


def _resolved(identities: pl.DataFrame, merges: pl.DataFrame) -> pl.DataFrame:
    """`identities` (RESOLVED_IDENTITIES rows forming whole components) with their member_key and
    member_id, grouped by union-find over their emails and the active `merges` (a, b as 'platform:id')."""
    nodes = (identities["platform"] + ":" + identities["platform_user_id"]).to_list()
    keys = member_keys(nodes, identities["email"].to_list(), list(zip(merges["a"], merges["b"], strict=True)))
    return identities.with_columns(member_key=pl.Series(keys, dtype=pl.String),
                                   member_id=pl.Series([member_id_of(k) for k in keys], dtype=pl.String))


def _insert_resolved(connection: duckdb.DuckDBPyConnection, identities: pl.DataFrame, merges: pl.DataFrame) -> None:
    """identity_members rows for whole components of identities (see _resolved)."""
    connection.register("d_resolved", _resolved(identities, merges))
    connection.execute("""
        INSERT INTO identity_members (platform, platform_user_id, member_key, member_id, email, is_bot, is_staff,
                                      joined_at, batch_id, identity_key, member_number)
        SELECT platform, platform_user_id, member_key, member_id, email, is_bot, is_staff, joined_at, batch_id,
               identity_key(platform, platform_user_id), member_key(member_id)
        FROM d_resolved""")
    connection.unregister("d_resolved")


def _set_attendance_firsts(connection: duckdb.DuckDBPyConnection, note_members: bool) -> None:
    """identity_members.first_registered_at / first_attended_at from the registrations (a small
    table, read whole); with note_members, the members whose values change go to d_members."""
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_attendance_changed AS
        WITH firsts AS (
            SELECT t.platform, t.platform_user_id, min(t.registered_at) AS first_registered_at,
                   min(e.starts_at) FILTER (WHERE t.attended) AS first_attended_at
            FROM source_attendance AS t LEFT JOIN source_events AS e USING (event_id)
            GROUP BY ALL
        )
        SELECT r.platform, r.platform_user_id, r.member_id, f.first_registered_at, f.first_attended_at
        FROM identity_members AS r
        LEFT JOIN firsts AS f USING (platform, platform_user_id)
        WHERE r.first_registered_at IS DISTINCT FROM f.first_registered_at
           OR r.first_attended_at IS DISTINCT FROM f.first_attended_at""")
    if note_members:
        connection.execute("INSERT INTO d_members SELECT DISTINCT member_id FROM d_attendance_changed")
    connection.execute("""
        UPDATE identity_members AS r
        SET first_registered_at = c.first_registered_at, first_attended_at = c.first_attended_at
        FROM d_attendance_changed AS c
        WHERE r.platform = c.platform AND r.platform_user_id = c.platform_user_id""")


def _rebuild_event_facts(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("DELETE FROM event_facts")
    connection.execute(_INSERT_EVENT_FACTS)


# ---------------------------------------------------------------------------------------------
# Steps of the incremental refresh
# ---------------------------------------------------------------------------------------------

def _note_changes(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """Temp tables of what changed: undone batches, changed merges, candidate identities."""
    _create_notes(connection)
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_undone AS
        SELECT batch_id FROM ingest_batches
        WHERE undone_at IS NOT NULL AND batch_id NOT IN (SELECT batch_id FROM derived_undone)""")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_merges AS
        SELECT m.platform_a, m.user_a, m.platform_b, m.user_b
        FROM identity_merges AS m LEFT JOIN derived_merges AS d USING (merge_id)
        WHERE d.merge_id IS NULL OR d.active <> (m.unmerged_at IS NULL)""")
    # Flagged identities whose flags differ from those applied (RESOLVED_IDENTITIES' flags): the
    # flagged are few, so their stored rows are found by key.
    connection.execute("CREATE OR REPLACE TEMP TABLE d_flagged AS SELECT *, identity_key(platform, platform_user_id) "
                       "AS identity_key FROM identity_flags")
    _identity_rows(connection, "source_identities", "d_flagged", "d_flagged_sources")
    _identity_rows(connection, "identity_members", "d_flagged", "d_flagged_members")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_candidates AS
        SELECT platform, platform_user_id, identity_key(platform, platform_user_id) AS identity_key FROM (
            SELECT platform, platform_user_id FROM source_identities WHERE batch_id > $watermark
            UNION SELECT platform, platform_user_id FROM identity_members
                  WHERE batch_id IN (SELECT batch_id FROM d_undone)
            UNION SELECT platform, platform_user_id FROM d_touched_identities
            UNION SELECT platform_a, user_a FROM d_merges
            UNION SELECT platform_b, user_b FROM d_merges
            UNION SELECT f.platform, f.platform_user_id
                  FROM d_flagged AS f
                  JOIN d_flagged_sources AS i USING (platform, platform_user_id)
                  JOIN d_flagged_members AS r USING (platform, platform_user_id)
                  WHERE coalesce(f.is_bot, i.is_bot) IS DISTINCT FROM r.is_bot
                     OR coalesce(f.is_staff, i.is_staff) IS DISTINCT FROM r.is_staff)""",
                       {"watermark": watermark})


def _identity_rows(connection: duckdb.DuckDBPyConnection, table: str, keys: str, into: str) -> None:
    """The temp table `into`: the rows of `table` (source_identities or identity_members), with
    their row_id, of the identities in the temp table `keys` (see _OF_IDENTITIES). Names are this
    module's own literals (formatted, as names cannot be bound): the tables are checked here, the
    temp names all start with d_."""
    if table not in ("source_identities", "identity_members") or not (keys.startswith("d_") and into.startswith("d_")):
        raise ValueError(f"not an identity table and temp tables: {table}, {keys}, {into}")
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {into} AS SELECT rowid AS row_id, * FROM {table} AS t WHERE "
                       + _OF_IDENTITIES.format(alias="t", keys=keys))


def _resolve_identities(connection: duckdb.DuckDBPyConnection) -> None:
    """Redo identity resolution for the candidates' part of the identity graph. Leaves d_moved
    (identities whose member or kind changed, with old and new member) and d_members (members to
    recompute: everyone the region's identities belonged or belong to)."""
    connection.execute(f"CREATE OR REPLACE TEMP TABLE d_changed AS {RESOLVED_IDENTITIES} WHERE "
                       + _OF_IDENTITIES.format(alias="i", keys="d_candidates"))
    _identity_rows(connection, "identity_members", "d_candidates", "d_candidate_members")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_region AS
        SELECT platform, platform_user_id, identity_key FROM d_candidates
        UNION
        SELECT platform, platform_user_id, identity_key FROM identity_members
        WHERE member_number IN (SELECT member_number FROM d_candidate_members)""")
    _close_region(connection)
    region = fetch_frame(connection, f"{RESOLVED_IDENTITIES} WHERE "
                         + _OF_IDENTITIES.format(alias="i", keys="d_region") + " ORDER BY platform, platform_user_id")
    merges = fetch_frame(connection, """
        SELECT platform_a || ':' || user_a AS a, platform_b || ':' || user_b AS b
        FROM identity_merges AS m SEMI JOIN d_region AS g ON g.platform = m.platform_a AND g.platform_user_id = m.user_a
        WHERE m.unmerged_at IS NULL""")
    _identity_rows(connection, "identity_members", "d_region", "d_old")
    connection.register("d_resolved", _resolved(region, merges))
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_fresh AS
        SELECT n.platform, n.platform_user_id, n.member_key, n.member_id, n.email, n.is_bot, n.is_staff, n.joined_at,
               o.first_activity_at, o.first_registered_at, o.first_attended_at, n.batch_id,
               identity_key(n.platform, n.platform_user_id) AS identity_key, member_key(n.member_id) AS member_number
        FROM d_resolved AS n LEFT JOIN d_old AS o USING (platform, platform_user_id)""")
    connection.unregister("d_resolved")
    _upsert(connection, "identity_members", ("platform", "platform_user_id"), "d_fresh", "d_old")
    # The region's identities in identity_members are now d_fresh's rows.
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_moved AS
        SELECT platform, platform_user_id, o.member_id AS old_member_id, n.member_id AS new_member_id
        FROM d_old AS o FULL JOIN d_fresh AS n USING (platform, platform_user_id)
        WHERE o.member_id IS DISTINCT FROM n.member_id OR o.is_bot IS DISTINCT FROM n.is_bot
           OR o.is_staff IS DISTINCT FROM n.is_staff""")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_members AS
        SELECT member_id FROM d_old UNION SELECT member_id FROM d_fresh""")


def _close_region(connection: duckdb.DuckDBPyConnection) -> None:
    """Grow d_region until it holds whole components of the identity graph: identities sharing an
    email with it, or on an active merge with it. Candidates have their emails in d_changed; every
    other identity the email identity_members holds (nothing changed it)."""
    for _ in range(1000):
        _identity_rows(connection, "identity_members", "d_region", "d_region_members")
        added = fetch_scalar(connection, """
            INSERT INTO d_region
            WITH emails AS (
                SELECT c.email FROM d_changed AS c WHERE c.email IS NOT NULL
                UNION
                SELECT r.email FROM d_region_members AS r
                ANTI JOIN d_candidates USING (platform, platform_user_id)
                WHERE r.email IS NOT NULL
            ),
            reached AS (
                SELECT r.platform, r.platform_user_id FROM identity_members AS r
                SEMI JOIN emails USING (email)
                UNION
                SELECT m.platform_b, m.user_b FROM identity_merges AS m
                SEMI JOIN d_region AS g ON g.platform = m.platform_a AND g.platform_user_id = m.user_a
                WHERE m.unmerged_at IS NULL
                UNION
                SELECT m.platform_a, m.user_a FROM identity_merges AS m
                SEMI JOIN d_region AS g ON g.platform = m.platform_b AND g.platform_user_id = m.user_b
                WHERE m.unmerged_at IS NULL
            ),
            new AS (
                SELECT DISTINCT x.platform, x.platform_user_id,
                       identity_key(x.platform, x.platform_user_id) AS identity_key
                FROM reached AS x
                ANTI JOIN d_region AS g USING (platform, platform_user_id)
                ANTI JOIN d_candidates AS c USING (platform, platform_user_id)
            )
            SELECT n.platform, n.platform_user_id, n.identity_key FROM new AS n
            WHERE (n.platform, n.platform_user_id) IN (  -- identities that exist (merges may name others)
                SELECT (s.platform, s.platform_user_id) FROM source_identities AS s
                WHERE s.identity_key IN (SELECT identity_key FROM new))""")
        if not added:
            return
    raise RuntimeError("identity resolution did not settle")


def _take_out_lost_facts(connection: duckdb.DuckDBPyConnection) -> int:
    """Facts whose rows left with an undone batch, or whose identity is gone (their rows no longer
    count, as in stg_activities); facts of identities that changed member follow them. Returns the
    facts of undone batches taken out."""
    connection.execute("CREATE OR REPLACE TEMP TABLE d_lost (platform VARCHAR, platform_user_id VARCHAR, "
                       "member_id VARCHAR, thread_id VARCHAR)")
    removed = 0
    gone = fetch_scalar(connection, "SELECT (SELECT count(*) FROM d_undone) "
                                    "+ (SELECT count(*) FROM d_moved WHERE new_member_id IS NULL)")
    if gone:  # (a scan of every fact, so only when something left)
        connection.execute("""
            INSERT INTO d_lost
            SELECT platform, platform_user_id, member_id, thread_id FROM activity_facts
            WHERE batch_id IN (SELECT batch_id FROM d_undone)
               OR (platform, platform_user_id) IN (SELECT (platform, platform_user_id) FROM d_moved
                                                   WHERE new_member_id IS NULL)""")
    if gone and fetch_scalar(connection, "SELECT count(*) FROM d_lost"):
        removed = fetch_scalar(connection, "DELETE FROM activity_facts WHERE batch_id IN (SELECT batch_id FROM d_undone)")
        connection.execute("""
            DELETE FROM activity_facts AS f USING d_moved AS m
            WHERE f.platform = m.platform AND f.platform_user_id = m.platform_user_id AND m.new_member_id IS NULL""")
        connection.execute("INSERT INTO d_members SELECT DISTINCT member_id FROM d_lost")
        connection.execute("""
            UPDATE identity_members AS r SET first_activity_at = a.first_at
            FROM (SELECT k.platform, k.platform_user_id, min(s.occurred_at) AS first_at
                  FROM (SELECT DISTINCT platform, platform_user_id FROM d_lost) AS k
                  LEFT JOIN source_activities AS s USING (platform, platform_user_id)
                  GROUP BY ALL) AS a
            WHERE r.platform = a.platform AND r.platform_user_id = a.platform_user_id""")
    connection.execute("INSERT INTO derived_undone SELECT batch_id FROM d_undone")
    # Identities new to identity_members have no facts yet (stored activities of an identity that
    # was missing are orphans, and refresh() rebuilds everything for them): only identities that
    # had a member and changed it move facts, so a load of newcomers scans no facts here.
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_fact_members AS
        SELECT DISTINCT new_member_id AS member_id FROM d_moved
        WHERE new_member_id IS NOT NULL AND old_member_id IS NOT NULL AND old_member_id <> new_member_id""")
    if fetch_scalar(connection, "SELECT count(*) FROM d_fact_members"):
        connection.execute("""
            INSERT INTO d_lost
            SELECT f.platform, f.platform_user_id, f.member_id, f.thread_id FROM activity_facts AS f
            JOIN d_moved AS m USING (platform, platform_user_id)
            WHERE m.new_member_id IS NOT NULL AND m.old_member_id IS NOT NULL AND m.old_member_id <> m.new_member_id""")
        connection.execute("INSERT INTO d_members SELECT DISTINCT member_id FROM d_lost")
        connection.execute("""
            UPDATE activity_facts AS f SET member_id = m.new_member_id, member_key = member_key(m.new_member_id)
            FROM d_moved AS m
            WHERE f.platform = m.platform AND f.platform_user_id = m.platform_user_id
              AND m.new_member_id IS NOT NULL AND m.new_member_id <> f.member_id""")
    return removed


def _fold_new_first_activities(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """Each identity's first activity, lowered by the new batches' rows where they are earlier;
    those members are recomputed. Leaves d_new_identities: the identity_members rows of the new rows."""
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_new_firsts AS
        SELECT platform, platform_user_id, identity_key(platform, platform_user_id) AS identity_key,
               min(occurred_at) AS first_at
        FROM source_activities WHERE batch_id > $watermark GROUP BY platform, platform_user_id""",
                       {"watermark": watermark})
    _identity_rows(connection, "identity_members", "d_new_firsts", "d_new_identities")
    # Only rows whose value changes are written: an update rewrites its column's row group at the
    # checkpoint, and the people of a file are spread over all of them.
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_lowered AS
        SELECT r.row_id, r.member_id, n.first_at
        FROM d_new_identities AS r JOIN d_new_firsts AS n USING (platform, platform_user_id)
        WHERE r.first_activity_at IS NULL OR n.first_at < r.first_activity_at""")
    connection.execute("UPDATE identity_members AS r SET first_activity_at = l.first_at FROM d_lowered AS l "
                       "WHERE r.rowid = l.row_id")
    connection.execute("INSERT INTO d_members SELECT DISTINCT member_id FROM d_lowered")


def _update_members(connection: duckdb.DuckDBPyConnection) -> None:
    """Recompute member_rows for d_members; members whose kinds changed join d_fact_members (their
    facts, events and threads follow)."""
    # Members are found by the id as a number (member_rows.member_key, identity_members.member_number),
    # their identities' names by identity_key: passes over integers, not strings.
    connection.execute("CREATE OR REPLACE TEMP TABLE d_members AS "
                       "SELECT DISTINCT member_id, member_key(member_id) AS member_key FROM d_members")
    connection.execute("CREATE OR REPLACE TEMP TABLE d_old_members AS SELECT rowid AS row_id, * FROM member_rows "
                       "WHERE member_key IN (SELECT member_key FROM d_members)")
    connection.execute("CREATE OR REPLACE TEMP TABLE d_member_identities AS SELECT * FROM identity_members "
                       "WHERE member_number IN (SELECT member_key FROM d_members)")
    _identity_rows(connection, "source_identities", "d_member_identities", "d_member_names")
    connection.execute("CREATE OR REPLACE TEMP TABLE d_fresh AS " + _MEMBER_ROWS.format(
        identities="d_member_identities", names="d_member_names"))
    _upsert(connection, "member_rows", ("member_key",), "d_fresh", "d_old_members")
    connection.execute("""
        INSERT INTO d_fact_members
        SELECT o.member_id FROM d_old_members AS o JOIN d_fresh AS n USING (member_key)
        WHERE n.is_bot <> o.is_bot OR n.is_staff <> o.is_staff""")


def _follow_rethreaded_replies(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """Facts of earlier batches whose thread is a row of the new batches: replies a new file
    re-threaded (load/sql/thread_earlier_replies.sql), which take their row's new thread, and replies
    stored before the message that starts their thread. d_rethreaded keeps both threads of each.
    The loader notes them (note_stored_replies); for batches it did not note, the facts are searched."""
    noted_all = not fetch_scalar(connection, """
        SELECT count(*) FROM ingest_batches
        WHERE batch_id > $watermark AND batch_id NOT IN (SELECT batch_id FROM d_noted_batches)""",
                                 {"watermark": watermark})
    if noted_all:
        connection.execute("""
            CREATE OR REPLACE TEMP TABLE d_rethreaded AS
            SELECT source_id, old_thread_id, new_thread_id FROM d_noted_replies WHERE batch_id <= $watermark""",
                           {"watermark": watermark})
    else:
        connection.execute("""
            CREATE OR REPLACE TEMP TABLE d_rethreaded AS
            SELECT f.source_id, f.thread_id AS old_thread_id, f.thread_id AS new_thread_id FROM activity_facts AS f
            SEMI JOIN (SELECT activity_id AS thread_id FROM source_activities WHERE batch_id > $watermark) AS n
                USING (thread_id)
            WHERE f.batch_id <= $watermark""", {"watermark": watermark})
        if fetch_scalar(connection, "SELECT count(*) FROM d_rethreaded"):
            connection.execute("""
                UPDATE d_rethreaded AS r SET new_thread_id = a.thread_id
                FROM (SELECT activity_id, thread_id FROM source_activities SEMI JOIN d_rethreaded AS r
                      ON r.source_id = activity_id) AS a
                WHERE r.source_id = a.activity_id""")
    if fetch_scalar(connection, "SELECT count(*) FROM d_rethreaded WHERE new_thread_id IS DISTINCT FROM old_thread_id"):
        connection.execute("""
            UPDATE activity_facts AS f SET thread_id = r.new_thread_id
            FROM d_rethreaded AS r
            WHERE f.source_id = r.source_id AND f.thread_id IS DISTINCT FROM r.new_thread_id""")


def _follow_member_kinds(connection: duckdb.DuckDBPyConnection) -> None:
    """Facts carry their member's is_human: follow members whose kind or identities changed."""
    if not fetch_scalar(connection, "SELECT count(*) FROM d_fact_members"):
        return
    connection.execute("""
        UPDATE activity_facts AS f SET is_human = m.is_human
        FROM member_rows AS m
        WHERE f.member_id = m.member_id AND f.is_human <> m.is_human
          AND f.member_id IN (SELECT member_id FROM d_fact_members)""")


def _follow_sentiment(connection: duckdb.DuckDBPyConnection) -> None:
    """After a re-score (noted by note_rescored), every fact takes its row's sentiment again."""
    if fetch_scalar(connection, "SELECT count(*) FROM d_rescored"):
        connection.execute(f"""
            UPDATE activity_facts AS f
            SET sentiment = {_FACT_SENTIMENT}
            FROM source_activities AS a
            WHERE f.source_id = a.activity_id""")


def _update_threads(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """Bring thread_rows up to date. Threads whose stored facts changed (facts that left, moved
    member or were re-threaded, members whose kind changed) are counted again from all their facts;
    every other thread only gained the new batches' facts, which are folded into its row."""
    connection.execute("CREATE OR REPLACE TEMP TABLE d_new_facts AS SELECT * FROM activity_facts "
                       "WHERE batch_id > $watermark", {"watermark": watermark})  # (the last row groups)
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_recount AS
        SELECT thread_id FROM d_lost WHERE thread_id IS NOT NULL
        UNION SELECT old_thread_id FROM d_rethreaded
        UNION SELECT new_thread_id FROM d_rethreaded WHERE new_thread_id IS NOT NULL""")
    if fetch_scalar(connection, "SELECT count(*) FROM d_fact_members"):
        connection.execute("""
            INSERT INTO d_recount
            SELECT DISTINCT thread_id FROM activity_facts
            WHERE thread_id IS NOT NULL AND member_id IN (SELECT member_id FROM d_fact_members)""")
    _fold_new_responses(connection)
    _insert_new_threads(connection, watermark)
    if fetch_scalar(connection, "SELECT count(*) FROM d_recount"):
        _recount_threads(connection, watermark)


def _fold_new_responses(connection: duckdb.DuckDBPyConnection) -> None:
    """Threads already stored that gained responses: the count grows, and the first response is
    the earlier of the stored one and the new ones. A new response at the very time of the stored
    first one needs the stored one's id to break the tie: that thread joins d_recount."""
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_new_responses AS
        SELECT f.thread_id, f.source_id, f.occurred_at, f.member_id, m.is_staff
        FROM d_new_facts AS f JOIN member_rows AS m ON m.member_key = f.member_key
        ANTI JOIN d_recount AS r ON r.thread_id = f.thread_id
        WHERE f.activity_kind = 'contribution' AND NOT m.is_bot AND f.thread_id IS NOT NULL""")
    # Stored rows of those threads: candidates by lookup key (a pass over integers), then read by
    # row id; joining on thread_id below drops any whose key merely collides.
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_stored AS
        SELECT rowid AS row_id FROM thread_rows
        WHERE thread_key IN (SELECT lookup_key(thread_id) FROM d_new_responses)""")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_folded AS
        WITH stored AS (
            SELECT rowid AS row_id, thread_id, starter_id, first_response_at, first_responder_id,
                   first_responder_is_staff, responses
            FROM thread_rows WHERE rowid IN (SELECT row_id FROM d_stored)
        ),
        added AS (
            SELECT x.thread_id, count(*) AS responses, min(x.occurred_at) AS first_response_at,
                   arg_min(x.member_id, (x.occurred_at, x.source_id)) AS first_responder_id,
                   arg_min(x.is_staff, (x.occurred_at, x.source_id)) AS first_responder_is_staff
            FROM d_new_responses AS x JOIN stored AS s USING (thread_id)
            WHERE x.member_id <> s.starter_id
            GROUP BY x.thread_id
        )
        SELECT s.row_id, s.thread_id, s.responses + a.responses AS responses,
               s.first_response_at IS NOT NULL AND s.first_response_at = a.first_response_at AS tied,
               s.first_response_at IS NULL OR a.first_response_at < s.first_response_at AS earlier,
               a.first_response_at, a.first_responder_id, a.first_responder_is_staff
        FROM stored AS s JOIN added AS a USING (thread_id)""")
    connection.execute("INSERT INTO d_recount SELECT thread_id FROM d_folded WHERE tied")
    # Two updates, so that the first responder's columns are rewritten only where it changed.
    connection.execute("UPDATE thread_rows AS t SET responses = f.responses FROM d_folded AS f "
                       "WHERE t.rowid = f.row_id AND NOT f.tied")
    connection.execute("""
        UPDATE thread_rows AS t
        SET first_response_at = f.first_response_at, first_responder_id = f.first_responder_id,
            first_responder_is_staff = f.first_responder_is_staff
        FROM d_folded AS f
        WHERE t.rowid = f.row_id AND f.earlier AND NOT f.tied""")


def _insert_new_threads(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """Threads the new batches start: all their facts are new (stored facts that belong to one are
    re-threaded facts, counted again in _recount_threads)."""
    connection.execute(f"INSERT INTO thread_rows ({_THREAD_COLUMNS}) SELECT {_THREAD_COLUMNS} FROM (" + _THREADS.format(
        facts="(SELECT * FROM d_new_facts AS f ANTI JOIN d_recount AS r ON r.thread_id = f.thread_id)",
        starts="TRUE", responses="TRUE",
        texts="(SELECT activity_id, text, url FROM source_activities "
              "WHERE batch_id > $watermark AND thread_id = activity_id)") + ") ORDER BY started_at",
        {"watermark": watermark})


def _recount_threads(connection: duckdb.DuckDBPyConnection, watermark: int) -> None:
    """The threads of d_recount from all their facts (one pass over the facts). A start's text and
    link never change: threads already known keep theirs, new ones take their row's."""
    connection.execute("CREATE OR REPLACE TEMP TABLE d_recount AS SELECT DISTINCT thread_id FROM d_recount")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_stored_threads AS
        SELECT rowid AS row_id, * FROM thread_rows
        WHERE thread_key IN (SELECT lookup_key(thread_id) FROM d_recount)
          AND thread_id IN (SELECT thread_id FROM d_recount)""")
    connection.execute("""
        CREATE OR REPLACE TEMP TABLE d_thread_texts AS
        SELECT thread_id AS activity_id, text, url FROM d_stored_threads
        UNION ALL
        SELECT activity_id, text, url FROM source_activities WHERE batch_id > $watermark AND thread_id = activity_id""",
                       {"watermark": watermark})
    connection.execute("CREATE OR REPLACE TEMP TABLE d_thread_facts AS "
                       "SELECT f.* FROM activity_facts AS f SEMI JOIN d_recount USING (thread_id)")
    connection.execute(f"CREATE OR REPLACE TEMP TABLE d_fresh AS SELECT {_THREAD_COLUMNS} FROM (" + _THREADS.format(
        facts="d_thread_facts", starts="TRUE", responses="TRUE",
        texts="(SELECT DISTINCT ON (activity_id) * FROM d_thread_texts)") + ")")
    _upsert(connection, "thread_rows", ("thread_id",), "d_fresh", "d_stored_threads")


def _upsert(connection: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...], fresh: str, stored: str) -> None:
    """Make `table` hold the rows of `fresh` in place of those of `stored` (temp tables; `stored`: the
    rows of `table` in scope as they are, with their row_id): rows that changed are updated in
    place by row id, new ones appended, vanished ones deleted. Not delete-and-insert: deleting rows
    all over a big table makes the checkpoint rewrite most of it. Names are this module's own."""
    columns = [name for (name,) in connection.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = $table AND NOT internal "
        "AND database_name = current_database() ORDER BY column_index", {"table": table}).fetchall()]
    keys = ", ".join(key)
    values = [c for c in columns if c not in key]
    connection.execute(f"DELETE FROM {table} WHERE rowid IN "
                       f"(SELECT row_id FROM {stored} ANTI JOIN {fresh} USING ({keys}))")
    changed = " OR ".join(f"s.{c} IS DISTINCT FROM f.{c}" for c in values)
    connection.execute(f"UPDATE {table} AS t SET {', '.join(f'{c} = f.{c}' for c in values)} "
                       f"FROM (SELECT s.row_id, f.* FROM {stored} AS s JOIN {fresh} AS f USING ({keys}) "
                       f"WHERE {changed}) AS f "
                       "WHERE t.rowid = f.row_id")
    connection.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {fresh} "
                       f"ANTI JOIN {stored} USING ({keys})")


def _source_rows_add_up(connection: duckdb.DuckDBPyConnection, state: dict, watermark: int, removed: int) -> bool:
    """Every identity has its identity_members row, and activities changed only by new batches and
    by the rows of undone batches: otherwise a base table changed in a way this module does not
    follow, and everything is rebuilt."""
    identities, resolved, activities, new_rows = connection.execute("""
        SELECT (SELECT count(*) FROM source_identities), (SELECT count(*) FROM identity_members),
               (SELECT count(*) FROM source_activities),
               (SELECT count(*) FROM source_activities WHERE batch_id > $watermark)""",
                                                                   {"watermark": watermark}).fetchall()[0]
    return identities == resolved and activities == int(state["derived_activities"]) + new_rows - removed


# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------

def _attendance_fingerprint(connection: duckdb.DuckDBPyConnection) -> str:
    return fetch_scalar(connection, """
        SELECT (SELECT count(*) || ':' || coalesce(sum(hash(event_id, platform, platform_user_id, registered_at,
                                                        attended)), 0) FROM source_attendance)
               || '/' ||
               (SELECT count(*) || ':' || coalesce(sum(hash(event_id, starts_at)), 0) FROM source_events)""")


def _record_state(connection: duckdb.DuckDBPyConnection) -> None:
    values = {
        "derived_version": VERSION,
        "derived_batch": str(fetch_scalar(connection, "SELECT coalesce(max(batch_id), 0) FROM ingest_batches")),
        "derived_activities": str(fetch_scalar(connection, "SELECT count(*) FROM source_activities")),
        "derived_orphans": str(fetch_scalar(connection, "SELECT (SELECT count(*) FROM source_activities) "
                                                        "- (SELECT count(*) FROM activity_facts)")),
        "derived_attendance": _attendance_fingerprint(connection),
    }
    # (VERSION 7 and before kept a fingerprint of every score to notice a re-score.)
    connection.execute("DELETE FROM warehouse_info WHERE key = 'derived_sentiment'")
    connection.execute("DELETE FROM derived_merges")
    connection.execute("INSERT INTO derived_merges SELECT merge_id, unmerged_at IS NULL FROM identity_merges")
    for key, value in values.items():
        connection.execute("INSERT OR REPLACE INTO warehouse_info VALUES ($key, $value)", {"key": key, "value": value})


def _drop_temp(connection: duckdb.DuckDBPyConnection) -> None:
    names = [name for (name,) in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND starts_with(table_name, 'd_')").fetchall()]
    for name in names:
        connection.execute(f'DROP TABLE IF EXISTS temp.main."{name}"')  # names from the catalog, all ours


class _Clock:
    """Seconds per step of a refresh, kept in last_timings (the benchmarks print them)."""

    def __init__(self):
        last_timings.clear()
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        last_timings[step] = last_timings.get(step, 0.0) + now - self.last
        self.last = now
