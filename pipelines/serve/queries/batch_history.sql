-- Every load, newest first: the file, its format, what it added, who loaded it and when, the
-- date range it covers, and whether it was undone.
SELECT batch_id, file_name, format, rows_loaded, rows_present, loaded_at, loaded_by, data_from, data_to,
       undone_at, undone_by, notes
FROM ingest_batches
ORDER BY batch_id DESC;
