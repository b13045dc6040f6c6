-- ssm-incidents resources (issue 14), as in the SQLite backend's 0014:
-- one row per document; the body is the incidents domain's JSON.
CREATE TABLE incident_docs (
    account    TEXT COLLATE "C" NOT NULL,
    region     TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    id         TEXT COLLATE "C" NOT NULL,
    parent     TEXT COLLATE "C" NOT NULL,
    sort_key   TEXT COLLATE "C" NOT NULL,
    body       BYTEA  NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (account, region, kind, id)
);
CREATE INDEX incident_docs_by_parent ON incident_docs (account, region, kind, parent, sort_key, id);
CREATE INDEX incident_docs_children ON incident_docs (account, region, parent);
