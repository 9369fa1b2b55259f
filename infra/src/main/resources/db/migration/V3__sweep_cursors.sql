-- Where an interrupted refresh sweep resumes (the last account id it took up).
CREATE TABLE sweep_cursors (
    name        VARCHAR(50) PRIMARY KEY,
    last_id     BIGINT      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
