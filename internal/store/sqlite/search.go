package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// Snippet highlight markers: control bytes that ftsText removes from indexed
// text, so they can only come from snippet().
const (
	hlStart = "\x02"
	hlEnd   = "\x03"
)

// ftsQuery renders q in FTS5 query syntax. Every term is a double-quoted
// string (FTS5 tokenizes it into a phrase), so no user input can be read as
// an operator or a column filter.
func ftsQuery(q store.Query) string {
	var b strings.Builder
	for i, g := range q.Groups {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteByte('(')
		for j, t := range g {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(`"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`)
			if t.Prefix {
				b.WriteString(" *")
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// Search implements store.Store. Titles and headlines weigh four times as
// much as body text in the BM25 ranking. Snippets are cut in Go from
// highlight() of the best hits only: FTS5's snippet() is quadratic in the
// number of matches in a document and ran for every matching row.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.Hit, error) {
	q, err := store.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	limit = store.SearchLimit(limit)
	match := ftsQuery(q)
	// Rank on the FTS tables alone, then read ids, titles and highlighted
	// text of the few best: reading a column of every matching row costs
	// more than the ranking.
	rows, err := s.r.QueryContext(ctx, `
SELECT 'article' AS kind, rowid AS rid, bm25(articles_fts, 4.0, 1.0) AS r
FROM articles_fts WHERE articles_fts MATCH ?1
UNION ALL
SELECT 'story', rowid, bm25(stories_fts, 4.0, 1.0)
FROM stories_fts WHERE stories_fts MATCH ?1
ORDER BY r, kind DESC, rid
LIMIT ?2`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	type ranked struct {
		kind  store.HitKind
		rowid int64
		rank  float64
	}
	var best []ranked
	for rows.Next() {
		var r ranked
		if err := rows.Scan(&r.kind, &r.rowid, &r.rank); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		best = append(best, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	hits := make([]store.Hit, 0, len(best))
	for _, r := range best {
		q := `SELECT a.id, f.title, highlight(articles_fts, 1, ?1, ?2) FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
			WHERE articles_fts MATCH ?3 AND f.rowid = ?4`
		if r.kind == store.HitStory {
			q = `SELECT s.id, f.headline, highlight(stories_fts, 1, ?1, ?2) FROM stories_fts f JOIN stories s ON s.rowid = f.rowid
			WHERE stories_fts MATCH ?3 AND f.rowid = ?4`
		}
		h := store.Hit{Kind: r.kind, Score: -r.rank}
		var body string
		err := s.r.QueryRowContext(ctx, q, hlStart, hlEnd, match, r.rowid).Scan(&h.ID, &h.Title, &body)
		if errors.Is(err, sql.ErrNoRows) { // deleted since the ranking
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		h.Snippet, h.Highlights = highlights(cutSnippet(body, snippetBytes))
		hits = append(hits, h)
	}
	return hits, nil
}

// snippetBytes is the approximate length of a snippet.
const snippetBytes = 240

// cutSnippet returns about n bytes of s (text with highlight markers)
// around its first highlighted match, cut at spaces, with "…" where text
// was left out. Highlight markers are kept balanced.
func cutSnippet(s string, n int) string {
	first := strings.Index(s, hlStart)
	if first < 0 {
		first = 0
	}
	// Start a little before the match, at a word boundary.
	start := max(0, first-n/4)
	if start > 0 {
		if sp := strings.IndexByte(s[start:first], ' '); sp >= 0 {
			start += sp + 1
		} else {
			start = first
		}
	}
	end := min(len(s), start+n)
	if end < len(s) {
		if sp := strings.LastIndexByte(s[start:end], ' '); sp > first-start {
			end = start + sp
		}
	}
	// Never cut inside a highlighted match.
	if open, close := strings.LastIndex(s[start:end], hlStart), strings.LastIndex(s[start:end], hlEnd); open > close {
		if e := strings.Index(s[start+open:], hlEnd); e >= 0 {
			end = start + open + e + 1
		} else {
			end = len(s)
		}
	}
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	out := strings.TrimSpace(s[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out += "…"
	}
	return out
}

// highlights removes the markers from a snippet and returns the byte spans
// they enclosed.
func highlights(s string) (string, []model.Span) {
	var (
		b     strings.Builder
		spans []model.Span
		start = -1
	)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case hlStart[0]:
			start = b.Len()
		case hlEnd[0]:
			if start >= 0 && b.Len() > start {
				spans = append(spans, model.Span{Start: start, End: b.Len()})
			}
			start = -1
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), spans
}
