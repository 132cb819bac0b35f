package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/ingest/fetch"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/rewrite"
	"github.com/storyline-news/storyline/internal/store/postgres"
)

func init() {
	register(&Command{
		Name:    "run",
		Summary: "ingest files and folders, group them into stories and print the stories",
		Usage:   "[--data DIR] [--format text|json|html] [--out FILE] [--quiet] [--workers N] [--fetch [--allow-private] [--timeout D]] [--rewrite-endpoint URL --rewrite-model NAME [--rewrite-timeout D] [--rewrite-concurrency N]] PATH|URL...",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			data := fs.String("data", "", "data folder of the embedded store, or a postgres:// URL of a PostgreSQL database (default $STORYLINE_DATA or ./storyline-data)")
			format := fs.String("format", "text", "output: text (for people), json (the documented contract) or html (one self-contained page)")
			out := fs.String("out", "", "write the output to this file instead of standard output")
			quiet := fs.Bool("quiet", false, "print no progress and no per-file problems")
			workers := fs.Int("workers", 0, "extraction and analysis workers (default: one per core)")
			fetchURLs := fs.Bool("fetch", false, "read http(s) URLs given as PATH (pages and feeds) and fetch the full page of feed items that carry only a teaser")
			allowPrivate := fs.Bool("allow-private", false, "with --fetch, let URLs reach loopback, private and link-local addresses (refused by default)")
			timeout := fs.Duration("timeout", fetch.DefaultTimeout, "with --fetch, time limit for fetching one URL")
			rewriter := rewriteFlags(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json", "html"); err != nil {
					return err
				}
				if len(args) == 0 {
					return fmt.Errorf("%w: no PATH given", ErrUsage)
				}
				rw, err := rewriter(env)
				if err != nil {
					return err
				}
				if err := checkInputs(args, *fetchURLs); err != nil {
					return err
				}
				// --out is checked before the run, which may take hours.
				dest, err := prepareOut(*out)
				if err != nil {
					return err
				}
				dir := dataDir(env, *data)
				st, err := openStore(ctx, dir)
				if err != nil {
					return dest.finish(err)
				}
				defer st.Close()

				prog := newProgress(env.Stderr, *quiet)
				opts := pipeline.Options{Workers: *workers, Progress: prog.update}
				if !postgres.IsURL(dir) {
					opts.Exclude = []string{dir} // `storyline run .` beside ./storyline-data
				}
				if *fetchURLs {
					opts.Fetcher = fetch.New(fetch.Options{AllowPrivate: *allowPrivate, Timeout: *timeout})
				}
				if rw != nil {
					opts.Rewriter = rw
					if !*quiet {
						fmt.Fprintf(env.Stderr, "storyline: machine-written rewrites by %s\n", rw)
					}
				}
				opts.Report = func(p pipeline.Problem) {
					// A failed rewrite is said even when quiet: the output
					// silently lacks what was asked for otherwise.
					if !*quiet || p.Input == "rewrite" {
						prog.clear()
						fmt.Fprintf(env.Stderr, "storyline: %v\n", p)
					}
				}
				res, stats, err := pipeline.Run(ctx, st, args, opts)
				prog.clear()
				if err != nil {
					if ctx.Err() != nil {
						err = fmt.Errorf("%d new articles stored before the interruption are kept; run the same command again to finish: %w", stats.Put.Inserted, context.Canceled)
					}
					return dest.finish(err)
				}
				if !*quiet {
					fmt.Fprintf(env.Stderr, "storyline: %s read (%d done by an earlier run), %d new, %d updated, %d unchanged articles, %s; %s in %s, %d told anew, %d as told before (%s) in %s\n",
						count(stats.Files, "file", "files"), stats.Skipped, stats.Put.Inserted, stats.Put.Updated, stats.Put.Unchanged,
						count(stats.Problems, "problem", "problems"), count(stats.Stories, "story", "stories"),
						count(stats.Storylines, "storyline", "storylines"), stats.StoriesTold, stats.StoriesReused,
						storePath(st), stats.Elapsed.Round(time.Millisecond))
				}
				if rw != nil && !*quiet {
					n := 0
					for _, s := range res.Stories {
						if s.Rewrite != nil && len(s.Rewrite.Sentences) > 0 {
							n++
						}
					}
					fmt.Fprintf(env.Stderr, "storyline: %d of %d stories have a machine-written rewrite\n", n, len(res.Stories))
				}
				if err := writeStories(env, dest, *format, res); err != nil {
					return err
				}
				// Nothing usable in any input (a broken feed, an empty
				// file): the stories printed are the stored ones, and a
				// script must learn that today's input gave nothing.
				if p := stats.Put; p.Inserted+p.Updated+p.Unchanged == 0 && stats.Skipped == 0 && stats.Problems > 0 {
					return fmt.Errorf("no article read: every input had a problem (%s)", count(stats.Problems, "problem", "problems"))
				}
				return nil
			}
		},
	})
}

// checkInputs refuses, before anything is opened or created, a command
// line none of whose inputs exists (a mistyped path), and URLs without
// --fetch. Inputs that exist are read, and the missing ones among them
// are reported by the run as problems.
func checkInputs(args []string, fetchURLs bool) error {
	isURL := func(a string) bool { return strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") }
	for _, a := range args {
		if isURL(a) && !fetchURLs {
			return fmt.Errorf("%w: %s is a URL: add --fetch to read URLs", ErrUsage, a)
		}
	}
	var missing []string
	for _, a := range args {
		if isURL(a) {
			return nil
		}
		_, err := os.Stat(a)
		if err == nil {
			return nil
		}
		missing = append(missing, err.Error())
	}
	return fmt.Errorf("no input to read: %s", strings.Join(missing, "; "))
}

// count writes "1 story", "2 stories", "0 stories".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// rewriteFlags declares the flags of the optional machine-written
// rewrite and returns what reads them: nil when both are unset (the
// default), a usage error when only one is set. The key comes from the
// environment only, never from a flag, so it stays out of shell history.
func rewriteFlags(fs *flag.FlagSet) func(*Env) (*rewrite.Client, error) {
	endpoint := fs.String("rewrite-endpoint", "", "base URL of an OpenAI-compatible API (e.g. http://127.0.0.1:11434/v1) to add a machine-written rewrite of each summary; needs --rewrite-model; key from $"+rewrite.KeyEnv)
	modelName := fs.String("rewrite-model", "", "model name for --rewrite-endpoint")
	timeout := fs.Duration("rewrite-timeout", rewrite.DefaultTimeout, "time-out of one rewrite request")
	concurrent := fs.Int("rewrite-concurrency", rewrite.DefaultMaxConcurrent, "rewrite requests in flight at once")
	return func(env *Env) (*rewrite.Client, error) {
		if *endpoint == "" && *modelName == "" {
			return nil, nil
		}
		if *endpoint == "" || *modelName == "" {
			return nil, fmt.Errorf("%w: --rewrite-endpoint and --rewrite-model go together", ErrUsage)
		}
		if *timeout <= 0 || *concurrent <= 0 {
			return nil, fmt.Errorf("%w: --rewrite-timeout and --rewrite-concurrency must be positive", ErrUsage)
		}
		c, err := rewrite.New(rewrite.Config{Endpoint: *endpoint, Model: *modelName, APIKey: env.Getenv(rewrite.KeyEnv),
			Timeout: *timeout, MaxConcurrent: *concurrent})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrUsage, err)
		}
		return c, nil
	}
}

// dataDir is --data, else $STORYLINE_DATA, else ./storyline-data.
func dataDir(env *Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if d := env.Getenv("STORYLINE_DATA"); d != "" {
		return d
	}
	return filepath.Join(".", "storyline-data")
}

// progress draws one status line on a terminal (files, articles/s, time
// left); it stays silent when stderr is not a terminal.
type progress struct {
	w     io.Writer
	on    bool
	drawn bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	on := false
	if f, ok := w.(*os.File); ok && !quiet {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, on: on}
}

func (p *progress) update(s pipeline.Progress) {
	if !p.on {
		return
	}
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Articles) / s.Elapsed.Seconds()
	}
	left := ""
	if s.TotalBytes > 0 && s.Bytes > 0 && s.Bytes < s.TotalBytes && s.Stage == "ingest" {
		remain := time.Duration(float64(s.Elapsed) * float64(s.TotalBytes-s.Bytes) / float64(s.Bytes))
		left = fmt.Sprintf(", about %s left", remain.Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\033[K%s: %d files, %d articles, %.0f articles/s%s", s.Stage, s.Files, s.Articles, rate, left)
	p.drawn = true
}

func (p *progress) clear() {
	if p.on && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
