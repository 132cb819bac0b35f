package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/storyline-news/storyline/internal/store"
)

// writeErr words an error of a write, adding store.ErrReadOnly when the
// server refused it because the database or session is read-only.
func (s *Store) writeErr(what string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "25006" {
		return fmt.Errorf("store: postgres %s: %s: %w: %w", s.where, what, store.ErrReadOnly, explain(err))
	}
	return fmt.Errorf("store: postgres %s: %s: %w", s.where, what, explain(err))
}

// PutMarks implements store.Store.
func (s *Store) PutMarks(ctx context.Context, marks map[string]string) error {
	keys, err := store.CheckMarks(marks)
	if err != nil {
		return err
	}
	ks := make([][]byte, len(keys))
	vs := make([][]byte, len(keys))
	for i, k := range keys {
		ks[i], vs[i] = []byte(k), []byte(marks[k])
		if vs[i] == nil {
			vs[i] = []byte{}
		}
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO marks (key, value) SELECT * FROM unnest($1::bytea[], $2::bytea[])
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, ks, vs)
		return err
	})
	if err != nil {
		return s.writeErr(fmt.Sprintf("put %d marks", len(keys)), err)
	}
	return nil
}

// Marks implements store.Store.
func (s *Store) Marks(ctx context.Context, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	ks := make([][]byte, len(keys))
	for i, k := range keys {
		ks[i] = []byte(k)
	}
	rows, err := s.pool.Query(ctx, `SELECT key, value FROM marks WHERE key = ANY($1::bytea[])`, ks)
	if err != nil {
		return nil, fmt.Errorf("store: postgres %s: read marks: %w", s.where, explain(err))
	}
	defer rows.Close()
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: postgres %s: read marks: %w", s.where, err)
		}
		out[string(k)] = string(v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: postgres %s: read marks: %w", s.where, explain(err))
	}
	return out, nil
}

// DeleteMarks implements store.Store.
func (s *Store) DeleteMarks(ctx context.Context, prefix string, keep func(key string) bool) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		n = 0
		q, args := `SELECT key FROM marks WHERE key >= $1`, []any{[]byte(prefix)}
		if end, ok := store.PrefixEnd(prefix); ok {
			q, args = q+` AND key < $2`, append(args, []byte(end))
		}
		// FOR UPDATE: a mark put by a concurrent call after this read is
		// not deleted by a decision made before it.
		rows, err := tx.Query(ctx, q+` ORDER BY key FOR UPDATE`, args...)
		if err != nil {
			return err
		}
		var gone [][]byte
		for rows.Next() {
			var k []byte
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			if keep == nil || !keep(string(k)) {
				gone = append(gone, k)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(gone) == 0 {
			return nil
		}
		tag, err := tx.Exec(ctx, `DELETE FROM marks WHERE key = ANY($1::bytea[])`, gone)
		if err != nil {
			return err
		}
		n = int(tag.RowsAffected())
		return nil
	})
	if err != nil {
		return 0, s.writeErr(fmt.Sprintf("delete marks %q", prefix), err)
	}
	return n, nil
}
