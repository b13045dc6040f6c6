package notifytest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

func activation(id string) notify.Message {
	return notify.Message{
		ID:          id,
		Kind:        notify.KindActivation,
		ChannelType: notify.ChannelSMS,
		Address:     "+12065550100",
		Code:        "123456",
		CreatedAt:   time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
	}
}

func TestRecorderFailsThenDelivers(t *testing.T) {
	var r Recorder
	boom := errors.New("provider down")
	r.FailNext(2, boom)
	ctx := context.Background()
	for i := range 2 {
		if _, err := r.Send(ctx, activation("m1")); !errors.Is(err, boom) {
			t.Fatalf("attempt %d: error = %v, want %v", i+1, err, boom)
		}
	}
	res, err := r.Send(ctx, activation("m1"))
	if err != nil {
		t.Fatalf("third attempt: %v", err)
	}
	if diff := cmp.Diff(notify.Result{Transport: "recorder", ProviderMessageID: "m1"}, res); diff != "" {
		t.Errorf("Result (-want +got):\n%s", diff)
	}
	r.FailNext(1, nil)
	if _, err := r.Send(ctx, activation("m2")); !errors.Is(err, ErrInjected) {
		t.Errorf("error = %v, want ErrInjected", err)
	}
	if got := r.Attempts(); got != 4 {
		t.Errorf("Attempts() = %d, want 4", got)
	}
	if diff := cmp.Diff([]notify.Message{activation("m1")}, r.Messages()); diff != "" {
		t.Errorf("Messages() (-want +got):\n%s", diff)
	}
}

func TestRecorderRefusesWhatRealSendersRefuse(t *testing.T) {
	r := Recorder{Transport: "webhook"}
	bad := activation("m1")
	bad.Code = "12"
	_, err := r.Send(context.Background(), bad)
	if !notify.IsPermanent(err) || err.Error() != "webhook: invalid message: code must be 6 to 10 digits" {
		t.Errorf("invalid message: error = %v, want a permanent invalid-message error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Send(ctx, activation("m2")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error = %v, want context.Canceled", err)
	}
	if n := len(r.Messages()); n != 0 {
		t.Errorf("%d messages recorded, want none", n)
	}
}

func TestRecorderWait(t *testing.T) {
	var r Recorder
	done := make(chan []notify.Message)
	go func() {
		msgs, err := r.Wait(context.Background(), 2)
		if err != nil {
			t.Errorf("Wait: %v", err)
		}
		done <- msgs
	}()
	r.Send(context.Background(), activation("m1"))
	r.Send(context.Background(), activation("m2"))
	got := <-done
	if diff := cmp.Diff([]notify.Message{activation("m1"), activation("m2")}, got); diff != "" {
		t.Errorf("Wait (-want +got):\n%s", diff)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Wait(ctx, 3); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait on a cancelled context = %v, want context.Canceled", err)
	}
}
