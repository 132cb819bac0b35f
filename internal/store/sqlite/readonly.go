package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	iofs "io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

// Opening a data folder read-only (serving an archive from read-only
// media, a read-only container volume, or a folder owned by another user).
//
// The database is in WAL mode. SQLite reads a WAL database read-only
// (sqlite.org/wal.html, "Read-Only Databases") when its -shm and -wal files
// exist or can be created, or when the database is opened as immutable.
// OpenReadOnly therefore tries, in order:
//
//  1. mode=ro: SQLite's ordinary read-only open. It keeps SQLite's locking
//     and reads the -wal file, so it sees transactions a writer committed
//     but did not yet copy into the database (a process killed mid-write
//     leaves those behind, with its -shm), and it stays correct if a
//     writer that can write the folder (its owner) works at the same time.
//     When the -shm file exists but cannot be written, SQLite reads the
//     -wal into memory on its own instead of sharing the -shm.
//  2. immutable=1, only when mode=ro cannot open (no -shm file, and none
//     can be created in the folder) AND the -wal file is missing or empty.
//     Immutable tells SQLite the file cannot change: it takes no locks and
//     ignores the -wal and -shm files. With an empty -wal nothing is lost
//     by ignoring it. It is only correct while no writer exists: a
//     writer would have to create the -shm file this process could not
//     create, i.e. be another user with write access to the folder; that
//     is the read-only archive case this mode is for, and if it happens
//     anyway our reads may see an inconsistent file (wrong results or
//     SQLITE_CORRUPT errors on requests), but nothing is written: the file
//     on disk is never harmed. The report passed to AllowReadOnly says
//     when this mode is used.
//  3. Otherwise (committed transactions in a -wal that SQLite cannot read
//     without a -shm file) the open fails, saying how to fix it: ignoring
//     that -wal with immutable would silently serve stale data.
//
// Every connection also sets query_only, and the store has no writer
// connection: writes fail with store.ErrReadOnly, schema migrations are not
// run (a database whose schema is older or newer than this program's is
// refused with the reason), and Close skips its PRAGMA optimize.

type readOnlyKey struct{}

type readOnlyOpt struct {
	report func(path, reason string)
}

// AllowReadOnly returns a context under which Open opens a data folder or
// database file that it cannot write read-only, as OpenReadOnly does,
// instead of failing. report, when not nil, is called once per such open
// with the database path and why it was opened read-only (and, for an
// immutable open, what that means), for the caller to log. Commands that
// only read (serve) use it; commands that write (run) must not.
func AllowReadOnly(ctx context.Context, report func(path, reason string)) context.Context {
	return context.WithValue(ctx, readOnlyKey{}, &readOnlyOpt{report: report})
}

func allowedReadOnly(ctx context.Context) *readOnlyOpt {
	o, _ := ctx.Value(readOnlyKey{}).(*readOnlyOpt)
	return o
}

// OpenReadOnly opens the existing database in dir for reading only,
// whether or not dir and the database are writable; it never creates,
// migrates or changes anything there. Every write to the store fails with
// store.ErrReadOnly.
func OpenReadOnly(ctx context.Context, dir string) (*Store, error) {
	if dir == "" {
		return nil, fmt.Errorf("store: open: empty data directory: %w", store.ErrInvalid)
	}
	path := filepath.Join(dir, FileName)
	why := notWritable(dir, path, true)
	if why == "" {
		why = "opened read-only on request"
	}
	return openReadOnly(ctx, path, why, nil)
}

// ReadOnly reports whether the store was opened read-only, and why.
func (s *Store) ReadOnly() (bool, string) { return s.w == nil, s.readOnly }

// openReadOnly opens the database at path read-only; why says what made
// the caller choose it, for messages.
func openReadOnly(ctx context.Context, path, why string, report func(path, reason string)) (*Store, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, iofs.ErrNotExist) {
		return nil, fmt.Errorf("store: database %s does not exist and cannot be made (%s): nothing to serve read-only; fill the folder with storyline run where it is writable", path, why)
	}
	if err != nil {
		return nil, fmt.Errorf("store: database %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("store: database %s: not a regular file", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: database %s: %w", path, err)
	}
	// A file: URI, so that SQLite reads mode and immutable; modernc's own
	// _pragma parameters are read from it all the same.
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	params := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=query_only(1)", busyTimeoutMS)
	s := &Store{path: path, readOnly: why}
	r, roErr := openReader(ctx, uri+"?mode=ro&"+params)
	if roErr == nil {
		s.r = r
		if err := s.checkSchemaReadOnly(ctx); err != nil {
			r.Close()
			return nil, err
		}
		if report != nil {
			report(path, why)
		}
		return s, nil
	}
	if _, err := os.Stat(path + "-shm"); err == nil {
		// The -shm file is there: SQLite failed for another reason
		// (not a database, unreadable file); immutable would not help.
		return nil, fmt.Errorf("store: open %s read-only (%s): %w", path, why, explainReadOnly(roErr))
	}
	if wi, err := os.Stat(path + "-wal"); err == nil && wi.Size() > 0 {
		return nil, fmt.Errorf("store: open %s read-only (%s): its -wal file holds %d bytes of changes not yet in the database, which SQLite reads only with a -shm file beside it, and that is missing and cannot be created there; open the folder once where it is writable (storyline serve or run folds the changes in), or copy the folder somewhere writable: %w",
			path, why, wi.Size(), roErr)
	}
	r, err = openReader(ctx, uri+"?mode=ro&immutable=1&"+params)
	if err != nil {
		return nil, fmt.Errorf("store: open %s read-only (%s): %w", path, why, explainReadOnly(err))
	}
	s.r = r
	if err := s.checkSchemaReadOnly(ctx); err != nil {
		r.Close()
		return nil, err
	}
	if report != nil {
		report(path, why+"; no -shm file can be made there, so it is read as immutable: changes another process makes to it while serving are not seen")
	}
	return s, nil
}

// openReader opens a pool on dsn and makes SQLite read the database (an
// open alone reads nothing), so that a database it cannot read fails here.
func openReader(ctx context.Context, dsn string) (*sql.DB, error) {
	r, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	var n int
	if err := r.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// checkSchemaReadOnly refuses a database this program cannot read without
// migrating it first.
func (s *Store) checkSchemaReadOnly(ctx context.Context) error {
	var v int
	err := s.r.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	if err != nil {
		return fmt.Errorf("store: open %s read-only (%s): no schema version: not a Storyline database, or one never filled: %w", s.path, s.readOnly, explain(err))
	}
	switch {
	case v > len(migrations):
		return fmt.Errorf("store: open %s read-only: schema version %d is newer than this program's %d: upgrade storyline", s.path, v, len(migrations))
	case v < len(migrations):
		return fmt.Errorf("store: open %s read-only (%s): schema version %d is older than this program's %d and a read-only database cannot be upgraded: open it once where it is writable (storyline serve or run upgrades it), then serve it read-only", s.path, s.readOnly, v, len(migrations))
	}
	return nil
}

// explainReadOnly words SQLite's errors for a read-only open.
func explainReadOnly(err error) error {
	msg := err.Error()
	if strings.Contains(msg, "file is not a database") || strings.Contains(msg, "malformed") {
		return explain(err)
	}
	return fmt.Errorf("SQLite cannot read it read-only here (the file or its folder is unreadable, or SQLite needs a -shm file it cannot make): %w", err)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
