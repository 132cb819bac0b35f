// Package sqlite is the embedded implementation of store.Store: one SQLite
// database file (modernc.org/sqlite, pure Go) in the data directory, in WAL
// mode so readers never wait for the writer, with FTS5 tables for search.
// Writes go through a single connection, one transaction per call; reads use
// a separate read-only pool.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/storyline-news/storyline/internal/store"
)

// FileName is the database file's name inside the data directory.
const FileName = "storyline.db"

// busyTimeoutMS is how long a connection waits for a lock held by another
// connection (or process) before failing with SQLITE_BUSY.
const busyTimeoutMS = 10000

// Store is a store.Store over one SQLite database file.
type Store struct {
	path string
	w    *sql.DB // single connection: every write transaction; nil when read-only
	r    *sql.DB // read-only pool
	// readOnly says why the store was opened read-only ("" when it was
	// not): every write then fails with store.ErrReadOnly.
	readOnly string
}

var _ store.Store = (*Store)(nil)

// Open creates dir when missing and opens (creating and migrating when
// needed) the database in it. Errors name the database path: a file that is
// not a SQLite database, a read-only file or directory, or a schema newer
// than this program's.
//
// A read-only folder or database file is an error, unless ctx comes from
// AllowReadOnly: then Open opens it read-only, as OpenReadOnly does.
func Open(ctx context.Context, dir string) (*Store, error) {
	if dir == "" {
		return nil, fmt.Errorf("store: open: empty data directory: %w", store.ErrInvalid)
	}
	path := filepath.Join(dir, FileName)
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: database path %s: '?' and '#' are not supported in the path: %w", path, store.ErrInvalid)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if ro := allowedReadOnly(ctx); ro != nil && isDir(dir) {
			return openReadOnly(ctx, path, fmt.Sprintf("cannot create the data directory: %v", err), ro.report)
		}
		return nil, fmt.Errorf("store: data directory %s: %w", dir, err)
	}
	exists := false
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("store: database %s: not a regular file", path)
		}
		exists = true
	}
	// SQLite would open a read-only file read-only without a word and fail
	// at the first write, and fails in a folder where it cannot create the
	// -wal and -shm files with a terse "unable to open"; say it now.
	if why := notWritable(dir, path, exists); why != "" {
		if ro := allowedReadOnly(ctx); ro != nil {
			return openReadOnly(ctx, path, why, ro.report)
		}
		return nil, fmt.Errorf("store: database %s is not writable: %s (the store writes it and the -wal and -shm files beside it)", path, why)
	}
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)", busyTimeoutMS)
	w, err := sql.Open("sqlite", path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	s := &Store{path: path, w: w}
	if err := s.migrateRetrying(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, explain(err))
	}
	r, err := sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, explain(err))
	}
	s.r = r
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	// optimize keeps the query planner's statistics fresh; cheap and
	// best-effort.
	if s.w == nil {
		return s.r.Close()
	}
	_, _ = s.w.Exec("PRAGMA optimize")
	return errors.Join(s.r.Close(), s.w.Close())
}

// explain adds what a user can do to the errors SQLite words tersely.
func explain(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database"), strings.Contains(msg, "malformed"):
		return fmt.Errorf("not a valid SQLite database (corrupt, or another kind of file): %w", err)
	case strings.Contains(msg, "readonly"), strings.Contains(msg, "read-only"):
		return fmt.Errorf("the database or its directory is not writable (the store writes the file and the -wal and -shm files beside it): %w", err)
	case strings.Contains(msg, "unable to open"):
		return fmt.Errorf("cannot open the database file (check that the directory exists and is writable): %w", err)
	}
	return err
}

// migrations are the schema steps; migrations[i] brings the schema from
// version i to i+1. Never edit a released step: append a new one.
var migrations = []string{
	`
CREATE TABLE articles (
	id        TEXT NOT NULL UNIQUE,
	hash      TEXT NOT NULL,
	published INTEGER,          -- Unix microseconds, NULL when undated
	language  TEXT NOT NULL,
	data      BLOB NOT NULL     -- the model.Article as JSON, see blob.go
);
CREATE INDEX articles_order ON articles (published IS NULL, published, id);
CREATE TABLE inputs (
	origin      TEXT PRIMARY KEY,
	size        INTEGER NOT NULL,
	mtime       INTEGER NOT NULL, -- Unix nanoseconds
	hash        TEXT NOT NULL,
	ingested_at INTEGER NOT NULL
);
CREATE TABLE stories (
	id         TEXT NOT NULL UNIQUE,
	importance REAL NOT NULL,
	start_at   INTEGER,           -- Unix microseconds, NULL when unknown
	end_at     INTEGER,
	storyline  TEXT NOT NULL,
	data       BLOB NOT NULL      -- the model.Story as JSON, see blob.go
);
CREATE INDEX stories_importance ON stories (importance DESC, end_at DESC, id);
CREATE INDEX stories_newest ON stories (end_at DESC, importance DESC, id);
CREATE INDEX stories_storyline ON stories (storyline);
CREATE TABLE story_articles (
	story_id   TEXT NOT NULL,
	article_id TEXT NOT NULL,
	PRIMARY KEY (article_id, story_id)
) WITHOUT ROWID;
CREATE INDEX story_articles_story ON story_articles (story_id);
CREATE TABLE storylines (
	id     TEXT PRIMARY KEY,
	latest INTEGER,               -- latest End of its stories
	data   BLOB NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE stories_fts USING fts5(headline, summary, tokenize = 'porter unicode61 remove_diacritics 2');
`,
	// 2: marks, the state a run keeps for the next (store.Store.PutMarks).
	// Keys and values are blobs: any bytes, compared byte by byte. Before
	// this table the pipeline kept them as input records named
	// storyline:analyzed/<article id> and storyline:told/<story id> (the
	// value in hash), which Stats counted as inputs: they move here.
	`
CREATE TABLE marks (
	key   BLOB PRIMARY KEY,
	value BLOB NOT NULL
) WITHOUT ROWID;
INSERT INTO marks (key, value)
	SELECT CAST(origin AS BLOB), CAST(hash AS BLOB) FROM inputs
	WHERE (substr(origin, 1, 19) = 'storyline:analyzed/' OR substr(origin, 1, 15) = 'storyline:told/')
		AND length(CAST(origin AS BLOB)) <= 2048;
DELETE FROM inputs WHERE substr(origin, 1, 19) = 'storyline:analyzed/' OR substr(origin, 1, 15) = 'storyline:told/';
`,
}

// SchemaVersion is the schema version this program writes.
var SchemaVersion = len(migrations)

// migrateRetrying runs migrate, trying again while the database is busy
// for up to the busy time-out: on a new folder, connections opened at the
// same time switch the file to WAL journaling, and SQLite reports that
// contention as "database is locked" without waiting on the busy handler.
func (s *Store) migrateRetrying(ctx context.Context) error {
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		err := s.migrate(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

func (s *Store) migrate(ctx context.Context) error {
	// One write transaction for the whole check and upgrade (the writer
	// takes SQLite's write lock at BEGIN, _txlock=immediate): processes
	// opening a new data folder at the same time take turns, and the
	// later ones find the schema made instead of running migration 1
	// again.
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op once committed
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	var v int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this program's %d: upgrade storyline", v, len(migrations))
	}
	if v == len(migrations) {
		return tx.Commit()
	}
	for ; v < len(migrations); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migration %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, v); err != nil {
		return err
	}
	return tx.Commit()
}

// inTx runs f in one write transaction, committed when f returns nil.
func (s *Store) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	if s.w == nil {
		return fmt.Errorf("store: %s: opened read-only (%s), cannot write: %w", s.path, s.readOnly, store.ErrReadOnly)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", s.path, explain(err))
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", s.path, explain(err))
	}
	return nil
}
