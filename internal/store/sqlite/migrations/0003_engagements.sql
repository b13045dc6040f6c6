CREATE TABLE engagements (
    account         TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    contact_alias   TEXT    NOT NULL,
    contact_type    TEXT    NOT NULL,
    sender          TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    content         TEXT    NOT NULL,
    public_subject  TEXT,
    public_content  TEXT,
    incident_id     TEXT,
    start_time      INTEGER NOT NULL,
    stop_time       INTEGER,
    stop_reason     TEXT    NOT NULL,
    plan            TEXT    NOT NULL,
    escalation_done INTEGER NOT NULL,
    open_tracks     INTEGER NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX engagements_newest ON engagements (account, region, start_time, id);

CREATE TABLE tracks (
    account       TEXT    NOT NULL,
    region        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    contact_alias TEXT    NOT NULL,
    plan          TEXT    NOT NULL,
    path          TEXT    NOT NULL,
    essential     INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    ended         INTEGER NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX tracks_by_engagement ON tracks (account, region, engagement_id);

CREATE TABLE pages (
    account        TEXT    NOT NULL,
    region         TEXT    NOT NULL,
    id             TEXT    NOT NULL,
    engagement_id  TEXT    NOT NULL,
    track_id       TEXT    NOT NULL,
    contact_alias  TEXT    NOT NULL,
    channel_id     TEXT    NOT NULL,
    channel_type   TEXT    NOT NULL,
    stage_index    INTEGER NOT NULL,
    accept_code    TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    message_id     TEXT    NOT NULL,
    retry_interval INTEGER NOT NULL,
    window_end     INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    sent_time      INTEGER,
    delivery_time  INTEGER,
    read_time      INTEGER,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX pages_by_engagement ON pages (account, region, engagement_id, created_at, id);
CREATE INDEX pages_by_contact ON pages (account, region, contact_alias, created_at, id);

CREATE TABLE receipts (
    account     TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    page_id     TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    channel_arn TEXT    NOT NULL,
    info        TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    PRIMARY KEY (account, region, page_id, seq)
);
