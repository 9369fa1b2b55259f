-- Per-model rate limits (Google's quotas are per model): one "<epoch-millis> <model>" line each.
ALTER TABLE accounts ADD COLUMN model_cooldowns VARCHAR(4000);
