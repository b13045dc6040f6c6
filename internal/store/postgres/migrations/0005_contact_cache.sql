-- The replicas whose contact cache is live (contacts_cache.go): a write
-- that changes a contact is answered only once each of them has dropped
-- it, or once its lease here has run out and the writer removed the row.
-- epoch changes whenever a replica empties its cache and registers anew.
CREATE TABLE contact_cache_replicas (
    replica    TEXT COLLATE "C" PRIMARY KEY,
    epoch      TEXT COLLATE "C" NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
