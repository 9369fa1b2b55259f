-- Pacing per account (0: no cap): requests started in any 60 s, distinct sessions within their
-- idle time; and the subscription's end, after which the account is not scheduled.
ALTER TABLE accounts ADD COLUMN rpm_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN session_limit INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN session_idle_seconds INTEGER NOT NULL DEFAULT 300;
ALTER TABLE accounts ADD COLUMN ends_at TIMESTAMP WITH TIME ZONE;
