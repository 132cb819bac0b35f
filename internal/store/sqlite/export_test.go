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

// MakeSchema makes the schema of version v (at most SchemaVersion) in a
// new database in dir, as an older program left it, and runs rows (SQL
// statements filling it) so tests can check the migrations after it.
func MakeSchema(dir string, v int, rows ...string) error {
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	steps := append([]string{`CREATE TABLE schema_version (version INTEGER NOT NULL)`}, migrations[:v]...)
	steps = append(steps, rows...)
	for _, step := range steps {
		if _, err := db.ExecContext(ctx, step); err != nil {
			return err
		}
	}
	_, err = db.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, v)
	return err
}
