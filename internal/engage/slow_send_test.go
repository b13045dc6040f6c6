package engage

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
	"github.com/ssmcontacts/ssmcontacts/internal/notify/notifytest"
)

// slowAddress holds sends to one address at a gate and records the rest.
type slowAddress struct {
	address string
	gate    *gateSender
	rec     *notifytest.Recorder
}

func (s slowAddress) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	if m.Address == s.address {
		return s.gate.Send(ctx, m)
	}
	return s.rec.Send(ctx, m)
}

// A send that hangs (a webhook timing out and retrying) must not hold up
// the pages of other engagements: the worker does not wait for sends
// before the next due work.
func TestASlowSendDoesNotHoldUpOtherPages(t *testing.T) {
	f := newFixture(t)
	gate := newGateSender()
	f.engine = f.newEngine(slowAddress{address: "alice-sms", gate: gate, rec: f.sender})
	ctx, stop := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() { done <- f.engine.Run(ctx) }()
	defer func() { stop(); <-done }()

	alice, _ := f.person("alice", nil, 5)
	bob, _ := f.person("bob", nil, 5)
	f.start(alice)
	<-gate.entered // alice's page is being sent, and hangs
	f.start(bob)
	msgs, err := f.sender.Wait(f.ctx, 1)
	if err != nil {
		t.Fatalf("bob's page was not sent while alice's send hung: %v", err)
	}
	if diff := cmp.Diff([]string{"bob-sms@0s"}, sent(msgs)); diff != "" {
		t.Errorf("sends (-want +got):\n%s", diff)
	}
	gate.release <- nil
}
