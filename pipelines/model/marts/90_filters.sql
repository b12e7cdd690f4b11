-- The dashboard's filters, defined once for every query.

-- A filter list admits a value; NULL means "no filter".
CREATE OR REPLACE MACRO wanted(choices, value) AS (choices IS NULL OR list_contains(choices, value));

-- METRICS.md sentiment labels.
CREATE OR REPLACE MACRO sentiment_label(polarity) AS (
    CASE WHEN polarity > 0.05 THEN 'positive' WHEN polarity < -0.05 THEN 'negative' ELSE 'neutral' END
);

-- Members counted under the filters: human only unless bots and staff are included, and with
-- an identity on one of the chosen platforms.
CREATE OR REPLACE MACRO member_scope(platforms, include_non_humans) AS TABLE
SELECT k.member_id, k.is_bot, k.is_staff, k.is_human
FROM member_kinds AS k
WHERE (include_non_humans OR k.is_human)
  AND (platforms IS NULL OR k.member_id IN (
      SELECT member_id FROM stg_identities WHERE list_contains(platforms, platform)));

-- Activities (METRICS.md: contributions, reactions given, events attended) in [start_at, end_at)
-- under the filters. A channel filter keeps only activities in those channels (so no events).
CREATE OR REPLACE MACRO activity_between(start_at, end_at, platforms, channels, include_non_humans) AS TABLE
SELECT a.*
FROM member_activity AS a
JOIN member_kinds AS k USING (member_id)
WHERE a.occurred_at >= start_at AND a.occurred_at < end_at
  AND wanted(platforms, a.platform)
  AND (channels IS NULL OR list_contains(channels, a.channel))
  AND (include_non_humans OR k.is_human);
