package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// ReplaceGrouping implements store.Store.
func (s *Store) ReplaceGrouping(ctx context.Context, stories []*model.Story, storylines []*model.Storyline) error {
	lineOf, err := store.CheckGrouping(stories, storylines)
	if err != nil {
		return err
	}
	byID := make(map[string]*model.Story, len(stories))
	for _, st := range stories {
		byID[st.ID] = st
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM stories`, `DELETE FROM stories_fts`, `DELETE FROM story_articles`, `DELETE FROM storylines`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: replace grouping: %w", err)
			}
		}
		for _, st := range stories {
			data, err := json.Marshal(st)
			if err != nil {
				return fmt.Errorf("store: story %q: encode: %w", st.ID, err)
			}
			line := st.Storyline
			if line == "" {
				line = lineOf[st.ID]
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO stories (id, importance, start_at, end_at, storyline, data) VALUES (?, ?, ?, ?, ?, ?)`,
				st.ID, st.Importance, micros(st.Start), micros(st.End), line, packBlob(data))
			if err != nil {
				return fmt.Errorf("store: story %q: %w", st.ID, err)
			}
			rowid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			summary := make([]string, len(st.Summary))
			for i, c := range st.Summary {
				summary[i] = c.Text
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO stories_fts (rowid, headline, summary) VALUES (?, ?, ?)`,
				rowid, ftsText(st.Headline), ftsText(strings.Join(summary, "\n"))); err != nil {
				return fmt.Errorf("store: story %q: index: %w", st.ID, err)
			}
			for _, a := range st.Articles {
				if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?, ?)`, st.ID, a); err != nil {
					return fmt.Errorf("store: story %q: member %q: %w", st.ID, a, err)
				}
			}
		}
		for _, sl := range storylines {
			data, err := json.Marshal(sl)
			if err != nil {
				return fmt.Errorf("store: storyline %q: encode: %w", sl.ID, err)
			}
			var latest sql.NullInt64
			for _, id := range sl.Stories {
				if st := byID[id]; st != nil {
					if m := micros(st.End); m.Valid && (!latest.Valid || m.Int64 > latest.Int64) {
						latest = m
					}
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO storylines (id, latest, data) VALUES (?, ?, ?)`, sl.ID, latest, packBlob(data)); err != nil {
				return fmt.Errorf("store: storyline %q: %w", sl.ID, err)
			}
		}
		return nil
	})
}

func scanStory(sc interface{ Scan(...any) error }) (*model.Story, error) {
	var data []byte
	if err := sc.Scan(&data); err != nil {
		return nil, err
	}
	data, err := unpackBlob(data)
	if err != nil {
		return nil, fmt.Errorf("decode story: %w", err)
	}
	st := new(model.Story)
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("decode story: %w", err)
	}
	return st, nil
}

// Story implements store.Store.
func (s *Store) Story(ctx context.Context, id string) (*model.Story, error) {
	st, err := scanStory(s.r.QueryRowContext(ctx, `SELECT data FROM stories WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: story %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: story %q: %w", id, err)
	}
	return st, nil
}

// Stories implements store.Store.
func (s *Store) Stories(ctx context.Context, f store.StoryFilter) ([]*model.Story, error) {
	if f.Limit < 0 || f.Offset < 0 {
		return nil, fmt.Errorf("store: stories: negative limit or offset: %w", store.ErrInvalid)
	}
	var order string
	switch f.Order {
	case store.ByImportance, "":
		order = `importance DESC, end_at IS NULL, end_at DESC, id`
	case store.ByNewest:
		order = `end_at IS NULL, end_at DESC, importance DESC, id`
	default:
		return nil, fmt.Errorf("store: stories: unknown order %q: %w", f.Order, store.ErrInvalid)
	}
	var (
		where []string
		args  []any
	)
	if f.Storyline != "" {
		where = append(where, `storyline = ?`)
		args = append(args, f.Storyline)
	}
	if f.Article != "" {
		where = append(where, `id IN (SELECT story_id FROM story_articles WHERE article_id = ?)`)
		args = append(args, f.Article)
	}
	q := `SELECT data FROM stories`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + limitClause(f.Limit, f.Offset)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: stories: %w", err)
	}
	defer rows.Close()
	out := []*model.Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("store: stories: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: stories: %w", err)
	}
	return out, nil
}

// Storylines implements store.Store.
func (s *Store) Storylines(ctx context.Context) ([]*model.Storyline, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT data FROM storylines ORDER BY latest IS NULL, latest DESC, id`)
	if err != nil {
		return nil, fmt.Errorf("store: storylines: %w", err)
	}
	defer rows.Close()
	out := []*model.Storyline{}
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, fmt.Errorf("store: storylines: %w", err)
		}
		data, err := unpackBlob(data)
		if err != nil {
			return nil, fmt.Errorf("store: storylines: %w", err)
		}
		sl := new(model.Storyline)
		if err := json.Unmarshal(data, sl); err != nil {
			return nil, fmt.Errorf("store: storylines: decode: %w", err)
		}
		out = append(out, sl)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: storylines: %w", err)
	}
	return out, nil
}
