package sqlite_test

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// PutArticlesSame writes a changed article either way, and counts it
// Unchanged only when same says the difference is no change; same is
// asked about changed articles only.
func TestPutArticlesSame(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := storetest.Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast on Friday.")
	b := storetest.Article("b1", 1, "Budget vote delayed", "Parliament delayed the budget vote.")
	if _, err := st.PutArticles(ctx, []*model.Article{a, b}); err != nil {
		t.Fatal(err)
	}
	asked := 0
	same := func(stored, put *model.Article) bool { asked++; return stored.Text == put.Text }
	a2 := *a
	a2.DuplicateOf = "b1" // differs, same text
	b2 := *b
	ps, err := st.PutArticlesSame(ctx, []*model.Article{&a2, &b2}, same)
	if err != nil {
		t.Fatal(err)
	}
	if ps.Unchanged != 2 || ps.Updated != 0 || asked != 1 {
		t.Errorf("stats %+v, asked %d; want 2 unchanged and same asked once (b1 is identical)", ps, asked)
	}
	if got, err := st.Article(ctx, "a1"); err != nil || got.DuplicateOf != "b1" {
		t.Errorf("the article counted unchanged was not written: %+v %v", got, err)
	}
	a3 := a2
	a3.Text = "A different text."
	if ps, err := st.PutArticlesSame(ctx, []*model.Article{&a3}, same); err != nil || ps.Updated != 1 {
		t.Errorf("changed text: %+v %v, want 1 updated", ps, err)
	}
}
