package server

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/render"
	"github.com/storyline-news/storyline/internal/store"
)

// StoriesPage is the body of GET /api/stories.
type StoriesPage struct {
	Stories []*model.Story `json:"stories"`
	Order   string         `json:"order"`
	Limit   int            `json:"limit"`
	Offset  int            `json:"offset"`
	// Total is the number of stories the filter selects: those of the
	// storyline when one is given, else every story in the store.
	Total int `json:"total"`
	// NextOffset is the offset of the next page, absent on the last.
	NextOffset *int `json:"next_offset,omitempty"`
}

// ArticleRef is an article as a story lists it.
type ArticleRef struct {
	ID          string           `json:"id"`
	Title       string           `json:"title"`
	URL         string           `json:"url,omitempty"`
	Outlet      model.Outlet     `json:"outlet"`
	Published   *model.Published `json:"published,omitempty"`
	Language    string           `json:"language,omitempty"`
	DuplicateOf string           `json:"duplicate_of,omitempty"`
	// Missing is set for a member the store does not hold.
	Missing bool `json:"missing,omitempty"`
	// Display is what the web page shows: the title, or the start of the
	// lead of an article that printed none (render.ArticleTitle).
	Display string `json:"-"`
}

// StoryPage is the body of GET /api/stories/{id}.
type StoryPage struct {
	Story *model.Story `json:"story"`
	// Articles are the story's members in the order of Story.Articles.
	Articles []ArticleRef `json:"articles"`
}

// SearchPage is the body of GET /api/search.
type SearchPage struct {
	Query string      `json:"query"`
	Hits  []store.Hit `json:"hits"`
}

// Health is the body of GET /healthz.
type Health struct {
	Status string `json:"status"`
	store.Stats
}

// paging reads limit and offset query parameters.
func paging(r *http.Request) (limit, offset int, err error) {
	limit, offset = DefaultPageSize, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > MaxPageSize {
			return 0, 0, fmt.Errorf("limit %q: want a number from 1 to %d", v, MaxPageSize)
		}
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, fmt.Errorf("offset %q: want a number from 0", v)
		}
	}
	return limit, offset, nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	st, err := s.st.Stats(r.Context())
	if err != nil {
		s.log.Error("health check", "error", err.Error())
		writeJSON(w, http.StatusServiceUnavailable, Health{Status: "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, Health{Status: "ok", Stats: st})
}

// stories reads a page of stories for the API and the web page.
func (s *Server) stories(r *http.Request) (*StoriesPage, error) {
	limit, offset, err := paging(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", store.ErrInvalid, err)
	}
	order := store.StoryOrder(r.URL.Query().Get("order"))
	if order == "" {
		order = store.ByImportance
	}
	line := r.URL.Query().Get("storyline")
	// One more than asked tells whether a next page exists.
	ss, err := s.st.Stories(r.Context(), store.StoryFilter{
		Order: order, Storyline: line, Limit: limit + 1, Offset: offset,
	})
	if err != nil {
		return nil, err
	}
	total, err := s.storyCount(r, line)
	if err != nil {
		return nil, err
	}
	p := &StoriesPage{Stories: ss, Order: string(order), Limit: limit, Offset: offset, Total: total}
	if len(ss) > limit {
		p.Stories = ss[:limit]
		next := offset + limit
		p.NextOffset = &next
	}
	return p, nil
}

// storyCount is the number of stories of storyline line, or of the whole
// store when line is empty; an unknown storyline is store.ErrNotFound.
func (s *Server) storyCount(r *http.Request, line string) (int, error) {
	if line == "" {
		st, err := s.st.Stats(r.Context())
		return st.Stories, err
	}
	ls, err := s.st.Storylines(r.Context())
	if err != nil {
		return 0, err
	}
	for _, l := range ls {
		if l.ID == line {
			return len(l.Stories), nil
		}
	}
	return 0, fmt.Errorf("storyline %q: %w", line, store.ErrNotFound)
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) {
	p, err := s.stories(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// story reads a story and its member articles.
func (s *Server) story(r *http.Request, id string) (*StoryPage, error) {
	st, err := s.st.Story(r.Context(), id)
	if err != nil {
		return nil, err
	}
	members, err := s.st.Articles(r.Context(), store.ArticleFilter{Story: id})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*model.Article, len(members))
	for _, a := range members {
		byID[a.ID] = a
	}
	p := &StoryPage{Story: st, Articles: make([]ArticleRef, 0, len(st.Articles))}
	for _, aid := range st.Articles {
		a := byID[aid]
		if a == nil {
			p.Articles = append(p.Articles, ArticleRef{ID: aid, Missing: true})
			continue
		}
		p.Articles = append(p.Articles, ArticleRef{
			ID: a.ID, Title: a.Title, URL: a.URL, Outlet: a.Outlet, Published: a.Published,
			Language: a.Language, DuplicateOf: a.DuplicateOf, Display: render.ArticleTitle(a),
		})
	}
	return p, nil
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) {
	p, err := s.story(r, r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.st.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) apiStorylines(w http.ResponseWriter, r *http.Request) {
	ls, err := s.st.Storylines(r.Context())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"storylines": ls})
}

// search runs the q parameter.
func (s *Server) search(r *http.Request) (*SearchPage, error) {
	q := r.URL.Query().Get("q")
	limit, _, err := paging(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", store.ErrInvalid, err)
	}
	hits, err := s.st.Search(r.Context(), q, limit)
	if err != nil {
		return nil, err
	}
	return &SearchPage{Query: q, Hits: hits}, nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("q") == "" {
		writeError(w, http.StatusBadRequest, "missing query parameter q")
		return
	}
	p, err := s.search(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// dateOf formats a publication time for pages.
func dateOf(p *model.Published) string {
	if p == nil || p.Time.IsZero() {
		return ""
	}
	switch p.Precision {
	case model.PrecisionYear:
		return p.Time.Format("2006")
	case model.PrecisionMonth:
		return p.Time.Format("January 2006")
	case model.PrecisionMinute:
		return p.Time.Format("2 January 2006 15:04 MST")
	}
	return p.Time.Format("2 January 2006")
}

// spanOf formats a story's time span.
func spanOf(start, end time.Time) string {
	switch {
	case start.IsZero() && end.IsZero():
		return ""
	case start.IsZero() || start.Format("2006-01-02") == end.Format("2006-01-02"):
		return end.Format("2 January 2006")
	case end.IsZero():
		return start.Format("2 January 2006")
	}
	return start.Format("2 Jan 2006") + " – " + end.Format("2 Jan 2006")
}
