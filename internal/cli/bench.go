package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
)

func init() {
	register(&Command{
		Name:    "bench run",
		Summary: "measure end-to-end throughput of run (ingest to told stories) and peak memory",
		Usage:   "[--repeat N] [--store] [--workers N] [--format text|json] PATH...",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			repeat := fs.Int("repeat", 3, "runs to make; the median is reported")
			withStore := fs.Bool("store", false, "write to a fresh embedded store in a temporary folder, as run does (default: in memory)")
			workers := fs.Int("workers", 0, "extraction and analysis workers (default: one per core)")
			format := fs.String("format", "text", "text or json")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) == 0 {
					return fmt.Errorf("%w: no PATH given", ErrUsage)
				}
				if *repeat < 1 {
					return fmt.Errorf("%w: --repeat must be at least 1", ErrUsage)
				}
				var secs []float64
				articles, stories := 0, 0
				for i := 0; i < *repeat; i++ {
					runtime.GC()
					start := time.Now()
					opts := pipeline.Options{Workers: *workers}
					if *withStore {
						dir, err := os.MkdirTemp("", "storyline-bench-")
						if err != nil {
							return err
						}
						st, err := openStore(ctx, dir)
						if err != nil {
							os.RemoveAll(dir)
							return err
						}
						res, _, err := pipeline.Run(ctx, st, args, opts)
						st.Close()
						os.RemoveAll(dir)
						if err != nil {
							return err
						}
						articles, stories = len(res.Articles), len(res.Stories)
					} else {
						res, err := pipeline.ProcessPaths(ctx, args, opts)
						if err != nil {
							return err
						}
						articles, stories = len(res.Articles), len(res.Stories)
					}
					secs = append(secs, time.Since(start).Seconds())
				}
				med := median(secs)
				out := map[string]any{
					"articles":            articles,
					"stories":             stories,
					"runs":                *repeat,
					"median_seconds":      med,
					"articles_per_second": float64(articles) / med,
					"peak_rss_mb":         peakRSSMB(),
					"workers":             max(*workers, 0),
					"cores":               runtime.NumCPU(),
					"store":               *withStore,
				}
				if *format == "json" {
					return writeJSON(env.Stdout, out)
				}
				fmt.Fprintf(env.Stdout, "%d articles, %d stories; median of %d runs %.3fs: %.1f articles/s; peak RSS %.0f MB (%d cores)\n",
					articles, stories, *repeat, med, float64(articles)/med, peakRSSMB(), runtime.NumCPU())
				return nil
			}
		},
	})
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// peakRSSMB reads the process's peak resident set size (VmHWM) on Linux;
// elsewhere it falls back to the Go runtime's view of memory obtained
// from the OS.
func peakRSSMB() float64 {
	if f, err := os.Open("/proc/self/status"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
				var kb float64
				if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%f kB", &kb); err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.Sys) / (1 << 20)
}
