-- The dashboard's filters, defined once for every query.

-- A filter list admits a value; NULL means "no filter".
CREATE OR REPLACE MACRO wanted(choices, value) AS (choices IS NULL OR list_contains(choices, value));

-- METRICS.md sentiment labels.
CREATE OR REPLACE MACRO sentiment_label(polarity) AS (
    CASE WHEN polarity > 0.05 THEN 'positive' WHEN polarity < -0.05 THEN 'negative' ELSE 'neutral' END
);

-- METRICS.md net sentiment: % positive - % negative of the texts, in points (NULL without texts).
CREATE OR REPLACE MACRO net_sentiment(positive, negative, texts) AS (
    100.0 * (positive - negative) / nullif(texts, 0)
);

-- Days as numbers (days since 1970-01-01), and back.
CREATE OR REPLACE MACRO day_number(day) AS (day - DATE '1970-01-01');
CREATE OR REPLACE MACRO day_of_number(number) AS (DATE '1970-01-01' + number::INTEGER);

-- The calendar day of `ts` in the time zone `tz`, as a day number. Reading a whole period's
-- activities, UTC (the default reporting zone) is plain integer arithmetic (floored, so times
-- before 1970 fall on their day too); other zones go through ICU, ten times slower.
CREATE OR REPLACE MACRO local_day(tz, ts) AS (
    CASE WHEN tz = 'UTC' THEN epoch_us(ts) // 86400000000 - (epoch_us(ts) % 86400000000 < 0)::BIGINT
         ELSE day_number(timezone(tz, ts)::DATE) END
);

-- The days of each bucket [start, end) given as bound lists (buckets.py: buckets are whole days
-- of the reporting time zone). Rows find their bucket by their day number, an equality join,
-- rather than by comparing their time with every bucket's bounds.
CREATE OR REPLACE MACRO bucket_days(labels, starts, ends, tz) AS TABLE
SELECT bucket, bucket_start, unnest(range(local_day(tz, bucket_start), local_day(tz, bucket_end))) AS day
FROM (SELECT unnest(labels) AS bucket, unnest(starts) AS bucket_start, unnest(ends) AS bucket_end);

-- Members counted under the filters: human only unless bots and staff are included, and with
-- an identity on one of the chosen platforms (member_rows.platforms lists them).
CREATE OR REPLACE MACRO member_scope(platforms, include_non_humans) AS TABLE
SELECT k.member_id, k.member_key, k.is_bot, k.is_staff, k.is_human, k.first_seen_at
FROM member_rows AS k
WHERE (include_non_humans OR k.is_human)
  AND (platforms IS NULL OR list_has_any(k.platforms, platforms));

-- Activities (METRICS.md: contributions, reactions given, events attended) in [start_at, end_at)
-- under the filters. A channel filter keeps only activities in those channels (so no events).
-- Read from the derived facts, which carry their member's kind (tables/50_derived.sql). Counts of
-- members use member_key (the member_id as a number) rather than member_id: cheaper to hash.
CREATE OR REPLACE MACRO activity_between(start_at, end_at, platforms, channels, include_non_humans) AS TABLE
SELECT a.member_id, a.member_key, a.platform, a.channel, a.occurred_at, a.activity_kind, a.activity_type, a.source_id,
       a.sentiment
FROM (
    SELECT member_id, member_key, platform, channel, occurred_at, activity_kind, activity_type, source_id, sentiment,
           is_human
    FROM activity_facts
    UNION ALL
    SELECT member_id, member_key, platform, NULL, occurred_at, 'event', 'event_attended', source_id, NULL, is_human
    FROM event_facts
) AS a
WHERE a.occurred_at >= start_at AND a.occurred_at < end_at
  AND wanted(platforms, a.platform)
  AND (channels IS NULL OR list_contains(channels, a.channel))
  AND (include_non_humans OR a.is_human);
