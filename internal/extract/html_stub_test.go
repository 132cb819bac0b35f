package extract

import (
	"bytes"
	"strings"
	"testing"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// TestMetadataStub checks that the JSON-LD stub stops go-trafilatura's
// search for categories and tags (it declares both) and changes none of
// the metadata HTML reads, on pages with and without JSON-LD of their own.
func TestMetadataStub(t *testing.T) {
	body := "<body><article><h1>Council votes</h1><p class=\"byline\">By Ann Lee</p>" +
		strings.Repeat("<p>The council voted on Tuesday to approve the new budget for the city, after a long debate.</p>", 6) +
		`<ul class="tags"><li><a href="/tag/budget" rel="tag">Budget</a></li></ul></article></body>`
	pages := map[string]string{
		"own JSON-LD": `<html><head><title>Council votes | Daily</title><meta name="description" content="The budget passed.">` +
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council votes on budget",` +
			`"author":{"@type":"Person","name":"Ann Lee"},"publisher":{"@type":"Organization","name":"The Daily"}}</script></head>` + body + `</html>`,
		"no JSON-LD": `<html><head><title>Council votes | Daily</title><meta property="og:site_name" content="Daily">` +
			`<meta name="author" content="Ann Lee"></head>` + body + `</html>`,
		"no head": `<p>` + strings.Repeat("Words of a fragment without a head. ", 20) + `</p>`,
	}
	for name, page := range pages {
		t.Run(name, func(t *testing.T) {
			parse := func() *html.Node {
				doc, err := html.Parse(strings.NewReader(page))
				if err != nil {
					t.Fatal(err)
				}
				return doc
			}
			opts := trafilatura.Options{ExcludeComments: true, HtmlDateMode: trafilatura.Disabled}
			plain, err := trafilatura.ExtractDocument(parse(), opts)
			if err != nil {
				t.Fatal(err)
			}
			doc := parse()
			var before bytes.Buffer
			html.Render(&before, doc)
			stub := htmlAddMetadataStub(doc)
			if stub == nil {
				t.Fatal("no stub added")
			}
			got, err := trafilatura.ExtractDocument(doc, opts)
			if err != nil {
				t.Fatal(err)
			}
			htmlRemove(stub)
			var after bytes.Buffer
			html.Render(&after, doc)
			if before.String() != after.String() {
				t.Errorf("page changed by adding and removing the stub")
			}
			pm, gm := plain.Metadata, got.Metadata
			if pm.Title != gm.Title || pm.Author != gm.Author || pm.Sitename != gm.Sitename || pm.Description != gm.Description {
				t.Errorf("metadata with stub = %q/%q/%q/%q, without %q/%q/%q/%q",
					gm.Title, gm.Author, gm.Sitename, gm.Description, pm.Title, pm.Author, pm.Sitename, pm.Description)
			}
			if plain.ContentText != got.ContentText {
				t.Errorf("text with stub = %q, without %q", got.ContentText, plain.ContentText)
			}
			if !stubContains(gm.Categories, "storyline") || !stubContains(gm.Tags, "storyline") {
				t.Errorf("stub not read: categories %q, tags %q (go-trafilatura searches the page for them again)", gm.Categories, gm.Tags)
			}
		})
	}
}

func stubContains(l []string, s string) bool {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
