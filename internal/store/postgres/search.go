package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// Snippet highlight markers: control bytes that searchText removes from
// indexed text, so they can only come from ts_headline.
const (
	hlStart = "\x02"
	hlEnd   = "\x03"
)

// rankWeights are ts_rank's weights for D, C, B and A: a title or headline
// (A) weighs four times as much as body text (B), as in the embedded store.
const rankWeights = "{0, 0, 0.25, 1}"

// headlineOptions make ts_headline mark matches with the markers and keep
// about as much text around the best one as the embedded store's snippets.
const (
	headlineOptions = "StartSel=" + hlStart + ", StopSel=" + hlEnd + ", MaxWords=40, MinWords=20, ShortWord=0"
	titleOptions    = "StartSel=" + hlStart + ", StopSel=" + hlEnd + ", HighlightAll=true"
)

// sizesTTL is how long Search trusts the collection sizes it read: writes
// through this Store refresh them at once, other processes' within this.
const sizesTTL = 30 * time.Second

// tsquery renders q as an SQL expression of type tsquery with one text
// parameter per term, numbered from $1. Every term goes through
// phraseto_tsquery with the store's configuration, so it is tokenized,
// folded and stemmed as indexed text is and no user input can be read as
// a tsquery operator; a prefix term marks its last word with ':*'. Groups
// are ANDed terms, ORed together.
func tsquery(q store.Query) (string, []any) {
	var (
		args   []any
		groups []string
	)
	for _, g := range q.Groups {
		terms := make([]string, len(g))
		for i, t := range g {
			args = append(args, t.Text)
			term := fmt.Sprintf("phraseto_tsquery('storyline_search', $%d)", len(args))
			if t.Prefix {
				// The text form of a phrase query ends with its last
				// lexeme, quoted; an empty one has none to mark.
				term = fmt.Sprintf(`(SELECT CASE WHEN x::text ~ '''$' THEN (x::text || ':*')::tsquery ELSE x END FROM %s x)`, term)
			}
			terms[i] = term
		}
		groups = append(groups, "("+strings.Join(terms, " && ")+")")
	}
	return strings.Join(groups, " || "), args
}

// Search implements store.Store. Matches rank by ts_rank (titles and
// headlines weigh four times body text) times the inverse document
// frequency of the query in its collection, articles or stories, as BM25
// weighs a term in the embedded store: a match in the collection where the
// query is rare ranks higher. Snippets come from ts_headline over the best
// hits only, or from the title when only the title matched.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]store.Hit, error) {
	q, err := store.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	limit = store.SearchLimit(limit)
	nArticles, nStories, err := s.collectionSizes(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	expr, args := tsquery(q)
	n := len(args)
	args = append(args, rankWeights, nArticles, nStories, limit, headlineOptions, titleOptions)
	p := func(i int) string { return fmt.Sprintf("$%d", n+i) }
	sql := `
WITH q AS (SELECT ` + expr + ` AS q),
ra AS MATERIALIZED (SELECT a.id, ts_rank(` + p(1) + `::float4[], a.tsv, q.q) AS r FROM articles a, q WHERE a.tsv @@ q.q),
rs AS MATERIALIZED (SELECT s.id, ts_rank(` + p(1) + `::float4[], s.tsv, q.q) AS r FROM story_text s, q WHERE s.tsv @@ q.q),
idf AS (SELECT ln(1 + (greatest(` + p(2) + `::float8, na) - na + 0.5) / (na + 0.5)) AS a, ln(1 + (greatest(` + p(3) + `::float8, ns) - ns + 0.5) / (ns + 0.5)) AS s
	FROM (SELECT (SELECT count(*) FROM ra)::float8 AS na, (SELECT count(*) FROM rs)::float8 AS ns) c),
top AS (
	SELECT 'article' AS kind, id, r * idf.a AS score FROM ra, idf
	UNION ALL
	SELECT 'story', id, r * idf.s FROM rs, idf
	ORDER BY score DESC, kind DESC, id
	LIMIT ` + p(4) + `
),
hit AS (
	SELECT top.kind, top.id, top.score, coalesce(a.title, s.headline) AS title, coalesce(a.body, s.summary) AS body
	FROM top LEFT JOIN articles a ON top.kind = 'article' AND a.id = top.id
	LEFT JOIN story_text s ON top.kind = 'story' AND s.id = top.id
	WHERE a.id IS NOT NULL OR s.id IS NOT NULL
),
hl AS MATERIALIZED (
	SELECT hit.*, ts_headline('storyline_search', body, q.q, ` + p(5) + `) AS h,
		ts_headline('storyline_search', left(title, 4096), q.q, ` + p(6) + `) AS th
	FROM hit, q
),
cut AS (SELECT hl.*, strpos(body, replace(replace(h, E'\x02', ''), E'\x03', '')) AS pos, length(replace(replace(h, E'\x02', ''), E'\x03', '')) AS len FROM hl)
SELECT kind, id, score, title, h, th, pos > 1, pos > 0 AND pos + len - 1 < length(body)
FROM cut
ORDER BY score DESC, kind DESC, id`
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	defer rows.Close()
	hits := []store.Hit{}
	for rows.Next() {
		var (
			h                store.Hit
			kind             string
			id               []byte
			body, title      string
			cutStart, cutEnd bool
		)
		if err := rows.Scan(&kind, &id, &h.Score, &h.Title, &body, &title, &cutStart, &cutEnd); err != nil {
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		h.Kind, h.ID = store.HitKind(kind), string(id)
		h.Snippet, h.Highlights = highlights(body)
		if len(h.Highlights) == 0 {
			// Only the title matched: show it, marked.
			h.Snippet, h.Highlights = highlights(title)
		} else {
			// Say where text around the excerpt was left out.
			if cutStart {
				h.Snippet = "…" + h.Snippet
				for i := range h.Highlights {
					h.Highlights[i].Start += len("…")
					h.Highlights[i].End += len("…")
				}
			}
			if cutEnd {
				h.Snippet += "…"
			}
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return hits, nil
}

// collectionSizes returns the number of articles and stories: counted
// while a table is small, PostgreSQL's estimate once it is large (where a
// count would cost more than the search).
func (s *Store) collectionSizes(ctx context.Context) (articles, stories int64, err error) {
	s.sizes.Lock()
	if !s.sizes.at.IsZero() && time.Since(s.sizes.at) < sizesTTL {
		articles, stories = s.sizes.articles, s.sizes.stories
		s.sizes.Unlock()
		return articles, stories, nil
	}
	s.sizes.Unlock()
	const count = `SELECT CASE WHEN c.reltuples >= 100000 THEN c.reltuples::bigint ELSE (SELECT count(*) FROM %[1]s) END
		FROM pg_class c WHERE c.oid = '%[1]s'::regclass`
	err = s.pool.QueryRow(ctx, `SELECT (`+fmt.Sprintf(count, "articles")+`), (`+fmt.Sprintf(count, "stories")+`)`).Scan(&articles, &stories)
	if err != nil {
		return 0, 0, err
	}
	s.sizes.Lock()
	s.sizes.articles, s.sizes.stories, s.sizes.at = articles, stories, time.Now()
	s.sizes.Unlock()
	return articles, stories, nil
}

// sizesChanged makes the next search count the collections again.
func (s *Store) sizesChanged() {
	s.sizes.Lock()
	s.sizes.at = time.Time{}
	s.sizes.Unlock()
}

// highlights removes the markers from a ts_headline result and returns the
// byte spans they enclosed.
func highlights(s string) (string, []model.Span) {
	var (
		b     strings.Builder
		spans []model.Span
		start = -1
	)
	s = strings.TrimSpace(s)
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
