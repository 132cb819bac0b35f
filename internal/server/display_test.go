package server_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// An article that printed no title is shown by the start of its lead on
// every page (story, article, search), as run --format html and text show
// it, and citations run in ascending order, each once.
func TestUntitledArticleAndCitationOrder(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	titled := storetest.Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast on Friday.")
	lead := "Moscow, SANA – Kremlin said the talks centred on the crisis."
	untitled := storetest.Article("a2", 1, "", lead)
	untitled.Paragraphs = []string{lead}
	if _, err := st.PutArticles(ctx, []*model.Article{titled, untitled}); err != nil {
		t.Fatal(err)
	}
	s := &model.Story{ID: "s1", Headline: "Storm", Articles: []string{"a1", "a2"},
		Summary: []model.Cited{{Text: "The storm came.", Articles: []string{"a2", "a1", "a2"}}}}
	if err := st.ReplaceGrouping(ctx, []*model.Story{s}, nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(st, server.Options{}))
	t.Cleanup(ts.Close)

	for _, path := range []string{"/stories/s1", "/articles/a2", "/search?q=Kremlin"} {
		code, _, body := get(t, ts, path)
		if code != 200 {
			t.Fatalf("%s: status %d", path, code)
		}
		if !strings.Contains(body, "Moscow, SANA – Kremlin said") {
			t.Errorf("%s does not show the untitled article by its lead", path)
		}
		if strings.Contains(body, "(untitled)") || strings.Contains(body, ">a2</a>") {
			t.Errorf("%s shows the untitled article as (untitled) or by its id", path)
		}
	}
	for _, path := range []string{"/", "/stories/s1"} {
		_, _, body := get(t, ts, path)
		i := strings.Index(body, "The storm came.")
		if i < 0 {
			t.Fatalf("%s lacks the summary", path)
		}
		end := strings.Index(body[i:], "</li>")
		cited := body[i : i+end]
		one, two := strings.Index(cited, "[1]"), strings.Index(cited, "[2]")
		if one < 0 || two < 0 || one > two || strings.Count(cited, "[2]") != 1 {
			t.Errorf("%s: citations out of order or repeated: %s", path, cited)
		}
	}
	// Pages say who wrote them, so a saved page is not read back as news.
	if _, _, body := get(t, ts, "/stories/s1"); !strings.Contains(body, `<meta name="generator" content="`+ingest.Generator+`">`) {
		t.Error("page lacks the generator element")
	}
	// The API keeps the contract: no title is an empty title.
	_, _, body := get(t, ts, "/api/stories/s1")
	if !strings.Contains(body, `"id":"a2","title":""`) {
		t.Errorf("API story lists the untitled article with a made-up title: %s", body)
	}
}
