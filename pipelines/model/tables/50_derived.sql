-- Derived tables: what the views would otherwise recompute over the whole history on every
-- query. pipelines/load/derived.py brings them up to date inside every write's transaction, from
-- what the write changed (new batches, undone batches, changed identities, merges, flags), so a
-- dashboard query reads a period's rows instead of scanning and joining everything.

-- identity_members (tables/10_identity_resolution.sql) also keeps, per identity, its member and
-- what member rows are made of, as of the last write.
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS member_id VARCHAR;      -- 'm_' + md5(member_key)[:16]
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS email VARCHAR;          -- lower-cased, '' as NULL
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS is_bot BOOLEAN;         -- analyst's flag, else the source's
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS is_staff BOOLEAN;
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS joined_at TIMESTAMPTZ;
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS first_activity_at TIMESTAMPTZ;
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS first_registered_at TIMESTAMPTZ;
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS first_attended_at TIMESTAMPTZ;   -- the event's start
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS batch_id INTEGER;
-- identity_key(platform, platform_user_id) (tables/00_core.sql), and the member id as a number,
-- member_key(member_id) (below; here `member_key` already names the group's key): a write finds
-- the identities of the people and members it touches by these, a pass over integers.
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS identity_key UBIGINT;
ALTER TABLE identity_members ADD COLUMN IF NOT EXISTS member_number UBIGINT;

-- One row per member: the `members` view and member_kinds read it.
CREATE TABLE IF NOT EXISTS member_rows (
    member_id      VARCHAR NOT NULL,
    display_name   VARCHAR,
    email          VARCHAR,
    is_bot         BOOLEAN NOT NULL,
    is_staff       BOOLEAN NOT NULL,
    is_human       BOOLEAN NOT NULL,
    first_seen_at  TIMESTAMPTZ,
    platforms      VARCHAR[] NOT NULL
);

-- One row per activity with its member (the contributions and reactions of member_activity),
-- in time order when rebuilt and later rows appended, so that a period's rows are a few row groups.
CREATE TABLE IF NOT EXISTS activity_facts (
    source_id         VARCHAR NOT NULL,   -- activities.activity_id
    member_id         VARCHAR NOT NULL,
    platform          VARCHAR NOT NULL,
    platform_user_id  VARCHAR NOT NULL,
    channel           VARCHAR,
    thread_id         VARCHAR,
    occurred_at       TIMESTAMPTZ NOT NULL,
    activity_kind     VARCHAR NOT NULL,   -- 'contribution' or 'reaction'
    activity_type     VARCHAR NOT NULL,
    sentiment         DOUBLE,             -- contributions with text only: the period's texts
    is_human          BOOLEAN NOT NULL,   -- the member's, for the human-only default
    batch_id          INTEGER NOT NULL
);

-- One row per attended registration of an event with a start (member_activity's events).
CREATE TABLE IF NOT EXISTS event_facts (
    source_id         VARCHAR NOT NULL,   -- the event
    member_id         VARCHAR NOT NULL,
    platform          VARCHAR NOT NULL,
    occurred_at       TIMESTAMPTZ NOT NULL,
    is_human          BOOLEAN NOT NULL
);

-- One row per thread (the `threads` view): its start and first response.
CREATE TABLE IF NOT EXISTS thread_rows (
    thread_id                 VARCHAR NOT NULL,   -- the activity that starts it
    platform                  VARCHAR NOT NULL,
    channel                   VARCHAR,
    starter_id                VARCHAR NOT NULL,
    started_at                TIMESTAMPTZ NOT NULL,
    first_response_at         TIMESTAMPTZ,
    first_responder_id        VARCHAR,
    first_responder_is_staff  BOOLEAN,
    responses                 BIGINT NOT NULL
);

-- The start's text and link, which the unanswered queue shows (columns added after the first
-- version of thread_rows, hence at its end).
ALTER TABLE thread_rows ADD COLUMN IF NOT EXISTS text VARCHAR;
ALTER TABLE thread_rows ADD COLUMN IF NOT EXISTS url VARCHAR;
-- The starter's kind (their facts' is_human), so that the human-only default needs no join to members.
ALTER TABLE thread_rows ADD COLUMN IF NOT EXISTS starter_is_human BOOLEAN;
-- lookup_key(thread_id) (tables/00_core.sql): a load finds the threads its replies answer by it.
ALTER TABLE thread_rows ADD COLUMN IF NOT EXISTS thread_key UBIGINT;

-- A member's id as a number: member ids are 'm_' + 16 hex digits (derived.member_id_of), so this is
-- lossless, and counting distinct members hashes 8 bytes instead of an 18-character string.
CREATE OR REPLACE MACRO member_key(member_id) AS (('0x' || substr(member_id, 3))::UBIGINT);
ALTER TABLE member_rows ADD COLUMN IF NOT EXISTS member_key UBIGINT;
ALTER TABLE activity_facts ADD COLUMN IF NOT EXISTS member_key UBIGINT;
ALTER TABLE event_facts ADD COLUMN IF NOT EXISTS member_key UBIGINT;

-- What the derived tables reflect: undone batches already taken out, merges as last applied.
CREATE TABLE IF NOT EXISTS derived_undone (batch_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS derived_merges (merge_id INTEGER NOT NULL, active BOOLEAN NOT NULL);
