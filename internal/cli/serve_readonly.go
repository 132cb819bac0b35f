package cli

import (
	"context"
	"flag"
	"log/slog"

	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// serve only reads, so it serves a data folder it cannot write (read-only
// media or volume, a folder of another user) read-only instead of refusing
// it; run and the other writing commands keep refusing one. The wrapping
// lives here, around the command serve.go registers (this file's init
// runs after serve.go's, files being initialized in name order), so that
// serve's own code is untouched: its context lets sqlite.Open fall back to
// a read-only open, which is logged as a warning with the reason.
func init() {
	c := commands["serve"]
	if c == nil {
		panic("cli: serve_readonly.go: no serve command registered before it")
	}
	flags := c.Flags
	c.Flags = func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
		run := flags(fs)
		return func(ctx context.Context, env *Env, args []string) error {
			ctx = sqlite.AllowReadOnly(ctx, func(path, reason string) {
				log := slog.New(slog.NewTextHandler(env.Stderr, nil))
				log.Warn("the data folder is not writable: serving it read-only", slog.String("db", path), slog.String("reason", reason))
			})
			return run(ctx, env, args)
		}
	}
}
