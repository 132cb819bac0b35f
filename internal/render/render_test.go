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
