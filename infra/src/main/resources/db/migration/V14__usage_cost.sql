-- What each request cost at API prices (null: no price matched its model), with the price table's
-- version, the one-hour share of its prompt-cache writes and the reasoning share of its output.
ALTER TABLE usage_records ADD COLUMN cache_creation_1h_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN reasoning_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN cost_usd NUMERIC(24, 12);
ALTER TABLE usage_records ADD COLUMN price_version VARCHAR(40);

-- The operator's prices, over the bundled table (one JSON object per model or pattern).
CREATE TABLE price_overrides (
    model       VARCHAR(256)  PRIMARY KEY,
    price       VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
