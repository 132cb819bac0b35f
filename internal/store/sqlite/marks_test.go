package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// TestMigrateMarks opens a database of schema version 1 in which the
// pipeline kept its marks as input records (storyline:analyzed/...,
// storyline:told/...): the migration moves them to marks, and inputs
// count the files again.
func TestMigrateMarks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := sqlite.MakeSchema(dir, 1, `INSERT INTO inputs (origin, size, mtime, hash, ingested_at) VALUES
		('data/a.jsonl', 10, 5, 'h1', 1),
		('data/b.jsonl', 20, 6, '', 1),
		('storyline:analyzed/a1', 0, 0, 'analyze-1', 1),
		('storyline:analyzed/a2', 0, 0, 'analyze-1', 1),
		('storyline:told/s1', 0, 0, 'key1', 1),
		('storyline:told/s2', -1, 0, 'pending', 1)`); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir)
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st.Inputs != 2 {
		t.Errorf("Stats after migration = %+v, %v; want 2 inputs", st, err)
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
}

// TestMarksReadOnly: a read-only store reads marks and refuses to write
// them with store.ErrReadOnly.
func TestMarksReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := open(t, dir)
	if err := w.PutMarks(ctx, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	s, err := sqlite.OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
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
	s := open(b, b.TempDir())
	defer s.Close()
	storetest.BenchMarks(b, s, 10000)
}
