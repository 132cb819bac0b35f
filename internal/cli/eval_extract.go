package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/dates"
	"github.com/storyline-news/storyline/internal/eval/extraction"
)

func init() {
	register(&Command{
		Name:    "eval extract",
		Summary: "score HTML main-text extraction on the article-extraction benchmark",
		Usage:   "[--format text|json] [--extractor storyline,trafilatura] [--limit N] [DIR]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			names := fs.String("extractor", "storyline", "comma-separated extractors, first is reported at top level: "+strings.Join(extraction.Names(), ", "))
			procs := fs.Int("procs", 0, "GOMAXPROCS while timing (0: leave as is; 1 gives a per-core figure with the garbage collector on the same core)")
			limit := fs.Int("limit", 0, "score about N pages spread over the set (0: all)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				list, err := pickNames(*names, extraction.Names(), func(n string) bool { _, ok := extraction.Extractors[n]; return ok })
				if err != nil {
					return err
				}
				dir, err := benchDir(args, "ground-truth.json", "extraction", "article-extraction-benchmark")
				if err != nil {
					return err
				}
				pages, err := extraction.Load(dir, *limit)
				if err != nil {
					return err
				}
				if *procs > 0 {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(*procs))
				}
				var results []extraction.Result
				for _, n := range list {
					if err := ctx.Err(); err != nil {
						return err
					}
					r := extraction.Run(pages, extraction.Extractors[n])
					r.Extractor = n
					results = append(results, r)
				}
				if *format == "json" {
					out := map[string]any{
						"extractor":            results[0].Extractor,
						"precision":            results[0].Precision,
						"recall":               results[0].Recall,
						"f1":                   results[0].F1,
						"f1_std":               results[0].F1Std,
						"accuracy":             results[0].Accuracy,
						"pages":                results[0].Pages,
						"errors":               results[0].Errors,
						"pages_per_second":     results[0].PagesPerSecond,
						"mb_per_second":        results[0].MBPerSecond,
						"pages_per_cpu_second": results[0].PagesPerCPUSecond,
					}
					if len(results) > 1 {
						out["compare"] = results[1:]
					}
					return writeJSON(env.Stdout, out)
				}
				tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "extractor\tprecision\trecall\tf1\t±\taccuracy\tpages\terrors\tpages_per_second\tpages_per_cpu_second")
				for _, r := range results {
					fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%.1f\t%.1f\n", r.Extractor, r.Precision, r.Recall, r.F1, r.F1Std, r.Accuracy, r.Pages, r.Errors, r.PagesPerSecond, r.PagesPerCPUSecond)
				}
				return tw.Flush()
			}
		},
	})
	register(&Command{
		Name:    "eval dates",
		Summary: "score publication-date extraction on htmldate's evaluation set",
		Usage:   "[--format text|json] [--finder storyline,htmldate] [--limit N] [--errors [--evidence N]] [DIR]",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			names := fs.String("finder", "storyline", "comma-separated date finders, first is reported at top level: "+strings.Join(dates.Names(), ", "))
			limit := fs.Int("limit", 0, "score about N entries spread over the set (0: all)")
			errs := fs.Bool("errors", false, "also list the entries the first finder gets wrong: label, found date and the page's date markup")
			evidence := fs.Int("evidence", 8, "with --errors, pieces of date markup shown per page (0: none)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				list, err := pickNames(*names, dates.Names(), func(n string) bool { _, ok := dates.Finders[n]; return ok })
				if err != nil {
					return err
				}
				dir, err := benchDir(args, "eval_default.json", "extraction", "htmldate-eval")
				if err != nil {
					return err
				}
				pages, err := dates.Load(dir, *limit)
				if err != nil {
					return err
				}
				var results []dates.Result
				for _, n := range list {
					if err := ctx.Err(); err != nil {
						return err
					}
					r := dates.Run(pages, dates.Finders[n])
					r.Finder = n
					results = append(results, r)
				}
				var misses []dates.Miss
				if *errs {
					misses = dates.Misses(pages, dates.Finders[list[0]], *evidence)
					if misses == nil {
						misses = []dates.Miss{}
					}
				}
				if *format == "json" {
					r := results[0]
					out := map[string]any{
						"finder": r.Finder, "precision": r.Precision, "recall": r.Recall,
						"accuracy": r.Accuracy, "f": r.F, "tp": r.TP, "fp": r.FP, "fn": r.FN,
						"pages": r.Pages, "pages_per_second": r.PagesPerSecond,
					}
					if len(results) > 1 {
						out["compare"] = results[1:]
					}
					if *errs {
						out["misses"] = misses
					}
					return writeJSON(env.Stdout, out)
				}
				if *errs {
					printDateMisses(env.Stdout, list[0], misses, len(pages))
				}
				tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "finder\tprecision\trecall\taccuracy\tf\ttp\tfp\tfn\tpages_per_second")
				for _, r := range results {
					fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%.1f\n", r.Finder, r.Precision, r.Recall, r.Accuracy, r.F, r.TP, r.FP, r.FN, r.PagesPerSecond)
				}
				return tw.Flush()
			}
		},
	})
}

// printDateMisses lists the entries a date finder got wrong, each with its
// label, what was found and the date markup of the page.
func printDateMisses(w io.Writer, finder string, misses []dates.Miss, pages int) {
	for _, m := range misses {
		found, label := m.Found, m.Label
		if found == "" {
			found = "-"
		}
		if label == "" {
			label = "-"
		}
		fmt.Fprintf(w, "%s\tlabel %s\tfound %s\t%s\n", m.URL, label, found, m.File)
		for _, e := range m.Evidence {
			fmt.Fprintf(w, "\t%s\n", e)
		}
	}
	fmt.Fprintf(w, "%s: %d of %d entries wrong\n\n", finder, len(misses), pages)
}

// pickNames splits a comma-separated list and checks every name.
func pickNames(s string, all []string, known func(string) bool) ([]string, error) {
	var out []string
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if !known(n) {
			return nil, fmt.Errorf("%w: unknown name %q: want one of %v", ErrUsage, n, all)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty list, want some of %v", ErrUsage, all)
	}
	return out, nil
}

// benchDir finds a benchmark folder: the argument itself when it holds
// marker, or the benchmark below it (DIR/rel... or DIR/rel[1:]...), or,
// without an argument, the shared data folder.
func benchDir(args []string, marker string, rel ...string) (string, error) {
	if len(args) > 1 {
		return "", fmt.Errorf("%w: want at most one DIR, got %d", ErrUsage, len(args))
	}
	if len(args) == 0 {
		return datasets.Path(rel...)
	}
	base := args[0]
	for i := len(rel); i >= 0; i-- {
		d := filepath.Join(append([]string{base}, rel[len(rel)-i:]...)...)
		if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("%s: no %s here or in %s", base, marker, filepath.Join(rel...))
}
