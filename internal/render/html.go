package render

import (
	"embed"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
)

//go:embed templates/page.html
var templates embed.FS

var pageTmpl = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"join":   strings.Join,
	"lower":  strings.ToLower,
	"plural": plural,
}).ParseFS(templates, "templates/page.html"))

type htmlArticle struct {
	*model.Article
	N       int
	Anchor  string
	Display string
	Date    string
	Source  string
}

type htmlCited struct {
	Text string
	Refs []htmlArticle
}

type htmlStory struct {
	*model.Story
	Anchor    string
	Outlets   []string
	Summary   []htmlCited
	Machine   *htmlRewrite
	Timeline  []htmlCited
	TimeDates []string
	Quotes    []htmlQuote
	Shared    []htmlCited
	Single    []htmlCited
	Conflicts []htmlCited
	Articles  []htmlArticle
	People    []model.Entity
	Others    []model.Entity
	Search    string
}

// htmlRewrite is the machine-written rewrite shown under the summary.
type htmlRewrite struct {
	Model     string
	Endpoint  string
	Warning   string
	Sentences []htmlCited
}

type htmlQuote struct {
	Speaker string
	Text    string
	Refs    []htmlArticle
	Also    []string
}

type htmlStoryline struct {
	Title   string
	Stories []*htmlStory
}

type htmlPage struct {
	Generated  string
	Counts     [3]int
	Storylines []htmlStoryline
}

// HTML writes one self-contained page (inline CSS and a few lines of
// script for the filter box; no external assets) a newcomer can read:
// storylines, and in each its stories in time order with the cited
// summary, timeline, who said what, where outlets agree and differ, and
// the articles themselves.
func HTML(w io.Writer, r *Result) error {
	byID := index(r.Articles)
	stories := map[string]*model.Story{}
	for _, s := range r.Stories {
		stories[s.ID] = s
	}
	page := htmlPage{Counts: [3]int{len(r.Articles), len(r.Stories), len(r.Storylines)}}
	if !r.Generated.IsZero() {
		page.Generated = r.Generated.UTC().Format("2 January 2006 15:04 MST")
	}
	placed := map[string]bool{}
	lines := append([]*model.Storyline(nil), r.Storylines...)
	latest := func(l *model.Storyline) string {
		m := ""
		for _, id := range l.Stories {
			if s := stories[id]; s != nil && s.EventDate > m {
				m = s.EventDate
			}
		}
		return m
	}
	sort.SliceStable(lines, func(i, j int) bool { return latest(lines[i]) > latest(lines[j]) })
	for _, l := range lines {
		hl := htmlStoryline{Title: l.Title}
		for _, id := range l.Stories {
			if s := stories[id]; s != nil && !placed[id] {
				placed[id] = true
				hl.Stories = append(hl.Stories, buildStory(s, byID))
			}
		}
		if len(hl.Stories) > 0 {
			page.Storylines = append(page.Storylines, hl)
		}
	}
	var rest []*htmlStory
	for _, s := range newestFirst(r.Stories) {
		if !placed[s.ID] {
			rest = append(rest, buildStory(s, byID))
		}
	}
	if len(rest) > 0 {
		page.Storylines = append(page.Storylines, htmlStoryline{Title: "Other stories", Stories: rest})
	}
	return pageTmpl.Execute(w, page)
}

func buildStory(s *model.Story, byID map[string]*model.Article) *htmlStory {
	hs := &htmlStory{Story: s, Anchor: "story-" + s.ID, Outlets: outlets(s, byID)}
	refs := map[string]htmlArticle{}
	for i, id := range s.Articles {
		a := byID[id]
		if a == nil {
			continue
		}
		ha := htmlArticle{Article: a, N: i + 1, Anchor: "a-" + s.ID + "-" + id, Display: ArticleTitle(a), Source: a.Outlet.Name, Date: "undated"}
		if ha.Source == "" {
			ha.Source = "unknown outlet"
		}
		if a.Published != nil {
			ha.Date = a.Published.Time.Format("2 Jan 2006")
		}
		refs[id] = ha
		hs.Articles = append(hs.Articles, ha)
	}
	cite := func(ids []string) []htmlArticle {
		var out []htmlArticle
		for _, id := range ids {
			if r, ok := refs[id]; ok {
				out = append(out, r)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].N < out[j].N })
		return out
	}
	for _, c := range s.Summary {
		hs.Summary = append(hs.Summary, htmlCited{Text: c.Text, Refs: cite(c.Articles)})
	}
	if r := s.Rewrite; r != nil {
		hs.Machine = &htmlRewrite{Model: r.Model, Endpoint: r.Endpoint, Warning: r.Warning}
		for _, c := range r.Sentences {
			hs.Machine.Sentences = append(hs.Machine.Sentences, htmlCited{Text: c.Text, Refs: cite(c.Articles)})
		}
	}
	for _, t := range s.Timeline {
		hs.Timeline = append(hs.Timeline, htmlCited{Text: t.Text, Refs: cite(t.Articles)})
		hs.TimeDates = append(hs.TimeDates, t.Date)
	}
	for _, q := range s.Quotes {
		ids := q.Articles
		if len(ids) == 0 {
			ids = []string{q.Article}
		}
		hs.Quotes = append(hs.Quotes, htmlQuote{Speaker: q.Speaker, Text: q.Text, Refs: cite(ids), Also: q.Variants})
	}
	for _, c := range s.Claims {
		hc := htmlCited{Text: c.Text, Refs: cite(c.Articles)}
		if c.Detail != "" {
			hc.Text += " — " + c.Detail
		}
		switch c.Kind {
		case "shared":
			hs.Shared = append(hs.Shared, hc)
		case "single":
			hs.Single = append(hs.Single, hc)
		case "conflict":
			hs.Conflicts = append(hs.Conflicts, hc)
		}
	}
	for _, e := range s.Entities {
		if e.Type == model.Person {
			hs.People = append(hs.People, e)
		} else {
			hs.Others = append(hs.Others, e)
		}
	}
	var words []string
	words = append(words, s.Headline)
	for _, c := range s.Summary {
		words = append(words, c.Text)
	}
	for _, e := range s.Entities {
		words = append(words, e.Name)
	}
	words = append(words, hs.Outlets...)
	hs.Search = strings.ToLower(strings.Join(words, " "))
	return hs
}
