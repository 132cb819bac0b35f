package render_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/render"
)

func sample() *render.Result {
	pub := &model.Published{Time: time.Date(2016, 7, 15, 0, 0, 0, 0, time.UTC), Precision: model.PrecisionDay, Source: model.DateDateline}
	a := &model.Article{ID: "a1", Title: "Talks <held>", Outlet: model.Outlet{Name: "TASS"}, Published: pub, Language: "en",
		Paragraphs: []string{"Putin met Kerry."}, Text: "Putin met Kerry.", Story: "s1"}
	b := &model.Article{ID: "a2", Language: "en", Paragraphs: []string{"Moscow, SANA – Kerry met Putin on Thursday."}, Text: "Moscow, SANA – Kerry met Putin on Thursday.", Story: "s1", Flags: []string{"no_title"}}
	s := &model.Story{ID: "s1", Headline: "Putin meets Kerry", EventDate: "2016-07-14", Articles: []string{"a1", "a2"},
		Summary:   []model.Cited{{Text: "Putin met Kerry.", Articles: []string{"a1", "a2"}}},
		Timeline:  []model.TimelineEntry{{Date: "2016-07-14", Text: "Talks.", Articles: []string{"a1"}}},
		Quotes:    []model.StoryQuote{{Speaker: "Dmitry Peskov", Text: "Useful talks", Article: "a1"}},
		Entities:  []model.Entity{{Name: "Vladimir Putin", Type: model.Person, Variants: []string{"Putin"}, Articles: []string{"a1", "a2"}}},
		Claims:    []model.Claim{{Kind: "single", Text: "A centre was proposed.", Articles: []string{"a2"}}},
		Storyline: "l1"}
	return &render.Result{Articles: []*model.Article{a, b}, Stories: []*model.Story{s},
		Storylines: []*model.Storyline{{ID: "l1", Title: "Putin, Kerry", Stories: []string{"s1"}}}}
}

func TestJSONContract(t *testing.T) {
	var buf bytes.Buffer
	if err := render.JSON(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var doc map[string][]map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	art := doc["articles"][1]
	for _, k := range []string{"id", "title", "source", "published", "language", "text", "story"} {
		if _, ok := art[k]; !ok {
			t.Errorf("article lacks key %q", k)
		}
	}
	if art["title"] != nil || art["source"] != nil || art["published"] != nil {
		t.Errorf("missing values must be null: %v", art)
	}
	if doc["articles"][0]["published"] != "2016-07-15" {
		t.Errorf("published = %v", doc["articles"][0]["published"])
	}
	st := doc["stories"][0]
	for _, k := range []string{"id", "headline", "event_date", "articles", "summary", "timeline", "quotes", "entities"} {
		if _, ok := st[k]; !ok {
			t.Errorf("story lacks key %q", k)
		}
	}
	q := st["quotes"].([]any)[0].(map[string]any)
	if q["speaker"] != "Dmitry Peskov" || q["article"] != "a1" {
		t.Errorf("quote = %v", q)
	}
	e := st["entities"].([]any)[0].(map[string]any)
	if e["name"] != "Vladimir Putin" || e["type"] != "person" {
		t.Errorf("entity = %v", e)
	}
	if l := doc["storylines"][0]; l["title"] != "Putin, Kerry" {
		t.Errorf("storyline = %v", l)
	}
}

func TestHTMLEscapesAndCites(t *testing.T) {
	var buf bytes.Buffer
	if err := render.HTML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "Talks <held>") {
		t.Error("title not escaped")
	}
	for _, want := range []string{"Talks &lt;held&gt;", `href="#a-s1-a1"`, `id="a-s1-a2"`, "Only one outlet reports", "1 story", "2 articles"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestTextNamesArticles(t *testing.T) {
	var buf bytes.Buffer
	if err := render.Text(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Putin meets Kerry", "2016-07-14", "Putin met Kerry. [1,2]", "[2] Moscow, SANA – Kerry met Putin on Thursday. — unknown outlet, undated"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

func withRewrite() *render.Result {
	r := sample()
	r.Stories[0].Rewrite = &model.Rewrite{Model: "fake-model", Endpoint: "127.0.0.1:9", Input: "abc",
		Sentences: []model.Cited{{Text: "Kerry and Putin <met>.", Articles: []string{"a2", "a1"}}},
		Warning:   "dropped 1 of 2 sentences"}
	return r
}

func TestJSONRewrite(t *testing.T) {
	cases := []struct {
		name string
		res  *render.Result
		want string // the story's "rewrite" value as JSON, "" for absent
	}{
		{"off", sample(), ""},
		{"kept", withRewrite(), `{"sentences":[{"text":"Kerry and Putin <met>.","articles":["a2","a1"]}],"model":"fake-model","endpoint":"127.0.0.1:9","warning":"dropped 1 of 2 sentences"}`},
		{"discarded", func() *render.Result {
			r := withRewrite()
			r.Stories[0].Rewrite.Sentences, r.Stories[0].Rewrite.Warning = nil, "discarded: only 10%"
			return r
		}(), `{"sentences":[],"model":"fake-model","endpoint":"127.0.0.1:9","warning":"discarded: only 10%"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := render.JSON(&buf, tc.res); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Stories []map[string]json.RawMessage `json:"stories"`
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			st := doc.Stories[0]
			got, ok := st["rewrite"]
			if tc.want == "" {
				if ok {
					t.Errorf("rewrite present when off: %s", got)
				}
				return
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, got); err != nil {
				t.Fatal(err)
			}
			if compact.String() != tc.want {
				t.Errorf("rewrite = %s\nwant %s", compact.String(), tc.want)
			}
			if !strings.Contains(string(st["summary"]), "Putin met Kerry.") {
				t.Errorf("summary changed: %s", st["summary"])
			}
		})
	}
}

func TestHTMLRewrite(t *testing.T) {
	var buf bytes.Buffer
	if err := render.HTML(&buf, withRewrite()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	sum := strings.Index(page, `<div class="summary">`)
	rw := strings.Index(page, `<aside class="rewrite"`)
	if sum < 0 || rw < sum {
		t.Fatalf("rewrite not below the summary (summary at %d, rewrite at %d)", sum, rw)
	}
	aside := page[rw:]
	aside = aside[:strings.Index(aside, "</aside>")]
	for _, want := range []string{"Machine-written by fake-model at 127.0.0.1:9", "not checked by an editor", "Kerry and Putin &lt;met&gt;.",
		`<a href="#a-s1-a1"`, `<a href="#a-s1-a2"`, "dropped 1 of 2 sentences"} {
		if !strings.Contains(aside, want) {
			t.Errorf("rewrite box lacks %q:\n%s", want, aside)
		}
	}
	if strings.Index(aside, "[1]") > strings.Index(aside, "[2]") {
		t.Errorf("citations not in article order: %s", aside)
	}
	buf.Reset()
	if err := render.HTML(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Machine-written") {
		t.Error("a page without rewrites mentions one")
	}
}

func TestTextRewrite(t *testing.T) {
	var buf bytes.Buffer
	if err := render.Text(&buf, withRewrite()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Putin met Kerry. [1,2]", "Machine-written by fake-model", "Kerry and Putin <met>. [1,2]"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

// The text summary numbers its citations like the article list under it:
// ascending, each once, and never a 0 for an id outside the story.
func TestTextCitationsAscending(t *testing.T) {
	r := sample()
	r.Stories[0].Summary = []model.Cited{{Text: "Kerry met Putin.", Articles: []string{"a2", "a1", "a2", "gone"}}}
	var buf bytes.Buffer
	if err := render.Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "Kerry met Putin. [1,2]\n") {
		t.Errorf("want citations [1,2]:\n%s", out)
	}
}
