-- Column mappings an analyst saved for CSV shapes no adapter reads (pipelines/parse/mapped_csv.py).
CREATE TABLE IF NOT EXISTS csv_mappings (
    signature   VARCHAR PRIMARY KEY,   -- the header's shape
    source      VARCHAR NOT NULL,
    mapping     VARCHAR NOT NULL,      -- ColumnMapping as JSON
    saved_by    VARCHAR,
    saved_at    TIMESTAMPTZ NOT NULL
);
