package cli

import (
	"context"
	"flag"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/stream/jetstream"
	"github.com/storyline-news/storyline/internal/stream/worker"
)

// The distributed mode: `ingest` publishes raw documents to NATS
// JetStream, any number of `worker` processes extract, analyze and store
// them, and `regroup` groups and tells everything stored.
func init() {
	register(&Command{
		Name:    "ingest",
		Summary: "publish the documents of files and folders to a NATS JetStream stream for workers",
		Usage:   "[--nats URL] [--format text|json] [--quiet] PATH...",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			natsURL := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS or "+defaultNATS+")")
			format := fs.String("format", "text", "summary: text or json")
			quiet := fs.Bool("quiet", false, "print no per-file problems")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) == 0 {
					return fmt.Errorf("%w: no PATH given", ErrUsage)
				}
				url := natsAddr(env, *natsURL)
				s, err := jetstream.Connect(ctx, url, jetstream.Config{})
				if err != nil {
					return err
				}
				defer s.Close()
				start := time.Now()
				st, err := worker.Publish(ctx, s, args, nil, problemPrinter(env, *quiet))
				if err != nil {
					return err
				}
				if *format == "json" {
					return writeJSON(env.Stdout, struct {
						worker.PublishStats
						NATS    string  `json:"nats"`
						Seconds float64 `json:"seconds"`
					}{st, redactURL(url), time.Since(start).Seconds()})
				}
				fmt.Fprintf(env.Stdout, "storyline: %d files read, %d documents published, %d already on the stream, %d problems (%s) in %s\n",
					st.Files, st.Published, st.Duplicates, st.Problems, redactURL(url), time.Since(start).Round(time.Millisecond))
				return nil
			}
		},
	})

	register(&Command{
		Name:    "worker",
		Summary: "extract, analyze and store the documents published to NATS JetStream (run as many as you like)",
		Usage:   "[--nats URL] [--data DIR] [--workers N] [--batch N] [--group NAME] [--until-idle] [--format text|json] [--quiet]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			natsURL := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS or "+defaultNATS+")")
			data := fs.String("data", "", "data folder of the embedded store, or a postgres:// URL of a PostgreSQL database the workers share (default $STORYLINE_DATA or ./storyline-data)")
			workers := fs.Int("workers", 0, "documents extracted and analyzed at once (default: one per core)")
			batch := fs.Int("batch", 64, "articles per store transaction")
			group := fs.String("group", worker.DefaultGroup, "consumer group: workers of one group share the documents")
			untilIdle := fs.Bool("until-idle", false, "exit once nothing is left to do instead of waiting for more documents")
			format := fs.String("format", "text", "summary on exit: text or json")
			quiet := fs.Bool("quiet", false, "print no per-document problems")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) > 0 {
					return fmt.Errorf("%w: worker takes no PATH (publish with storyline ingest)", ErrUsage)
				}
				url := natsAddr(env, *natsURL)
				// The stream first: a server that is not there must not
				// leave an empty store behind.
				s, err := jetstream.Connect(ctx, url, jetstream.Config{})
				if err != nil {
					return err
				}
				defer s.Close()
				dir := dataDir(env, *data)
				st, err := openStore(ctx, dir)
				if err != nil {
					return err
				}
				defer st.Close()
				// SIGTERM cancels ctx: Run stores and acknowledges what it
				// prepared, and leaves the rest to the other workers.
				stats, err := worker.Run(ctx, s, st, worker.Options{Group: *group, Workers: *workers, BatchSize: *batch,
					UntilIdle: *untilIdle, Report: problemPrinter(env, *quiet)})
				if err != nil {
					return err
				}
				if *format == "json" {
					return writeJSON(env.Stdout, struct {
						worker.Stats
						NATS string `json:"nats"`
						Data string `json:"data"`
					}{stats, redactURL(url), storePath(st)})
				}
				fmt.Fprintf(env.Stdout, "storyline: %d articles stored (%d new, %d updated, %d unchanged), %d failed attempts (%s into %s) in %s\n",
					stats.Articles, stats.Put.Inserted, stats.Put.Updated, stats.Put.Unchanged, stats.Failed, redactURL(url), storePath(st), stats.Elapsed.Round(time.Millisecond))
				return nil
			}
		},
	})

	register(&Command{
		Name:    "dead-letters",
		Summary: "list the documents the workers gave up on, with the reason",
		Usage:   "[--nats URL] [--format text|json]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			natsURL := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS or "+defaultNATS+")")
			format := fs.String("format", "text", "output: text or json")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) > 0 {
					return fmt.Errorf("%w: dead-letters takes no arguments", ErrUsage)
				}
				s, err := jetstream.Connect(ctx, natsAddr(env, *natsURL), jetstream.Config{})
				if err != nil {
					return err
				}
				defer s.Close()
				dead, err := s.DeadLetters(ctx)
				if err != nil {
					return err
				}
				if *format == "json" {
					type letter struct {
						ID       string    `json:"id"`
						Group    string    `json:"group"`
						Origin   string    `json:"origin"`
						Attempts int       `json:"attempts"`
						Reason   string    `json:"reason"`
						At       time.Time `json:"at"`
					}
					out := []letter{}
					for _, d := range dead {
						out = append(out, letter{d.ID, d.Group, d.Origin, d.Attempts, d.Reason, d.At})
					}
					return writeJSON(env.Stdout, struct {
						DeadLetters []letter `json:"dead_letters"`
					}{out})
				}
				for _, d := range dead {
					fmt.Fprintf(env.Stdout, "%s\t%s\t%d attempts\t%s\n", d.At.UTC().Format(time.RFC3339), d.Origin, d.Attempts, d.Reason)
				}
				fmt.Fprintf(env.Stderr, "storyline: %d dead letters\n", len(dead))
				return nil
			}
		},
	})

	register(&Command{
		Name:    "regroup",
		Summary: "group everything stored into stories and storylines, tell them and print them",
		Usage:   "[--data DIR] [--format text|json|html] [--out FILE] [--quiet]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			data := fs.String("data", "", "data folder of the embedded store, or a postgres:// URL of a PostgreSQL database the workers share (default $STORYLINE_DATA or ./storyline-data)")
			format := fs.String("format", "text", "output: text (for people), json (the documented contract) or html (one self-contained page)")
			out := fs.String("out", "", "write the output to this file instead of standard output")
			quiet := fs.Bool("quiet", false, "print no summary line")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json", "html"); err != nil {
					return err
				}
				if len(args) > 0 {
					return fmt.Errorf("%w: regroup takes no PATH (use storyline run to read files)", ErrUsage)
				}
				dir := dataDir(env, *data)
				// Regroup reads what is stored: a data folder without a
				// store is a mistyped one, not one to create.
				if !postgres.IsURL(dir) {
					if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
						return fmt.Errorf("regroup: no store in %s (%v): fill it with storyline run or storyline worker, or give --data", dir, unwrapPath(err))
					}
				}
				dest, err := prepareOut(*out)
				if err != nil {
					return err
				}
				st, err := openStore(ctx, dir)
				if err != nil {
					return dest.finish(err)
				}
				defer st.Close()
				// Run with no paths reads nothing and regroups the store.
				res, stats, err := pipeline.Run(ctx, st, nil, pipeline.Options{})
				if err != nil {
					return dest.finish(err)
				}
				if !*quiet {
					fmt.Fprintf(env.Stderr, "storyline: %d articles in %d stories and %d storylines (%s) in %s\n",
						len(res.Articles), stats.Stories, stats.Storylines, storePath(st), stats.Elapsed.Round(time.Millisecond))
				}
				return writeStories(env, dest, *format, res)
			}
		},
	})
}

// defaultNATS is where a local nats-server listens.
const defaultNATS = "nats://127.0.0.1:4222"

// natsAddr is --nats, else $STORYLINE_NATS, else defaultNATS.
func natsAddr(env *Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if u := env.Getenv("STORYLINE_NATS"); u != "" {
		return u
	}
	return defaultNATS
}

func problemPrinter(env *Env, quiet bool) func(pipeline.Problem) {
	return func(p pipeline.Problem) {
		if !quiet {
			fmt.Fprintf(env.Stderr, "storyline: %v\n", p)
		}
	}
}

// redactURL hides the password of a URL given on the command line (a NATS
// server's user:password@host) before it is printed.
func redactURL(s string) string {
	u, err := neturl.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}
