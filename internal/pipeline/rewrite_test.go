package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/rewrite"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

var reNumbered = regexp.MustCompile(`(?m)^\[(\d+)\] (.+)$`)

// fakeLLM is a Chat Completions endpoint that rewrites by citing each
// numbered source sentence back, plus one invented sentence the
// faithfulness check must drop; with fail set it answers 500.
type fakeLLM struct {
	mu    sync.Mutex
	calls int
	fail  bool
}

func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls++
	fail := f.fail
	f.mu.Unlock()
	if fail {
		http.Error(w, `{"error":{"message":"model crashed"}}`, http.StatusInternalServerError)
		return
	}
	var req struct {
		Messages []struct{ Content string } `json:"messages"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var b strings.Builder
	for _, m := range reNumbered.FindAllStringSubmatch(req.Messages[len(req.Messages)-1].Content, -1) {
		fmt.Fprintf(&b, "%s [%s]. ", strings.TrimRight(m[2], ". "), m[1])
	}
	b.WriteString("Angela Merkel praised the meeting [1].")
	json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"role": "assistant", "content": b.String()}}}})
}

func (f *fakeLLM) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func fakeRewriter(t *testing.T, f *fakeLLM) *rewrite.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := rewrite.New(rewrite.Config{Endpoint: srv.URL + "/v1", Model: "fake", Backoff: time.Millisecond, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func summaries(stories []*model.Story) map[string]string {
	out := map[string]string{}
	for _, s := range stories {
		b, _ := json.Marshal(s.Summary)
		out[strings.Join(s.Articles, ",")] = string(b)
	}
	return out
}

// TestRewriteSeeds runs the seeds with the fake endpoint: every story
// gets a rewrite citing only its own summary's articles, the invented
// sentence is dropped, and the extractive summary is what a run without
// the rewrite gives.
func TestRewriteSeeds(t *testing.T) {
	dir := datasets.Seeds(t)
	ctx := context.Background()
	plain, err := pipeline.ProcessPaths(ctx, []string{dir}, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeLLM{}
	var warnings []string
	res, err := pipeline.ProcessPaths(ctx, []string{dir}, pipeline.Options{Rewriter: fakeRewriter(t, f),
		Report: func(p pipeline.Problem) {
			if p.Input == "rewrite" {
				warnings = append(warnings, p.Error())
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	want := summaries(plain.Stories)
	for key, got := range summaries(res.Stories) {
		if want[key] != got {
			t.Errorf("story %s: summary changed by the rewrite:\n%s\nwant\n%s", key, got, want[key])
		}
	}
	if f.count() != len(res.Stories) {
		t.Errorf("%d requests for %d stories", f.count(), len(res.Stories))
	}
	for _, s := range res.Stories {
		r := s.Rewrite
		if r == nil {
			t.Errorf("story %s has no rewrite", s.ID)
			continue
		}
		if len(r.Sentences) != len(s.Summary) || r.Model != "fake" || r.Input == "" {
			t.Errorf("story %s: rewrite %+v for %d summary sentences", s.ID, r, len(s.Summary))
		}
		if !strings.Contains(r.Warning, "Angela") {
			t.Errorf("story %s: invented sentence not reported: %q", s.ID, r.Warning)
		}
		for i, c := range r.Sentences {
			if strings.Contains(c.Text, "Merkel") {
				t.Errorf("story %s kept %q", s.ID, c.Text)
			}
			if i < len(s.Summary) && strings.Join(c.Articles, ",") != strings.Join(s.Summary[i].Articles, ",") {
				t.Errorf("story %s sentence %d cites %v, its source %v", s.ID, i+1, c.Articles, s.Summary[i].Articles)
			}
		}
	}
}

// TestRewriteStoredAndReused runs the seeds into a store twice: the
// second run reuses the stored rewrites without a request. Then, with the
// endpoint failing and a changed model, the run still succeeds, keeps the
// extractive summaries and warns once.
func TestRewriteStoredAndReused(t *testing.T) {
	dir := datasets.Seeds(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := &fakeLLM{}
	rw := fakeRewriter(t, f)
	res, _, err := pipeline.Run(ctx, st, []string{dir}, pipeline.Options{Rewriter: rw})
	if err != nil {
		t.Fatal(err)
	}
	first := f.count()
	if first != len(res.Stories) || first == 0 {
		t.Fatalf("%d requests for %d stories", first, len(res.Stories))
	}
	stored, err := st.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stored {
		if s.Rewrite == nil || len(s.Rewrite.Sentences) == 0 {
			t.Errorf("stored story %s lacks its rewrite", s.ID)
		}
	}
	res2, _, err := pipeline.Run(ctx, st, []string{dir}, pipeline.Options{Rewriter: rw})
	if err != nil {
		t.Fatal(err)
	}
	if f.count() != first {
		t.Errorf("second run sent %d requests for unchanged stories", f.count()-first)
	}
	for _, s := range res2.Stories {
		if s.Rewrite == nil || len(s.Rewrite.Sentences) == 0 {
			t.Errorf("story %s lost its rewrite on the second run", s.ID)
		}
	}

	f.mu.Lock()
	f.fail = true
	f.mu.Unlock()
	down := fakeRewriter(t, f)
	other, err := rewrite.New(rewrite.Config{Endpoint: "http://" + down.Host() + "/v1", Model: "other", Backoff: time.Millisecond, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	res3, _, err := pipeline.Run(ctx, st, []string{dir}, pipeline.Options{Rewriter: other, Report: func(p pipeline.Problem) {
		if p.Input == "rewrite" {
			warnings = append(warnings, p.Error())
		}
	}})
	if err != nil {
		t.Fatalf("a failing endpoint failed the run: %v", err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "HTTP status 500") || !strings.Contains(warnings[0], "keep their extractive summary") {
		t.Errorf("warnings = %q, want one naming the failure", warnings)
	}
	for _, s := range res3.Stories {
		if s.Rewrite != nil {
			t.Errorf("story %s has a rewrite from a failing endpoint: %+v", s.ID, s.Rewrite)
		}
		if len(s.Summary) == 0 {
			t.Errorf("story %s lost its summary", s.ID)
		}
	}
}

// TestRewritingStore serves stories whose rewrite is made in the
// background on first read and shown from then on.
func TestRewritingStore(t *testing.T) {
	dir := datasets.Seeds(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := pipeline.Run(ctx, st, []string{dir}, pipeline.Options{}); err != nil {
		t.Fatal(err)
	}
	f := &fakeLLM{}
	view := pipeline.NewRewritingStore(ctx, st, fakeRewriter(t, f), nil)
	first, err := view.Stories(ctx, store.StoryFilter{})
	if err != nil || len(first) == 0 {
		t.Fatalf("stories: %v, %v", first, err)
	}
	// Listing the stories started a rewrite for each of them: wait until
	// all are done, so that no request still in flight for another story
	// is counted below.
	var got *model.Story
	for _, s := range first {
		for i := 0; i < 1000; i++ {
			got, err = view.Story(ctx, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rewrite != nil {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if got.Rewrite == nil || len(got.Rewrite.Sentences) == 0 {
			t.Fatalf("story %s never got its rewrite: %+v", s.ID, got.Rewrite)
		}
	}
	id := first[0].ID
	n := f.count()
	if _, err := view.Story(ctx, id); err != nil {
		t.Fatal(err)
	}
	if f.count() != n {
		t.Errorf("a ready rewrite was asked for again")
	}
	plain, err := st.Story(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Rewrite != nil {
		t.Error("the view wrote to the store")
	}
}
