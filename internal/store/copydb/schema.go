package copydb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Column is one column of a live schema.
type Column struct {
	Name string
	// Type is the declared type: SQLite's as written in CREATE TABLE
	// (upper-cased), PostgreSQL's as format_type spells it.
	Type string
	// Generated is true for a PostgreSQL identity or generated column,
	// whose values the database makes itself.
	Generated bool
}

// Schema is a database's tables and their columns, in column order.
type Schema map[string][]Column

// The known differences between the two schemas. Plan refuses any other
// difference, so a migration that adds a table or a column to one backend
// only stops copy-db (and fails TestSchemaParity) until it is listed here.
var (
	// sqliteOnlyTables are not copied.
	sqliteOnlyTables = map[string]string{
		"schema_migrations": "each backend records its own migrations",
	}
	// postgresOnlyTables are left as they are (empty on a new database).
	postgresOnlyTables = map[string]string{
		"schema_migrations":      "each backend records its own migrations",
		"service_clock":          "the replicas' shared controllable clock; SQLite's lives in its process",
		"service_clock_seen":     "which replica has seen the shared clock's value",
		"contact_cache_replicas": "the replicas whose contact cache is live",
	}
	// columnRules are the columns not copied value for value.
	columnRules = map[string]columnRule{
		// SQLite numbers the outbox itself (max + 1); PostgreSQL's identity
		// numbers the rows in the order they are copied, which is seq's.
		"outbox.seq": generated,
		// SQLite orders overrides by rowid, PostgreSQL by this identity:
		// copying in rowid order keeps the order.
		"rotation_overrides.seq": generated,
		// A claim belongs to a replica of the old store, which is gone:
		// copied unclaimed, the timers fall due again on the new one.
		"timers.claimed_at": cleared,
		"timers.claimed_by": cleared,
	}
	// sourceOrder is the order a table is read in when rowid is not it.
	sourceOrder = map[string]string{
		"outbox": "seq, rowid", // the SQLite backend orders the outbox by seq
	}
)

type columnRule int

const (
	// generated: PostgreSQL makes the value (an identity column); SQLite's,
	// if it has the column, is not copied but gives the copy's order.
	generated columnRule = iota + 1
	// cleared: the column is left NULL on PostgreSQL.
	cleared
)

// kind is how a SQLite value becomes a PostgreSQL one.
type kind int

const (
	kindInt   kind = iota // INTEGER → bigint, integer
	kindBool              // INTEGER 0/1 → boolean
	kindText              // TEXT → text
	kindBytes             // BLOB → bytea
)

// conversions are the type pairs a column may have across the backends.
var conversions = map[[2]string]kind{
	{"INTEGER", "bigint"}:  kindInt,
	{"INTEGER", "integer"}: kindInt,
	{"INTEGER", "boolean"}: kindBool,
	{"TEXT", "text"}:       kindText,
	{"BLOB", "bytea"}:      kindBytes,
}

// tablePlan is how one table is copied.
type tablePlan struct {
	name    string
	columns []string // copied, in the same order on both sides
	kinds   []kind
	orderBy string // SQLite's ORDER BY
}

// plan matches the SQLite schema to PostgreSQL's and returns the tables
// to copy, parents before the tables whose foreign keys point to them
// (parents maps a table to those it references). It fails on any
// difference the lists above do not explain.
func plan(src, dst Schema, parents map[string][]string) ([]tablePlan, error) {
	var problems []string
	for name := range dst {
		if _, ok := src[name]; !ok && postgresOnlyTables[name] == "" {
			problems = append(problems, fmt.Sprintf("table %s exists only on PostgreSQL", name))
		}
	}
	var plans []tablePlan
	for name, cols := range src {
		if sqliteOnlyTables[name] != "" {
			continue
		}
		if postgresOnlyTables[name] != "" {
			problems = append(problems, fmt.Sprintf("table %s is listed as PostgreSQL's own but SQLite has it", name))
			continue
		}
		dcols, ok := dst[name]
		if !ok {
			problems = append(problems, fmt.Sprintf("table %s exists only in SQLite", name))
			continue
		}
		p, errs := planTable(name, cols, dcols)
		problems = append(problems, errs...)
		plans = append(plans, p)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, fmt.Errorf("the SQLite and PostgreSQL schemas differ in ways copy-db does not know: %s", strings.Join(problems, "; "))
	}
	return parentsFirst(plans, parents)
}

// planTable matches one table's columns.
func planTable(name string, src, dst []Column) (tablePlan, []string) {
	p := tablePlan{name: name, orderBy: "rowid"}
	if o := sourceOrder[name]; o != "" {
		p.orderBy = o
	}
	var problems []string
	srcByName := map[string]Column{}
	for _, c := range src {
		srcByName[c.Name] = c
	}
	dstNames := map[string]bool{}
	for _, d := range dst {
		dstNames[d.Name] = true
		key := name + "." + d.Name
		s, inSrc := srcByName[d.Name]
		switch rule := columnRules[key]; {
		case rule == generated && !d.Generated:
			problems = append(problems, fmt.Sprintf("column %s is not generated on PostgreSQL", key))
		case rule == generated, rule == cleared:
			// not copied
		case d.Generated:
			problems = append(problems, fmt.Sprintf("column %s is generated on PostgreSQL", key))
		case !inSrc:
			problems = append(problems, fmt.Sprintf("column %s exists only on PostgreSQL", key))
		default:
			k, ok := conversions[[2]string{s.Type, d.Type}]
			if !ok {
				problems = append(problems, fmt.Sprintf("column %s is %s in SQLite and %s on PostgreSQL", key, s.Type, d.Type))
				continue
			}
			p.columns = append(p.columns, d.Name)
			p.kinds = append(p.kinds, k)
		}
	}
	for _, s := range src {
		if !dstNames[s.Name] {
			problems = append(problems, fmt.Sprintf("column %s.%s exists only in SQLite", name, s.Name))
		}
	}
	return p, problems
}

// parentsFirst orders plans so that a table comes after those its foreign
// keys reference (PostgreSQL checks them row by row), by name otherwise.
func parentsFirst(plans []tablePlan, parents map[string][]string) ([]tablePlan, error) {
	sort.Slice(plans, func(i, j int) bool { return plans[i].name < plans[j].name })
	var out []tablePlan
	placed := map[string]bool{}
	for len(out) < len(plans) {
		progress := false
		for _, p := range plans {
			if placed[p.name] || !allPlaced(parents[p.name], p.name, placed) {
				continue
			}
			out, placed[p.name], progress = append(out, p), true, true
		}
		if !progress {
			return nil, fmt.Errorf("the PostgreSQL tables' foreign keys form a cycle")
		}
	}
	return out, nil
}

func allPlaced(tables []string, self string, placed map[string]bool) bool {
	for _, t := range tables {
		if t != self && !placed[t] {
			return false
		}
	}
	return true
}

// sqliteSchema reads the tables of a SQLite database, without SQLite's
// own (sqlite_*).
func sqliteSchema(ctx context.Context, tx *sql.Tx) (Schema, error) {
	rows, err := tx.QueryContext(ctx, `SELECT t.name, c.name, upper(c.type)
		FROM sqlite_schema t JOIN pragma_table_info(t.name) c
		WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY t.name, c.cid`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read schema: %w", err)
	}
	defer rows.Close()
	s := Schema{}
	for rows.Next() {
		var table string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.Type); err != nil {
			return nil, fmt.Errorf("sqlite: read schema: %w", err)
		}
		s[table] = append(s[table], c)
	}
	return s, rows.Err()
}

// pgQuerier is what reading PostgreSQL's schema needs (a pool or a tx).
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// postgresSchema reads the tables of the current schema.
func postgresSchema(ctx context.Context, q pgQuerier) (Schema, error) {
	rows, err := q.Query(ctx, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
		       a.attidentity <> '' OR a.attgenerated <> ''
		FROM pg_class c
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
		ORDER BY c.relname, a.attnum`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read schema: %w", err)
	}
	defer rows.Close()
	s := Schema{}
	for rows.Next() {
		var table string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.Type, &c.Generated); err != nil {
			return nil, fmt.Errorf("postgres: read schema: %w", err)
		}
		s[table] = append(s[table], c)
	}
	return s, rows.Err()
}

// postgresParents maps each table of the current schema to the tables its
// foreign keys reference.
func postgresParents(ctx context.Context, q pgQuerier) (map[string][]string, error) {
	rows, err := q.Query(ctx, `SELECT child.relname, parent.relname
		FROM pg_constraint k
		JOIN pg_class child ON child.oid = k.conrelid
		JOIN pg_class parent ON parent.oid = k.confrelid
		WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read foreign keys: %w", err)
	}
	defer rows.Close()
	parents := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			return nil, fmt.Errorf("postgres: read foreign keys: %w", err)
		}
		parents[child] = append(parents[child], parent)
	}
	return parents, rows.Err()
}
