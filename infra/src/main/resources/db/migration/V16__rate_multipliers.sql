-- Rate multipliers (1: API prices): what a request through a group, on an account, is charged is
-- its cost at API prices times both; a usage record keeps the product it was charged at.
ALTER TABLE accounts ADD COLUMN rate_multiplier NUMERIC(10, 4) NOT NULL DEFAULT 1;
ALTER TABLE account_groups ADD COLUMN rate_multiplier NUMERIC(10, 4) NOT NULL DEFAULT 1;
ALTER TABLE usage_records ADD COLUMN rate_multiplier NUMERIC(10, 4) NOT NULL DEFAULT 1;
