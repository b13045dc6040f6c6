package console

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
	"github.com/ssmcontacts/ssmcontacts/internal/engage"
)

// maxListed bounds how many items a list view loads (the console is for
// people, not bulk export; the API pages further).
const maxListed = 1000

// people names contacts by ARN: display name, else alias.
type people map[string]*contacts.Contact

// Name is how a contact is shown.
func (p people) Name(arn string) string {
	if c := p[arn]; c != nil {
		if c.DisplayName != nil && *c.DisplayName != "" {
			return *c.DisplayName
		}
		return c.Alias
	}
	if a, ok := contacts.ParseARN(arn); ok && a.Alias != "" {
		return a.Alias
	}
	return arn
}

// Alias is a contact's alias from its ARN.
func (p people) Alias(arn string) string {
	a, _ := contacts.ParseARN(arn)
	return a.Alias
}

// Names joins the names of arns.
func (p people) Names(arns []string) string {
	names := make([]string, len(arns))
	for i, a := range arns {
		names[i] = p.Name(a)
	}
	return strings.Join(names, ", ")
}

func allContacts(ctx context.Context, d Domain, sc contacts.Scope) ([]*contacts.Contact, people, error) {
	var all []*contacts.Contact
	token := ""
	for len(all) < maxListed {
		list, next, err := d.ListContacts(ctx, sc, contacts.ListContactsInput{NextToken: token})
		if err != nil {
			return nil, nil, err
		}
		all = append(all, list...)
		if token = next; token == "" {
			break
		}
	}
	p := people{}
	for _, c := range all {
		p[c.ARN()] = c
	}
	return all, p, nil
}

func allRotations(ctx context.Context, d Domain, sc contacts.Scope) ([]*contacts.Rotation, error) {
	var all []*contacts.Rotation
	token := ""
	for len(all) < maxListed {
		list, next, err := d.ListRotations(ctx, sc, contacts.ListRotationsInput{NextToken: token})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if token = next; token == "" {
			break
		}
	}
	return all, nil
}

// shiftsBetween is ListRotationShifts over [from, to), every page.
func shiftsBetween(ctx context.Context, d Domain, sc contacts.Scope, rotationID string, from, to time.Time) ([]contacts.Shift, error) {
	var all []contacts.Shift
	token := ""
	for {
		list, next, err := d.ListRotationShifts(ctx, sc, rotationID, contacts.ShiftsInput{StartTime: &from, EndTime: to, NextToken: token})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if token = next; token == "" || len(all) > 5000 {
			return all, nil
		}
	}
}

func channelsOf(ctx context.Context, d Domain, sc contacts.Scope, contactARN string) ([]*contacts.Channel, error) {
	var all []*contacts.Channel
	token := ""
	for {
		list, next, err := d.ListContactChannels(ctx, sc, contacts.ListContactChannelsInput{ContactID: contactARN, NextToken: token})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if token = next; token == "" || len(all) > maxListed {
			return all, nil
		}
	}
}

// pageRow is a page with its receipts.
type pageRow struct {
	Page     *contacts.Page
	Receipts []*contacts.Receipt
}

func pagesOf(ctx context.Context, d Engine, sc contacts.Scope, engagementARN string) ([]pageRow, error) {
	var rows []pageRow
	token := ""
	for {
		list, next, err := d.ListPagesByEngagement(ctx, sc, engage.ListPagesInput{ID: engagementARN, NextToken: token})
		if err != nil {
			return nil, err
		}
		for _, v := range list {
			row := pageRow{Page: v.Page}
			rtoken := ""
			for {
				rs, rnext, err := d.ListPageReceipts(ctx, sc, v.Page.ARN(), nil, rtoken)
				if err != nil {
					return nil, err
				}
				row.Receipts = append(row.Receipts, rs...)
				if rtoken = rnext; rtoken == "" {
					break
				}
			}
			rows = append(rows, row)
		}
		if token = next; token == "" || len(rows) > maxListed {
			return rows, nil
		}
	}
}

// acknowledged reports whether a page has been read.
func (p pageRow) Acknowledged() bool { return p.Page.ReadTime != nil }

// rel is a duration since an engagement's start: "+0s", "+4m 30s", "+1h 05m".
func rel(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "−", -d
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%s%dh %02dm", sign, h, m)
	case m > 0:
		return fmt.Sprintf("%s%dm %02ds", sign, m, s)
	}
	return fmt.Sprintf("%s%ds", sign, s)
}

// minutes is a duration in minutes as a person says it.
func minutes(n int) string {
	switch {
	case n == 0:
		return "0 minutes"
	case n%60 == 0 && n >= 60:
		if n == 60 {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", n/60)
	case n == 1:
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", n)
}
