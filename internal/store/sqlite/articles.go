package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// encodedLimit caps an article's JSON form: text, paragraphs and sentences
// each hold the text once, plus mentions and the rest of the analysis.
const encodedLimit = 4 * store.MaxArticleBytes

// encodeArticle checks a and returns its stored form and content hash.
func encodeArticle(a *model.Article) (data []byte, hash string, err error) {
	if err := store.CheckArticle(a); err != nil {
		return nil, "", err
	}
	// encoding/json replaces invalid UTF-8 with U+FFFD, so what is stored
	// (and hashed) is always valid text.
	data, err = json.Marshal(a)
	if err != nil {
		return nil, "", fmt.Errorf("store: article %q: encode: %w", a.ID, err)
	}
	if len(data) > encodedLimit {
		return nil, "", fmt.Errorf("store: article %q: %d bytes encoded with its analysis, over the %d-byte limit: %w", a.ID, len(data), encodedLimit, store.ErrTooLarge)
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

// micros returns t as Unix microseconds, or NULL for the zero time.
func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

// ftsText makes s safe to index: valid UTF-8 without the bytes that mark
// highlights in snippets.
func ftsText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.ContainsAny(s, hlStart+hlEnd) {
		s = strings.NewReplacer(hlStart, " ", hlEnd, " ").Replace(s)
	}
	return s
}

// PutArticles implements store.Store.
func (s *Store) PutArticles(ctx context.Context, articles []*model.Article) (store.PutStats, error) {
	return s.PutArticlesSame(ctx, articles, nil)
}

// PutArticlesSame implements store.SamePutter: same (when not nil) is
// asked only about articles whose stored form differs, so puts of new and
// of identical articles cost what PutArticles costs.
func (s *Store) PutArticlesSame(ctx context.Context, articles []*model.Article, same func(stored, put *model.Article) bool) (store.PutStats, error) {
	var st store.PutStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		get, err := tx.PrepareContext(ctx, `SELECT rowid, hash FROM articles WHERE id = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		getFTS, err := tx.PrepareContext(ctx, `SELECT title, body FROM articles_fts WHERE rowid = ?`)
		if err != nil {
			return err
		}
		defer getFTS.Close()
		for _, a := range articles {
			data, hash, err := encodeArticle(a)
			if err != nil {
				return err
			}
			var (
				rowid       int64
				old         string
				title, body string // indexed, when known
			)
			err = get.QueryRowContext(ctx, a.ID).Scan(&rowid, &old)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				res, err := tx.ExecContext(ctx, `INSERT INTO articles (id, hash, published, language, data) VALUES (?, ?, ?, ?, ?)`,
					a.ID, hash, published(a), a.Language, packBlob(data))
				if err != nil {
					return fmt.Errorf("store: article %q: %w", a.ID, err)
				}
				if rowid, err = res.LastInsertId(); err != nil {
					return err
				}
				st.Add(store.Inserted)
			case err != nil:
				return fmt.Errorf("store: article %q: %w", a.ID, err)
			case old == hash:
				st.Add(store.Unchanged)
				continue
			default:
				outcome := store.Updated
				if same != nil {
					if stored, err := scanArticle(tx.QueryRowContext(ctx, `SELECT a.data, NULL FROM articles a WHERE a.rowid = ?`, rowid)); err == nil && same(stored, a) {
						outcome = store.Unchanged
					}
				}
				if _, err := tx.ExecContext(ctx, `UPDATE articles SET hash = ?, published = ?, language = ?, data = ? WHERE rowid = ?`,
					hash, published(a), a.Language, packBlob(data), rowid); err != nil {
					return fmt.Errorf("store: article %q: %w", a.ID, err)
				}
				st.Add(outcome)
				// What grouping adds (an inferred date, entity links,
				// resolved times) changes the stored form but not the
				// indexed title and body: keep their index entries
				// rather than tokenize the text twice more to drop and
				// re-add the same terms.
				title, body = indexed(a)
				var oldTitle, oldBody string
				if err := getFTS.QueryRowContext(ctx, rowid).Scan(&oldTitle, &oldBody); err == nil && oldTitle == title && oldBody == body {
					continue
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, rowid); err != nil {
					return err
				}
			}
			if title == "" && body == "" {
				title, body = indexed(a)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)`,
				rowid, title, body); err != nil {
				return fmt.Errorf("store: article %q: index: %w", a.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return store.PutStats{}, err
	}
	return st, nil
}

// indexed returns the title and body a is searched by: its text, or its
// paragraphs when it has no text.
func indexed(a *model.Article) (title, body string) {
	body = a.Text
	if body == "" {
		body = strings.Join(a.Paragraphs, "\n\n")
	}
	return ftsText(a.Title), ftsText(body)
}

func published(a *model.Article) sql.NullInt64 {
	if a.Published == nil {
		return sql.NullInt64{}
	}
	return micros(a.Published.Time)
}

// articleColumns reads an article with the story the latest grouping put
// it in.
const articleColumns = `a.data, (SELECT story_id FROM story_articles m WHERE m.article_id = a.id ORDER BY story_id LIMIT 1)`

func scanArticle(sc interface{ Scan(...any) error }) (*model.Article, error) {
	var (
		data  []byte
		story sql.NullString
	)
	if err := sc.Scan(&data, &story); err != nil {
		return nil, err
	}
	data, err := unpackBlob(data)
	if err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	a := new(model.Article)
	if err := json.Unmarshal(data, a); err != nil {
		return nil, fmt.Errorf("decode article: %w", err)
	}
	if story.Valid {
		a.Story = story.String
	}
	return a, nil
}

// Article implements store.Store.
func (s *Store) Article(ctx context.Context, id string) (*model.Article, error) {
	a, err := scanArticle(s.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	if f.Story != "" {
		where = append(where, `a.id IN (SELECT article_id FROM story_articles WHERE story_id = ?)`)
		args = append(args, f.Story)
	}
	if !f.Since.IsZero() {
		where = append(where, `a.published >= ?`)
		args = append(args, f.Since.UnixMicro())
	}
	if !f.Until.IsZero() {
		where = append(where, `a.published < ?`)
		args = append(args, f.Until.UnixMicro())
	}
	if f.Language != "" {
		where = append(where, `a.language = ?`)
		args = append(args, f.Language)
	}
	q := `SELECT ` + articleColumns + ` FROM articles a`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY a.published IS NULL, a.published, a.id` + limitClause(f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, q, args...)
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
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, offset)
}

// MarkIngested implements store.Store.
func (s *Store) MarkIngested(ctx context.Context, inputs ...store.Input) error {
	now := time.Now().UnixNano()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, in := range inputs {
			if in.Origin == "" {
				return fmt.Errorf("store: ingested input with empty origin: %w", store.ErrInvalid)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO inputs (origin, size, mtime, hash, ingested_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (origin) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, hash = excluded.hash, ingested_at = excluded.ingested_at`,
				in.Origin, in.Size, modNanos(in.ModTime), in.Hash, now); err != nil {
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
		got   store.Input
		mtime int64
	)
	err := s.r.QueryRowContext(ctx, `SELECT origin, size, mtime, hash FROM inputs WHERE origin = ?`, in.Origin).
		Scan(&got.Origin, &got.Size, &mtime, &got.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: input %s: %w", in.Origin, err)
	}
	if mtime != 0 {
		got.ModTime = time.Unix(0, mtime)
	}
	probe := in
	if !probe.ModTime.IsZero() {
		probe.ModTime = time.Unix(0, probe.ModTime.UnixNano())
	}
	return probe.Same(got), nil
}

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var st store.Stats
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles), (SELECT count(*) FROM stories),
		(SELECT count(*) FROM storylines), (SELECT count(*) FROM inputs)`).
		Scan(&st.Articles, &st.Stories, &st.Storylines, &st.Inputs)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store: %s: stats: %w", s.path, explain(err))
	}
	return st, nil
}
