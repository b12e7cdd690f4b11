-- The warehouse's base tables that KPI values can depend on: all but the targets' own.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND NOT starts_with(table_name, 'kpi_')
ORDER BY table_name;
