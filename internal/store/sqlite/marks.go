package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

// Keys and values are bound as blobs ([]byte): SQLite orders every text
// before every blob, so a key bound as text would match no stored key.

// markChunk is how many keys one Marks query looks up, under SQLite's
// limit on bound parameters.
const markChunk = 500

// PutMarks implements store.Store.
func (s *Store) PutMarks(ctx context.Context, marks map[string]string) error {
	keys, err := store.CheckMarks(marks)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		put, err := tx.PrepareContext(ctx, `INSERT INTO marks (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
		if err != nil {
			return fmt.Errorf("store: %s: put marks: %w", s.path, err)
		}
		defer put.Close()
		for _, k := range keys {
			if _, err := put.ExecContext(ctx, blob(k), blob(marks[k])); err != nil {
				return fmt.Errorf("store: %s: put mark %.40q: %w", s.path, k, explain(err))
			}
		}
		return nil
	})
}

// blob returns s as a non-nil []byte, which the driver binds as a blob
// (a nil one would be NULL).
func blob(s string) []byte {
	if s == "" {
		return []byte{}
	}
	return []byte(s)
}

// Marks implements store.Store.
func (s *Store) Marks(ctx context.Context, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for start := 0; start < len(keys); start += markChunk {
		chunk := keys[start:min(start+markChunk, len(keys))]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = blob(k)
		}
		q := `SELECT key, value FROM marks WHERE key IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		rows, err := s.r.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("store: %s: read marks: %w", s.path, explain(err))
		}
		for rows.Next() {
			var k, v []byte
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: %s: read marks: %w", s.path, err)
			}
			out[string(k)] = string(v)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: %s: read marks: %w", s.path, explain(err))
		}
	}
	return out, nil
}

// DeleteMarks implements store.Store.
func (s *Store) DeleteMarks(ctx context.Context, prefix string, keep func(key string) bool) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		n = 0
		q, args := `SELECT key FROM marks WHERE key >= ?`, []any{blob(prefix)}
		if end, ok := store.PrefixEnd(prefix); ok {
			q, args = q+` AND key < ?`, append(args, blob(end))
		}
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: %s: delete marks %q: %w", s.path, prefix, explain(err))
		}
		var gone [][]byte
		for rows.Next() {
			var k []byte
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return fmt.Errorf("store: %s: delete marks %q: %w", s.path, prefix, err)
			}
			if keep == nil || !keep(string(k)) {
				gone = append(gone, k)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: %s: delete marks %q: %w", s.path, prefix, explain(err))
		}
		if len(gone) == 0 {
			return nil
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM marks WHERE key = ?`)
		if err != nil {
			return fmt.Errorf("store: %s: delete marks %q: %w", s.path, prefix, err)
		}
		defer del.Close()
		for _, k := range gone {
			if _, err := del.ExecContext(ctx, k); err != nil {
				return fmt.Errorf("store: %s: delete mark %.40q: %w", s.path, k, explain(err))
			}
		}
		n = len(gone)
		return nil
	})
	return n, err
}
