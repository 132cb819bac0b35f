package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/eval/duc"
	"github.com/storyline-news/storyline/internal/eval/rouge"
	"github.com/storyline-news/storyline/internal/eval/summarization"
	"github.com/storyline-news/storyline/internal/tell"
)

func init() {
	register(&Command{
		Name:    "eval summarize-tune",
		Summary: "compare summarizer option variants on a DUC set and TAC 2011 in one run (ROUGE-1/2 recall)",
		Usage:   "[--duc DIR] [--tac DIR] [--lang english] [--format text|json] VARIANT...  (VARIANT: default or Field=value,... of tell.Options)",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			ducDir := fs.String("duc", "", "DUC task 2 folder holding docs/ and models/ (100-word summaries, cut by ROUGE)")
			tac := fs.String("tac", "", "TAC 2011 MultiLing folder (250-word summaries)")
			lang := fs.String("lang", "english", "TAC language")
			format := fs.String("format", "text", "output format: text or json")
			stopRates := fs.String("stop-rates", "", "TSV of stemmed stop word and reference-rate ratio for tell.Options.StopRates")
			fold := fs.String("fold", "", "K/N: score only the DUC clusters whose index modulo N is K; with --learn-stop-rates the rates come from the other clusters")
			learn := fs.Bool("learn-stop-rates", false, "learn tell.Options.StopRates from the DUC set's references (cross-fitted with --fold)")
			writeRates := fs.String("write-stop-rates", "", "write the stop-word rates learned from the DUC set (all its clusters) as the Go source of tell's built-in English table to FILE, and exit")
			paired := fs.Bool("paired", false, "compare every variant with the first one cluster by cluster (text format: R-1 wins/losses, mean difference and its standard error)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if *ducDir == "" && *tac == "" {
					return fmt.Errorf("%w: want --duc or --tac", ErrUsage)
				}
				if len(args) == 0 {
					args = []string{"default"}
				}
				var rates map[string]float64
				if *stopRates != "" {
					b, err := os.ReadFile(*stopRates)
					if err != nil {
						return fmt.Errorf("--stop-rates: %w", err)
					}
					rates = map[string]float64{}
					for n, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
						f := strings.Split(l, "\t")
						if len(f) < 2 {
							return fmt.Errorf("--stop-rates: %s:%d: want word and ratio", *stopRates, n+1)
						}
						r, err := strconv.ParseFloat(f[1], 64)
						if err != nil {
							return fmt.Errorf("--stop-rates: %s:%d: %w", *stopRates, n+1, err)
						}
						rates[f[0]] = r
					}
				}
				type set struct {
					name     string
					clusters []duc.Cluster
					ropt     rouge.Options
					base     tell.Options
				}
				var sets []set
				if *ducDir != "" {
					cl, err := duc.ReadDUC(filepath.Join(*ducDir, "docs"), filepath.Join(*ducDir, "models"))
					if err != nil {
						return err
					}
					if *writeRates != "" {
						src := summarization.StopRatesSource(summarization.StopRatios(cl, "en"), "storyline eval summarize-tune --duc duc2003-task2 --write-stop-rates internal/tell/summarize_stoprates.go")
						return os.WriteFile(*writeRates, src, 0o644)
					}
					var k, n int
					if *fold != "" {
						if _, err := fmt.Sscanf(*fold, "%d/%d", &k, &n); err != nil || n < 2 || k < 0 || k >= n {
							return fmt.Errorf("%w: --fold %q: want K/N with 0 <= K < N, N >= 2", ErrUsage, *fold)
						}
					}
					var test, train []duc.Cluster
					for i, c := range cl {
						if n == 0 || i%n == k {
							test = append(test, c)
						} else {
							train = append(train, c)
						}
					}
					if *learn {
						if train == nil {
							train = test
						}
						rates = summarization.StopRatios(train, "en")
					}
					sets = append(sets, set{name: "duc", clusters: test, ropt: rouge.DUC2004(), base: tell.Options{Words: 100, Overflow: true}})
				}
				if *tac != "" {
					cl, err := duc.ReadTAC(*tac, *lang)
					if err != nil {
						return err
					}
					sets = append(sets, set{name: "tac", clusters: cl, ropt: rouge.TAC2011(), base: tell.Options{Words: 250, Language: tacCode(*lang)}})
				}
				type row struct {
					Variant string                          `json:"variant"`
					Sets    map[string]summarization.Result `json:"sets"`
				}
				var rows []row
				first := map[string]summarization.Result{}
				for vi, spec := range args {
					r := row{Variant: spec, Sets: map[string]summarization.Result{}}
					line := spec
					for _, s := range sets {
						if err := ctx.Err(); err != nil {
							return err
						}
						o := s.base
						if rates != nil {
							o.StopRates = rates
						}
						if err := summarization.SetOptions(&o, spec); err != nil {
							return err
						}
						res, err := summarization.Run(ctx, s.clusters, o, s.ropt)
						if err != nil {
							return err
						}
						r.Sets[s.name] = res
						line += fmt.Sprintf("\t%s R1 %.2f R2 %.2f cite %.3f", s.name, 100*res.R1, 100*res.R2, res.Citation)
						if vi == 0 {
							first[s.name] = res
						} else if *paired {
							p := summarization.Compare(first[s.name], res)
							line += fmt.Sprintf(" [R1 +%d -%d, %+.2f±%.2f; R2 %+.2f±%.2f]", p.Wins, p.Losses, 100*p.R1Diff, 100*p.R1Err, 100*p.R2Diff, 100*p.R2Err)
						}
					}
					rows = append(rows, r)
					if *format == "text" {
						fmt.Fprintln(env.Stdout, line)
					}
				}
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{"variants": rows})
				}
				return nil
			}
		},
	})
}
