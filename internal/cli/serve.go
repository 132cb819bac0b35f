package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func init() {
	register(&Command{
		Name:    "serve",
		Summary: "serve the stored stories: JSON API under /api and a web page",
		Usage:   "[--data DIR] [--addr 127.0.0.1:8080] [--quiet] [--shutdown-timeout D] [--rewrite-endpoint URL --rewrite-model NAME [--rewrite-timeout D] [--rewrite-concurrency N]]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			data := fs.String("data", "", "data folder of the embedded store, or a postgres:// URL of a PostgreSQL database (default $STORYLINE_DATA or ./storyline-data)")
			addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
			timeout := fs.Duration("shutdown-timeout", 10*time.Second, "how long to let running requests finish on SIGTERM or Ctrl-C")
			quiet := fs.Bool("quiet", false, "log only errors, not every request")
			rewriter := rewriteFlags(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) != 0 {
					return fmt.Errorf("%w: serve takes no arguments, got %q", ErrUsage, args)
				}
				rw, err := rewriter(env)
				if err != nil {
					return err
				}
				if *timeout <= 0 {
					return fmt.Errorf("%w: --shutdown-timeout %s: want a positive duration", ErrUsage, *timeout)
				}
				level := slog.LevelInfo
				if *quiet {
					level = slog.LevelError
				}
				log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
				dir := dataDir(env, *data)
				if !postgres.IsURL(dir) {
					if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); errors.Is(err, iofs.ErrNotExist) {
						log.Warn("no store in this data folder yet: serving an empty one; fill it with storyline run", slog.String("data", dir))
					}
				}
				// serve only reads, so a data folder it cannot write
				// (read-only media or volume, another user's folder) is
				// served read-only instead of refused; run and the other
				// writing commands keep refusing one.
				ctx = sqlite.AllowReadOnly(ctx, func(path, reason string) {
					log.Warn("the data folder is not writable: serving it read-only", slog.String("db", path), slog.String("reason", reason))
				})
				st, err := openStore(ctx, dir)
				if err != nil {
					return err
				}
				defer st.Close()
				ln, err := net.Listen("tcp", *addr)
				if err != nil {
					return fmt.Errorf("listen on %s: %w", *addr, err)
				}
				stats, err := st.Stats(ctx)
				if err != nil {
					ln.Close()
					return err
				}
				log.Info("serving", slog.String("url", "http://"+ln.Addr().String()+"/"), slog.String("db", storePath(st)),
					slog.Int("stories", stats.Stories), slog.Int("articles", stats.Articles))
				// With a rewrite endpoint, stories read through the server get
				// their machine-written rewrite: the stored one when its input
				// is unchanged, else one made in the background (never
				// blocking a request, kept in memory while serving).
				var served store.Store = st
				if rw != nil {
					log.Info("machine-written rewrites", slog.String("by", rw.String()))
					served = pipeline.NewRewritingStore(ctx, st, rw, func(p pipeline.Problem) {
						log.Warn("rewrite", slog.String("error", p.Err.Error()))
					})
				}
				srv := server.New(served, server.Options{Logger: log, ShutdownTimeout: *timeout})
				if err := srv.Serve(ctx, ln); err != nil {
					return err
				}
				log.Info("stopped")
				return nil
			}
		},
	})
}
