-- Identity resolution (METRICS.md: "identities on several platforms merged into one member by
-- email, or by an analyst's manual merge").

-- Every manual merge an analyst made, and its undoing: nothing is ever deleted, so the history
-- of who merged what, when and why stays readable.
CREATE TABLE IF NOT EXISTS identity_merges (
    merge_id     INTEGER PRIMARY KEY,
    platform_a   VARCHAR NOT NULL,
    user_a       VARCHAR NOT NULL,
    platform_b   VARCHAR NOT NULL,
    user_b       VARCHAR NOT NULL,
    reason       VARCHAR,
    merged_by    VARCHAR,
    merged_at    TIMESTAMPTZ NOT NULL,
    unmerged_by  VARCHAR,
    unmerged_at  TIMESTAMPTZ
);

-- Derived after every write (pipelines/load/identity_members.py): the member each identity
-- belongs to under the current emails and active merges. member_key is 'email:<address>' for a
-- group with an email, else '<platform>:<user id>' of its first identity.
CREATE TABLE IF NOT EXISTS identity_members (
    platform          VARCHAR NOT NULL,
    platform_user_id  VARCHAR NOT NULL,
    member_key        VARCHAR NOT NULL
);
