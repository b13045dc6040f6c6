package phone

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// Texts of the answers to replies.
const (
	helpText = "ssmcontacts: reply with a page's code to acknowledge it (or ACK when one page is open). " +
		"STOP: no more texts to this number. START: get texts again."
	noOpenText   = "You have no open pages."
	stoppedText  = "You will get no more texts from ssmcontacts on this number. Reply START to get them again."
	noStartText  = "No contact channel takes texts at this number, or it has had its activation codes for this hour."
	startedText  = "New activation codes are on their way. Enter one to activate your contact channel again."
	maxListed    = 5
	maxSubjectIn = 60
)

// answer carries out a reply from a number and says what happened, in
// words for the person who sent it. via says how it came ("SMS", or the
// gateway's name) for the receipt's note.
func (h *Handler) answer(ctx context.Context, from, body, via string) (string, error) {
	cmd := ParseReply(body)
	switch cmd.Kind {
	case CmdStop:
		if _, err := h.cfg.Channels.OptOut(ctx, from); err != nil {
			return "", err
		}
		return stoppedText, nil
	case CmdStart:
		n, err := h.cfg.Channels.OptIn(ctx, from)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return noStartText, nil
		}
		return startedText, nil
	case CmdCode, CmdAck:
		open, err := h.cfg.Engine.OpenPagesTo(ctx, from)
		if err != nil {
			return "", err
		}
		p, text := choosePage(cmd, open)
		if p == nil {
			return text, nil
		}
		note := fmt.Sprintf("Acknowledged by %s from %s", via, from)
		if err := h.cfg.Engine.AcceptPageSentTo(ctx, from, p.PageARN, note); errors.Is(err, engage.ErrPageNotOpen) {
			return "That page is no longer open.", nil
		} else if err != nil {
			return "", err
		}
		return "Acknowledged: " + describe(*p) + ".", nil
	}
	return helpText, nil
}

// choosePage picks the page a reply acknowledges from the pages open to
// its number, newest first; when there is none to pick, it says why. ACK
// picks the one open page; pages of one contact's engagement (an SMS and
// a call of the same page plan) count as one, and the newest is taken.
func choosePage(cmd Command, open []engage.PhonePage) (*engage.PhonePage, string) {
	if len(open) == 0 {
		return nil, noOpenText
	}
	if cmd.Kind == CmdCode {
		for i := range open {
			if open[i].Code == cmd.Code {
				return &open[i], ""
			}
		}
		return nil, "No open page has the code " + cmd.Code + ". " + listOpen(open)
	}
	tracks := map[string]bool{}
	for _, p := range open {
		tracks[p.TrackID] = true
	}
	if len(tracks) == 1 {
		return &open[0], ""
	}
	return nil, listOpen(open)
}

// listOpen tells the open pages and their codes, newest first.
func listOpen(open []engage.PhonePage) string {
	seen := map[string]bool{}
	var items []string
	for _, p := range open {
		if seen[p.TrackID] {
			continue // one code per contact engagement is enough
		}
		seen[p.TrackID] = true
		if len(items) == maxListed {
			items = append(items, "...")
			break
		}
		items = append(items, p.Code+" "+clip(p.Subject, maxSubjectIn))
	}
	if len(items) == 1 {
		return "1 page is open; reply with its code to acknowledge it: " + items[0]
	}
	return fmt.Sprintf("%d pages are open; reply with the code of the one to acknowledge: %s", len(seen), strings.Join(items, "; "))
}

func describe(p engage.PhonePage) string {
	s := clip(p.Subject, maxSubjectIn)
	if p.Sender != "" {
		s += " (from " + clip(p.Sender, maxSubjectIn) + ")"
	}
	return s
}

// clip shortens s to n runes, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-3]) + "..."
	}
	return s
}
