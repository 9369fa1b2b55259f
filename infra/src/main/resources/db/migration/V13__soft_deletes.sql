-- Users, keys and groups an operator deleted: kept for their usage history, never served or listed;
-- their names are freed (suffixed) so they can be used again.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE api_keys ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE account_groups ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
