-- A group may hold several platforms (comma-separated wire names), map models, name a default model
-- per platform (JSON objects) and a fallback group for clients its accounts do not serve.
ALTER TABLE account_groups ALTER COLUMN platform SET DATA TYPE VARCHAR(100);
ALTER TABLE account_groups ADD COLUMN model_mapping VARCHAR(4000);
ALTER TABLE account_groups ADD COLUMN default_models VARCHAR(2000);
ALTER TABLE account_groups ADD COLUMN fallback_group_id BIGINT REFERENCES account_groups (id);
ALTER TABLE account_groups ADD COLUMN settings_version BIGINT NOT NULL DEFAULT 0;
