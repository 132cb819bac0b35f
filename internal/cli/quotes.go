package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/storyline-news/storyline/internal/eval/polnear"
)

func init() {
	register(&Command{
		Name:    "eval quotes",
		Summary: "score quotation extraction (source, cue, content spans) on PolNeAR",
		Usage:   "[--split dev] [--limit N] [--format text|json] POLNEAR_DIR",
		Flags: func(fs *flag.FlagSet) func(ctx context.Context, env *Env, args []string) error {
			format := fs.String("format", "text", "output format: text or json")
			split := fs.String("split", "dev", "PolNeAR split to score: train, dev or test")
			limit := fs.Int("limit", 0, "score only the first N documents (0: all)")
			return func(ctx context.Context, env *Env, args []string) error {
				if err := checkFormat(*format, "text", "json"); err != nil {
					return err
				}
				if len(args) != 1 {
					return fmt.Errorf("%w: want one PolNeAR folder, got %d arguments", ErrUsage, len(args))
				}
				docs, err := polnear.Read(args[0], *split, *limit)
				if err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				res := polnear.Evaluate(docs, polnear.Default)
				if *format == "json" {
					return writeJSON(env.Stdout, res)
				}
				w := env.Stdout
				fmt.Fprintf(w, "PolNeAR %s: %d documents, %.0f documents/s (extraction only)\n", *split, res.Documents, res.DocumentsPerSecond)
				fmt.Fprintf(w, "%-8s %8s %8s %8s   %8s %8s %8s   %6s %6s\n", "role", "exact P", "R", "F1", "overl P", "R", "F1", "gold", "pred")
				for _, r := range []struct {
					name   string
					ef, of float64
				}{{polnear.Source, res.SourceF1, res.SourceF1Overlap}, {polnear.Cue, res.CueF1, res.CueF1Overlap}, {polnear.Content, res.ContentF1, res.ContentF1Overlap}} {
					s := res.Roles[r.name]
					fmt.Fprintf(w, "%-8s %8.1f %8.1f %8.1f   %8.1f %8.1f %8.1f   %6d %6d\n", r.name, s.ExactPrecision, s.ExactRecall, r.ef, s.OverlapPrecision, s.OverlapRecall, r.of, s.Gold, s.Predicted)
				}
				fmt.Fprintln(w, "exact: same trimmed start and end; overlap: at least one shared character; one-to-one matching per document and role")
				fmt.Fprintf(w, "direct quotations: %d gold, %.1f%% found (content overlap), %.1f%% of those with the exact source\n", res.DirectGold, res.DirectRecallOverlap, res.DirectSourceExact)
				return nil
			}
		},
	})
}
