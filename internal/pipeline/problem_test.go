package pipeline_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// A problem names its input once, whether or not the reason names it too.
func TestProblemNamesInputOnce(t *testing.T) {
	tests := []struct {
		name string
		p    pipeline.Problem
		want string
	}{
		{"reason without the input", pipeline.Problem{Input: "a.txt", Err: errors.New("empty file")}, "a.txt: empty file"},
		{"reason naming the input", pipeline.Problem{Input: "f.rss", Err: errors.New("feed: f.rss: feed has no items")}, "feed: f.rss: feed has no items"},
		{"a line of a file", pipeline.Problem{Input: "a.jsonl:3", Err: errors.New("a.jsonl: bad JSON")}, "a.jsonl:3: a.jsonl: bad JSON"},
		{"warning", pipeline.Problem{Input: "b.txt", Err: errors.New("invalid UTF-8: repaired"), Warning: true}, "warning: b.txt: invalid UTF-8: repaired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Error()
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if n := strings.Count(got, tt.p.Input); n != 1 {
				t.Errorf("%q names %s %d times", got, tt.p.Input, n)
			}
		})
	}
}

// Two articles of one run with one id and different texts: the later
// replaces the earlier in the store, and the run says so; the same
// article twice (a repeated line) is not worth a word.
func TestRunWarnsOfReplacedDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"two.json":    `[{"id":"x1","title":"Storm hits the coast","text":"A powerful storm hit the northern coast on Friday, cutting power to thousands."},{"id":"x1","title":"Budget vote delayed","text":"Parliament delayed the budget vote until next week after a long debate."}]`,
		"repeat.json": `[{"id":"r1","title":"Rivers burst banks","text":"Rivers burst their banks as the rain went on for a third day."},{"id":"r1","title":"Rivers burst banks","text":"Rivers burst their banks as the rain went on for a third day."}]`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var warned []string
	opts := pipeline.Options{Workers: 1, Report: func(p pipeline.Problem) {
		if p.Warning {
			warned = append(warned, p.Error())
		}
	}}
	if _, _, err := pipeline.Run(ctx, st, []string{dir}, opts); err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], `"x1"`) || !strings.Contains(warned[0], "two.json") {
		t.Errorf("warnings %q, want one naming x1 in two.json", warned)
	}
}

// An input read again (its file touched, or rewritten with the same
// articles, as a daily feed is) counts its articles unchanged, not
// updated; an article whose text changed counts updated.
func TestRunRereadCountsUnchanged(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("storm.txt", "Storm hits the coast\n\nA powerful storm hit the northern coast on Friday, cutting power to thousands of homes.\n")
	write("vote.txt", "Budget vote delayed\n\nParliament delayed the budget vote until next week after a long debate on Tuesday.\n")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run := func() pipeline.RunStats {
		t.Helper()
		_, stats, err := pipeline.Run(ctx, st, []string{dir}, pipeline.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		return stats
	}
	if s := run(); s.Put.Inserted != 2 {
		t.Fatalf("first run: %+v", s.Put)
	}
	later := time.Now().Add(time.Hour)
	for _, name := range []string{"storm.txt", "vote.txt"} {
		if err := os.Chtimes(filepath.Join(dir, name), later, later); err != nil {
			t.Fatal(err)
		}
	}
	if s := run(); s.Put.Updated != 0 || s.Put.Unchanged != 2 {
		t.Errorf("touched files read again: %+v, want 2 unchanged", s.Put)
	}
	write("vote.txt", "Budget vote delayed again\n\nParliament delayed the budget vote for a second week after the debate ran late on Tuesday.\n")
	if s := run(); s.Put.Updated != 1 {
		t.Errorf("one article changed: %+v, want 1 updated", s.Put)
	}
}
