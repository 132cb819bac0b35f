package pipeline_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// markKeys lists the keys of the marks under prefix (DeleteMarks keeping
// every one deletes none).
func markKeys(t *testing.T, st store.Store, prefix string) []string {
	t.Helper()
	var keys []string
	if _, err := st.DeleteMarks(context.Background(), prefix, func(k string) bool {
		keys = append(keys, k)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

func countFiles(t *testing.T, dirs ...string) int {
	t.Helper()
	n := 0
	for _, d := range dirs {
		if err := filepath.WalkDir(d, func(_ string, e fs.DirEntry, err error) error {
			if err == nil && e.Type().IsRegular() {
				n++
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestRunKeepsItsStateInMarks: what a run keeps for the next (which
// analysis made an article, what a story was told from) is in the store's
// marks, not its inputs: Stats.Inputs counts the files read, every stored
// story has one told mark, and the marks of stories that no longer exist
// (or that a killed run left pending) are deleted.
func TestRunKeepsItsStateInMarks(t *testing.T) {
	_, days := dailyCorpus(t, 1, 40, 100)
	ctx := context.Background()
	opts := pipeline.Options{Workers: 2, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files := 0
	for i, day := range days {
		if i == 1 {
			// Marks a run must drop: a story that is gone, and one a
			// killed run left pending.
			if err := st.PutMarks(ctx, map[string]string{"storyline:told/gone": "k", "storyline:told/killed": "pending"}); err != nil {
				t.Fatal(err)
			}
		}
		res, rs, err := pipeline.Run(ctx, st, []string{day}, opts)
		if err != nil {
			t.Fatal(err)
		}
		files += rs.Files
		if want := countFiles(t, days[:i+1]...); files != want {
			t.Errorf("day %d: runs read %d files, want %d", i, files, want)
		}
		stats, err := st.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if stats.Inputs != files {
			t.Errorf("day %d: Stats.Inputs = %d after reading %d files (articles %d, stories %d)", i, stats.Inputs, files, stats.Articles, stats.Stories)
		}
		var want []string
		for _, s := range res.Stories {
			want = append(want, "storyline:told/"+s.ID)
		}
		sort.Strings(want)
		if got := markKeys(t, st, "storyline:told/"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("day %d: %d told marks, want one for each of the %d stories", i, len(got), len(want))
		}
		told, err := st.Marks(ctx, want)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range told {
			if v == "pending" {
				t.Errorf("day %d: %s still pending after the run", i, k)
			}
		}
		if got := markKeys(t, st, "storyline:analyzed/"); len(got) != stats.Articles {
			t.Errorf("day %d: %d analyzed marks for %d articles", i, len(got), stats.Articles)
		}
	}
}
