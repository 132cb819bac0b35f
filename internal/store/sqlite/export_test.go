package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
)

// SetSchemaVersion overwrites the schema version of the database in dir,
// so tests can simulate a database written by a newer program.
func SetSchemaVersion(dir string, v int) error {
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(context.Background(), `UPDATE schema_version SET version = ?`, v)
	return err
}
