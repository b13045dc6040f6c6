package notifytest

import (
	"context"
	"errors"
	"sync"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// ErrInjected is the failure a Recorder returns when FailNext was given no error.
var ErrInjected = errors.New("notifytest: injected delivery failure")

// Recorder is a notify.Sender that records messages. Like the real
// senders it rejects invalid messages (with a permanent *notify.Error).
// The zero Recorder is ready to use; it is safe for concurrent use.
type Recorder struct {
	// Transport is reported in each Result; "recorder" when empty.
	Transport string

	mu        sync.Mutex
	delivered []notify.Message
	attempts  int
	failLeft  int
	failWith  error
	changed   chan struct{} // closed and replaced whenever delivered grows
}

// FailNext makes the next n calls to Send fail with err (ErrInjected when
// err is nil), after which Send succeeds again.
func (r *Recorder) FailNext(n int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		err = ErrInjected
	}
	r.failLeft, r.failWith = n, err
}

// Send records m as delivered, unless m is invalid, ctx has ended, or a
// failure is due. The provider message ID is m.ID.
func (r *Recorder) Send(ctx context.Context, m notify.Message) (notify.Result, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts++
	if err := m.Validate(); err != nil {
		return notify.Result{}, &notify.Error{Transport: r.transport(), Permanent: true, Reason: "invalid message: " + err.Error(), Err: err}
	}
	if err := ctx.Err(); err != nil {
		return notify.Result{}, err
	}
	if r.failLeft > 0 {
		r.failLeft--
		return notify.Result{}, r.failWith
	}
	r.delivered = append(r.delivered, m)
	if r.changed != nil {
		close(r.changed)
		r.changed = nil
	}
	return notify.Result{Transport: r.transport(), ProviderMessageID: m.ID}, nil
}

func (r *Recorder) transport() string {
	if r.Transport == "" {
		return "recorder"
	}
	return r.Transport
}

// Describe names the recorder in notify.Router's description.
func (r *Recorder) Describe() string { return r.transport() }

// Messages returns the delivered messages in the order they were sent.
func (r *Recorder) Messages() []notify.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]notify.Message(nil), r.delivered...)
}

// Attempts counts calls to Send, failed ones included.
func (r *Recorder) Attempts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts
}

// Wait blocks until at least n messages have been delivered, then returns
// them all, or returns ctx's error when ctx ends first.
func (r *Recorder) Wait(ctx context.Context, n int) ([]notify.Message, error) {
	for {
		r.mu.Lock()
		if len(r.delivered) >= n {
			msgs := append([]notify.Message(nil), r.delivered...)
			r.mu.Unlock()
			return msgs, nil
		}
		if r.changed == nil {
			r.changed = make(chan struct{})
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
