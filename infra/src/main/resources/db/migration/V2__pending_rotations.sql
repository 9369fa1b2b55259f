-- Credentials a provider has already issued but that are not yet applied to their account: written
-- as soon as the provider answers, so a crash or a failed account write cannot lose a rotated
-- refresh token. Applied (or discarded as stale) by the next refresh attempt under the lock.
CREATE TABLE pending_rotations (
    account_id              BIGINT PRIMARY KEY REFERENCES accounts (id),
    base_version            BIGINT NOT NULL,
    credentials_ciphertext  TEXT   NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
