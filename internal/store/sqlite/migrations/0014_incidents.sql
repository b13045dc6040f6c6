-- ssm-incidents resources (issue 14): one row per document, keyed like
-- every other resource by account and region. The body is the incidents
-- domain's JSON; the columns are what the store looks up and orders by.
CREATE TABLE incident_docs (
    account    TEXT    NOT NULL,
    region     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    parent     TEXT    NOT NULL,
    sort_key   TEXT    NOT NULL,
    body       BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account, region, kind, id)
);
CREATE INDEX incident_docs_by_parent ON incident_docs (account, region, kind, parent, sort_key, id);
CREATE INDEX incident_docs_children ON incident_docs (account, region, parent);
