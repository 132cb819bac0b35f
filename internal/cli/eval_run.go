package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/eval/clustering"
	"github.com/storyline-news/storyline/internal/pipeline"
)

func init() {
	register(&Command{
		Name:    "eval run",
		Summary: "run a labelled JSON Lines file through the whole pipeline (extraction, analysis, grouping) and score its stories",
		Usage:   "[--workers N] [--format text|json] FILE.jsonl",
		Flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			format := fs.String("format", "text", "output format: text or json")
			workers := fs.Int("workers", 0, "extraction and analysis workers (default: one per core)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want one FILE.jsonl, got %d arguments", ErrUsage, len(args))
				}
				arts, err := readClusterFile(args[0])
				if err != nil {
					return err
				}
				gold := make(map[string]string, len(arts))
				for _, a := range arts {
					gold[a.ID] = a.Event
				}
				problems := 0
				opts := pipeline.Options{Workers: *workers, Report: func(p pipeline.Problem) {
					if !p.Warning {
						problems++
					}
					fmt.Fprintf(env.Stderr, "storyline: %v\n", p)
				}}
				start := time.Now()
				res, err := pipeline.ProcessPaths(ctx, []string{args[0]}, opts)
				if err != nil {
					return err
				}
				elapsed := time.Since(start)
				pred := make(map[string]string, len(gold))
				for _, s := range res.Stories {
					for _, id := range s.Articles {
						if _, ok := gold[id]; ok {
							pred[id] = s.ID
						}
					}
				}
				// An article the pipeline dropped or left out of every
				// story counts as a story of its own, so losing articles
				// costs recall instead of vanishing from the score.
				missing := 0
				for id := range gold {
					if _, ok := pred[id]; !ok {
						pred[id] = "missing:" + id
						missing++
					}
				}
				b := clustering.BCubed(gold, pred)
				p := clustering.Pairwise(gold, pred)
				events := map[string]bool{}
				for _, e := range gold {
					events[e] = true
				}
				rate := float64(len(gold)) / elapsed.Seconds()
				if *format == "json" {
					return writeJSON(env.Stdout, map[string]any{
						"file":                args[0],
						"articles":            len(gold),
						"events":              len(events),
						"stories":             len(res.Stories),
						"storylines":          len(res.Storylines),
						"missing":             missing,
						"problems":            problems,
						"bcubed_precision":    b.Precision,
						"bcubed_recall":       b.Recall,
						"bcubed_f1":           b.F1,
						"pairwise_precision":  p.Precision,
						"pairwise_recall":     p.Recall,
						"pairwise_f1":         p.F1,
						"articles_per_second": rate,
					})
				}
				fmt.Fprintf(env.Stdout, "%s through the pipeline: %d articles, %d events -> %d stories, %d storylines, %d articles in no story\n",
					args[0], len(gold), len(events), len(res.Stories), len(res.Storylines), missing)
				fmt.Fprintf(env.Stdout, "B-cubed  P %.3f  R %.3f  F1 %.3f\npairwise P %.3f  R %.3f  F1 %.3f\n%.1f articles/s (extraction, analysis, grouping, telling)\n",
					b.Precision, b.Recall, b.F1, p.Precision, p.Recall, p.F1, rate)
				return nil
			}
		},
	})
}
