-- The version of the warehouse's data: new after every write except of KPI targets and commentary.
SELECT value FROM warehouse_info WHERE key = 'data_version';
