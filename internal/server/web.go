package server

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/render"
	"github.com/storyline-news/storyline/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one template per page, each the layout plus the page's
// "title" and "content" blocks.
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{
		"date":  dateOf,
		"span":  spanOf,
		"cites": cites,
		"title": render.ArticleTitle,
		"marks": marks,
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		"slice1": func(s string) []string {
			if s == "" {
				return nil
			}
			return []string{s}
		},
	}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	m := map[string]*template.Template{}
	for _, name := range []string{"index", "story", "article", "search", "error"} {
		m[name] = template.Must(template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return m
}()

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		s.log.Error("template", slog.String("page", page), slog.String("error", err.Error()))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorData struct {
	Query   string
	Status  int
	Message string
}

func (s *Server) pageError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", errorData{Status: status, Message: msg})
}

func (s *Server) pageStoreError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.storeError(r, err)
	if status == http.StatusNotFound {
		msg = "Not found."
	}
	s.pageError(w, r, status, msg)
}

// Citation is a link from story text to one of its articles, numbered by
// the article's place in Story.Articles.
type Citation struct {
	N  int
	ID string
}

// cites numbers the articles a piece of story text cites, in ascending
// order as the article list runs ([1] [2] [4], never [4] [2]), each once.
func cites(st *model.Story, ids []string) []Citation {
	pos := make(map[string]int, len(st.Articles))
	for i, id := range st.Articles {
		if _, ok := pos[id]; !ok {
			pos[id] = i + 1
		}
	}
	out := make([]Citation, 0, len(ids))
	for _, id := range ids {
		if n, ok := pos[id]; ok && !slices.ContainsFunc(out, func(c Citation) bool { return c.N == n }) {
			out = append(out, Citation{N: n, ID: id})
		}
	}
	slices.SortFunc(out, func(a, b Citation) int { return a.N - b.N })
	return out
}

// Segment is a piece of a search snippet, highlighted or not.
type Segment struct {
	Text string
	Mark bool
}

// marks splits a hit's snippet at its highlights.
func marks(h store.Hit) []Segment {
	var out []Segment
	at := 0
	for _, sp := range h.Highlights {
		if sp.Start < at || sp.End > len(h.Snippet) || sp.Start >= sp.End {
			continue
		}
		if sp.Start > at {
			out = append(out, Segment{Text: h.Snippet[at:sp.Start]})
		}
		out = append(out, Segment{Text: h.Snippet[sp.Start:sp.End], Mark: true})
		at = sp.End
	}
	if at < len(h.Snippet) {
		out = append(out, Segment{Text: h.Snippet[at:]})
	}
	return out
}

type indexData struct {
	Query string
	*StoriesPage
	Storylines map[string]string // id -> title
	// Storyline is the storyline the page is limited to, if any.
	Storyline  string
	Page       int
	Prev, Next string // links, empty when none
}

func (s *Server) pageIndex(w http.ResponseWriter, r *http.Request) {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1_000_000 {
			s.pageError(w, r, http.StatusBadRequest, "Bad page number.")
			return
		}
		page = n
	}
	order, line := r.URL.Query().Get("order"), r.URL.Query().Get("storyline")
	q := url.Values{"limit": {strconv.Itoa(DefaultPageSize)}, "offset": {strconv.Itoa((page - 1) * DefaultPageSize)}}
	if order != "" {
		q.Set("order", order)
	}
	if line != "" {
		q.Set("storyline", line)
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	p, err := s.stories(r2)
	if errors.Is(err, store.ErrNotFound) && line != "" {
		s.pageError(w, r, http.StatusNotFound, "No such storyline.")
		return
	}
	if err != nil {
		s.pageStoreError(w, r, err)
		return
	}
	ls, err := s.st.Storylines(r.Context())
	if err != nil {
		s.pageStoreError(w, r, err)
		return
	}
	d := indexData{StoriesPage: p, Page: page, Storylines: map[string]string{}, Storyline: line}
	for _, l := range ls {
		d.Storylines[l.ID] = storylineTitle(l)
	}
	if line != "" {
		if _, ok := d.Storylines[line]; !ok {
			s.pageError(w, r, http.StatusNotFound, "No such storyline.")
			return
		}
	}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}}
		if order != "" {
			v.Set("order", order)
		}
		if line != "" {
			v.Set("storyline", line)
		}
		return "/?" + v.Encode()
	}
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if p.NextOffset != nil {
		d.Next = link(page + 1)
	}
	s.render(w, r, http.StatusOK, "index", d)
}

// storylineTitle is a storyline's title, or its id when untitled.
func storylineTitle(l *model.Storyline) string {
	if l.Title != "" {
		return l.Title
	}
	return l.ID
}

type storyData struct {
	Query string
	*StoryPage
	Storyline *model.Storyline
	Siblings  []*model.Story
}

func (s *Server) pageStory(w http.ResponseWriter, r *http.Request) {
	p, err := s.story(r, r.PathValue("id"))
	if err != nil {
		s.pageStoreError(w, r, err)
		return
	}
	d := storyData{StoryPage: p}
	if id := p.Story.Storyline; id != "" {
		ls, err := s.st.Storylines(r.Context())
		if err != nil {
			s.pageStoreError(w, r, err)
			return
		}
		for _, l := range ls {
			if l.ID == id {
				d.Storyline = l
			}
		}
		sib, err := s.st.Stories(r.Context(), store.StoryFilter{Storyline: id, Order: store.ByNewest, Limit: 50})
		if err != nil {
			s.pageStoreError(w, r, err)
			return
		}
		d.Siblings = sib
	}
	s.render(w, r, http.StatusOK, "story", d)
}

type articleData struct {
	Query   string
	Article *model.Article
}

func (s *Server) pageArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageStoreError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "article", articleData{Article: a})
}

type searchData struct {
	Query string
	Hits  []store.Hit
	Error string
}

func (s *Server) pageSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	d := searchData{Query: q}
	if strings.TrimSpace(q) == "" {
		s.render(w, r, http.StatusOK, "search", d)
		return
	}
	hits, err := s.st.Search(r.Context(), q, 50)
	status := http.StatusOK
	switch {
	case err == nil:
		// An article that printed no title is listed by the start of
		// its lead, as on its own page, not by its id.
		for i, h := range hits {
			if h.Title == "" && h.Kind == store.HitArticle {
				if a, err := s.st.Article(r.Context(), h.ID); err == nil {
					hits[i].Title = render.ArticleTitle(a)
				}
			}
		}
		d.Hits = hits
	default:
		status, d.Error = s.storeError(r, err)
		if status == http.StatusBadRequest {
			d.Error = "Nothing to search for in this query: type some words."
		}
	}
	s.render(w, r, status, "search", d)
}
