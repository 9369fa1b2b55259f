-- The usage windows a provider last reported for an account (Codex 5-hour and 7-day windows), as
-- JSON, for the admin API.
ALTER TABLE accounts ADD COLUMN quota_report VARCHAR(2000);
