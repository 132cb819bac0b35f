package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// FuzzSearch checks that no query string reaches PostgreSQL as a tsquery
// syntax error: Search returns hits or ErrBadQuery.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"storm", `"prime minister"`, "budg*", "a OR b", `"e-mail"*`, `U.S.*`, `o'neil*`, `a:*`, `'`, `!x`, `x & y | z`, `"`, `*`, "\x00", `\`, "électr*"} {
		f.Add(s)
	}
	s := open(f, freshDB(f))
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.PutArticles(ctx, []*model.Article{
		storetest.Article("a1", 0, "Storm hits the coast", "A storm hit the coast; the prime minister said. O'Neil's e-mail to the U.S."),
		storetest.Article("a2", 1, "Budget vote", "Parliament delayed the budget vote. L'électricité."),
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
