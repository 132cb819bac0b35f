package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

func open(t testing.TB, dir string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir()) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "nested", "data")
	s := open(t, dir)
	if _, err := s.PutArticles(ctx, []*model.Article{storetest.Article("a", 0, "Storm", "storm text")}); err != nil {
		t.Fatal(err)
	}
	stories, lines := storetest.Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	in := store.Input{Origin: "x.jsonl", Size: 3, ModTime: time.Unix(100, 5)}
	if err := s.MarkIngested(ctx, in); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = open(t, dir)
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st != (store.Stats{Articles: 1, Stories: 3, Storylines: 2, Inputs: 1}) {
		t.Errorf("after reopen: %+v, %v", st, err)
	}
	if ok, err := s.IsIngested(ctx, in); !ok || err != nil {
		t.Errorf("IsIngested after reopen = %v, %v", ok, err)
	}
	if hits, err := s.Search(ctx, "storm", 10); err != nil || len(hits) == 0 {
		t.Errorf("Search after reopen = %v, %v", hits, err)
	}
	if got := s.Path(); got != filepath.Join(dir, sqlite.FileName) {
		t.Errorf("Path = %s", got)
	}
}

func TestOpenErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T) (dir, mustName string)
		want  string
	}{
		{"corrupt file", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			path := filepath.Join(dir, sqlite.FileName)
			if err := os.WriteFile(path, []byte(strings.Repeat("this is not a database\n", 400)), 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, path
		}, "not a valid SQLite database"},
		{"data dir is a file", func(t *testing.T) (string, string) {
			path := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return path, path
		}, "data directory"},
		{"database is a directory", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			path := filepath.Join(dir, sqlite.FileName)
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			return dir, path
		}, "not a regular file"},
		{"newer schema", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			s := open(t, dir)
			s.Close()
			if err := sqlite.SetSchemaVersion(dir, sqlite.SchemaVersion+1); err != nil {
				t.Fatal(err)
			}
			return dir, filepath.Join(dir, sqlite.FileName)
		}, "newer than this program"},
		{"read-only directory", func(t *testing.T) (string, string) {
			if os.Geteuid() == 0 {
				t.Skip("root ignores file permissions")
			}
			dir := t.TempDir()
			if err := os.Chmod(dir, 0o555); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
			return dir, filepath.Join(dir, sqlite.FileName)
		}, "writable"},
		{"read-only file", func(t *testing.T) (string, string) {
			if os.Geteuid() == 0 {
				t.Skip("root ignores file permissions")
			}
			dir := t.TempDir()
			open(t, dir).Close()
			path := filepath.Join(dir, sqlite.FileName)
			if err := os.Chmod(path, 0o444); err != nil {
				t.Fatal(err)
			}
			return dir, path
		}, "writable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, name := c.setup(t)
			s, err := sqlite.Open(context.Background(), dir)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded, want an error")
			}
			t.Logf("error: %v", err)
			if !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q: want it to name %s and say %q", err, name, c.want)
			}
		})
	}
}

// TestKilledWriter kills a process in the middle of writing batches and
// checks that the next open sees only whole batches.
func TestKilledWriter(t *testing.T) {
	if dir := os.Getenv("STORYLINE_TEST_WRITER_DIR"); dir != "" {
		writeForever(dir)
		return
	}
	// Kill the child once it reports a few committed batches, while it
	// writes more.
	dir := t.TempDir()
	killedWriter(t, dir)
	s := open(t, dir)
	defer s.Close()
	as, err := s.Articles(context.Background(), store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 3*killBatch || len(as)%killBatch != 0 {
		t.Errorf("after kill: %d articles, want whole batches of %d (at least 3)", len(as), killBatch)
	}
	for _, a := range as {
		if len(a.Text) != killText {
			t.Errorf("article %s has %d bytes of text, want %d", a.ID, len(a.Text), killText)
		}
	}
	hits, err := s.Search(context.Background(), "payload", 1000)
	if err != nil || len(hits) != min(len(as), 1000) {
		t.Errorf("search index out of step with articles: %d hits for %d articles, %v", len(hits), len(as), err)
	}
}

const (
	killBatch = 50
	killText  = 7 + 7*2856
)

func writeForever(dir string) {
	s, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	text := "payload" + strings.Repeat(" filler", (killText-7)/7)
	for b := 0; ; b++ {
		as := make([]*model.Article, killBatch)
		for i := range as {
			as[i] = storetest.Article(fmt.Sprintf("k%05d-%02d", b, i), b%30, "kill test", text)
		}
		if _, err := s.PutArticles(context.Background(), as); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(b)
	}
}

func TestSearchQueryErrorsAreClean(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	_, err := s.Search(context.Background(), `"`, 10)
	if !errors.Is(err, store.ErrBadQuery) {
		t.Fatalf("got %v, want ErrBadQuery", err)
	}
}

// TestOpenConcurrentlyOnNewFolder opens one new data folder from several
// stores at once, as workers started together do: each must open (no
// "table already exists" from a second migration 1) and see one schema.
func TestOpenConcurrentlyOnNewFolder(t *testing.T) {
	for round := range 10 {
		dir := filepath.Join(t.TempDir(), "data")
		const n = 6
		errs := make(chan error, n)
		stores := make(chan *sqlite.Store, n)
		for range n {
			go func() {
				st, err := sqlite.Open(context.Background(), dir)
				errs <- err
				stores <- st
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("round %d: %v", round, err)
			}
			if st := <-stores; st != nil {
				st.Close()
			}
		}
		st, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatalf("round %d: reopening: %v", round, err)
		}
		st.Close()
	}
}
