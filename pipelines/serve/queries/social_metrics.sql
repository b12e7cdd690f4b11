-- Social posts (METRICS.md): engagement rate = sum of engagements / sum of impressions over the
-- platform's posts in [$start, $end); interactions per post = (reactions + replies + shares) / posts.
-- Posts are the community's own (the exporting account), so the human-only toggle does not apply.
SELECT platform,
       count(*) AS posts,
       sum(impressions)::BIGINT AS impressions,
       sum(engagements)::BIGINT AS engagements,
       sum(engagements) / nullif(sum(impressions), 0) AS engagement_rate,
       (coalesce(sum(reactions), 0) + coalesce(sum(replies), 0) + coalesce(sum(shares), 0)) / count(*)
           AS interactions_per_post
FROM stg_activities
WHERE activity_type = 'post' AND occurred_at >= $start AND occurred_at < $end AND wanted($platforms, platform)
GROUP BY platform
ORDER BY platform;
