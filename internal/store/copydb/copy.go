package copydb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// TableCount is how many rows one table had.
type TableCount struct {
	Table string
	Rows  int64
}

// NotEmptyError is the refusal of a target that already holds data.
type NotEmptyError struct {
	// Tables are the tables that have rows, with their counts.
	Tables []TableCount
}

func (e *NotEmptyError) Error() string {
	var parts []string
	for _, t := range e.Tables {
		parts = append(parts, fmt.Sprintf("%s has %s", t.Table, rows(t.Rows)))
	}
	return fmt.Sprintf("the PostgreSQL database is not empty (%s): copy-db copies only into a database "+
		"without data (a new one, or one that only has the schema)", strings.Join(parts, ", "))
}

func rows(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// errCommit marks a failed commit, whose outcome the client cannot know.
var errCommit = errors.New("postgres: commit")

// lockTimeout bounds the wait for the target's tables: a server running
// on the target holds them, and copy-db should say so rather than hang.
const lockTimeout = "10s"

// copyAll copies every table of src (read in one snapshot) into dst in
// one transaction, and commits only if every table's count matches.
func copyAll(ctx context.Context, src *sql.DB, dst *pgxpool.Pool, afterRow func(table string)) ([]TableCount, error) {
	stx, err := src.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	defer stx.Rollback()
	// The SQLite read transaction is deferred: its first read fixes the
	// snapshot every later one sees.
	srcSchema, err := sqliteSchema(ctx, stx)
	if err != nil {
		return nil, err
	}
	dtx, err := dst.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: begin: %w", err)
	}
	// Rolled back whatever ends the copy (an error, an interrupt); a no-op
	// after the commit.
	defer dtx.Rollback(context.WithoutCancel(ctx))
	plans, err := planLive(ctx, srcSchema, dtx)
	if err != nil {
		return nil, err
	}
	if err := lockEmpty(ctx, dtx, plans); err != nil {
		return nil, err
	}
	var counts []TableCount
	for _, p := range plans {
		n, err := copyTable(ctx, stx, dtx, p, afterRow)
		if err != nil {
			return nil, err
		}
		counts = append(counts, TableCount{p.name, n})
	}
	if err := verifyCounts(ctx, stx, dtx, counts); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // interrupted after the last row
		return nil, err
	}
	// Once begun, the commit runs to its end: cut short, whether it
	// happened would be unknown.
	if err := dtx.Commit(context.WithoutCancel(ctx)); err != nil {
		return nil, fmt.Errorf("%w: %w (if the connection was lost, the copy may have been committed: look at the target's tables)", errCommit, err)
	}
	return counts, nil
}

// planLive plans the copy from the schemas as they are, so that a schema
// difference nobody listed stops the copy before anything is written.
func planLive(ctx context.Context, srcSchema Schema, dtx pgx.Tx) ([]tablePlan, error) {
	dstSchema, err := postgresSchema(ctx, dtx)
	if err != nil {
		return nil, err
	}
	parents, err := postgresParents(ctx, dtx)
	if err != nil {
		return nil, err
	}
	return plan(srcSchema, dstSchema, parents)
}

// lockEmpty locks the target tables against every other writer until the
// commit, then checks that they hold no rows.
func lockEmpty(ctx context.Context, tx pgx.Tx, plans []tablePlan) error {
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = quote(p.name)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '`+lockTimeout+`'`); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(names, ", ")+` IN EXCLUSIVE MODE`); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "55P03" { // lock_not_available
			return fmt.Errorf("postgres: the tables stayed locked for %s: is an ssmcontacts server running on the target? Stop it first", lockTimeout)
		}
		return fmt.Errorf("postgres: lock the tables: %w", err)
	}
	var full []TableCount
	for _, p := range plans {
		var n int64
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM `+quote(p.name)).Scan(&n); err != nil {
			return fmt.Errorf("postgres: count %s: %w", p.name, err)
		}
		if n > 0 {
			full = append(full, TableCount{p.name, n})
		}
	}
	if len(full) > 0 {
		return &NotEmptyError{Tables: full}
	}
	return nil
}

// copyTable streams one table from SQLite into PostgreSQL's COPY.
func copyTable(ctx context.Context, stx *sql.Tx, dtx pgx.Tx, p tablePlan, afterRow func(string)) (int64, error) {
	cols := make([]string, len(p.columns))
	for i, c := range p.columns {
		cols[i] = quote(c)
	}
	rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+quote(p.name)+` ORDER BY `+p.orderBy)
	if err != nil {
		return 0, fmt.Errorf("sqlite: read %s: %w", p.name, err)
	}
	defer rows.Close()
	source := &rowSource{rows: rows, plan: p, afterRow: afterRow,
		raw: make([]any, len(cols)), ptrs: make([]any, len(cols)), out: make([]any, len(cols))}
	for i := range source.raw {
		source.ptrs[i] = &source.raw[i]
	}
	n, err := dtx.CopyFrom(ctx, pgx.Identifier{p.name}, p.columns, source)
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", p.name, err)
	}
	return n, nil
}

// verifyCounts compares each table's rows on both sides, in the
// transaction that is about to commit.
func verifyCounts(ctx context.Context, stx *sql.Tx, dtx pgx.Tx, counts []TableCount) error {
	for _, c := range counts {
		var inSrc, inDst int64
		if err := stx.QueryRowContext(ctx, `SELECT count(*) FROM `+quote(c.Table)).Scan(&inSrc); err != nil {
			return fmt.Errorf("sqlite: count %s: %w", c.Table, err)
		}
		if err := dtx.QueryRow(ctx, `SELECT count(*) FROM `+quote(c.Table)).Scan(&inDst); err != nil {
			return fmt.Errorf("postgres: count %s: %w", c.Table, err)
		}
		if inSrc != inDst || inSrc != c.Rows {
			return fmt.Errorf("table %s: %d rows in SQLite, %d copied, %d on PostgreSQL; nothing was committed", c.Table, inSrc, c.Rows, inDst)
		}
	}
	return nil
}

// rowSource feeds SQLite's rows to CopyFrom, converting each value.
type rowSource struct {
	rows     *sql.Rows
	plan     tablePlan
	afterRow func(string)
	raw      []any // scanned from SQLite
	ptrs     []any // &raw[i]
	out      []any // converted, handed to CopyFrom
	n        int64
	err      error
}

func (s *rowSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	if err := s.rows.Scan(s.ptrs...); err != nil {
		s.err = fmt.Errorf("sqlite: read %s: %w", s.plan.name, err)
		return false
	}
	s.n++
	for i, v := range s.raw {
		c, err := convert(v, s.plan.kinds[i])
		if err != nil {
			s.err = fmt.Errorf("%s row %d, column %s: %w", s.plan.name, s.n, s.plan.columns[i], err)
			return false
		}
		s.out[i] = c
	}
	if s.afterRow != nil {
		s.afterRow(s.plan.name)
	}
	return true
}

func (s *rowSource) Values() ([]any, error) { return s.out, nil }

func (s *rowSource) Err() error {
	if s.err != nil {
		return s.err
	}
	if err := s.rows.Err(); err != nil {
		return fmt.Errorf("sqlite: read %s: %w", s.plan.name, err)
	}
	return nil
}

// convert turns a value as SQLite stored it into what PostgreSQL's column
// takes. SQLite keeps whatever type a value was written with, so each
// kind accepts exactly the storage classes the SQLite backend writes and
// refuses the rest rather than guess.
func convert(v any, k kind) (any, error) {
	if v == nil {
		return nil, nil // NOT NULL is PostgreSQL's to enforce, as SQLite's was
	}
	switch k {
	case kindInt:
		if i, ok := v.(int64); ok {
			return i, nil
		}
	case kindBool:
		if i, ok := v.(int64); ok && (i == 0 || i == 1) {
			return i == 1, nil
		}
	case kindText:
		switch t := v.(type) {
		case string:
			return t, nil
		case []byte:
			if utf8.Valid(t) {
				return string(t), nil
			}
		}
	case kindBytes:
		switch b := v.(type) {
		case []byte:
			return b, nil
		case string:
			return []byte(b), nil
		}
	}
	// The value itself stays out of the message: it may be a secret.
	return nil, fmt.Errorf("a stored %T does not fit the PostgreSQL column", v)
}

// quote quotes an identifier for both engines.
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
