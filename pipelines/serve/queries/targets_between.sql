-- KPI targets of the months [$first_month, $last_month] (months as their first day).
SELECT kpi, month, target, higher_is_better, set_by, set_at
FROM kpi_targets
WHERE month >= $first_month AND month <= $last_month
ORDER BY month, kpi;
