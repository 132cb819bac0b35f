// Package postgres is the distributed implementation of store.Store: state
// and full-text search in one PostgreSQL database (github.com/jackc/pgx/v5
// through a pgxpool connection pool), shared by any number of workers and
// API servers. Articles, stories and storylines are stored as JSON beside
// the columns that select and order them; search uses a tsvector column
// with a GIN index, in articles and in story_text (a story's headline and
// summary, apart from the stories row its regroupings rewrite), a text
// search configuration that folds accents
// (the unaccent extension) and stems English words without stop words (as
// the embedded store's FTS5 tokenizer does), ts_rank for ranking and
// ts_headline for snippets. Marks (a run's state for the next) are
// byte-string pairs in their own table. Every write is one transaction.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/storyline-news/storyline/internal/store"
)

// Store is a store.Store over one PostgreSQL database.
type Store struct {
	pool  *pgxpool.Pool
	where string // host:port/database, for errors
	name  string // postgres://user@host:port/database, without the password

	// sizes caches the number of articles and stories, which search uses
	// to weigh a match by how rare the query is in its collection.
	sizes struct {
		sync.Mutex
		articles, stories int64
		at                time.Time
	}
}

var _ store.Store = (*Store)(nil)

// IsURL reports whether spec names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a data folder.
func IsURL(spec string) bool {
	l := strings.ToLower(spec)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Open connects to the database dsn names (a postgres:// URL or a
// key=value connection string; pool settings such as pool_max_conns are
// read from it too) and creates or upgrades the schema. The database must
// offer the unaccent extension (Debian's postgresql package does) or have
// it created already. Errors name the server and database, never the
// password, and the reason.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: bad connection string: %s: %w", redactErr(err, dsn), store.ErrInvalid)
	}
	cc := cfg.ConnConfig
	s := &Store{
		where: fmt.Sprintf("%s/%s", hostPort(cc.Host, cc.Port), cc.Database),
	}
	s.name = (&url.URL{Scheme: "postgres", User: url.User(cc.User), Host: hostPort(cc.Host, cc.Port), Path: "/" + cc.Database}).String()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: postgres %s: %s", s.where, redactErr(err, dsn))
	}
	s.pool = pool
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres %s: cannot connect: %w", s.where, explain(err))
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: postgres %s: %w", s.where, explain(err))
	}
	return s, nil
}

func hostPort(host string, port uint16) string {
	if strings.HasPrefix(host, "/") { // a Unix socket folder
		return host + ":" + strconv.Itoa(int(port))
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + strconv.Itoa(int(port))
}

// redactErr returns err's message with the password of dsn, if any, masked:
// pgx masks it in the strings it quotes, this makes sure of it.
func redactErr(err error, dsn string) string {
	msg := err.Error()
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
			if esc := url.QueryEscape(pw); esc != pw {
				msg = strings.ReplaceAll(msg, esc, "xxxxx")
			}
		}
	}
	for _, f := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(f, "password="); ok && len(v) > 0 {
			msg = strings.ReplaceAll(msg, strings.Trim(v, "'"), "xxxxx")
		}
	}
	return msg
}

// Path names the database as a URL without the password, for logs.
func (s *Store) Path() string { return s.name }

// Close closes every connection of the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// explain adds what a user can do to the server errors that need it.
func explain(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "3D000":
			return fmt.Errorf("the database does not exist (create it with createdb or CREATE DATABASE): %w", err)
		case "28P01", "28000":
			return fmt.Errorf("the server refused the user name or password: %w", err)
		case "42501":
			return fmt.Errorf("the user lacks a privilege the store needs (it creates tables in its schema): %w", err)
		case "25006":
			return fmt.Errorf("the database is read-only (a standby server, or default_transaction_read_only is on): it can be served once its schema is made or upgraded where it is writable (storyline run on the primary), but not written: %w", err)
		}
	}
	return err
}

// migrations are the schema steps; migrations[i] brings the schema from
// version i to i+1. Never edit a released step: append a new one. "%[1]s"
// is replaced by the qualified name of the unaccent dictionary.
//
// Ids are bytea: they are arbitrary strings that may hold bytes PostgreSQL
// text refuses (NUL, invalid UTF-8), and bytea orders them byte by byte as
// the embedded store does. Text columns hold what search indexes and shows.
var migrations = []string{
	`
CREATE TEXT SEARCH DICTIONARY storyline_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION storyline_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION storyline_search
	ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
	WITH %[1]s, storyline_stem;
CREATE TABLE articles (
	id        bytea PRIMARY KEY,
	hash      text NOT NULL,
	published timestamptz,       -- NULL when undated
	language  text NOT NULL,
	title     text NOT NULL,     -- shown in search hits
	body      text NOT NULL,     -- the indexed text, for snippets
	data      bytea NOT NULL,    -- the model.Article as JSON
	tsv       tsvector NOT NULL GENERATED ALWAYS AS (
		setweight(to_tsvector('storyline_search', left(title, 4096)), 'A') ||
		setweight(to_tsvector('storyline_search', body), 'B')) STORED
);
-- Search vectors stay in the row (MAIN) rather than in the TOAST table:
-- ranking reads the vector of every match, and fetching it from TOAST
-- made searches about five times slower.
ALTER TABLE articles ALTER COLUMN tsv SET STORAGE MAIN;
CREATE INDEX articles_order ON articles (published, id);
CREATE INDEX articles_search ON articles USING gin (tsv);
CREATE TABLE inputs (
	origin      bytea PRIMARY KEY,
	size        bigint NOT NULL,
	mtime       bigint NOT NULL, -- Unix nanoseconds, 0 when unknown
	hash        text NOT NULL,
	ingested_at timestamptz NOT NULL
);
CREATE TABLE stories (
	id         bytea PRIMARY KEY,
	importance double precision NOT NULL,
	start_at   timestamptz,
	end_at     timestamptz,
	storyline  bytea NOT NULL,
	headline   text NOT NULL,
	summary    text NOT NULL,
	data       bytea NOT NULL,    -- the model.Story as JSON
	tsv        tsvector NOT NULL GENERATED ALWAYS AS (
		setweight(to_tsvector('storyline_search', left(headline, 4096)), 'A') ||
		setweight(to_tsvector('storyline_search', summary), 'B')) STORED
);
ALTER TABLE stories ALTER COLUMN tsv SET STORAGE MAIN;
CREATE INDEX stories_importance ON stories (importance DESC, end_at DESC NULLS LAST, id);
CREATE INDEX stories_newest ON stories (end_at DESC NULLS LAST, importance DESC, id);
CREATE INDEX stories_storyline ON stories (storyline);
CREATE INDEX stories_search ON stories USING gin (tsv);
CREATE TABLE story_articles (
	story_id   bytea NOT NULL,
	article_id bytea NOT NULL,
	PRIMARY KEY (article_id, story_id)
);
CREATE INDEX story_articles_story ON story_articles (story_id);
CREATE TABLE storylines (
	id     bytea PRIMARY KEY,
	latest timestamptz,        -- latest End of its stories
	data   bytea NOT NULL
);
`,
	// 2: a story's headline, summary and search vector move to a table of
	// their own. A regrouping updates most stories' importance and data
	// (their order shifts as news arrives) but few of their texts; with the
	// vector in the stories row, every such update also re-inserted the
	// row's entries into the GIN search index. Now it touches story_text
	// only for a story whose headline or summary changed.
	`
CREATE TABLE story_text (
	id       bytea PRIMARY KEY,
	headline text NOT NULL,
	summary  text NOT NULL,
	tsv      tsvector NOT NULL GENERATED ALWAYS AS (
		setweight(to_tsvector('storyline_search', left(headline, 4096)), 'A') ||
		setweight(to_tsvector('storyline_search', summary), 'B')) STORED
);
ALTER TABLE story_text ALTER COLUMN tsv SET STORAGE MAIN;
INSERT INTO story_text (id, headline, summary) SELECT id, headline, summary FROM stories;
CREATE INDEX story_text_search ON story_text USING gin (tsv);
DROP INDEX stories_search;
ALTER TABLE stories DROP COLUMN tsv, DROP COLUMN headline, DROP COLUMN summary;
`,
	// 3: marks, the state a run keeps for the next (store.Store.PutMarks),
	// byte strings both. Before this table the pipeline kept them as
	// input records named storyline:analyzed/<article id> and
	// storyline:told/<story id> (the value in hash), which Stats counted
	// as inputs: they move here.
	`
CREATE TABLE marks (
	key   bytea PRIMARY KEY,
	value bytea NOT NULL
);
INSERT INTO marks (key, value)
	SELECT origin, convert_to(hash, 'UTF8') FROM inputs
	WHERE (substring(origin from 1 for 19) = 'storyline:analyzed/'::bytea OR substring(origin from 1 for 15) = 'storyline:told/'::bytea)
		AND length(origin) <= 2048;
DELETE FROM inputs
	WHERE substring(origin from 1 for 19) = 'storyline:analyzed/'::bytea OR substring(origin from 1 for 15) = 'storyline:told/'::bytea;
`,
}

// SchemaVersion is the schema version this program writes.
var SchemaVersion = len(migrations)

// migrate brings the schema to SchemaVersion in one transaction, under a
// lock so that processes opening the store at once migrate it once.
//
// A schema already at SchemaVersion is read without a transaction that
// writes or locks: a role that may only read, or a standby server (which
// refuses even CREATE TABLE IF NOT EXISTS), can then open the store and
// serve it; its writes fail with the server's reason.
func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.pool.QueryRow(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err == nil {
		switch {
		case v > len(migrations):
			return fmt.Errorf("schema version %d is newer than this program's %d: upgrade storyline", v, len(migrations))
		case v == len(migrations):
			return nil
		}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('storyline schema ' || current_schema()))`); err != nil {
			return fmt.Errorf("lock the schema: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		var v int
		err := tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
				return err
			}
		} else if err != nil {
			return fmt.Errorf("read schema_version: %w", err)
		}
		if v > len(migrations) {
			return fmt.Errorf("schema version %d is newer than this program's %d: upgrade storyline", v, len(migrations))
		}
		if v == len(migrations) {
			return nil
		}
		dict, err := unaccent(ctx, tx)
		if err != nil {
			return err
		}
		for ; v < len(migrations); v++ {
			step := migrations[v]
			if strings.Contains(step, "%[1]s") {
				step = fmt.Sprintf(step, dict)
			}
			if _, err := tx.Exec(ctx, step); err != nil {
				return fmt.Errorf("schema migration %d: %w", v+1, err)
			}
		}
		_, err = tx.Exec(ctx, `UPDATE schema_version SET version = $1`, v)
		return err
	})
}

// unaccent creates the unaccent extension when missing and returns its
// dictionary's qualified name (the extension may live in another schema).
func unaccent(ctx context.Context, tx pgx.Tx) (string, error) {
	var schema string
	err := tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`).Scan(&schema)
	if errors.Is(err, pgx.ErrNoRows) {
		if _, err := tx.Exec(ctx, `CREATE EXTENSION unaccent`); err != nil {
			return "", fmt.Errorf("search needs the unaccent extension, which could not be created (it ships with PostgreSQL's contrib modules, in Debian's postgresql package; a database owner may create it, else ask an administrator to run CREATE EXTENSION unaccent): %w", err)
		}
		err = tx.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`).Scan(&schema)
	}
	if err != nil {
		return "", fmt.Errorf("find the unaccent extension: %w", err)
	}
	return pgx.Identifier{schema, "unaccent"}.Sanitize(), nil
}

// maxTries bounds how often a write is tried when the server aborts it
// for a deadlock or a serialization conflict, which retrying resolves.
const maxTries = 4

// inTx runs f in one transaction, committed when f returns nil, and runs
// it again when the server aborted it for a conflict with another writer.
func (s *Store) inTx(ctx context.Context, f func(tx pgx.Tx) error) error {
	for try := 1; ; try++ {
		err := s.tryTx(ctx, f)
		var pe *pgconn.PgError
		if try < maxTries && errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") && ctx.Err() == nil {
			time.Sleep(time.Duration(try*try) * 10 * time.Millisecond)
			continue
		}
		return err
	}
}

func (s *Store) tryTx(ctx context.Context, f func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: postgres %s: begin: %w", s.where, explain(err))
	}
	if err := f(tx); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: postgres %s: commit: %w", s.where, explain(err))
	}
	return nil
}
