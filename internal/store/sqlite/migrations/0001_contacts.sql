CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE contacts (
    account      TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    alias        TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    display_name TEXT,
    plan         TEXT    NOT NULL,
    policy       TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (account, region, alias)
);

CREATE TABLE tags (
    account      TEXT NOT NULL,
    region       TEXT NOT NULL,
    resource_arn TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (account, region, resource_arn, key)
);

CREATE TABLE idempotency (
    account      TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    operation    TEXT    NOT NULL,
    token        TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    result       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account, region, operation, token)
);
