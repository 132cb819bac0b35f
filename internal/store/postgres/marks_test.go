package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// TestMigrateMarks opens a database of schema version 2 holding data, in
// which the pipeline kept its marks as input records
// (storyline:analyzed/..., storyline:told/...): the migration moves them
// to marks, inputs count the files again, and the rest reads as before.
func TestMigrateMarks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	if err := postgres.MakeSchema(ctx, dsn, 2); err != nil {
		t.Fatal(err)
	}
	// Rows as version 2 wrote them.
	old, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close(ctx)
	if _, err := old.Exec(ctx, `INSERT INTO inputs (origin, size, mtime, hash, ingested_at) VALUES
		('data/a.jsonl', 10, 5, 'h1', now()),
		('data/b.jsonl', 20, 6, '', now()),
		('storyline:analyzed/a1', 0, 0, 'analyze-1', now()),
		('storyline:analyzed/a2', 0, 0, 'analyze-1', now()),
		('storyline:told/s1', 0, 0, 'key1', now()),
		('storyline:told/s2', -1, 0, 'pending', now())`); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(ctx, `INSERT INTO stories (id, importance, start_at, end_at, storyline, data) VALUES ('s1', 0.9, NULL, NULL, 'l1', $1)`,
		[]byte(`{"id":"s1","headline":"Walrus colony grows","importance":0.9}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(ctx, `INSERT INTO story_text (id, headline, summary) VALUES ('s1', 'Walrus colony grows', 'Walrus numbers rose.')`); err != nil {
		t.Fatal(err)
	}
	s := open(t, dsn)
	defer s.Close()
	var v int
	if err := old.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != postgres.SchemaVersion {
		t.Fatalf("schema version %d, %v; want %d", v, err, postgres.SchemaVersion)
	}
	if st, err := s.Stats(ctx); err != nil || st.Inputs != 2 || st.Stories != 1 {
		t.Errorf("Stats after migration = %+v, %v; want 2 inputs, 1 story", st, err)
	}
	got, err := s.Marks(ctx, []string{"storyline:analyzed/a1", "storyline:analyzed/a2", "storyline:told/s1", "storyline:told/s2", "data/a.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"storyline:analyzed/a1": "analyze-1", "storyline:analyzed/a2": "analyze-1", "storyline:told/s1": "key1", "storyline:told/s2": "pending"}
	if len(got) != len(want) {
		t.Errorf("Marks after migration = %q; want %q", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("mark %q = %q; want %q", k, got[k], v)
		}
	}
	if ok, err := s.IsIngested(ctx, store.Input{Origin: "data/a.jsonl", Hash: "h1"}); err != nil || !ok {
		t.Errorf("data/a.jsonl no longer ingested after migration: %v, %v", ok, err)
	}
	if ok, _ := s.IsIngested(ctx, store.Input{Origin: "storyline:told/s1", Hash: "key1"}); ok {
		t.Errorf("storyline:told/s1 is still an input after migration")
	}
	if hits, err := s.Search(ctx, "walrus", 10); err != nil || len(hits) != 1 || hits[0].ID != "s1" {
		t.Errorf("Search after migration = %+v, %v", hits, err)
	}
}

// TestMarksReadOnly: on a read-only database marks read, and writes fail
// with store.ErrReadOnly.
func TestMarksReadOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	w := open(t, dsn)
	if _, err := w.PutArticles(ctx, []*model.Article{storetest.Article("a", 0, "Storm", "storm text")}); err != nil {
		t.Fatal(err)
	}
	if err := w.PutMarks(ctx, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	readOnly(t, dsn)
	s := open(t, dsn)
	defer s.Close()
	if got, err := s.Marks(ctx, []string{"k"}); err != nil || got["k"] != "v" {
		t.Errorf("Marks read-only = %q, %v", got, err)
	}
	if err := s.PutMarks(ctx, map[string]string{"k": "w"}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("PutMarks read-only: %v; want ErrReadOnly", err)
	}
	if _, err := s.DeleteMarks(ctx, "", nil); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("DeleteMarks read-only: %v; want ErrReadOnly", err)
	}
}

// BenchmarkMarks reads 10,000 told marks as a run does (see
// storetest.BenchMarks).
func BenchmarkMarks(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	storetest.BenchMarks(b, s, 10000)
}
