-- A claim names its owner (the PostgreSQL backend's 0003): the engine
-- renews the leases of its own claims and records an outcome only over a
-- claim it still owns.
ALTER TABLE timers ADD COLUMN claimed_by TEXT;
CREATE INDEX timers_claimed_by ON timers (claimed_by) WHERE claimed_by IS NOT NULL;
