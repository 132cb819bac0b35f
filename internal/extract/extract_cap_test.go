package extract_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/model"
)

// TestExtractCapsText: a JSON line or text file of megabytes is cut to
// extract.MaxText at a paragraph and flagged, as HTML pages are, instead
// of going whole through the analysis (52 s and 1.7 GB for a 15 MB line
// before the store rejected it).
func TestExtractCapsText(t *testing.T) {
	para := strings.Repeat("The council approved the budget on Monday, the mayor said. ", 40)
	var b strings.Builder
	for i := 0; b.Len() < 3*extract.MaxText; i++ {
		fmt.Fprintf(&b, "Paragraph %d. %s\n\n", i, para)
	}
	long := b.String()
	oneLine := strings.Repeat("Грузовик въехал в толпу. ", 3*extract.MaxText/40)
	tests := []struct {
		name string
		raw  model.RawDoc
		cut  bool
	}{
		{"json line", model.RawDoc{ID: "long", Origin: "x.jsonl:5", Format: "article", Title: "Long", Text: long}, true},
		{"json line one paragraph", model.RawDoc{ID: "one", Origin: "x.jsonl:6", Format: "article", Title: "One", Text: oneLine}, true},
		{"text file", model.RawDoc{ID: "t", Origin: "t.txt", Format: "text", Body: []byte("Budget passes\n\n" + long)}, true},
		{"short", model.RawDoc{ID: "s", Origin: "x.jsonl:1", Format: "article", Title: "Short", Text: para}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extract.Extract(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.HasFlag("truncated"); got != tt.cut {
				t.Errorf("truncated flag %v, want %v (flags %v)", got, tt.cut, a.Flags)
			}
			if len(a.Text) > extract.MaxText || len(a.Text) < extract.MaxText/2 && tt.cut {
				t.Errorf("text %d bytes, want at most %d and not much less", len(a.Text), extract.MaxText)
			}
			if !utf8.ValidString(a.Text) {
				t.Error("text cut inside a character")
			}
			if a.Text != strings.Join(a.Paragraphs, "\n\n") {
				t.Error("text and paragraphs differ")
			}
			for _, p := range a.Paragraphs {
				if strings.TrimSpace(p) == "" {
					t.Error("empty paragraph")
				}
			}
		})
	}
}
