-- Where an interrupted refresh sweep resumes (the last account id it took up).
CREATE TABLE sweep_cursors (
    name        VARCHAR(50) PRIMARY KEY,
    last_id     BIGINT      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Seeded, so saving is a plain UPDATE: two sweeps saving at once must not both try to insert.
INSERT INTO sweep_cursors (name, last_id, updated_at) VALUES ('token-refresh', 0, CURRENT_TIMESTAMP);
