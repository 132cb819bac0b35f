package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// fixture opens a SQLite store in a temporary directory with four articles
// and the storetest grouping (s1, s2 in storyline l1; s3 in l2).
func fixture(t testing.TB) (*httptest.Server, store.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fill(t, st)
	ts := httptest.NewServer(server.New(st, server.Options{}))
	t.Cleanup(ts.Close)
	return ts, st
}

// fill puts the fixture's four articles and the storetest grouping in st.
func fill(t testing.TB, st store.Store) {
	t.Helper()
	ctx := context.Background()
	a1 := storetest.Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast on Friday.")
	a1.Paragraphs = []string{"A powerful storm hit the northern coast on Friday.", "<script>alert(1)</script> was in the text."}
	as := []*model.Article{
		a1,
		storetest.Article("a2", 1, "Coastal towns flooded", "Floods swept through coastal towns after the storm."),
		storetest.Article("a3", 3, "Rivers burst banks", "Rivers burst their banks as rain continued."),
		storetest.Article("a4", 2, "Budget vote delayed", "Parliament delayed the budget vote."),
	}
	if _, err := st.PutArticles(ctx, as); err != nil {
		t.Fatal(err)
	}
	stories, lines := storetest.Grouping()
	if err := st.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

func TestAPI(t *testing.T) {
	ts, _ := fixture(t)
	cases := []struct {
		path   string
		status int
		// check inspects the decoded JSON body.
		check func(t *testing.T, body map[string]any)
	}{
		{"/healthz", 200, func(t *testing.T, b map[string]any) {
			if b["status"] != "ok" || b["articles"] != 4.0 || b["stories"] != 3.0 {
				t.Errorf("health %v", b)
			}
		}},
		{"/api/stories", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s1,s3,s2" || b["total"] != 3.0 || b["next_offset"] != nil {
				t.Errorf("stories %s, body %v", got, b)
			}
		}},
		{"/api/stories?order=newest", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s2,s3,s1" {
				t.Errorf("newest stories %s", got)
			}
		}},
		{"/api/stories?limit=2", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s1,s3" || b["next_offset"] != 2.0 {
				t.Errorf("page 1: %s, next %v", got, b["next_offset"])
			}
		}},
		{"/api/stories?limit=2&offset=2", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s2" || b["next_offset"] != nil {
				t.Errorf("page 2: %s, next %v", got, b["next_offset"])
			}
		}},
		{"/api/stories?storyline=l1", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s1,s2" || b["total"] != 2.0 {
				t.Errorf("storyline l1: %s, total %v", got, b["total"])
			}
		}},
		{"/api/stories?storyline=l1&limit=1", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "s1" || b["total"] != 2.0 || b["next_offset"] != 1.0 {
				t.Errorf("storyline l1 page 1: %s, total %v, next %v", got, b["total"], b["next_offset"])
			}
		}},
		// An unknown storyline is a 404 as on the web page, not an empty
		// page claiming the whole store's total.
		{"/api/stories?storyline=nope", 404, nil},
		{"/api/stories?offset=50", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["stories"]); got != "" {
				t.Errorf("past the end: %s", got)
			}
		}},
		{"/api/stories?limit=0", 400, nil},
		{"/api/stories?limit=101", 400, nil},
		{"/api/stories?limit=x", 400, nil},
		{"/api/stories?offset=-1", 400, nil},
		{"/api/stories?order=random", 400, nil},
		{"/api/stories/s1", 200, func(t *testing.T, b map[string]any) {
			story := b["story"].(map[string]any)
			if story["headline"] != "Storm hits the coast" || len(story["summary"].([]any)) != 1 {
				t.Errorf("story %v", story)
			}
			if got := ids(b["articles"]); got != "a1,a2" {
				t.Errorf("story articles %s", got)
			}
		}},
		{"/api/stories/nope", 404, nil},
		{"/api/stories/" + url.PathEscape("a/b"), 404, nil},
		{"/api/articles/a3", 200, func(t *testing.T, b map[string]any) {
			if b["title"] != "Rivers burst banks" || b["story"] != "s2" {
				t.Errorf("article %v", b)
			}
		}},
		{"/api/articles/nope", 404, nil},
		{"/api/articles/%ff%fe", 404, nil},
		{"/api/articles/", 404, nil},
		{"/api/storylines", 200, func(t *testing.T, b map[string]any) {
			if got := ids(b["storylines"]); got != "l1,l2" {
				t.Errorf("storylines %s", got)
			}
		}},
		{"/api/search?q=rivers", 200, func(t *testing.T, b map[string]any) {
			hits := b["hits"].([]any)
			if len(hits) != 2 || b["query"] != "rivers" {
				t.Errorf("search hits %v", b)
			}
		}},
		{"/api/search?q=" + url.QueryEscape(`"storm`), 200, nil},
		{"/api/search?q=" + url.QueryEscape(`NEAR(storm coast) AND title:x`), 200, nil},
		{"/api/search?q=zzzz", 200, func(t *testing.T, b map[string]any) {
			if hits, ok := b["hits"].([]any); !ok || len(hits) != 0 {
				t.Errorf("no-hit search: hits %v, want []", b["hits"])
			}
		}},
		{"/api/search", 400, nil},
		{"/api/search?q=" + url.QueryEscape(`"*"`), 400, nil},
		{"/api/search?q=storm&limit=500", 400, nil},
		{"/api/nothing", 404, nil},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, h, body := get(t, ts, c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d; body %s", status, c.status, body)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var b map[string]any
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				t.Fatalf("body is not a JSON object: %v: %s", err, body)
			}
			if status >= 400 {
				if msg, _ := b["error"].(string); msg == "" || b["status"] != float64(status) {
					t.Errorf("error body %s: want error message and status", body)
				}
				return
			}
			if c.check != nil {
				c.check(t, b)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	ts, _ := fixture(t)
	resp, err := ts.Client().Post(ts.URL+"/api/stories", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || !json.Valid(body) || resp.Header.Get("Allow") == "" {
		t.Errorf("POST /api/stories: %d %s, want 405 with a JSON body and Allow", resp.StatusCode, body)
	}
}

// ids joins the "id" fields of a decoded JSON array.
func ids(v any) string {
	arr, _ := v.([]any)
	out := make([]string, len(arr))
	for i, x := range arr {
		m, _ := x.(map[string]any)
		out[i] = fmt.Sprint(m["id"])
	}
	return strings.Join(out, ",")
}

func TestPages(t *testing.T) {
	ts, _ := fixture(t)
	cases := []struct {
		path    string
		status  int
		want    []string
		notWant []string
	}{
		{"/", 200, []string{"Storm hits the coast", "A storm hit the coast on Friday.", `href="/stories/s1#a1"`, `action="/search"`, "3 stories", `storyline: <a href="/?storyline=l1">Storm</a>`}, nil},
		{"/?order=newest", 200, []string{"<b>newest</b>"}, nil},
		{"/?storyline=l1", 200, []string{"<h1>Storyline: Storm</h1>", "Storm hits the coast", "Floods after the storm"}, []string{"Budget vote delayed"}},
		{"/?storyline=nope", 404, []string{"No such storyline."}, nil},
		{"/?order=random", 400, nil, nil},
		{"/?page=2", 200, []string{"No stories yet", "newer page"}, nil},
		{"/?page=x", 400, nil, nil},
		{"/stories/s1", 200, []string{"<h1>Storm hits the coast</h1>", `id="a1"`, `id="a2"`, `href="/articles/a1"`, "Timeline", "We are ready", "conflict", "More in this storyline", "Floods after the storm"}, nil},
		{"/stories/nope", 404, []string{"Not found."}, nil},
		{"/articles/a1", 200, []string{"<h1>Storm hits the coast</h1>", "&lt;script&gt;alert(1)&lt;/script&gt;", `href="/stories/s1"`}, []string{"<script>alert"}},
		{"/articles/nope", 404, nil, nil},
		{"/search?q=rivers", 200, []string{"2 results", "<mark>Rivers</mark>", `href="/stories/s2"`, `href="/articles/a3"`, `value="rivers"`}, nil},
		{"/search?q=" + url.QueryEscape(`<i>"`), 200, []string{"&lt;i&gt;", "Nothing found."}, []string{"<i>\""}},
		{"/search?q=" + url.QueryEscape(`<>"`), 400, []string{"value=\"&lt;&gt;&#34;\"", "Nothing to search"}, nil},
		{"/search", 200, []string{"phrase"}, nil},
		{"/nowhere", 404, []string{"No page here."}, nil},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, h, body := get(t, ts, c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
			// Self-contained: nothing loaded from elsewhere.
			for _, ext := range []string{`src="http`, `href="http://`, `<link rel="stylesheet"`, "@import"} {
				if strings.Contains(body, ext) {
					t.Errorf("page loads an external asset: %q", ext)
				}
			}
		})
	}
}

func TestServeShutsDown(t *testing.T) {
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv := server.New(st, server.Options{ShutdownTimeout: 5 * time.Second})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Errorf("server still answering after shutdown")
	}
}

// failing is a store whose every read fails, to check that internal
// errors become 500s without leaking details, and health reports 503.
type failing struct{ store.Store }

var errDisk = errors.New("disk on fire at /secret/path")

func (failing) Stats(context.Context) (store.Stats, error) { return store.Stats{}, errDisk }
func (failing) Stories(context.Context, store.StoryFilter) ([]*model.Story, error) {
	return nil, errDisk
}
func (failing) Article(context.Context, string) (*model.Article, error) { return nil, errDisk }

func TestStoreFailure(t *testing.T) {
	ts := httptest.NewServer(server.New(failing{}, server.Options{}))
	defer ts.Close()
	for _, c := range []struct {
		path   string
		status int
	}{{"/healthz", 503}, {"/api/stories", 500}, {"/api/articles/a", 500}, {"/", 500}} {
		status, _, body := get(t, ts, c.path)
		if status != c.status {
			t.Errorf("%s: status %d, want %d", c.path, status, c.status)
		}
		if strings.Contains(body, "secret") {
			t.Errorf("%s: internal error leaked: %s", c.path, body)
		}
	}
}

// TestStoryPageShowsRewrite checks that a story's machine-written rewrite,
// when one is stored, is on its page below the summary, labelled as such,
// with its citation marks, and that a discarded one says why.
func TestStoryPageShowsRewrite(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as := []*model.Article{
		storetest.Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast on Friday."),
		storetest.Article("a2", 1, "Coastal towns flooded", "Floods swept through coastal towns after the storm."),
	}
	if _, err := st.PutArticles(ctx, as); err != nil {
		t.Fatal(err)
	}
	stories, lines := storetest.Grouping()
	stories[0].Rewrite = &model.Rewrite{
		Sentences: []model.Cited{{Text: "A storm struck the north coast and flooded its towns.", Articles: []string{"a1", "a2"}}},
		Model:     "local-model", Endpoint: "127.0.0.1:11434", Input: "x",
	}
	stories[1].Rewrite = &model.Rewrite{Model: "local-model", Endpoint: "127.0.0.1:11434", Input: "y", Warning: "under half of the text survived the check"}
	if err := st.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(st, server.Options{}))
	defer ts.Close()
	_, _, body := get(t, ts, "/stories/"+stories[0].ID)
	for _, w := range []string{"Machine-written rewrite", "not checked by an editor", "local-model", "A storm struck the north coast and flooded its towns.", `href="#a1"`} {
		if !strings.Contains(body, w) {
			t.Errorf("story page lacks %q", w)
		}
	}
	if i, j := strings.Index(body, "<h3>Summary</h3>"), strings.Index(body, "Machine-written rewrite"); i < 0 || j < i {
		t.Errorf("the rewrite is not below the summary (summary at %d, rewrite at %d)", i, j)
	}
	_, _, body = get(t, ts, "/stories/"+stories[1].ID)
	if !strings.Contains(body, "not shown: under half of the text survived the check") {
		t.Errorf("a discarded rewrite does not say why")
	}
}
