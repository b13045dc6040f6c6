package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

type rotationListData struct {
	Rotations []onCall
	People    people
}

func (h *Handler) rotationList(w http.ResponseWriter, r request) {
	_, ppl, err := allContacts(r.ctx, h.cfg.Domain, r.sc())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rotations, err := allRotations(r.ctx, h.cfg.Domain, r.sc())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := &rotationListData{People: ppl}
	now := h.cfg.Clock.Now()
	for _, rot := range rotations {
		oc, err := h.onCallNow(r, rot, now)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Rotations = append(d.Rotations, oc)
	}
	h.render(w, r.Request, http.StatusOK, "rotations", r.sess, &view{Title: "Rotations", Nav: "rotations", Data: d})
}

// overrideForm is the add-override form as typed.
type overrideForm struct {
	Start, End string // datetime-local, in the calendar's zone
	Members    []string
	Errors     formErrors
}

// Has reports whether member arn is ticked.
func (f overrideForm) Has(arn string) bool {
	for _, m := range f.Members {
		if m == arn {
			return true
		}
	}
	return false
}

type rotationData struct {
	Rotation  *contacts.Rotation
	People    people
	Mode      string // week or month
	Zone      *time.Location
	ZoneParam string // "rotation" when shown in the rotation's zone
	Title     string
	Weeks     [][]calDay
	Prev      string // query strings of the neighbouring periods
	Next      string
	Today     string
	Overrides []*contacts.Override
	Form      overrideForm
	Feed      *feedPanel
	Reminders string // the shift reminder setting in words
	// Settings describes the recurrence in words.
	Settings []string
}

// Query builds the calendar's query string with one change.
func (d *rotationData) Query(key, value string) string {
	q := url.Values{"view": {d.Mode}, "tz": {d.ZoneParam}, "date": {d.Weeks[0][0].Start.Format(time.DateOnly)}}
	if d.Mode == "month" {
		q.Set("date", d.Weeks[1][0].Start.Format(time.DateOnly))
	}
	if d.ZoneParam == "" {
		q.Del("tz")
	}
	q.Set(key, value)
	if value == "" {
		q.Del(key)
	}
	return "?" + q.Encode()
}

func (h *Handler) rotationView(w http.ResponseWriter, r request) {
	h.rotationPage(w, r, http.StatusOK, overrideForm{})
}

func (h *Handler) rotationPage(w http.ResponseWriter, r request, status int, form overrideForm) {
	h.rotationPageWith(w, r, status, form, "")
}

// rotationPageWith renders the rotation page; newFeedURL is a feed link
// just created.
func (h *Handler) rotationPageWith(w http.ResponseWriter, r request, status int, form overrideForm, newFeedURL string) {
	sc, ctx := r.sc(), r.ctx
	rot, err := h.cfg.Domain.GetRotation(ctx, sc, sc.RotationARN(r.PathValue("id")))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, ppl, err := allContacts(ctx, h.cfg.Domain, sc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &rotationData{Rotation: rot, People: ppl, Mode: "week", Zone: r.sess.loc, Form: form}
	if q.Get("view") == "month" {
		d.Mode = "month"
	}
	if q.Get("tz") == "rotation" {
		d.ZoneParam = "rotation"
		d.Zone = loadZone(rot.Current.TimeZoneID)
	}
	now := h.cfg.Clock.Now()
	at := now
	if t, err := time.ParseInLocation(time.DateOnly, q.Get("date"), d.Zone); err == nil {
		at = t
	}
	var (
		first time.Time
		n     int
		month time.Month
	)
	if d.Mode == "month" {
		first, n, month = monthGrid(at, d.Zone)
		mid := day(at, d.Zone)
		d.Title = mid.Format("January 2006")
		d.Prev = time.Date(mid.Year(), mid.Month()-1, 1, 0, 0, 0, 0, d.Zone).Format(time.DateOnly)
		d.Next = time.Date(mid.Year(), mid.Month()+1, 1, 0, 0, 0, 0, d.Zone).Format(time.DateOnly)
	} else {
		first, n = weekStart(at, d.Zone), 7
		last := time.Date(first.Year(), first.Month(), first.Day()+6, 0, 0, 0, 0, d.Zone)
		d.Title = "Week of " + first.Format("2 Jan") + " – " + last.Format("2 Jan 2006")
		d.Prev = time.Date(first.Year(), first.Month(), first.Day()-7, 0, 0, 0, 0, d.Zone).Format(time.DateOnly)
		d.Next = time.Date(first.Year(), first.Month(), first.Day()+7, 0, 0, 0, 0, d.Zone).Format(time.DateOnly)
	}
	d.Today = day(now, d.Zone).Format(time.DateOnly)
	end := time.Date(first.Year(), first.Month(), first.Day()+n, 0, 0, 0, 0, d.Zone)
	shifts, err := shiftsBetween(ctx, h.cfg.Domain, sc, rot.ARN(), first, end)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Weeks = weeksOf(days(first, n, d.Zone, now, month, shifts))
	if _, d.Overrides, _, err = h.cfg.Domain.ListRotationOverrides(ctx, sc, rot.ARN(), now.Add(-24*time.Hour), now.Add(400*24*time.Hour), nil, ""); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Settings = describe(rot.Current.Recurrence)
	tags, err := h.cfg.Domain.ListTagsForResource(ctx, sc, rot.ARN())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	switch lead, on, err := contacts.ReminderLead(tags); {
	case err != nil:
		d.Reminders = "Off: " + err.Error()
	case on:
		d.Reminders = fmt.Sprintf("Each member is reminded %v before each of their shifts (tag %s).", lead, contacts.ShiftReminderTag)
	default:
		d.Reminders = fmt.Sprintf("Off. Tag the rotation %s=30m (or 2h, …) to remind members before their shifts.", contacts.ShiftReminderTag)
	}
	if d.Feed, err = h.feedPanel(r, rot.ARN(), Prefix+"rotations/"+rot.ID+"/feeds", newFeedURL); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Form.Start == "" && d.Form.End == "" {
		// A two-hour override from the next full hour, to edit.
		from := now.In(d.Zone).Truncate(time.Hour).Add(time.Hour)
		d.Form.Start, d.Form.End = from.Format(datetimeLocal), from.Add(2*time.Hour).Format(datetimeLocal)
	}
	h.render(w, r.Request, status, "rotation", r.sess, &view{Title: rot.Name, Nav: "rotations", Data: d})
}

// datetimeLocal is the layout of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

func (h *Handler) overrideAdd(w http.ResponseWriter, r request) {
	sc := r.sc()
	rotARN := sc.RotationARN(r.PathValue("id"))
	form := overrideForm{Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), Members: r.PostForm["member"], Errors: formErrors{}}
	loc := r.sess.loc
	if r.URL.Query().Get("tz") == "rotation" {
		if rot, err := h.cfg.Domain.GetRotation(r.ctx, sc, rotARN); err == nil {
			loc = loadZone(rot.Current.TimeZoneID)
		}
	}
	start, err1 := time.ParseInLocation(datetimeLocal, form.Start, loc)
	end, err2 := time.ParseInLocation(datetimeLocal, form.End, loc)
	if err1 != nil {
		form.Errors["start"] = "Enter the date and time the override starts."
	}
	if err2 != nil {
		form.Errors["end"] = "Enter the date and time the override ends."
	}
	if !form.Errors.Has() {
		members := make([]any, len(form.Members))
		for i, m := range form.Members {
			members[i] = m
		}
		form.Errors = h.check("CreateRotationOverride", map[string]any{
			"RotationId": rotARN, "NewContactIds": members,
			"StartTime": json.Number(strconv.FormatInt(start.Unix(), 10)), "EndTime": json.Number(strconv.FormatInt(end.Unix(), 10)),
		}, map[string]string{"newContactIds": "member", "startTime": "start", "endTime": "end", "rotationId": ""})
	}
	if !form.Errors.Has() {
		_, err := h.cfg.Domain.CreateRotationOverride(r.ctx, sc, contacts.CreateRotationOverrideInput{
			RotationID: rotARN, NewContactIDs: form.Members, Start: start, End: end})
		if err == nil {
			back(w, r, Prefix+"rotations/"+r.PathValue("id")+"?"+r.URL.RawQuery, "Override added.")
			return
		}
		var ok bool
		form.Errors, ok = fromDomain(err, map[string]string{
			"start": "start", "end": "end", "30 minutes": "end", "member": "member", "contact": "member", "months": "start",
		})
		if !ok {
			h.fail(w, r, err)
			return
		}
	}
	h.rotationPage(w, r, http.StatusBadRequest, form)
}

func (h *Handler) overrideDelete(w http.ResponseWriter, r request) {
	sc := r.sc()
	rotARN := sc.RotationARN(r.PathValue("id"))
	if errs := h.check("DeleteRotationOverride", map[string]any{"RotationId": rotARN, "RotationOverrideId": r.PathValue("oid")}, nil); errs.Has() {
		h.render(w, r.Request, http.StatusBadRequest, "message", r.sess, &view{Title: "Not removed", Message: errs[""]})
		return
	}
	if err := h.cfg.Domain.DeleteRotationOverride(r.ctx, sc, rotARN, r.PathValue("oid")); err != nil {
		h.fail(w, r, err)
		return
	}
	back(w, r, Prefix+"rotations/"+r.PathValue("id")+"?"+r.URL.RawQuery, "Override removed.")
}

// describe words a recurrence as the settings panel shows it.
func describe(r contacts.Recurrence) []string {
	at := func(h contacts.HandOffTime) string { return fmt.Sprintf("%02d:%02d", h.HourOfDay, h.MinuteOfHour) }
	var out []string
	every := "every"
	if r.RecurrenceMultiplier > 1 {
		every = fmt.Sprintf("every %d", r.RecurrenceMultiplier)
	}
	for _, d := range r.DailySettings {
		out = append(out, "Hands off "+every+" day at "+at(d))
	}
	for _, w := range r.WeeklySettings {
		out = append(out, "Hands off "+every+" week on "+w.DayOfWeek+" at "+at(w.HandOffTime))
	}
	for _, m := range r.MonthlySettings {
		out = append(out, fmt.Sprintf("Hands off %s month on day %d at %s", every, m.DayOfMonth, at(m.HandOffTime)))
	}
	if r.NumberOfOnCalls == 1 {
		out = append(out, "One person on call at a time")
	} else {
		out = append(out, fmt.Sprintf("%d people on call at a time", r.NumberOfOnCalls))
	}
	days := make([]string, 0, len(r.ShiftCoverages))
	for day := range r.ShiftCoverages {
		days = append(days, day)
	}
	order := "MONTUEWEDTHUFRISATSUN"
	sort.Slice(days, func(i, j int) bool { return strings.Index(order, days[i]) < strings.Index(order, days[j]) })
	for _, day := range days {
		var windows []string
		for _, w := range r.ShiftCoverages[day] {
			if w.Start != nil && w.End != nil {
				windows = append(windows, at(*w.Start)+"–"+at(*w.End))
			}
		}
		out = append(out, "Covers "+day+" "+strings.Join(windows, ", "))
	}
	return out
}
