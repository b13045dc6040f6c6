package contacts

import (
	"errors"
	"net/mail"
	"strings"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/notify"
)

// FuzzValidateAddress checks that every address validateAddress accepts is
// well formed for its type and is one the delivery layer will carry: a
// channel the API accepts must never be undeliverable by construction.
func FuzzValidateAddress(f *testing.F) {
	for _, seed := range []string{
		"+12065550100", "+123456789012345", "+1234567", "12065550100", "+1 206 555 0100",
		"akua@example.com", "akua+oncall@mail.example.co.uk", "Akua <akua@example.com>", "<akua@example.com>",
		"akua@", "@example.com", `"a b"@example.com`, "akua@[127.0.0.1]", "ü@example.com", "a@b\r\nBcc: c@d",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, address string) {
		// The model bounds SimpleAddress to 1..320 characters before the
		// domain sees it.
		if n := len([]rune(address)); n < 1 || n > 320 {
			t.Skip()
		}
		for _, typ := range []ChannelType{SMS, Voice, Email} {
			err := validateAddress(typ, address)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Kind != KindValidation {
					t.Fatalf("%s %q: err = %v, want a validation error", typ, address, err)
				}
				continue
			}
			if typ == Email {
				checkEmail(t, address)
			} else {
				checkPhone(t, typ, address)
			}
		}
	})
}

func checkPhone(t *testing.T, typ ChannelType, address string) {
	digits, ok := strings.CutPrefix(address, "+")
	if !ok || len(digits) < 8 || len(digits) > 15 || strings.Trim(digits, "0123456789") != "" {
		t.Fatalf("%s accepted %q, which is not + and 8 to 15 digits", typ, address)
	}
}

func checkEmail(t *testing.T, address string) {
	a, err := mail.ParseAddress(address)
	if err != nil || a.Name != "" || a.Address != address {
		t.Fatalf("EMAIL accepted %q, which net/mail does not read back as itself (%v)", address, err)
	}
	at := strings.LastIndexByte(address, '@')
	if at < 1 || at == len(address)-1 {
		t.Fatalf("EMAIL accepted %q, which lacks a local part or a domain", address)
	}
	m := notify.Message{ID: "m1", Kind: notify.KindActivation, ChannelType: notify.ChannelEmail, Address: address, Code: "123456"}
	if err := m.Validate(); err != nil {
		t.Fatalf("EMAIL accepted %q, which delivery refuses: %v", address, err)
	}
}
