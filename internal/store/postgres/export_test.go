package postgres

import (
	"context"

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
