package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// encodedLimit caps an article's JSON form: text, paragraphs and sentences
// each hold the text once, plus mentions and the rest of the analysis.
const encodedLimit = 4 * store.MaxArticleBytes

// maxIndexedBody caps the indexed text of an article or story summary
// (the schema caps titles at 4,096 characters): a tsvector holds at most
// 1 MB, and a text of many distinct short words takes about three times
// its size. News articles are far shorter; the stored article is whole.
const maxIndexedBody = 192 << 10

// encoded is one article checked and ready to write.
type encoded struct {
	a     *model.Article
	data  []byte
	hash  string
	title string // cleaned, whole: shown in hits
	body  string // cleaned and capped: indexed and cut into snippets
}

// encodeArticle checks a and returns its stored form and content hash.
func encodeArticle(a *model.Article) (*encoded, error) {
	if err := store.CheckArticle(a); err != nil {
		return nil, err
	}
	// encoding/json replaces invalid UTF-8 with U+FFFD, so what is stored
	// (and hashed) is always valid text.
	data, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("store: article %q: encode: %w", a.ID, err)
	}
	if len(data) > encodedLimit {
		return nil, fmt.Errorf("store: article %q: %d bytes encoded with its analysis, over the %d-byte limit: %w", a.ID, len(data), encodedLimit, store.ErrTooLarge)
	}
	sum := sha256.Sum256(data)
	body := a.Text
	if body == "" {
		body = strings.Join(a.Paragraphs, "\n\n")
	}
	return &encoded{a: a, data: data, hash: hex.EncodeToString(sum[:]), title: searchText(a.Title), body: capText(searchText(body), maxIndexedBody)}, nil
}

// searchText makes s storable as PostgreSQL text and safe to cut into
// snippets: valid UTF-8, without NUL (text refuses it) or the bytes that
// mark highlights.
func searchText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.ContainsAny(s, "\x00"+hlStart+hlEnd) {
		s = strings.NewReplacer("\x00", " ", hlStart, " ", hlEnd, " ").Replace(s)
	}
	return s
}

// capText cuts s to at most n bytes at a rune boundary.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// timestamp returns t for a timestamptz column, or NULL for the zero time.
func timestamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func published(a *model.Article) any {
	if a.Published == nil {
		return nil
	}
	return timestamp(a.Published.Time)
}

// upsertArticle writes one article whose stored hash differs from $2 (or
// that is not stored). The search vector tsv is a stored generated column,
// and PostgreSQL (13 and later) recomputes a stored generated column on
// UPDATE only when the UPDATE sets one of the columns it is made of. A
// re-run stores most articles again with their title and text as they
// were and only their analysis or story changed, so the first statement
// (kept) updates such a row without setting title or body, keeping its
// search vector and sparing the re-tokenizing of the whole text. Only
// when it updated nothing (a new article, or a new title or text) does the
// INSERT run, its conflict arm rewriting everything; its WHERE leaves a
// row that another writer stored identically in the meantime untouched.
const upsertArticle = `WITH kept AS (
	UPDATE articles SET hash = $2, published = $3, language = $4, data = $7
	WHERE id = $1 AND title = $5 AND body = $6
	RETURNING 1)
INSERT INTO articles (id, hash, published, language, title, body, data)
SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT FROM kept)
ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, published = excluded.published, language = excluded.language,
	title = excluded.title, body = excluded.body, data = excluded.data
	WHERE articles.hash IS DISTINCT FROM excluded.hash`

// PutArticles implements store.Store. Every article is checked and encoded
// before the transaction starts; rows are written in id order, so two
// writers with overlapping batches cannot deadlock.
func (s *Store) PutArticles(ctx context.Context, articles []*model.Article) (store.PutStats, error) {
	var st store.PutStats
	if len(articles) == 0 {
		// Still honour a canceled context, as every other call does.
		return st, ctx.Err()
	}
	encs := make([]*encoded, len(articles))
	last := make(map[string]*encoded, len(articles))
	keys := make([][]byte, 0, len(articles))
	for i, a := range articles {
		e, err := encodeArticle(a)
		if err != nil {
			return st, err
		}
		encs[i] = e
		if last[a.ID] == nil {
			keys = append(keys, []byte(a.ID))
		}
		last[a.ID] = e // a later duplicate wins
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		st = store.PutStats{}
		stored := make(map[string]string, len(keys))
		rows, err := tx.Query(ctx, `SELECT id, hash FROM articles WHERE id = ANY($1)`, keys)
		if err != nil {
			return fmt.Errorf("store: put %d articles: %w", len(articles), err)
		}
		for rows.Next() {
			var (
				id   []byte
				hash string
			)
			if err := rows.Scan(&id, &hash); err != nil {
				rows.Close()
				return fmt.Errorf("store: put %d articles: %w", len(articles), err)
			}
			stored[string(id)] = hash
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: put %d articles: %w", len(articles), err)
		}
		// Outcomes in call order, as if the articles were put one by one.
		seen := make(map[string]string, len(stored)+len(encs))
		for k, v := range stored {
			seen[k] = v
		}
		for _, e := range encs {
			old, ok := seen[e.a.ID]
			switch {
			case !ok:
				st.Add(store.Inserted)
			case old == e.hash:
				st.Add(store.Unchanged)
			default:
				st.Add(store.Updated)
			}
			seen[e.a.ID] = e.hash
		}
		var ids []string
		for id, e := range last {
			if old, ok := stored[id]; !ok || old != e.hash {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		b := &pgx.Batch{}
		for _, id := range ids {
			e := last[id]
			b.Queue(upsertArticle, []byte(id), e.hash, published(e.a), searchText(e.a.Language), e.title, e.body, e.data)
		}
		br := tx.SendBatch(ctx, b)
		for _, id := range ids {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return fmt.Errorf("store: article %q: %w", id, err)
			}
		}
		return br.Close()
	})
	if err != nil {
		return store.PutStats{}, err
	}
	if st.Inserted > 0 {
		s.sizesChanged()
	}
	return st, nil
}

// articleColumns reads an article with the story the latest grouping put
// it in.
const articleColumns = `a.data, (SELECT story_id FROM story_articles m WHERE m.article_id = a.id ORDER BY story_id LIMIT 1)`

func scanArticle(sc pgx.Row) (*model.Article, error) {
	var data, story []byte
	if err := sc.Scan(&data, &story); err != nil {
		return nil, err
	}
	a := new(model.Article)
	if err := json.Unmarshal(data, a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	if story != nil {
		a.Story = string(story)
	}
	return a, nil
}

// Article implements store.Store.
func (s *Store) Article(ctx context.Context, id string) (*model.Article, error) {
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = $1`, []byte(id)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("store: article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: article %q: %w", id, err)
	}
	return a, nil
}

// Articles implements store.Store.
func (s *Store) Articles(ctx context.Context, f store.ArticleFilter) ([]*model.Article, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return nil, fmt.Errorf("store: articles: negative limit or offset: %w", store.ErrInvalid)
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Story != "" {
		where = append(where, `a.id IN (SELECT article_id FROM story_articles WHERE story_id = `+arg([]byte(f.Story))+`)`)
	}
	if !f.Since.IsZero() {
		where = append(where, `a.published >= `+arg(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, `a.published < `+arg(f.Until))
	}
	if f.Language != "" {
		where = append(where, `a.language = `+arg(searchText(f.Language)))
	}
	q := `SELECT ` + articleColumns + ` FROM articles a`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY a.published NULLS LAST, a.id` + limitClause(f.Limit, f.Offset)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	defer rows.Close()
	out := []*model.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("store: articles: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: articles: %w", err)
	}
	return out, nil
}

func limitClause(limit, offset int) string {
	var b strings.Builder
	if limit > 0 {
		fmt.Fprintf(&b, " LIMIT %d", limit)
	}
	if offset > 0 {
		fmt.Fprintf(&b, " OFFSET %d", offset)
	}
	return b.String()
}

// MarkIngested implements store.Store.
func (s *Store) MarkIngested(ctx context.Context, inputs ...store.Input) error {
	for _, in := range inputs {
		if in.Origin == "" {
			return fmt.Errorf("store: ingested input with empty origin: %w", store.ErrInvalid)
		}
	}
	now := time.Now()
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, in := range inputs {
			if _, err := tx.Exec(ctx, `INSERT INTO inputs (origin, size, mtime, hash, ingested_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (origin) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, hash = excluded.hash, ingested_at = excluded.ingested_at`,
				[]byte(in.Origin), in.Size, modNanos(in.ModTime), searchText(in.Hash), now); err != nil {
				return fmt.Errorf("store: mark %s ingested: %w", in.Origin, err)
			}
		}
		return nil
	})
}

func modNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// IsIngested implements store.Store.
func (s *Store) IsIngested(ctx context.Context, in store.Input) (bool, error) {
	var (
		got   = store.Input{Origin: in.Origin}
		mtime int64
	)
	err := s.pool.QueryRow(ctx, `SELECT size, mtime, hash FROM inputs WHERE origin = $1`, []byte(in.Origin)).
		Scan(&got.Size, &mtime, &got.Hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: input %s: %w", in.Origin, err)
	}
	if mtime != 0 {
		got.ModTime = time.Unix(0, mtime)
	}
	probe := in
	probe.Hash = searchText(probe.Hash)
	if !probe.ModTime.IsZero() {
		probe.ModTime = time.Unix(0, probe.ModTime.UnixNano())
	}
	return probe.Same(got), nil
}

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM stories),
		(SELECT count(*) FROM storylines), (SELECT count(*) FROM inputs)`).
		Scan(&st.Articles, &st.Stories, &st.Storylines, &st.Inputs)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: postgres %s: stats: %w", s.where, explain(err))
	}
	return st, nil
}
