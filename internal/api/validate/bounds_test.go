package validate

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// maxMessage is what the issue promises for a whole response; a
// validation message must fit with room to spare.
const maxMessage = 64 << 10

// messageFor validates body against op's input and returns the message
// ("" when valid) and the number of violations counted.
func messageFor(t *testing.T, op, body string) (string, int) {
	t.Helper()
	v, svc := newValidator(t)
	vs, err := v.Validate(svc.Operation(op).Input, decode(t, body))
	if err != nil {
		t.Fatal(err)
	}
	if vs.Count == 0 {
		return "", 0
	}
	return Message(vs), vs.Count
}

// rotationWith is a valid CreateRotation body but for its ContactIds.
func rotationWith(ids []string) string {
	return `{"Name":"r","ContactIds":["` + strings.Join(ids, `","`) + `"],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1}}`
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

var countPrefix = regexp.MustCompile(`^(\d+) validation errors detected: Value `)

// checkShape holds a message to AWS's format, a count and a size.
func checkShape(t *testing.T, msg string, wantCount int) {
	t.Helper()
	if len(msg) >= maxMessage {
		t.Fatalf("message is %d bytes, want under %d", len(msg), maxMessage)
	}
	m := countPrefix.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("message %.300q does not start as AWS's do", msg)
	}
	if m[1] != strconv.Itoa(wantCount) {
		t.Errorf("message counts %s errors, want %d", m[1], wantCount)
	}
	if !utf8.ValidString(msg) {
		t.Errorf("message is not valid UTF-8")
	}
}

// TestManyViolationsAreCountedNotListed: 500 bad contact ids (and the
// list's length) are all counted, but only the first MaxListed spelled out.
func TestManyViolationsAreCountedNotListed(t *testing.T) {
	msg, n := messageFor(t, "CreateRotation", rotationWith(repeat("x", 500)))
	if n != 501 {
		t.Errorf("counted %d violations, want 501", n)
	}
	checkShape(t, msg, 501)
	if got := strings.Count(msg, "; Value "); got != MaxListed-1 {
		t.Errorf("message lists %d violations, want %d", got+1, MaxListed)
	}
	if want := "; and 491 more"; !strings.HasSuffix(msg, want) {
		t.Errorf("message ends %q, want %q", msg[max(0, len(msg)-60):], want)
	}
}

// TestViolationBudget: 260,000 bad contact ids (a 1 MiB body) stop the
// walk at MaxCounted, and the message says so.
func TestViolationBudget(t *testing.T) {
	msg, n := messageFor(t, "CreateRotation", rotationWith(repeat("x", 260_000)))
	if n != MaxCounted {
		t.Errorf("counted %d violations, want the budget %d", n, MaxCounted)
	}
	checkShape(t, msg, MaxCounted)
	want := "; and " + strconv.Itoa(MaxCounted-MaxListed) + " more (validation stopped after " + strconv.Itoa(MaxCounted) + " errors)"
	if !strings.HasSuffix(msg, want) {
		t.Errorf("message ends %q, want %q", msg[max(0, len(msg)-100):], want)
	}
	if !strings.Contains(msg, "Value '[x, x, x, ") || !strings.Contains(msg, "...' at 'contactIds' failed to satisfy constraint: Member must have length less than or equal to 30") {
		t.Errorf("list not quoted truncated: %.600s", msg)
	}
}

// TestHugeValueIsQuotedOnce: a 1 MiB alias breaks two constraints; each
// quotes only the first MaxValueBytes of it.
func TestHugeValueIsQuotedOnce(t *testing.T) {
	for _, r := range []string{"A", "É", "李"} {
		alias := strings.Repeat(r, (1<<20)/len(r))
		msg, n := messageFor(t, "CreateContact", `{"Alias":"`+alias+`","Type":"PERSONAL","Plan":{}}`)
		if n != 2 {
			t.Errorf("%s: counted %d violations, want 2", r, n)
		}
		checkShape(t, msg, 2)
		if len(msg) > 4<<10 {
			t.Errorf("%s: message is %d bytes, want under 4 KiB", r, len(msg))
		}
		quoted := strings.Repeat(r, MaxValueBytes/len(r))
		want := "Value '" + quoted + "...' at 'alias' failed to satisfy constraint: Member must have length less than or equal to 255"
		if !strings.Contains(msg, want) {
			t.Errorf("%s: message %.400q lacks %.400q", r, msg, want)
		}
	}
}

// TestManyBadMapKeys: every bad key of ShiftCoverages is a violation
// that quotes the whole map; the map is quoted short, and rendered at
// most once per listed violation.
func TestManyBadMapKeys(t *testing.T) {
	var b strings.Builder
	for i := range 2000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"K` + strconv.Itoa(10000+i) + `":[]`)
	}
	body := `{"Name":"r","ContactIds":["arn:aws:ssm-contacts:us-east-2:000000000000:contact/a"],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"ShiftCoverages":{` + b.String() + `}}}`
	msg, n := messageFor(t, "CreateRotation", body)
	if n != MaxCounted {
		t.Errorf("counted %d violations, want %d", n, MaxCounted)
	}
	checkShape(t, msg, MaxCounted)
	if !strings.HasPrefix(msg, strconv.Itoa(MaxCounted)+" validation errors detected: Value '{K10000=[], K10001=[], ") {
		t.Errorf("message starts %.200q", msg)
	}
}

// TestHugeMapKeyInPath: a map key is part of a member's path; a huge one
// is cut short there too, in violations and type errors alike.
func TestHugeMapKeyInPath(t *testing.T) {
	key := strings.Repeat("K", 1<<20)
	v, svc := newValidator(t)
	body := `{"Name":"r","ContactIds":["arn:aws:ssm-contacts:us-east-2:000000000000:contact/a"],"TimeZoneId":"UTC","Recurrence":{"NumberOfOnCalls":1,"RecurrenceMultiplier":1,"ShiftCoverages":{"` + key + `":5}}}`
	_, err := v.Validate(svc.Operation("CreateRotation").Input, decode(t, body))
	var te *TypeError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a TypeError", err)
	}
	if len(err.Error()) > 1<<10 {
		t.Errorf("type error is %d bytes, want under 1 KiB", len(err.Error()))
	}
	body = strings.Replace(body, `":5}`, `":[{"Start":{"HourOfDay":99,"MinuteOfHour":0},"End":{"HourOfDay":1,"MinuteOfHour":0}}]}`, 1)
	msg, _ := messageFor(t, "CreateRotation", body)
	if len(msg) > 4<<10 {
		t.Errorf("message is %d bytes, want under 4 KiB: %.300q", len(msg), msg)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc..."},
		{"aé", 2, "a..."}, // é is two bytes: not split
		{"李李", 4, "李..."},
		{"李", 2, "..."},
	}
	for _, tc := range tests {
		if got := Clip(tc.s, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// BenchmarkHostileRotation validates (without decoding) a 1 MiB
// CreateRotation whose 260,000 contact ids are all invalid.
func BenchmarkHostileRotation(b *testing.B) {
	v, svc := newValidator(b)
	doc := decode(b, rotationWith(repeat("x", 260_000)))
	in := svc.Operation("CreateRotation").Input
	b.ReportAllocs()
	for b.Loop() {
		if vs, err := v.Validate(in, doc); err != nil || !vs.Stopped {
			b.Fatal(err, vs.Count)
		}
	}
}
