-- Each social post of [$start, $end) with its own engagement rate (engagements / impressions).
SELECT activity_id, platform, channel AS account, occurred_at, text, impressions, engagements,
       engagements / nullif(impressions, 0) AS engagement_rate, reactions, replies, shares, url
FROM stg_activities
WHERE activity_type = 'post' AND occurred_at >= $start AND occurred_at < $end AND wanted($platforms, platform)
ORDER BY engagement_rate DESC NULLS LAST, impressions DESC, activity_id;
