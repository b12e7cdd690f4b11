-- KPI targets (METRICS.md "KPI targets"): a target is (KPI, month, value), with the direction
-- that counts as better. Written by analysts from the KPI page or `python -m pipelines targets`.

-- The targets as they stand: one per KPI and month. month is the month's first day.
CREATE TABLE IF NOT EXISTS kpi_targets (
    kpi               VARCHAR NOT NULL,   -- a key of pipelines.serve.kpis.KPI_KEYS
    month             DATE NOT NULL,
    target            DOUBLE NOT NULL,
    higher_is_better  BOOLEAN NOT NULL,
    set_by            VARCHAR,
    set_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kpi, month)
);

-- Who changed which target, when, from what to what. Only ever appended to: a removed target
-- is a row whose new_target is NULL.
CREATE TABLE IF NOT EXISTS kpi_target_changes (
    changed_at            TIMESTAMPTZ NOT NULL,
    changed_by            VARCHAR,
    source                VARCHAR NOT NULL,   -- 'app', 'csv import', ...
    kpi                   VARCHAR NOT NULL,
    month                 DATE NOT NULL,
    old_target            DOUBLE,
    new_target            DOUBLE,
    old_higher_is_better  BOOLEAN,
    new_higher_is_better  BOOLEAN
);

-- The month's free-text commentary for leadership, shown in the monthly report.
CREATE TABLE IF NOT EXISTS kpi_commentary (
    month       DATE PRIMARY KEY,
    commentary  VARCHAR NOT NULL,
    set_by      VARCHAR,
    set_at      TIMESTAMPTZ NOT NULL
);
