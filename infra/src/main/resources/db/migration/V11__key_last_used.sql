-- When a key was last used, moved forward by the usage writer in each batch's transaction.
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
