package pipeline_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/pipeline"
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
