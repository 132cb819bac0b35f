// Package server serves a store over HTTP: a JSON API under /api, a health
// check, and a self-contained web page (html/template, embedded templates
// and CSS, no external assets) listing stories with their cited summaries,
// story and article pages, and search. It only reads the store.
//
// The JSON API (every error is {"error": "...", "status": N}):
//
//	GET /api/stories?limit=20&offset=0&order=importance|newest&storyline=ID
//	                           StoriesPage: stories ranked, total, next_offset
//	GET /api/stories/{id}      StoryPage: the story and its articles (404 if none)
//	GET /api/articles/{id}     the model.Article (404 if none)
//	GET /api/storylines        {"storylines": [...]}, latest story first
//	GET /api/search?q=&limit=  SearchPage: ranked hits with snippets; a query
//	                           with nothing to search is a 400, never a 500
//	GET /healthz               Health: "ok" and the store's counts, or 503
//
// limit is 1 to 100 (default 20); bad parameters are 400s.
//
// The web pages: / (stories, ?page=N&order=newest), /stories/{id},
// /articles/{id}, /search?q=.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// Paging limits of the API and the web page.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Logger receives one line per request and errors; nil discards.
	Logger *slog.Logger
	// ShutdownTimeout bounds the graceful shutdown once the context of
	// Serve is done (default 10 s); requests still running then are cut.
	ShutdownTimeout time.Duration
}

// Server is the HTTP front of a store. It is an http.Handler.
type Server struct {
	st   store.Store
	log  *slog.Logger
	opts Options
	mux  *http.ServeMux
}

// New returns a server reading st.
func New(st store.Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	s := &Server{st: st, log: opts.Logger, opts: opts, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /api/stories", s.apiStories)
	s.mux.HandleFunc("GET /api/stories/{id}", s.apiStory)
	s.mux.HandleFunc("GET /api/articles/{id}", s.apiArticle)
	s.mux.HandleFunc("GET /api/storylines", s.apiStorylines)
	s.mux.HandleFunc("GET /api/search", s.apiSearch)
	s.mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no API endpoint %s %s", r.Method, r.URL.Path))
	})
	s.mux.HandleFunc("GET /{$}", s.pageIndex)
	s.mux.HandleFunc("GET /stories/{id}", s.pageStory)
	s.mux.HandleFunc("GET /articles/{id}", s.pageArticle)
	s.mux.HandleFunc("GET /search", s.pageSearch)
	s.mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.pageError(w, r, http.StatusNotFound, "No page here.")
	})
}

// ServeHTTP implements http.Handler: it logs each request, turns panics
// into 500s and sets security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving request", slog.String("path", r.URL.Path), slog.Any("panic", p))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, "internal error")
			}
		}
		s.log.Info("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	}()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	// The API only reads: any other method is a 405 with a JSON body, not
	// the mux's plain-text one.
	if strings.HasPrefix(r.URL.Path, "/api/") && r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		writeError(rec, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed: the API is read-only", r.Method))
		return
	}
	s.mux.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully within Options.ShutdownTimeout. It returns nil after a clean
// shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", slog.String("addr", ln.Addr().String()), slog.Duration("timeout", s.opts.ShutdownTimeout))
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("server: %s: shutdown: %w", ln.Addr(), err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %s: %w", ln.Addr(), err)
	}
	return nil
}

// ListenAndServe listens on addr ("127.0.0.1:8080") and calls Serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("server: listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// errorBody is the JSON body of every API error.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg, Status: status})
}

// storeError maps a store error to an HTTP status and a message safe to
// show: the store's own words for client errors, a generic one otherwise.
func (s *Server) storeError(r *http.Request, err error) (int, string) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, store.ErrInvalid), errors.Is(err, store.ErrBadQuery):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "request canceled"
	}
	s.log.Error("store error", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	return http.StatusInternalServerError, "internal error"
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := s.storeError(r, err)
	writeError(w, status, msg)
}
