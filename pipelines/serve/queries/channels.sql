-- Channels that have activity, for the channel filter.
SELECT DISTINCT platform, channel FROM source_activities WHERE channel IS NOT NULL ORDER BY platform, channel;
