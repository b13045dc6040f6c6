// Package rotation computes the shifts of an on-call rotation: who is on
// call, from when to when, for the rotation settings of the SSM Contacts
// API (RecurrenceSettings, overrides, previews).
//
// It is a pure kernel. It takes settings and instants and returns shifts;
// it has no clock, does no I/O and knows nothing of the wire. The same
// functions serve ListRotationShifts, ListPreviewRotationShifts and the
// engagement engine's "who is on call now" (OnCall), so that what a user
// lists is what gets paged. The API's own constraints on strings (ARN
// patterns, lengths) are the caller's to check against the service model;
// Validate and ValidateOverride check the rules that involve several
// fields. Their errors are *ValidationError values whose Error() is the
// reason alone: the service prefixes AWS's "Invalid value provided - ".
//
// AWS does not publish its shift algorithm. This package follows the
// deterministic model of the behaviour reference (BEHAVIOR.md §5.2) and
// settles what that model leaves open as follows.
//
// # Local time
//
// Hand-offs and coverage windows are wall-clock readings in the spec's
// Location. A reading resolves to the first instant at which the clocks
// show it or a later reading. So a hand-off the clocks skip when they
// spring forward (02:30 on a night that jumps from 02:00 to 03:00) happens
// at the jump (03:00 new time), and a hand-off the clocks show twice when
// they fall back (01:30) happens the first time. Shifts across a change
// are an hour shorter or longer in real time, as AWS's user guide warns.
//
// # Periods, hand-offs and the multiplier
//
// A period is a local calendar day, a week from Monday to Sunday (the
// order of the API's DayOfWeek enum) or a calendar month. Every setting
// gives one hand-off a period: daily settings at their times, weekly ones
// on their days, monthly ones on their days, where a day past the end of a
// month (31 in April, 30 in February) falls on the month's last day rather
// than being skipped, so that a monthly rotation hands off every month.
// Such a day can then fall before another setting's (31st at 09:00 moves
// before 30th at 10:00); hand-offs are taken in time order each period.
// Identical settings count once.
//
// RecurrenceMultiplier m groups periods into blocks of m, counted from the
// period of the first hand-off at or after Start; only the first period of
// each block hands off, at all of its settings. With one setting a shift
// lasts m days, weeks or months, which is what AWS documents ("If you chose
// Weekly and enter 3, each contact's on-call shift lasts three weeks").
// With several settings every configured hand-off stays a hand-off: weekly
// MON, WED and FRI with m = 1 are three shifts a week; with m = 2 the
// shifts are MON-WED and WED-FRI, then FRI until MON two weeks later.
//
// # The first shift and who is on call
//
// There are no shifts before Start, so a rotation starting in the future
// has none until then. If Start is not on a hand-off, the first shift runs
// from Start to the first hand-off: a partial shift. Shift number i (0 is
// the first) has NumberOfOnCalls = k members: list entries i·k to i·k+k-1,
// counted round the list. Validate rejects k larger than the list (a team
// would contain someone twice) and members listed twice, for the same
// reason: every team is k different people, and OnCall names each once.
//
// Two hand-offs can resolve to one instant: both in the hour the clocks
// skip, or days 30 and 31 in a short month. The first of them then lasts
// no time and is not reported, but it keeps its shift number: its members
// lose that turn and everyone else keeps their place, as on a printed
// roster where the person down for the hour that never happened simply
// has nothing that night.
//
// # Coverage
//
// ShiftCoverages lists, per day of the week, windows [Start, End) in local
// time; End at or before Start runs past midnight into the next day, and
// End == Start is a full 24 hours (a zero-length window would fail the
// 30-minute minimum anyway). The rotation covers the union of its windows;
// each shift is cut to it, a piece of shift is reported per covered
// stretch, and uncovered time has no shift at all: OnCall is nil there.
// Windows that together cover the whole week, and a map without any
// window, mean round the clock.
//
// # Overrides
//
// An override replaces who is on call; it does not create coverage: time
// outside the coverage windows, or before Start, stays without a shift
// under an override too. The API's own words are that an override
// replaces "all or part of a contact's shift", and ShiftDetails can only
// name the contacts it displaced. Shifts are split at override edges;
// under an override a piece is OVERRIDDEN with the override's members (an
// empty list for an override of nobody) and Replaced holding the regular
// members it displaced. An override across several shifts gives one piece
// per shift, each with that shift's displaced members. Where overrides
// overlap the one later in the list wins; callers list them oldest first.
// Shifts does not check override members against the rotation: an
// override created before an UpdateRotation changed the members still
// stands.
//
// # Query windows
//
// Shifts returns the shifts that overlap [from, to) in time order, each
// with its true start and end, not clipped to the window: AWS's preview
// documentation says StartTime only "filters" the calculated shifts, and
// an unclipped first shift tells a caller since when someone has been on
// call. A window longer than MaxWindow (366 days) is refused with an error
// matching ErrWindowTooLarge. The work of a call grows with the shifts,
// coverage windows and overrides in the window, not with the time since
// Start: the shift around from is found by calendar arithmetic and a
// binary search among one period's hand-offs. The number of hand-offs a
// day is not limited (the API sets no maximum), so at one a minute a year
// is half a million shifts; MaxWindow is what bounds a call.
//
// # History
//
// UpdateRotation may change members, recurrence, time zone and start.
// Past shifts must stay as they were, so a rotation is a list of Versions,
// each governing from its From to the next one's. ShiftsOfHistory
// computes each version's shifts from that version's own Spec (its own
// Start), then cuts them at the version's bounds: the shift in progress at
// an update ends at the update, and the new settings' shift in progress
// then starts at it. Callers that want an update to restart the rotation
// give the new version a Start at the update.
package rotation
