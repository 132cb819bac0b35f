package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/storyline-news/storyline/internal/datasets"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// killingStore cancels the run at the first write after it holds a
// number of articles, as a process killed mid-ingest would stop.
type killingStore struct {
	store.Store
	after  int
	cancel context.CancelFunc
	stored int
}

func (k *killingStore) PutArticles(ctx context.Context, as []*model.Article) (store.PutStats, error) {
	if k.stored >= k.after {
		k.cancel()
		return store.PutStats{}, context.Canceled
	}
	ps, err := k.Store.PutArticles(ctx, as)
	k.stored += ps.Inserted
	return ps, err
}

func writeCorpus(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		body := fmt.Sprintf("Flood in town %d\n\nHeavy rain flooded the town of Riverton %d on Monday, and officials said that %d homes were evacuated as the river rose through the night.", i, i, 10+i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestKilledRunIsCompletedByTheNext(t *testing.T) {
	corpus := writeCorpus(t, 30)
	data := t.TempDir()
	ctx := context.Background()

	st, err := sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	kctx, cancel := context.WithCancel(ctx)
	ks := &killingStore{Store: st, after: 5, cancel: cancel}
	if _, _, err := pipeline.Run(kctx, ks, []string{corpus}, pipeline.Options{Workers: 2}); err == nil {
		t.Fatal("killed run reported success")
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles == 0 || stats.Articles >= 30 {
		t.Fatalf("after the kill the store holds %d articles; want some but not all", stats.Articles)
	}
	st.Close()

	st, err = sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	res, rs, err := pipeline.Run(ctx, st, []string{corpus}, pipeline.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Skipped == 0 {
		t.Error("the second run re-read every file; files finished before the kill should be skipped")
	}
	if len(res.Articles) != 30 {
		t.Errorf("%d articles after the second run, want 30", len(res.Articles))
	}
	seen := map[string]bool{}
	for _, a := range res.Articles {
		if seen[a.ID] {
			t.Errorf("article %s stored twice", a.ID)
		}
		seen[a.ID] = true
		if a.Story == "" {
			t.Errorf("article %s has no story", a.ID)
		}
	}
	// A third run changes nothing.
	_, rs, err = pipeline.Run(ctx, st, []string{corpus}, pipeline.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Put.Inserted != 0 || rs.Skipped != 30 {
		t.Errorf("third run: %+v; want nothing inserted and 30 files skipped", rs)
	}
}

func TestDeterministic(t *testing.T) {
	corpus := writeCorpus(t, 12)
	a, err := pipeline.ProcessPaths(context.Background(), []string{corpus}, pipeline.Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := pipeline.ProcessPaths(context.Background(), []string{corpus}, pipeline.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Articles) != len(b.Articles) || len(a.Stories) != len(b.Stories) {
		t.Fatalf("different results: %d/%d articles, %d/%d stories", len(a.Articles), len(b.Articles), len(a.Stories), len(b.Stories))
	}
	for i := range a.Articles {
		if a.Articles[i].ID != b.Articles[i].ID || a.Articles[i].Story != b.Articles[i].Story {
			t.Errorf("article %d: %s in %s vs %s in %s", i, a.Articles[i].ID, a.Articles[i].Story, b.Articles[i].ID, b.Articles[i].Story)
		}
	}
}

// TestSeedsDeterministic runs the seeds several times with different
// worker counts: the stories, their entities and summaries must not move.
func TestSeedsDeterministic(t *testing.T) {
	dir := datasets.Seeds(t)
	var first []byte
	for i, workers := range []int{1, 2, 4, 1} {
		res, err := pipeline.ProcessPaths(context.Background(), []string{dir}, pipeline.Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Fatalf("run %d (%d workers) differs from the first", i, workers)
		}
	}
}

// TestStoryIDsSurviveRegrouping adds an older article on another event
// after a first run: the existing stories keep their ids.
func TestStoryIDsSurviveRegrouping(t *testing.T) {
	seeds := datasets.Seeds(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, _, err := pipeline.Run(ctx, st, []string{seeds}, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, a := range first.Articles {
		before[a.ID] = a.Story
	}
	extra := t.TempDir()
	old := "Bridge opens in Riverton\n\nMarch 2, 2015\n\nThe new bridge over the Riverton river opened to traffic on Monday after three years of work, the city council said, and the first buses crossed it in the afternoon."
	if err := os.WriteFile(filepath.Join(extra, "000_bridge.txt"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	second, _, err := pipeline.Run(ctx, st, []string{extra}, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Articles) != len(first.Articles)+1 {
		t.Fatalf("%d articles after adding one to %d", len(second.Articles), len(first.Articles))
	}
	for _, a := range second.Articles {
		if want, ok := before[a.ID]; ok && a.Story != want {
			t.Errorf("article %s moved from story %s to %s", a.ID, want, a.Story)
		}
	}
	for _, s := range second.Stories {
		if _, err := st.Story(ctx, s.ID); err != nil {
			t.Errorf("story %s not stored: %v", s.ID, err)
		}
	}
}

// A file named like one an earlier run stored (a daily folder's
// story.txt, a crawl's index.html) is another article: it must not
// replace the stored one. It gets the id two such files get in one walk,
// and keeps it when read again.
func TestFileOfAnEarlierRunsNameKeepsBoth(t *testing.T) {
	root := t.TempDir()
	write := func(dir, body string) string {
		t.Helper()
		p := filepath.Join(root, dir)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "story.txt"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	day1 := write("2016-07-14", "Putin meets Kerry in Moscow\n\nThe two men talked for three hours about Syria on Thursday, officials said.\n")
	day2 := write("2016-07-15", "Floods hit the north of England\n\nRivers burst their banks after two days of rain, and hundreds of homes were evacuated.\n")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	origins := func() map[string]string {
		t.Helper()
		as, err := st.Articles(ctx, store.ArticleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, a := range as {
			m[a.ID] = a.Origin
		}
		return m
	}
	for _, dirs := range [][]string{{day1}, {day2}, {day2}} {
		if _, _, err := pipeline.Run(ctx, st, dirs, pipeline.Options{Workers: 1}); err != nil {
			t.Fatal(err)
		}
	}
	got := origins()
	if len(got) != 2 || got["story"] != filepath.Join(day1, "story.txt") {
		t.Fatalf("stored %v; want day 1's story.txt as \"story\" and day 2's beside it", got)
	}
	// One walk over both folders names them the same way.
	st2, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if _, _, err := pipeline.Run(ctx, st2, []string{root}, pipeline.Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	as, err := st2.Articles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if got[a.ID] != a.Origin {
			t.Errorf("one walk stored %s as %q; two runs stored %q there", a.Origin, a.ID, got[a.ID])
		}
	}
}

// BenchmarkRunStoreDUC runs the 440 articles of duc-tdt-dev.jsonl through
// Run with a fresh SQLite store per iteration (ingest, grouping, telling
// and both writes of the articles), and reports articles per second.
func BenchmarkRunStoreDUC(b *testing.B) {
	path := datasets.Require(b, "clustering", "storyline-jsonl", "duc-tdt-dev.jsonl")
	ctx := context.Background()
	var articles int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		st, err := sqlite.Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		res, _, err := pipeline.Run(ctx, st, []string{path}, pipeline.Options{})
		if err != nil {
			b.Fatal(err)
		}
		articles += len(res.Articles)
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(articles)/time.Since(start).Seconds(), "articles/s")
}
