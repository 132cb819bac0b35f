// Package render turns the result of a run (articles, stories,
// storylines) into what people and programs read: the documented JSON
// contract, plain text for a terminal, and one self-contained HTML page.
package render

import (
	"encoding/json"
	"io"
	"sort"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Result is everything a run produced, as render shows it.
type Result struct {
	Articles   []*model.Article
	Stories    []*model.Story
	Storylines []*model.Storyline
	// Generated is when the result was made (shown on the HTML page).
	Generated time.Time
}

// JSONArticle is an article in the JSON contract.
type JSONArticle struct {
	ID          string   `json:"id"`
	Title       *string  `json:"title"`
	Source      *string  `json:"source"`
	Published   *string  `json:"published"`
	Language    string   `json:"language"`
	Text        string   `json:"text"`
	Story       string   `json:"story"`
	URL         string   `json:"url,omitempty"`
	Author      string   `json:"author,omitempty"`
	DateSource  string   `json:"published_source,omitempty"`
	DuplicateOf string   `json:"duplicate_of,omitempty"`
	Flags       []string `json:"flags,omitempty"`
}

// JSONQuote is a quote in the JSON contract.
type JSONQuote struct {
	Speaker  string   `json:"speaker"`
	Text     string   `json:"text"`
	Article  string   `json:"article"`
	Articles []string `json:"articles,omitempty"`
	Variants []string `json:"variants,omitempty"`
}

// JSONEntity is an entity in the JSON contract.
type JSONEntity struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Variants []string `json:"variants"`
	Articles []string `json:"articles"`
}

// JSONStory is a story in the JSON contract.
type JSONStory struct {
	ID         string                `json:"id"`
	Headline   string                `json:"headline"`
	EventDate  *string               `json:"event_date"`
	Articles   []string              `json:"articles"`
	Summary    []model.Cited         `json:"summary"`
	Timeline   []model.TimelineEntry `json:"timeline"`
	Quotes     []JSONQuote           `json:"quotes"`
	Entities   []JSONEntity          `json:"entities"`
	Claims     []model.Claim         `json:"claims"`
	Importance float64               `json:"importance"`
	Storyline  string                `json:"storyline,omitempty"`
	// Rewrite is present only when a rewrite endpoint was configured.
	Rewrite *JSONRewrite `json:"rewrite,omitempty"`
}

// JSONRewrite is a story's machine-written rewrite in the JSON contract:
// sentences as the summary's ({text, articles}), the model and the
// endpoint host that wrote them, and a warning when the faithfulness check
// dropped sentences or discarded the rewrite (sentences is then empty).
type JSONRewrite struct {
	Sentences []model.Cited `json:"sentences"`
	Model     string        `json:"model"`
	Endpoint  string        `json:"endpoint"`
	Warning   string        `json:"warning,omitempty"`
}

// JSONStoryline is a storyline in the JSON contract.
type JSONStoryline struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Stories []string `json:"stories"`
}

// JSONDoc is the whole JSON contract (see README.md).
type JSONDoc struct {
	Articles   []JSONArticle   `json:"articles"`
	Stories    []JSONStory     `json:"stories"`
	Storylines []JSONStoryline `json:"storylines"`
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Contract converts a result to the JSON contract's types.
func Contract(r *Result) JSONDoc {
	doc := JSONDoc{Articles: []JSONArticle{}, Stories: []JSONStory{}, Storylines: []JSONStoryline{}}
	for _, a := range r.Articles {
		ja := JSONArticle{
			ID: a.ID, Title: strPtr(a.Title), Source: strPtr(a.Outlet.Name), Language: a.Language,
			Text: a.Text, Story: a.Story, URL: a.URL, Author: a.Byline, DuplicateOf: a.DuplicateOf, Flags: a.Flags,
		}
		if a.Published != nil {
			ja.Published = strPtr(a.Published.Time.Format("2006-01-02"))
			ja.DateSource = string(a.Published.Source)
		}
		doc.Articles = append(doc.Articles, ja)
	}
	for _, s := range r.Stories {
		js := JSONStory{
			ID: s.ID, Headline: s.Headline, EventDate: strPtr(s.EventDate), Articles: nonNil(s.Articles),
			Summary: s.Summary, Timeline: s.Timeline, Claims: s.Claims, Importance: s.Importance, Storyline: s.Storyline,
			Quotes: []JSONQuote{}, Entities: []JSONEntity{},
		}
		if js.Summary == nil {
			js.Summary = []model.Cited{}
		}
		if js.Timeline == nil {
			js.Timeline = []model.TimelineEntry{}
		}
		if js.Claims == nil {
			js.Claims = []model.Claim{}
		}
		if r := s.Rewrite; r != nil {
			js.Rewrite = &JSONRewrite{Sentences: r.Sentences, Model: r.Model, Endpoint: r.Endpoint, Warning: r.Warning}
			if js.Rewrite.Sentences == nil {
				js.Rewrite.Sentences = []model.Cited{}
			}
		}
		for _, q := range s.Quotes {
			js.Quotes = append(js.Quotes, JSONQuote{Speaker: q.Speaker, Text: q.Text, Article: q.Article, Articles: q.Articles, Variants: q.Variants})
		}
		for _, e := range s.Entities {
			js.Entities = append(js.Entities, JSONEntity{Name: e.Name, Type: string(e.Type), Variants: nonNil(e.Variants), Articles: nonNil(e.Articles)})
		}
		doc.Stories = append(doc.Stories, js)
	}
	for _, l := range r.Storylines {
		doc.Storylines = append(doc.Storylines, JSONStoryline{ID: l.ID, Title: l.Title, Stories: nonNil(l.Stories)})
	}
	return doc
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// JSON writes the JSON contract.
func JSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Contract(r))
}

// newestFirst orders stories by event date (then start), newest first,
// ties by importance then id, so output is stable.
func newestFirst(stories []*model.Story) []*model.Story {
	out := append([]*model.Story(nil), stories...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.EventDate != b.EventDate {
			return a.EventDate > b.EventDate
		}
		if !a.Start.Equal(b.Start) {
			return a.Start.After(b.Start)
		}
		if a.Importance != b.Importance {
			return a.Importance > b.Importance
		}
		return a.ID < b.ID
	})
	return out
}

// index maps article ids to articles.
func index(articles []*model.Article) map[string]*model.Article {
	m := make(map[string]*model.Article, len(articles))
	for _, a := range articles {
		m[a.ID] = a
	}
	return m
}

// outlets lists the distinct outlet names of a story's articles in order.
func outlets(s *model.Story, byID map[string]*model.Article) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range s.Articles {
		a := byID[id]
		if a == nil {
			continue
		}
		name := a.Outlet.Name
		if name == "" {
			name = "unknown outlet"
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// ArticleTitle is the title to show for an article: its own, or the start
// of its lead when it printed none.
func ArticleTitle(a *model.Article) string {
	if a.Title != "" {
		return a.Title
	}
	lead := a.Text
	if len(a.Paragraphs) > 0 {
		lead = a.Paragraphs[0]
	}
	return shorten(lead, 90)
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + "…"
}
