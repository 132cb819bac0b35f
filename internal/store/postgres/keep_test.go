package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// TestSearchVectorKept checks that re-putting an article, or regrouping a
// story, whose title and text are unchanged does not recompute its search
// vector, and that a changed title or text does. It makes a recomputation
// visible: after the first write, the search configuration stops indexing
// plain words, so a vector made again afterwards lacks them.
func TestSearchVectorKept(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	s := open(t, dsn)
	defer func() { s.Close() }()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	vector := func(table, id string) string {
		t.Helper()
		var v string
		if err := conn.QueryRow(ctx, `SELECT tsv::text FROM `+table+` WHERE id = $1`, []byte(id)).Scan(&v); err != nil {
			t.Fatalf("%s %s: %v", table, id, err)
		}
		return v
	}

	a := storetest.Article("a", 0, "Walrus colony", "walrus sighting reported")
	if _, err := s.PutArticles(ctx, []*model.Article{a}); err != nil {
		t.Fatal(err)
	}
	story := &model.Story{ID: "s", Headline: "Walrus colony grows", Summary: []model.Cited{{Text: "Walrus numbers rose."}}, Importance: 0.1}
	if err := s.ReplaceGrouping(ctx, []*model.Story{story}, nil); err != nil {
		t.Fatal(err)
	}
	articleBefore, storyBefore := vector("articles", "a"), vector("story_text", "s")
	if _, err := conn.Exec(ctx, `ALTER TEXT SEARCH CONFIGURATION storyline_search DROP MAPPING FOR asciiword`); err != nil {
		t.Fatal(err)
	}
	// Server processes cache search configurations: new connections see
	// the change.
	s.Close()
	s = open(t, dsn)

	if got := vector("articles", "a"); got != articleBefore {
		t.Fatalf("vector changed by the configuration change alone: %s", got)
	}

	// Same title and text, new analysis and story: vectors kept.
	analyzed := *a
	analyzed.Language, analyzed.Story = "de", "s"
	if st, err := s.PutArticles(ctx, []*model.Article{&analyzed}); err != nil || st.Updated != 1 {
		t.Fatalf("analysis update: %+v, %v", st, err)
	}
	if got, _ := s.Article(ctx, "a"); got == nil || got.Language != "de" {
		t.Errorf("analysis update not stored: %+v", got)
	}
	if got := vector("articles", "a"); got != articleBefore {
		t.Errorf("article vector recomputed for unchanged text: %s, was %s", got, articleBefore)
	}
	reordered := *story
	reordered.Importance = 0.9
	if err := s.ReplaceGrouping(ctx, []*model.Story{&reordered}, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Story(ctx, "s"); got == nil || got.Importance != 0.9 {
		t.Errorf("story update not stored: %+v", got)
	}
	if got := vector("story_text", "s"); got != storyBefore {
		t.Errorf("story vector recomputed for unchanged text: %s, was %s", got, storyBefore)
	}

	// New title, new summary: vectors made again.
	retitled := analyzed
	retitled.Title = "Walrus herd"
	if _, err := s.PutArticles(ctx, []*model.Article{&retitled}); err != nil {
		t.Fatal(err)
	}
	if got := vector("articles", "a"); got == articleBefore {
		t.Errorf("article vector not recomputed for a new title: %s", got)
	}
	resummed := reordered
	resummed.Summary = []model.Cited{{Text: "Walrus numbers fell."}}
	if err := s.ReplaceGrouping(ctx, []*model.Story{&resummed}, nil); err != nil {
		t.Fatal(err)
	}
	if got := vector("story_text", "s"); got == storyBefore {
		t.Errorf("story vector not recomputed for a new summary: %s", got)
	}
}
