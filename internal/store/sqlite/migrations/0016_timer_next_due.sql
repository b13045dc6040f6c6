-- TimerNextDue reads the earliest unclaimed timer and the earliest
-- claim's expiry from these, rather than scanning every timer.
CREATE INDEX timers_unclaimed_due ON timers (due_at) WHERE claimed_at IS NULL;
CREATE INDEX timers_claimed_at ON timers (claimed_at) WHERE claimed_at IS NOT NULL;
