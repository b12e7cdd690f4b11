-- Distinct texts of this batch that this scorer has never scored (batch_texts.sql).
SELECT text_hash, text FROM batch_texts WHERE polarity IS NULL;
