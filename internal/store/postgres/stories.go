package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// ReplaceGrouping implements store.Store. It locks the grouping tables
// against other writers (readers go on, seeing the previous grouping until
// the commit), so two processes regrouping at once apply one grouping after
// the other instead of mixing them.
func (s *Store) ReplaceGrouping(ctx context.Context, stories []*model.Story, storylines []*model.Storyline) error {
	lineOf, err := store.CheckGrouping(stories, storylines)
	if err != nil {
		return err
	}
	byID := make(map[string]*model.Story, len(stories))
	for _, st := range stories {
		byID[st.ID] = st
	}
	// Encode before the transaction: nothing of it waits on Go work.
	storyData := make([][]byte, len(stories))
	for i, st := range stories {
		data, err := json.Marshal(st)
		if err != nil {
			return fmt.Errorf("store: story %q: encode: %w", st.ID, err)
		}
		storyData[i] = data
	}
	lineData := make([][]byte, len(storylines))
	for i, sl := range storylines {
		data, err := json.Marshal(sl)
		if err != nil {
			return fmt.Errorf("store: storyline %q: encode: %w", sl.ID, err)
		}
		lineData[i] = data
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE stories, story_text, story_articles, storylines IN EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("store: replace grouping: lock: %w", err)
		}
		for _, q := range []string{`DELETE FROM story_articles`, `DELETE FROM storylines`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("store: replace grouping: %w", err)
			}
		}
		// Rows go in with COPY: a grouping holds thousands of stories and
		// far more memberships.
		storyRows := make([][]any, len(stories))
		var members [][]any
		for i, st := range stories {
			line := st.Storyline
			if line == "" {
				line = lineOf[st.ID]
			}
			summary := make([]string, len(st.Summary))
			for j, c := range st.Summary {
				summary[j] = c.Text
			}
			storyRows[i] = []any{[]byte(st.ID), st.Importance, timestamp(st.Start), timestamp(st.End), []byte(line), storyData[i],
				searchText(st.Headline), capText(searchText(strings.Join(summary, "\n")), maxIndexedBody)}
			dup := map[string]bool{}
			for _, a := range st.Articles {
				if !dup[a] {
					dup[a] = true
					members = append(members, []any{[]byte(st.ID), []byte(a)})
				}
			}
		}
		if err := replaceStories(ctx, tx, storyRows); err != nil {
			return fmt.Errorf("store: replace grouping: %d stories: %w", len(stories), err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"story_articles"}, []string{"story_id", "article_id"}, pgx.CopyFromRows(members)); err != nil {
			return fmt.Errorf("store: replace grouping: %d story members: %w", len(members), err)
		}
		lineRows := make([][]any, len(storylines))
		for i, sl := range storylines {
			var latest time.Time
			for _, id := range sl.Stories {
				if st := byID[id]; st != nil && st.End.After(latest) {
					latest = st.End
				}
			}
			lineRows[i] = []any{[]byte(sl.ID), timestamp(latest), lineData[i]}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"storylines"}, []string{"id", "latest", "data"}, pgx.CopyFromRows(lineRows)); err != nil {
			return fmt.Errorf("store: replace grouping: %d storylines: %w", len(storylines), err)
		}
		return nil
	})
	if err == nil {
		s.sizesChanged()
	}
	return err
}

// storyColumns are the columns of the rows ReplaceGrouping stages: the
// stories table's, then the story_text table's headline and summary.
var storyColumns = []string{"id", "importance", "start_at", "end_at", "storyline", "data", "headline", "summary"}

// replaceStoriesSQL turns the stories and story_text tables into the
// staged stories_next without rewriting what stays. The search vector in
// story_text is a stored generated column: PostgreSQL recomputes it,
// re-tokenizing the headline and summary, on every INSERT and on every
// UPDATE that sets headline or summary (13 and later skip generated
// columns whose base columns the UPDATE does not set). Deleting every
// story and copying them back, as a regrouping did, re-tokenized every
// story of every run, though most keep their headline and summary. So:
// stories gone are deleted; a stories row is updated only when a column
// differs (importance, dates, data: that is the common change, and the
// search index is not in that table), and a story_text row only when its
// headline or summary changed; new stories are inserted.
var replaceStoriesSQL = []string{
	`ANALYZE stories_next`,
	`DELETE FROM stories s WHERE NOT EXISTS (SELECT FROM stories_next n WHERE n.id = s.id)`,
	`DELETE FROM story_text s WHERE NOT EXISTS (SELECT FROM stories_next n WHERE n.id = s.id)`,
	`UPDATE stories s SET importance = n.importance, start_at = n.start_at, end_at = n.end_at, storyline = n.storyline, data = n.data
		FROM stories_next n
		WHERE s.id = n.id
			AND (s.importance, s.start_at, s.end_at, s.storyline, s.data) IS DISTINCT FROM (n.importance, n.start_at, n.end_at, n.storyline, n.data)`,
	`INSERT INTO stories (id, importance, start_at, end_at, storyline, data)
		SELECT id, importance, start_at, end_at, storyline, data FROM stories_next n
		WHERE NOT EXISTS (SELECT FROM stories s WHERE s.id = n.id)`,
	`UPDATE story_text s SET headline = n.headline, summary = n.summary
		FROM stories_next n
		WHERE s.id = n.id AND (s.headline, s.summary) IS DISTINCT FROM (n.headline, n.summary)`,
	`INSERT INTO story_text (id, headline, summary)
		SELECT id, headline, summary FROM stories_next n
		WHERE NOT EXISTS (SELECT FROM story_text s WHERE s.id = n.id)`,
}

// replaceStories makes the stories and story_text tables hold rows (in
// storyColumns order), in tx, which holds the grouping tables' lock: rows
// go to a temporary table with COPY (a grouping holds thousands of
// stories), then replaceStoriesSQL applies them. The temporary table needs
// the TEMPORARY privilege on the database, which PostgreSQL grants every
// role unless an administrator revoked it.
func replaceStories(ctx context.Context, tx pgx.Tx, rows [][]any) error {
	// A grouping sharing no story with the stored one (the first, into an
	// empty store) has nothing to keep: straight in with COPY.
	ids := make([][]byte, len(rows))
	for i, r := range rows {
		ids[i] = r[0].([]byte)
	}
	var shared bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM stories WHERE id = ANY($1))`, ids).Scan(&shared); err != nil {
		return err
	}
	if !shared {
		for _, q := range []string{`DELETE FROM stories`, `DELETE FROM story_text`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stories"}, storyColumns[:6], pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			return rows[i][:6], nil
		})); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"story_text"}, []string{"id", "headline", "summary"}, pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
			return []any{rows[i][0], rows[i][6], rows[i][7]}, nil
		}))
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TEMPORARY TABLE stories_next (
		id bytea PRIMARY KEY, importance double precision NOT NULL, start_at timestamptz, end_at timestamptz,
		storyline bytea NOT NULL, data bytea NOT NULL, headline text NOT NULL, summary text NOT NULL) ON COMMIT DROP`); err != nil {
		return err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stories_next"}, storyColumns, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	for _, q := range replaceStoriesSQL {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func scanStory(sc pgx.Row) (*model.Story, error) {
	var data []byte
	if err := sc.Scan(&data); err != nil {
		return nil, err
	}
	st := new(model.Story)
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("decode story: %w", err)
	}
	return st, nil
}

// Story implements store.Store.
func (s *Store) Story(ctx context.Context, id string) (*model.Story, error) {
	st, err := scanStory(s.pool.QueryRow(ctx, `SELECT data FROM stories WHERE id = $1`, []byte(id)))
	if errors.Is(err, pgx.ErrNoRows) {
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
		order = `importance DESC, end_at DESC NULLS LAST, id`
	case store.ByNewest:
		order = `end_at DESC NULLS LAST, importance DESC, id`
	default:
		return nil, fmt.Errorf("store: stories: unknown order %q: %w", f.Order, store.ErrInvalid)
	}
	var (
		where []string
		args  []any
	)
	if f.Storyline != "" {
		args = append(args, []byte(f.Storyline))
		where = append(where, fmt.Sprintf(`storyline = $%d`, len(args)))
	}
	if f.Article != "" {
		args = append(args, []byte(f.Article))
		where = append(where, fmt.Sprintf(`id IN (SELECT story_id FROM story_articles WHERE article_id = $%d)`, len(args)))
	}
	q := `SELECT data FROM stories`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY ` + order + limitClause(f.Limit, f.Offset)
	rows, err := s.pool.Query(ctx, q, args...)
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
	rows, err := s.pool.Query(ctx, `SELECT data FROM storylines ORDER BY latest DESC NULLS LAST, id`)
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
