package copydb

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ssmcontacts/ssmcontacts/internal/store/postgres/pgtest"
)

// liveSchemas returns the schemas both backends' migrations make today.
func liveSchemas(t *testing.T) (src, dst Schema, parents map[string][]string) {
	t.Helper()
	ctx := context.Background()
	db := openSQLite(t, filepath.Join(t.TempDir(), "schema.db"))
	defer db.Close()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if src, err = sqliteSchema(ctx, tx); err != nil {
		t.Fatal(err)
	}
	pg := openPostgres(t, pgtest.Database(t))
	if dst, err = postgresSchema(ctx, pg.Pool()); err != nil {
		t.Fatal(err)
	}
	if parents, err = postgresParents(ctx, pg.Pool()); err != nil {
		t.Fatal(err)
	}
	return src, dst, parents
}

// TestSchemaParity fails when a migration gives one backend a table or a
// column the other lacks, or another type, without the copier's lists
// (schema.go) saying what to do with it: copy-db would refuse to run, or
// worse, a column would be left behind. It also fails on a list entry
// that no longer matches anything.
func TestSchemaParity(t *testing.T) {
	src, dst, parents := liveSchemas(t)
	plans, err := plan(src, dst, parents)
	if err != nil {
		t.Fatal(err)
	}

	// Every SQLite column is either copied or ruled on.
	planned := map[string]tablePlan{}
	for _, p := range plans {
		planned[p.name] = p
	}
	for table, cols := range src {
		if sqliteOnlyTables[table] != "" {
			continue
		}
		p, ok := planned[table]
		if !ok {
			t.Errorf("SQLite table %s is not copied", table)
			continue
		}
		for _, c := range cols {
			if !slices.Contains(p.columns, c.Name) && columnRules[table+"."+c.Name] == 0 {
				t.Errorf("SQLite column %s.%s is not copied", table, c.Name)
			}
		}
	}

	// No stale entries.
	for table := range sqliteOnlyTables {
		if _, ok := src[table]; !ok {
			t.Errorf("sqliteOnlyTables lists %s, which SQLite does not have", table)
		}
	}
	for table := range postgresOnlyTables {
		if _, ok := dst[table]; !ok {
			t.Errorf("postgresOnlyTables lists %s, which PostgreSQL does not have", table)
		}
	}
	for key := range columnRules {
		table, col, _ := strings.Cut(key, ".")
		if !slices.ContainsFunc(dst[table], func(c Column) bool { return c.Name == col }) {
			t.Errorf("columnRules lists %s, which PostgreSQL does not have", key)
		}
	}
	for table := range sourceOrder {
		if _, ok := planned[table]; !ok {
			t.Errorf("sourceOrder lists %s, which is not copied", table)
		}
	}

	// Parents come first.
	pos := map[string]int{}
	for i, p := range plans {
		pos[p.name] = i
	}
	for child, ps := range parents {
		for _, parent := range ps {
			if pos[parent] > pos[child] {
				t.Errorf("%s is copied before its parent %s", child, parent)
			}
		}
	}
}

// TestPlanRefusesUnknownDifferences: each kind of drift between the
// schemas, made on a copy of today's, stops the plan with a message that
// names it. (This is what TestSchemaParity relies on.)
func TestPlanRefusesUnknownDifferences(t *testing.T) {
	src, dst, parents := liveSchemas(t)
	for _, tc := range []struct {
		name string
		edit func(src, dst Schema)
		want string
	}{
		{"column only in SQLite", func(src, dst Schema) {
			src["contacts"] = append(src["contacts"], Column{Name: "nickname", Type: "TEXT"})
		}, "column contacts.nickname exists only in SQLite"},
		{"column only on PostgreSQL", func(src, dst Schema) {
			dst["channels"] = append(dst["channels"], Column{Name: "priority", Type: "integer"})
		}, "column channels.priority exists only on PostgreSQL"},
		{"table only in SQLite", func(src, dst Schema) {
			src["escalation_notes"] = []Column{{Name: "id", Type: "TEXT"}}
		}, "table escalation_notes exists only in SQLite"},
		{"table only on PostgreSQL", func(src, dst Schema) {
			dst["escalation_notes"] = []Column{{Name: "id", Type: "text"}}
		}, "table escalation_notes exists only on PostgreSQL"},
		{"types that do not convert", func(src, dst Schema) {
			replace(dst, "pages", Column{Name: "stage_index", Type: "text"})
		}, "column pages.stage_index is INTEGER in SQLite and text on PostgreSQL"},
		{"a new identity column", func(src, dst Schema) {
			dst["tags"] = append(dst["tags"], Column{Name: "seq", Type: "bigint", Generated: true})
		}, "column tags.seq is generated on PostgreSQL"},
		{"a listed identity that is not one", func(src, dst Schema) {
			replace(dst, "outbox", Column{Name: "seq", Type: "bigint"})
		}, "column outbox.seq is not generated on PostgreSQL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, d := clone(src), clone(dst)
			tc.edit(s, d)
			_, err := plan(s, d, parents)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("plan: %v, want %q", err, tc.want)
			}
		})
	}
}

func clone(s Schema) Schema {
	out := Schema{}
	for k, v := range s {
		out[k] = slices.Clone(v)
	}
	return out
}

func replace(s Schema, table string, c Column) {
	for i := range s[table] {
		if s[table][i].Name == c.Name {
			s[table][i] = c
		}
	}
}

// TestConvert: SQLite values become PostgreSQL's, and what the backend
// never writes is refused rather than guessed at.
func TestConvert(t *testing.T) {
	for _, tc := range []struct {
		in   any
		k    kind
		want any
		ok   bool
	}{
		{int64(1), kindBool, true, true},
		{int64(0), kindBool, false, true},
		{int64(2), kindBool, nil, false},
		{"1", kindBool, nil, false},
		{int64(-5), kindInt, int64(-5), true},
		{1.5, kindInt, nil, false},
		{"x", kindText, "x", true},
		{[]byte("x"), kindText, "x", true},
		{[]byte{0xff}, kindText, nil, false},
		{[]byte{0, 0xff}, kindBytes, []byte{0, 0xff}, true},
		{"{}", kindBytes, []byte("{}"), true},
		{nil, kindBool, nil, true},
	} {
		got, err := convert(tc.in, tc.k)
		if (err == nil) != tc.ok || (tc.ok && !equal(got, tc.want)) {
			t.Errorf("convert(%#v, %d) = %#v, %v; want %#v, ok %v", tc.in, tc.k, got, err, tc.want, tc.ok)
		}
	}
}

func equal(a, b any) bool {
	if ab, ok := a.([]byte); ok {
		bb, ok := b.([]byte)
		return ok && string(ab) == string(bb)
	}
	return a == b
}
