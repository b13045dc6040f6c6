-- Calendar feed tokens (issue 12). Only a SHA-256 of each token is kept;
-- the token itself is shown once, when it is created. Numbered after the
-- issue to stay clear of migrations written in parallel.
CREATE TABLE feed_tokens (
    account      TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    id           TEXT    NOT NULL,
    resource_arn TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX feed_tokens_by_resource ON feed_tokens (account, region, resource_arn, created_at);
