package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// FuzzSearch checks that no query string reaches SQLite as an FTS5 syntax
// error: Search returns hits or ErrBadQuery.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"storm", `"prime minister"`, "budg*", "a OR b", `NEAR(a b)`, `title:x`, `"`, `*`, "^a", "a AND NOT b", "\x00"} {
		f.Add(s)
	}
	s := open(f, f.TempDir())
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.PutArticles(ctx, []*model.Article{
		storetest.Article("a1", 0, "Storm hits the coast", "A storm hit the coast; the prime minister said."),
		storetest.Article("a2", 1, "Budget vote", "Parliament delayed the budget vote."),
	}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.Search(ctx, q, 5)
		if err != nil && !errors.Is(err, store.ErrBadQuery) {
			t.Fatalf("Search(%q): %v", q, err)
		}
		if err == nil && hits == nil {
			t.Fatalf("Search(%q): nil hits", q)
		}
	})
}
