-- Every KPI target, for the CSV export: month by month.
SELECT kpi, month, target, higher_is_better
FROM kpi_targets
ORDER BY month, kpi;
