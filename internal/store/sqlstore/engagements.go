package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/ssmcontacts/ssmcontacts/internal/contacts"
)

const engagementColumns = `account, region, id, contact_alias, contact_type, sender, subject, content, public_subject,
	public_content, incident_id, start_time, stop_time, stop_reason, plan, escalation_done, open_tracks`

func scanEngagement(r Row) (*contacts.Engagement, error) {
	var (
		e                     contacts.Engagement
		pubSubj, pubCont, inc sql.NullString
		start                 int64
		stop                  sql.NullInt64
		plan                  string
	)
	if err := r.Scan(&e.Scope.Account, &e.Scope.Region, &e.ID, &e.ContactAlias, &e.ContactType, &e.Sender, &e.Subject,
		&e.Content, &pubSubj, &pubCont, &inc, &start, &stop, &e.StopReason, &plan, &e.EscalationDone, &e.OpenTracks); err != nil {
		return nil, err
	}
	if err := fromJSON(plan, &e.Plan); err != nil {
		return nil, err
	}
	e.PublicSubject, e.PublicContent, e.IncidentID = fromNullString(pubSubj), fromNullString(pubCont), fromNullString(inc)
	e.StartTime, e.StopTime = FromMillis(start), FromNullMillis(stop)
	return &e, nil
}

func (t *Tx) EngagementInsert(ctx context.Context, e *contacts.Engagement) error {
	plan, err := toJSON(e.Plan)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO engagements (`+engagementColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Scope.Account, e.Scope.Region, e.ID, e.ContactAlias, string(e.ContactType), e.Sender, e.Subject, e.Content,
		nullString(e.PublicSubject), nullString(e.PublicContent), nullString(e.IncidentID), Millis(e.StartTime),
		NullMillis(e.StopTime), e.StopReason, plan, e.EscalationDone, e.OpenTracks)
	return err
}

func (t *Tx) EngagementGet(ctx context.Context, s contacts.Scope, id string) (*contacts.Engagement, error) {
	return scanEngagement(t.row(ctx, `SELECT `+engagementColumns+` FROM engagements
		WHERE account = ? AND region = ? AND id = ?`+t.forUpdate(), s.Account, s.Region, id))
}

func (t *Tx) EngagementUpdate(ctx context.Context, e *contacts.Engagement) error {
	return MustAffect(t.exec(ctx, `UPDATE engagements SET stop_time = ?, stop_reason = ?, escalation_done = ?, open_tracks = ?
		WHERE account = ? AND region = ? AND id = ?`,
		NullMillis(e.StopTime), e.StopReason, e.EscalationDone, e.OpenTracks, e.Scope.Account, e.Scope.Region, e.ID))
}

func (t *Tx) EngagementList(ctx context.Context, p contacts.EngagementListParams) ([]*contacts.Engagement, error) {
	where := []string{"account = ?", "region = ?"}
	args := []any{p.Scope.Account, p.Scope.Region}
	if p.IncidentID != nil {
		where = append(where, "incident_id = ?")
		args = append(args, *p.IncidentID)
	}
	if p.From != nil {
		where = append(where, "start_time >= ?")
		args = append(args, Millis(*p.From))
	}
	if p.To != nil {
		where = append(where, "start_time <= ?")
		args = append(args, Millis(*p.To))
	}
	if p.BeforeID != "" {
		where = append(where, "(start_time < ? OR (start_time = ? AND id < ?))")
		args = append(args, Millis(p.BeforeStart), Millis(p.BeforeStart), p.BeforeID)
	}
	args = append(args, p.Limit)
	return Collect(scanEngagement)(t.query(ctx, `SELECT `+engagementColumns+` FROM engagements WHERE `+
		strings.Join(where, " AND ")+` ORDER BY start_time DESC, id DESC LIMIT ?`, args...))
}

const trackColumns = `account, region, id, engagement_id, contact_alias, plan, path, essential, started_at, ended`

func scanTrack(r Row) (*contacts.Track, error) {
	var (
		tr         contacts.Track
		plan, path string
		started    int64
	)
	if err := r.Scan(&tr.Scope.Account, &tr.Scope.Region, &tr.ID, &tr.EngagementID, &tr.ContactAlias, &plan, &path,
		&tr.Essential, &started, &tr.Ended); err != nil {
		return nil, err
	}
	if err := fromJSON(plan, &tr.Plan); err != nil {
		return nil, err
	}
	if err := fromJSON(path, &tr.Path); err != nil {
		return nil, err
	}
	tr.StartedAt = FromMillis(started)
	return &tr, nil
}

func (t *Tx) TrackInsert(ctx context.Context, tr *contacts.Track) error {
	plan, err := toJSON(tr.Plan)
	if err != nil {
		return err
	}
	path, err := toJSON(tr.Path)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO tracks (`+trackColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tr.Scope.Account, tr.Scope.Region, tr.ID, tr.EngagementID, tr.ContactAlias, plan, path, tr.Essential,
		Millis(tr.StartedAt), tr.Ended)
	return err
}

func (t *Tx) TrackGet(ctx context.Context, s contacts.Scope, id string) (*contacts.Track, error) {
	return scanTrack(t.row(ctx, `SELECT `+trackColumns+` FROM tracks WHERE account = ? AND region = ? AND id = ?`+t.forUpdate(),
		s.Account, s.Region, id))
}

func (t *Tx) TrackEnd(ctx context.Context, s contacts.Scope, id string) error {
	return MustAffect(t.exec(ctx, `UPDATE tracks SET ended = TRUE WHERE account = ? AND region = ? AND id = ?`, s.Account, s.Region, id))
}

func (t *Tx) TrackListOpen(ctx context.Context, s contacts.Scope, engagementID string) ([]*contacts.Track, error) {
	return Collect(scanTrack)(t.query(ctx, `SELECT `+trackColumns+` FROM tracks
		WHERE account = ? AND region = ? AND engagement_id = ? AND ended = FALSE ORDER BY started_at, id`,
		s.Account, s.Region, engagementID))
}

const pageColumns = `account, region, id, engagement_id, track_id, contact_alias, channel_id, channel_type, stage_index,
	accept_code, status, message_id, retry_interval, window_end, created_at, sent_time, delivery_time, read_time, address`

func scanPage(r Row) (*contacts.Page, error) { return scanPageWith(r) }

// scanPageWith scans the page columns, then extra.
func scanPageWith(r Row, extra ...any) (*contacts.Page, error) {
	var (
		p                       contacts.Page
		retry, window, created  int64
		sent, delivered, readAt sql.NullInt64
	)
	if err := r.Scan(append([]any{&p.Scope.Account, &p.Scope.Region, &p.ID, &p.EngagementID, &p.TrackID, &p.ContactAlias, &p.ChannelID,
		&p.ChannelType, &p.StageIndex, &p.AcceptCode, &p.Status, &p.MessageID, &retry, &window, &created,
		&sent, &delivered, &readAt, &p.Address}, extra...)...); err != nil {
		return nil, err
	}
	p.RetryInterval = time.Duration(retry) * time.Millisecond
	p.WindowEnd, p.CreatedAt = FromMillis(window), FromMillis(created)
	p.SentTime, p.DeliveryTime, p.ReadTime = FromNullMillis(sent), FromNullMillis(delivered), FromNullMillis(readAt)
	return &p, nil
}

func (t *Tx) PageInsert(ctx context.Context, p *contacts.Page) error {
	_, err := t.exec(ctx, `INSERT INTO pages (`+pageColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Scope.Account, p.Scope.Region, p.ID, p.EngagementID, p.TrackID, p.ContactAlias, p.ChannelID, string(p.ChannelType),
		p.StageIndex, p.AcceptCode, string(p.Status), p.MessageID, p.RetryInterval.Milliseconds(), Millis(p.WindowEnd),
		Millis(p.CreatedAt), NullMillis(p.SentTime), NullMillis(p.DeliveryTime), NullMillis(p.ReadTime), p.Address)
	return err
}

func (t *Tx) PageGet(ctx context.Context, s contacts.Scope, id string) (*contacts.Page, error) {
	return scanPage(t.row(ctx, `SELECT `+pageColumns+` FROM pages WHERE account = ? AND region = ? AND id = ?`,
		s.Account, s.Region, id))
}

func (t *Tx) PageGetState(ctx context.Context, s contacts.Scope, id string) (*contacts.PageState, error) {
	var (
		st   contacts.PageState
		stop sql.NullInt64
		err  error
	)
	st.Page, err = scanPageWith(t.row(ctx, `SELECT `+prefixed("p.", pageColumns)+`, e.stop_time, tr.ended FROM pages p
		JOIN engagements e ON e.account = p.account AND e.region = p.region AND e.id = p.engagement_id
		JOIN tracks tr ON tr.account = p.account AND tr.region = p.region AND tr.id = p.track_id
		WHERE p.account = ? AND p.region = ? AND p.id = ?`, s.Account, s.Region, id), &stop, &st.TrackEnded)
	if err != nil {
		return nil, err
	}
	st.EngagementStopTime = FromNullMillis(stop)
	return &st, nil
}

func (t *Tx) PageUpdate(ctx context.Context, p *contacts.Page) error {
	return MustAffect(t.exec(ctx, `UPDATE pages SET status = ?, sent_time = ?, delivery_time = ?, read_time = ?
		WHERE account = ? AND region = ? AND id = ?`,
		string(p.Status), NullMillis(p.SentTime), NullMillis(p.DeliveryTime), NullMillis(p.ReadTime),
		p.Scope.Account, p.Scope.Region, p.ID))
}

func (t *Tx) PageList(ctx context.Context, p contacts.PageListParams) ([]*contacts.Page, error) {
	where := []string{"account = ?", "region = ?"}
	args := []any{p.Scope.Account, p.Scope.Region}
	if p.EngagementID != "" {
		where = append(where, "engagement_id = ?")
		args = append(args, p.EngagementID)
	}
	if p.ContactAlias != "" {
		where = append(where, "contact_alias = ?")
		args = append(args, p.ContactAlias)
	}
	if p.Pending {
		where = append(where, "status = ?")
		args = append(args, string(contacts.PagePending))
	}
	if p.AfterID != "" {
		where = append(where, "(created_at > ? OR (created_at = ? AND id > ?))")
		args = append(args, Millis(p.AfterCreated), Millis(p.AfterCreated), p.AfterID)
	}
	args = append(args, p.Limit)
	return Collect(scanPage)(t.query(ctx, `SELECT `+pageColumns+` FROM pages WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at, id LIMIT ?`, args...))
}

func (t *Tx) PageListOpenTo(ctx context.Context, address string, limit int) ([]*contacts.Page, error) {
	return Collect(scanPage)(t.query(ctx, `SELECT `+prefixed("p.", pageColumns)+` FROM pages p
		JOIN engagements e ON e.account = p.account AND e.region = p.region AND e.id = p.engagement_id
		WHERE p.address = ? AND p.sent_time IS NOT NULL AND p.read_time IS NULL AND p.status <> ?
		  AND e.stop_time IS NULL
		  AND NOT EXISTS (SELECT 1 FROM pages r WHERE r.account = p.account AND r.region = p.region
		                  AND r.track_id = p.track_id AND r.read_time IS NOT NULL)
		ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, address, string(contacts.PageStopped), limit))
}

// prefixed qualifies every column of a column list with prefix.
func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = prefix + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

func (t *Tx) ReceiptInsert(ctx context.Context, r *contacts.Receipt) error {
	// seq numbers a page's receipts in the order they were recorded.
	_, err := t.exec(ctx, `INSERT INTO receipts (account, region, page_id, seq, type, channel_arn, info, time)
		SELECT p.account, p.region, p.id,
		       (SELECT coalesce(max(seq), 0) + 1 FROM receipts r WHERE r.account = p.account AND r.region = p.region AND r.page_id = p.id),
		       CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)
		FROM pages p WHERE p.account = ? AND p.region = ? AND p.id = ?`,
		string(r.Type), r.ChannelARN, r.Info, Millis(r.Time), r.Scope.Account, r.Scope.Region, r.PageID)
	return err
}

func (t *Tx) ReceiptList(ctx context.Context, s contacts.Scope, pageID string, afterSeq, limit int) ([]*contacts.Receipt, error) {
	rows, err := t.query(ctx, `SELECT page_id, seq, type, channel_arn, info, time FROM receipts
		WHERE account = ? AND region = ? AND page_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
		s.Account, s.Region, pageID, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contacts.Receipt
	for rows.Next() {
		var (
			r  contacts.Receipt
			at int64
		)
		if err := rows.Scan(&r.PageID, &r.Seq, &r.Type, &r.ChannelARN, &r.Info, &at); err != nil {
			return nil, err
		}
		r.Scope, r.Time = s, FromMillis(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}
