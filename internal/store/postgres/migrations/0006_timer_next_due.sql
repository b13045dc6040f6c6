-- TimerNextDue reads the earliest unclaimed timer and the earliest
-- claim's expiry from these, rather than scanning every timer (4.5 ms at
-- 10,000 timers, on every turn of every replica's engine).
CREATE INDEX timers_unclaimed_due ON timers (due_at) WHERE claimed_at IS NULL;
CREATE INDEX timers_claimed_at ON timers (claimed_at) WHERE claimed_at IS NOT NULL;
