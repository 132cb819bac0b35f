package extract_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/model"
)

// TestHTMLShortPageParagraphs covers pages with less text than
// go-trafilatura's minimum: its fallback takes the text content of the
// <article> element or of the whole page, which glued the headline and the
// paragraphs together ("Council voteThe city council ...").
func TestHTMLShortPageParagraphs(t *testing.T) {
	const p1 = "The city council approved on Monday a new budget that raises spending on schools by ten percent, the mayor said."
	const p2 = "The vote passed eight to three after a long debate about teacher salaries."
	tests := []struct {
		name, page string
		want       []string
	}{
		{
			name: "minified article",
			page: `<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1><p>` + p1 + `</p><p>` + p2 + `</p></article></body></html>`,
			want: []string{p1, p2},
		},
		{
			name: "indented article",
			page: "<html>\n<head><title>Council vote</title></head>\n<body>\n<article>\n  <h1>Council vote</h1>\n  <p>" + p1 + "</p>\n  <p>" + p2 + "</p>\n</article>\n</body>\n</html>\n",
			want: []string{p1, p2},
		},
		{
			name: "no article element",
			page: `<html><head><title>Council vote</title></head><body><div><h2>Council vote</h2><div>` + p1 + `</div><div>` + p2 + `</div></div></body></html>`,
			want: []string{p1, p2},
		},
		{
			name: "no title",
			page: `<!DOCTYPE html><html><body><p>Second page.</p></body></html>`,
			want: []string{"Second page."},
		},
		{
			name: "one short paragraph",
			page: `<html><head><title>One</title></head><body><p>First page.</p></body></html>`,
			want: []string{"First page."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := extract.HTML(model.RawDoc{Origin: "page.html", Body: []byte(tt.page)})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(a.Paragraphs, "|") != strings.Join(tt.want, "|") {
				t.Errorf("paragraphs:\n got %q\nwant %q", a.Paragraphs, tt.want)
			}
			if a.Text != strings.Join(tt.want, "\n\n") {
				t.Errorf("text %q", a.Text)
			}
		})
	}
}
