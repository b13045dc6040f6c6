-- The schema of the SQLite backend as of its migration 0012, in
-- PostgreSQL types. Times are BIGINT milliseconds since the epoch (as in
-- SQLite: the store never reads the database's clock), documents are JSON
-- in TEXT. Text compares bytewise (COLLATE "C"), as in SQLite, whatever
-- the database's default collation: list order and paging depend on it.
CREATE TABLE secrets (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value BYTEA NOT NULL
);

CREATE TABLE contacts (
    account      TEXT COLLATE "C"   NOT NULL,
    region       TEXT COLLATE "C"   NOT NULL,
    alias        TEXT COLLATE "C"   NOT NULL,
    type         TEXT COLLATE "C"   NOT NULL,
    display_name TEXT,
    plan         TEXT COLLATE "C"   NOT NULL,
    policy       TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT contacts_pkey PRIMARY KEY (account, region, alias)
);

CREATE TABLE tags (
    account      TEXT COLLATE "C" NOT NULL,
    region       TEXT COLLATE "C" NOT NULL,
    resource_arn TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    value        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account, region, resource_arn, key)
);

CREATE TABLE idempotency (
    account      TEXT COLLATE "C"   NOT NULL,
    region       TEXT COLLATE "C"   NOT NULL,
    operation    TEXT COLLATE "C"   NOT NULL,
    token        TEXT COLLATE "C"   NOT NULL,
    request_hash TEXT COLLATE "C"   NOT NULL,
    result       TEXT COLLATE "C"   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (account, region, operation, token)
);

CREATE TABLE channels (
    account            TEXT COLLATE "C"    NOT NULL,
    region             TEXT COLLATE "C"    NOT NULL,
    id                 TEXT COLLATE "C"    NOT NULL,
    contact_alias      TEXT COLLATE "C"    NOT NULL,
    name               TEXT COLLATE "C"    NOT NULL,
    type               TEXT COLLATE "C"    NOT NULL,
    address            TEXT COLLATE "C"    NOT NULL,
    activated          BOOLEAN NOT NULL,
    code               TEXT COLLATE "C"    NOT NULL,
    code_expires_at    BIGINT  NOT NULL,
    code_attempts      INTEGER NOT NULL,
    send_window_start  BIGINT  NOT NULL,
    sends_in_window    INTEGER NOT NULL,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL,
    PRIMARY KEY (account, region, id),
    FOREIGN KEY (account, region, contact_alias) REFERENCES contacts (account, region, alias) ON DELETE CASCADE
);
CREATE INDEX channels_by_contact ON channels (account, region, contact_alias, created_at, id);
CREATE INDEX channels_by_address ON channels (type, address);

CREATE TABLE outbox (
    -- seq orders the outbox newest first, even within one millisecond.
    seq                 BIGINT GENERATED ALWAYS AS IDENTITY,
    id                  TEXT COLLATE "C"    PRIMARY KEY,
    account             TEXT COLLATE "C"    NOT NULL,
    region              TEXT COLLATE "C"    NOT NULL,
    kind                TEXT COLLATE "C"    NOT NULL,
    channel_id          TEXT COLLATE "C"    NOT NULL,
    channel_arn         TEXT COLLATE "C"    NOT NULL,
    contact_arn         TEXT COLLATE "C"    NOT NULL,
    channel_type        TEXT COLLATE "C"    NOT NULL,
    channel_name        TEXT COLLATE "C"    NOT NULL,
    sender              TEXT COLLATE "C"    NOT NULL,
    address             TEXT COLLATE "C"    NOT NULL,
    subject             TEXT COLLATE "C"    NOT NULL,
    body                TEXT COLLATE "C"    NOT NULL,
    code                TEXT COLLATE "C"    NOT NULL,
    page_arn            TEXT COLLATE "C"    NOT NULL,
    engagement_arn      TEXT COLLATE "C"    NOT NULL,
    ack_url             TEXT COLLATE "C"    NOT NULL,
    status              TEXT COLLATE "C"    NOT NULL,
    attempts            INTEGER NOT NULL,
    error               TEXT COLLATE "C"    NOT NULL,
    transport           TEXT COLLATE "C"    NOT NULL,
    provider_message_id TEXT COLLATE "C"    NOT NULL,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    sent_at             BIGINT
);
CREATE INDEX outbox_newest ON outbox (seq);

CREATE TABLE timers (
    id         TEXT COLLATE "C"   PRIMARY KEY,
    kind       TEXT COLLATE "C"   NOT NULL,
    account    TEXT COLLATE "C"   NOT NULL,
    region     TEXT COLLATE "C"   NOT NULL,
    ref        TEXT COLLATE "C"   NOT NULL,
    arg        BIGINT NOT NULL,
    due_at     BIGINT NOT NULL,
    claimed_at BIGINT
);
CREATE INDEX timers_due ON timers (due_at, id);

CREATE TABLE engagements (
    account         TEXT COLLATE "C"    NOT NULL,
    region          TEXT COLLATE "C"    NOT NULL,
    id              TEXT COLLATE "C"    NOT NULL,
    contact_alias   TEXT COLLATE "C"    NOT NULL,
    contact_type    TEXT COLLATE "C"    NOT NULL,
    sender          TEXT COLLATE "C"    NOT NULL,
    subject         TEXT COLLATE "C"    NOT NULL,
    content         TEXT COLLATE "C"    NOT NULL,
    public_subject  TEXT,
    public_content  TEXT,
    incident_id     TEXT,
    start_time      BIGINT  NOT NULL,
    stop_time       BIGINT,
    stop_reason     TEXT COLLATE "C"    NOT NULL,
    plan            TEXT COLLATE "C"    NOT NULL,
    escalation_done BOOLEAN NOT NULL,
    open_tracks     INTEGER NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX engagements_newest ON engagements (account, region, start_time, id);

CREATE TABLE tracks (
    account       TEXT COLLATE "C"    NOT NULL,
    region        TEXT COLLATE "C"    NOT NULL,
    id            TEXT COLLATE "C"    NOT NULL,
    engagement_id TEXT COLLATE "C"    NOT NULL,
    contact_alias TEXT COLLATE "C"    NOT NULL,
    plan          TEXT COLLATE "C"    NOT NULL,
    path          TEXT COLLATE "C"    NOT NULL,
    essential     BOOLEAN NOT NULL,
    started_at    BIGINT  NOT NULL,
    ended         BOOLEAN NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX tracks_by_engagement ON tracks (account, region, engagement_id);

CREATE TABLE pages (
    account        TEXT COLLATE "C"    NOT NULL,
    region         TEXT COLLATE "C"    NOT NULL,
    id             TEXT COLLATE "C"    NOT NULL,
    engagement_id  TEXT COLLATE "C"    NOT NULL,
    track_id       TEXT COLLATE "C"    NOT NULL,
    contact_alias  TEXT COLLATE "C"    NOT NULL,
    channel_id     TEXT COLLATE "C"    NOT NULL,
    channel_type   TEXT COLLATE "C"    NOT NULL,
    stage_index    INTEGER NOT NULL,
    accept_code    TEXT COLLATE "C"    NOT NULL,
    status         TEXT COLLATE "C"    NOT NULL,
    message_id     TEXT COLLATE "C"    NOT NULL,
    retry_interval BIGINT  NOT NULL,
    window_end     BIGINT  NOT NULL,
    created_at     BIGINT  NOT NULL,
    sent_time      BIGINT,
    delivery_time  BIGINT,
    read_time      BIGINT,
    address        TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX pages_by_engagement ON pages (account, region, engagement_id, created_at, id);
CREATE INDEX pages_by_contact ON pages (account, region, contact_alias, created_at, id);
CREATE INDEX pages_by_address ON pages (address, created_at, id);
CREATE INDEX pages_by_track ON pages (account, region, track_id);

CREATE TABLE receipts (
    account     TEXT COLLATE "C"    NOT NULL,
    region      TEXT COLLATE "C"    NOT NULL,
    page_id     TEXT COLLATE "C"    NOT NULL,
    seq         INTEGER NOT NULL,
    type        TEXT COLLATE "C"    NOT NULL,
    channel_arn TEXT COLLATE "C"    NOT NULL,
    info        TEXT COLLATE "C"    NOT NULL,
    time        BIGINT  NOT NULL,
    PRIMARY KEY (account, region, page_id, seq)
);

CREATE TABLE rotations (
    account    TEXT COLLATE "C"   NOT NULL,
    region     TEXT COLLATE "C"   NOT NULL,
    id         TEXT COLLATE "C"   NOT NULL,
    name       TEXT COLLATE "C"   NOT NULL,
    current    TEXT COLLATE "C"   NOT NULL,
    past       TEXT COLLATE "C"   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX rotations_by_name ON rotations (account, region, name, id);

CREATE TABLE rotation_members (
    account     TEXT COLLATE "C" NOT NULL,
    region      TEXT COLLATE "C" NOT NULL,
    rotation_id TEXT COLLATE "C" NOT NULL,
    contact_arn TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account, region, rotation_id, contact_arn),
    FOREIGN KEY (account, region, rotation_id) REFERENCES rotations (account, region, id) ON DELETE CASCADE
);
CREATE INDEX rotation_members_by_contact ON rotation_members (account, region, contact_arn);

CREATE TABLE rotation_overrides (
    -- seq keeps creation order among overrides created in the same
    -- millisecond, where the newest must win (SQLite uses its rowid).
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    account         TEXT COLLATE "C"   NOT NULL,
    region          TEXT COLLATE "C"   NOT NULL,
    rotation_id     TEXT COLLATE "C"   NOT NULL,
    id              TEXT COLLATE "C"   NOT NULL,
    new_contact_ids TEXT COLLATE "C"   NOT NULL,
    start_time      BIGINT NOT NULL,
    end_time        BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (account, region, rotation_id, id),
    FOREIGN KEY (account, region, rotation_id) REFERENCES rotations (account, region, id) ON DELETE CASCADE
);

CREATE TABLE feed_tokens (
    account      TEXT COLLATE "C"   NOT NULL,
    region       TEXT COLLATE "C"   NOT NULL,
    id           TEXT COLLATE "C"   NOT NULL,
    resource_arn TEXT COLLATE "C"   NOT NULL,
    token_hash   TEXT COLLATE "C"   NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX feed_tokens_by_resource ON feed_tokens (account, region, resource_arn, created_at);
