package cli

import (
	"context"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// openStore opens the store spec names: a postgres:// or postgresql:// URL
// opens the PostgreSQL store (the distributed mode), anything else is the
// embedded store's data folder.
func openStore(ctx context.Context, spec string) (store.Store, error) {
	if postgres.IsURL(spec) {
		return postgres.Open(ctx, spec)
	}
	return sqlite.Open(ctx, spec)
}

// storePath names an opened store for logs: the SQLite file's path or the
// database URL without its password.
func storePath(st store.Store) string {
	if p, ok := st.(interface{ Path() string }); ok {
		return p.Path()
	}
	return "store"
}
