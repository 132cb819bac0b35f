package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// readOnly makes every later session of the database dsn names read-only,
// as on a standby server.
func readOnly(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var name string
	if err := conn.QueryRow(ctx, `SELECT current_database()`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ALTER DATABASE `+pgx.Identifier{name}.Sanitize()+` SET default_transaction_read_only = on`); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyDatabase opens a database that only allows reading (a
// standby server, a read-only role's view): with its schema made, the
// store opens and answers reads, and writes fail with the server's reason;
// without it, the open fails saying why.
func TestReadOnlyDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("schema made", func(t *testing.T) {
		dsn := freshDB(t)
		s := open(t, dsn)
		if _, err := s.PutArticles(ctx, []*model.Article{storetest.Article("a", 0, "Storm", "storm text")}); err != nil {
			t.Fatal(err)
		}
		stories, lines := storetest.Grouping()
		if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
			t.Fatal(err)
		}
		s.Close()
		readOnly(t, dsn)
		s = open(t, dsn)
		defer s.Close()
		if st, err := s.Stats(ctx); err != nil || st.Articles != 1 || st.Stories != 3 {
			t.Errorf("Stats = %+v, %v", st, err)
		}
		if hits, err := s.Search(ctx, "storm", 10); err != nil || len(hits) == 0 {
			t.Errorf("Search = %v, %v", hits, err)
		}
		if ss, err := s.Stories(ctx, store.StoryFilter{}); err != nil || len(ss) != 3 {
			t.Errorf("Stories = %d, %v", len(ss), err)
		}
		_, err := s.PutArticles(ctx, []*model.Article{storetest.Article("b", 0, "Rain", "rain text")})
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("PutArticles on a read-only database: %v, want a read-only error", err)
		}
	})
	t.Run("no schema", func(t *testing.T) {
		dsn := freshDB(t)
		readOnly(t, dsn)
		s, err := postgres.Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Fatal("Open succeeded on a read-only database without a schema")
		}
		t.Logf("error: %v", err)
		if !strings.Contains(err.Error(), "database is read-only") {
			t.Errorf("error %q: want it to say the database is read-only", err)
		}
	})
}
