package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// SetSchemaVersion overwrites the schema version of the database dsn names,
// so tests can simulate a database written by a newer program.
func SetSchemaVersion(ctx context.Context, dsn string, v int) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `UPDATE schema_version SET version = $1`, v)
	return err
}

// MakeSchema makes the schema of version v (at most SchemaVersion) in the
// empty database dsn names, as an older program left it, so tests can
// check the migrations after it.
func MakeSchema(ctx context.Context, dsn string, v int) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `CREATE TABLE schema_version (version integer NOT NULL)`); err != nil {
		return err
	}
	dict, err := unaccent(ctx, tx)
	if err != nil {
		return err
	}
	for i := 0; i < v; i++ {
		step := migrations[i]
		if strings.Contains(step, "%[1]s") {
			step = fmt.Sprintf(step, dict)
		}
		if _, err := tx.Exec(ctx, step); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, v); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
