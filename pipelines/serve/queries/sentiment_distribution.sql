-- How the period's texts spread over the polarity scale: 20 bins of width 0.1 from -1 to 1
-- (the last one includes 1), every bin listed even when empty, with the label of its middle.
WITH bins AS (
    SELECT i AS bin, -1.0 + i * 0.1 AS bin_from, -1.0 + (i + 1) * 0.1 AS bin_to FROM range(20) AS r(i)
),
texts AS (
    SELECT least(floor((a.sentiment + 1.0) / 0.1), 19)::INTEGER AS bin
    FROM activity_between($start, $end, $platforms, $channels, $include_non_humans) AS a
    WHERE a.sentiment IS NOT NULL
)
SELECT b.bin, round(b.bin_from, 1)::DOUBLE AS bin_from, round(b.bin_to, 1)::DOUBLE AS bin_to,
       sentiment_label((b.bin_from + b.bin_to) / 2) AS label, count(t.bin) AS texts
FROM bins AS b
LEFT JOIN texts AS t USING (bin)
GROUP BY ALL
ORDER BY b.bin;
