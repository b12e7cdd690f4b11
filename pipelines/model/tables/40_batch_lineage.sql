-- Lineage beyond the first version of ingest_batches: where the file is kept (content-addressed,
-- for `rebuild`) and whether the batch was undone (kept in the history, its rows removed).
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS stored_as VARCHAR;
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS undone_at TIMESTAMPTZ;
ALTER TABLE ingest_batches ADD COLUMN IF NOT EXISTS undone_by VARCHAR;
