-- Base tables: what the loader writes. Everything analysts query is a view over these
-- (staging/ then marts/), rebuilt from the .sql files on every load.

CREATE TABLE IF NOT EXISTS ingest_batches (
    batch_id        INTEGER PRIMARY KEY,
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL,
    format          VARCHAR NOT NULL,
    rows_loaded     BIGINT NOT NULL,     -- new rows this file added, all tables together
    rows_present    BIGINT NOT NULL,     -- rows of the file that were already in the warehouse
    loaded_at       TIMESTAMPTZ NOT NULL,
    loaded_by       VARCHAR,
    data_from       TIMESTAMPTZ,         -- earliest data point in the file
    data_to         TIMESTAMPTZ,         -- newest data point in the file
    notes           VARCHAR
);

CREATE TABLE IF NOT EXISTS source_identities (
    platform          VARCHAR NOT NULL,
    platform_user_id  VARCHAR NOT NULL,
    handle            VARCHAR,
    display_name      VARCHAR,
    email             VARCHAR,
    is_bot            BOOLEAN NOT NULL,
    is_staff          BOOLEAN NOT NULL,
    joined_at         TIMESTAMPTZ,
    batch_id          INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS source_activities (
    activity_id       VARCHAR NOT NULL,   -- '<platform>:<native id>', the natural key
    platform          VARCHAR NOT NULL,
    channel           VARCHAR,
    thread_id         VARCHAR,
    parent_id         VARCHAR,
    platform_user_id  VARCHAR NOT NULL,
    activity_type     VARCHAR NOT NULL,
    occurred_at       TIMESTAMPTZ NOT NULL,
    text              VARCHAR,
    sentiment         DOUBLE,
    reactions         BIGINT,
    replies           BIGINT,
    shares            BIGINT,
    impressions       BIGINT,
    engagements       BIGINT,
    url               VARCHAR,
    batch_id          INTEGER NOT NULL
);

-- Lookup keys: 64 bits of the MD5 of activity_id and of thread_id, and of an identity's
-- '<platform>:<user id>'. A load finds the stored rows its file names (a repeated message, a
-- reply's parent, replies waiting for a message, a known person) by reading these integers,
-- several times faster than the strings, then checks the strings of the few candidates (keys may
-- collide). Set by the loader; warehouses from before get them in pipelines/model/migrations.py.
-- MD5, not hash(): the keys must not change with DuckDB's version.
CREATE OR REPLACE MACRO md5_key(md5_hex) AS (('0x' || substr(md5_hex, 1, 16))::UBIGINT);
CREATE OR REPLACE MACRO lookup_key(value) AS (md5_key(md5(value)));
CREATE OR REPLACE MACRO identity_key(platform, platform_user_id) AS (lookup_key(platform || ':' || platform_user_id));
ALTER TABLE source_activities ADD COLUMN IF NOT EXISTS id_key UBIGINT;
ALTER TABLE source_activities ADD COLUMN IF NOT EXISTS thread_key UBIGINT;
ALTER TABLE source_identities ADD COLUMN IF NOT EXISTS identity_key UBIGINT;

CREATE TABLE IF NOT EXISTS source_events (
    event_id   VARCHAR NOT NULL,
    platform   VARCHAR NOT NULL,
    title      VARCHAR,
    starts_at  TIMESTAMPTZ,
    ends_at    TIMESTAMPTZ,
    batch_id   INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS source_attendance (
    event_id          VARCHAR NOT NULL,
    platform          VARCHAR NOT NULL,
    platform_user_id  VARCHAR NOT NULL,
    registered_at     TIMESTAMPTZ,
    attended          BOOLEAN NOT NULL,
    minutes_attended  DOUBLE,
    batch_id          INTEGER NOT NULL
);

-- Bot/staff marks set by an analyst; they override what the source said.
CREATE TABLE IF NOT EXISTS identity_flags (
    platform          VARCHAR NOT NULL,
    platform_user_id  VARCHAR NOT NULL,
    is_bot            BOOLEAN,
    is_staff          BOOLEAN,
    set_by            VARCHAR,
    set_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, platform_user_id)
);

-- One polarity per distinct text and scorer: a text is scored once, ever. Writers add only texts
-- the scorer never scored (load/sql/texts_to_score.sql). No PRIMARY KEY: its index over millions of
-- hashes is written out again at every checkpoint, over a second per load at scale (see
-- pipelines/model/migrations.py).
CREATE TABLE IF NOT EXISTS sentiment_cache (
    text_hash  VARCHAR NOT NULL,
    scorer     VARCHAR NOT NULL,
    polarity   DOUBLE NOT NULL
);
-- md5_key(text_hash), i.e. the text's lookup_key (above): a load finds its texts' scores by it;
-- hash_low is text_hash's other 64 bits, so that comparing (hash_key, hash_low) compares the whole
-- hash without reading the strings.
CREATE OR REPLACE MACRO md5_low(md5_hex) AS (('0x' || substr(md5_hex, 17, 16))::UBIGINT);
ALTER TABLE sentiment_cache ADD COLUMN IF NOT EXISTS hash_key UBIGINT;
ALTER TABLE sentiment_cache ADD COLUMN IF NOT EXISTS hash_low UBIGINT;

CREATE TABLE IF NOT EXISTS warehouse_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
