CREATE TABLE rotations (
    account    TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    current    TEXT    NOT NULL,
    past       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, id)
);
CREATE INDEX rotations_by_name ON rotations (account, region, name, id);

-- The current members of each rotation, for "which rotations list this
-- contact" (DeleteContact's dependency check).
CREATE TABLE rotation_members (
    account     TEXT NOT NULL,
    region      TEXT NOT NULL,
    rotation_id TEXT NOT NULL,
    contact_arn TEXT NOT NULL,
    PRIMARY KEY (account, region, rotation_id, contact_arn),
    FOREIGN KEY (account, region, rotation_id) REFERENCES rotations (account, region, id) ON DELETE CASCADE
);
CREATE INDEX rotation_members_by_contact ON rotation_members (account, region, contact_arn);

CREATE TABLE rotation_overrides (
    account         TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    rotation_id     TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    new_contact_ids TEXT    NOT NULL,
    start_time      INTEGER NOT NULL,
    end_time        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (account, region, rotation_id, id),
    FOREIGN KEY (account, region, rotation_id) REFERENCES rotations (account, region, id) ON DELETE CASCADE
);
