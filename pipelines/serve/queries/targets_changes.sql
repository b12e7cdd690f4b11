-- Who changed which KPI target and when, newest first (a removal has no new target).
SELECT changed_at, changed_by, source, kpi, month, old_target, new_target, old_higher_is_better,
       new_higher_is_better
FROM kpi_target_changes
ORDER BY changed_at DESC, month DESC, kpi
LIMIT $row_limit;
