-- What a usage record tells besides tokens: prompt-cache figures, the model the upstream said
-- answered, the client's wire format, and which attempt of its request it was.
ALTER TABLE usage_records ADD COLUMN cache_creation_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN cache_read_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_records ADD COLUMN upstream_model VARCHAR(200);
ALTER TABLE usage_records ADD COLUMN client_protocol VARCHAR(40);
ALTER TABLE usage_records ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE usage_records ADD COLUMN account_switches INTEGER NOT NULL DEFAULT 0;
