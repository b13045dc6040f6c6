-- The controllable clock shared by every replica (issue 10): one row,
-- epoch milliseconds, written only when a replica runs with
-- --clock=controllable. It only moves forward (see clock.go).
CREATE TABLE service_clock (
    id     BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    now_ms BIGINT NOT NULL
);

-- The value each replica on the shared clock has applied, so that moving
-- the clock returns once every live replica reads the new value.
CREATE TABLE service_clock_seen (
    replica TEXT COLLATE "C" PRIMARY KEY,
    now_ms  BIGINT NOT NULL
);
