package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
)

// Files Storyline wrote are reported and skipped; articles that merely
// look a little like them are read.
func TestOwnOutputSkipped(t *testing.T) {
	tests := []struct {
		name, file, body string
		own              bool
	}{
		{"served page", "page.html", `<!doctype html><html><head><meta charset="utf-8"><meta name="generator" content="Storyline"><title>Storm · Storyline</title></head><body><p>Storm hits the coast after a week of rain in the north.</p></body></html>`, true},
		{"run page before the generator element", "old.html", `<!doctype html><html><head><title>Storyline — 2 stories from 5 articles</title></head><body><p>Storm hits the coast after a week of rain in the north.</p></body></html>`, true},
		{"run JSON", "stories.json", `{"articles": [{"id": "a", "text": "Storm hits the coast."}], "stories": [], "storylines": []}`, true},
		{"run text", "stories.txt", "5 articles, 2 stories, 1 storyline\n\n────\nPutin meets Kerry\n", true},
		{"run text, nothing stored", "empty-run.txt", "0 articles, 0 stories, 0 storylines\n", true},
		{"article about Storyline", "news.html", `<html><head><title>Storyline raises funds</title></head><body><article><p>The start-up Storyline raised money on Monday from three investors in Berlin.</p></article></body></html>`, false},
		{"notes with the same keys", "notes.json", `{"about": "notes", "articles": {"a": {"title": "T"}}, "stories": {"must": []}, "storylines": {"should": []}}`, false},
		{"articles object", "list.json", `{"articles": [{"id": "a", "text": "Storm hits the coast after a week of rain."}]}`, false},
		{"text starting with counts", "counts.txt", "5 articles, 2 stories, 1 storyline were published by the paper on Monday, its editor said.\n\nMore text.\n", false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			var own bool
			docs := 0
			err := ingest.Walk(context.Background(), []string{path}, ingest.Options{OnProblem: func(p ingest.Problem) {
				own = own || errors.Is(p, ingest.ErrOwnOutput)
			}}, func(model.RawDoc) error { docs++; return nil })
			if err != nil {
				t.Fatal(err)
			}
			if own != tt.own || (tt.own && docs != 0) {
				t.Errorf("own output %v with %d documents, want own %v", own, docs, tt.own)
			}
		})
	}
}

// IsOwnOutput takes any bytes; what it calls Storyline's JSON is JSON.
func FuzzIsOwnOutput(f *testing.F) {
	f.Add(`{"articles": [], "stories": [], "storylines": []}`)
	f.Add(`<html><head><meta name="generator" content="Storyline"></head></html>`)
	f.Add("3 articles, 1 story, 1 storyline\n\n")
	f.Add(`{"articles": {}, "stories": [`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []string{ingest.KindHTML, ingest.KindText, ingest.KindJSON, ingest.KindFeed} {
			if ingest.IsOwnOutput(kind, []byte(s)) && kind == ingest.KindJSON && !json.Valid(bytes.TrimPrefix([]byte(s), []byte("\xef\xbb\xbf"))) {
				t.Errorf("invalid JSON taken for Storyline's output: %q", s)
			}
		}
	})
}
