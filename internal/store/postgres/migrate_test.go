package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
)

// TestMigrateStoryText opens a database of schema version 1, whose
// stories hold their headline, summary and search vector, with a grouping
// in it: the migration moves them to story_text, and the stories read and
// search as before.
func TestMigrateStoryText(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	if err := postgres.MakeSchema(ctx, dsn, 1); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Rows as version 1 wrote them.
	if _, err := conn.Exec(ctx, `INSERT INTO stories (id, importance, start_at, end_at, storyline, headline, summary, data)
		VALUES ('s1', 0.9, NULL, NULL, 'l1', 'Walrus colony grows', 'Walrus numbers rose.', $1),
		       ('s2', 0.5, NULL, NULL, 'l1', 'Heron nests found', 'Herons nest early.', $2)`,
		[]byte(`{"id":"s1","headline":"Walrus colony grows","importance":0.9,"summary":[{"text":"Walrus numbers rose."}]}`),
		[]byte(`{"id":"s2","headline":"Heron nests found","importance":0.5,"summary":[{"text":"Herons nest early."}]}`)); err != nil {
		t.Fatal(err)
	}
	s := open(t, dsn)
	defer s.Close()
	var v int
	if err := conn.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != postgres.SchemaVersion {
		t.Fatalf("schema version %d, %v; want %d", v, err, postgres.SchemaVersion)
	}
	if ss, err := s.Stories(ctx, store.StoryFilter{}); err != nil || storyIDs(ss) != "s1,s2" {
		t.Errorf("Stories after migration = %s, %v; want s1,s2", storyIDs(ss), err)
	}
	for q, want := range map[string]string{"walrus": "s1", "herons": "s2"} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != want || hits[0].Kind != store.HitStory {
			t.Errorf("Search(%q) after migration = %+v, %v; want story %s", q, hits, err, want)
		}
	}
	if st, err := s.Stats(ctx); err != nil || st.Stories != 2 {
		t.Errorf("Stats after migration = %+v, %v", st, err)
	}
}

func storyIDs(ss []*model.Story) string {
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return strings.Join(ids, ",")
}
