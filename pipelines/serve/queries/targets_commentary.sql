-- The month's commentary for leadership, with who wrote it and when (no row when there is none).
SELECT month, commentary, set_by, set_at
FROM kpi_commentary
WHERE month = $month;
