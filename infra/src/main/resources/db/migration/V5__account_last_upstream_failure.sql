-- The last upstream failure seen on an account (admin API: why an account is resting).
ALTER TABLE accounts ADD COLUMN last_upstream_status INTEGER;
ALTER TABLE accounts ADD COLUMN last_upstream_kind VARCHAR(40);
ALTER TABLE accounts ADD COLUMN last_upstream_failure_at TIMESTAMP WITH TIME ZONE;
