package server

import (
	"context"
	"fmt"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/console"
	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres"
)

// newSharedClock is the controllable clock of the replicas on db: the
// first replica starts it at start; a later one takes its value, or moves
// it forward to an explicit --clock-start that is later.
func (m *Main) newSharedClock(ctx context.Context, db *postgres.DB, start time.Time) (*postgres.SharedClock, error) {
	c, err := db.SharedClock(ctx, start, m.Config.ClockStart != "")
	if err != nil {
		return nil, fmt.Errorf("--clock=controllable: %w", err)
	}
	if !c.Now().Equal(start) {
		m.Logger.Info("the controllable clock is shared by the replicas on this database",
			"now", c.Now().Format(time.RFC3339Nano), "clock-start", start.Format(time.RFC3339Nano))
	}
	return c, nil
}

// sharedClock is the clock the admin endpoints move for every replica,
// or nil on a single node (or an injected clock).
func (m *Main) sharedClock() console.SharedClock {
	if c, ok := m.Clock.(*postgres.SharedClock); ok {
		return c
	}
	return nil
}
