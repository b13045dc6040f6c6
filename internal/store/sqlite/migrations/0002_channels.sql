CREATE TABLE channels (
    account            TEXT    NOT NULL,
    region             TEXT    NOT NULL,
    id                 TEXT    NOT NULL,
    contact_alias      TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    address            TEXT    NOT NULL,
    activated          INTEGER NOT NULL,
    code               TEXT    NOT NULL,
    code_expires_at    INTEGER NOT NULL,
    code_attempts      INTEGER NOT NULL,
    send_window_start  INTEGER NOT NULL,
    sends_in_window    INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (account, region, id),
    FOREIGN KEY (account, region, contact_alias) REFERENCES contacts (account, region, alias) ON DELETE CASCADE
);
CREATE INDEX channels_by_contact ON channels (account, region, contact_alias, created_at, id);

CREATE TABLE outbox (
    id                  TEXT    PRIMARY KEY,
    account             TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    channel_id          TEXT    NOT NULL,
    channel_arn         TEXT    NOT NULL,
    contact_arn         TEXT    NOT NULL,
    channel_type        TEXT    NOT NULL,
    address             TEXT    NOT NULL,
    subject             TEXT    NOT NULL,
    body                TEXT    NOT NULL,
    code                TEXT    NOT NULL,
    page_arn            TEXT    NOT NULL,
    engagement_arn      TEXT    NOT NULL,
    ack_url             TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    attempts            INTEGER NOT NULL,
    error               TEXT    NOT NULL,
    transport           TEXT    NOT NULL,
    provider_message_id TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    sent_at             INTEGER,
    seq                 INTEGER NOT NULL
);
CREATE INDEX outbox_newest ON outbox (seq);

CREATE TABLE timers (
    id         TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    account    TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    ref        TEXT    NOT NULL,
    arg        INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    claimed_at INTEGER
);
CREATE INDEX timers_due ON timers (due_at, id);
