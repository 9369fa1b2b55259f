-- Request rates and USD budgets of keys, users and groups (owner: 'key:<id>', 'user:<id>',
-- 'group:<id>'); budgets as '5h=<micro-dollars>,day=…,week=…,month=…'. A key's own requests per
-- minute stay in api_keys.
CREATE TABLE owner_limits (
    owner                VARCHAR(40)  PRIMARY KEY,
    requests_per_minute  INTEGER      NOT NULL DEFAULT 0,
    budgets              VARCHAR(200),
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
