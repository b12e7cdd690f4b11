-- Contributions per platform and channel in [$start, $end), with their contributors.
SELECT a.platform, coalesce(a.channel, '(none)') AS channel, count(*) AS contributions,
       count(DISTINCT a.member_id) AS contributors
FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
WHERE a.activity_kind = 'contribution'
GROUP BY ALL
ORDER BY contributions DESC, a.platform, channel;
